import { readRegionRows } from '@hkp/region-data';

let names: Map<string, string> | null = null;

/**
 * The names of regions by code, from the committed data set (data/regions/guangdong.tsv, as the
 * region seed loads it), read once. A code the data set does not hold has no name and is skipped.
 */
export function regionNamesOf(codes: readonly string[]): string[] {
  names ??= new Map(readRegionRows().map((row) => [row.code, row.name]));
  return codes.flatMap((code) => names!.get(code) ?? []);
}
