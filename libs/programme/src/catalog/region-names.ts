import { regionNamesByCode } from '@hkp/region-data';

/**
 * The names of regions by code, from the committed data set (data/regions/guangdong.tsv, as the
 * region seed loads it; parsed once per process by @hkp/region-data). A code the data set does
 * not hold has no name and is skipped.
 */
export function regionNamesOf(codes: readonly string[]): string[] {
  const names = regionNamesByCode();
  return codes.flatMap((code) => names.get(code) ?? []);
}
