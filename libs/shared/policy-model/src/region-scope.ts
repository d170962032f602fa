import { userInputError } from '@hkp/subgraph-kit';

const CODE = /^(\d{6}|\d{9}|\d{12})$/;

export function assertRegionCode(code: string, argument: string): void {
  if (!CODE.test(code)) {
    throw userInputError(
      `"${code}" is not a division code: use 6 digits for a province, city or county (440600), 9 for a town, 12 for a village.`,
      argument,
    );
  }
}

/**
 * The code prefix shared by a region and everything below it. Division codes nest by prefix:
 * 440000 (province) → "44", 440600 (city) → "4406", 440604 (county) → "440604", towns and
 * villages are their own prefix. Towns of 东莞 441900 start with "4419" as the city does.
 */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * The region and every region above it, derived from the code alone (no lookup across
 * services): 440604001 → [440000, 440600, 440604, 440604001].
 */
export function regionScope(code: string): string[] {
  const head = code.slice(0, 6);
  const scope = [`${code.slice(0, 2)}0000`];
  if (!head.endsWith('0000')) scope.push(`${code.slice(0, 4)}00`);
  if (!head.endsWith('00')) scope.push(head);
  if (code.length >= 9) scope.push(code.slice(0, 9));
  if (code.length === 12) scope.push(code);
  return [...new Set(scope)];
}

/** The scopes of a region filter (the GraphQL enum RegionScope has the same values). */
export type RegionScopeName = 'WITHIN' | 'APPLIES' | 'AT';

/**
 * SQL that keeps the measures a region selects under a scope, for a table whose `regionCodes`
 * column lists the regions each measure is for. The region is given as SQL expressions so the
 * same condition serves one region (parameters) and many at once (columns of an unnest):
 * `code` the region's code, `prefix` its regionPrefix, `applies` its regionScope joined with commas.
 */
export function regionScopeSql(
  scope: RegionScopeName,
  regionCodes: string,
  region: { code: string; prefix: string; applies: string },
): string {
  switch (scope) {
    case 'AT':
      return `${regionCodes} @> ARRAY[${region.code}]::text[]`;
    case 'APPLIES':
      return `${regionCodes} && string_to_array(${region.applies}, ',')::text[]`;
    case 'WITHIN':
      return `EXISTS (SELECT 1 FROM unnest(${regionCodes}) rc WHERE rc LIKE ${region.prefix} || '%')`;
  }
}
