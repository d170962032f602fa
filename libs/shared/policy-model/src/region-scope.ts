import { knownRegionCodes, type RegionLevelName } from '@hkp/region-data';
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
 * A region code in a filter: well-formed (see assertRegionCode) and the code of a region of the
 * province's extract (data/regions/guangdong.tsv, the data the region table is seeded from), so
 * that a mistyped code is an error rather than an empty list.
 */
export function assertKnownRegionCode(code: string, argument: string): void {
  assertRegionCode(code, argument);
  if (!knownRegionCodes().has(code)) {
    throw userInputError(
      `"${code}" is not the code of a region of Guangdong (see regions(...) for the codes; 440000 is the whole province).`,
      argument,
    );
  }
}

/**
 * The level of the region a division code names, from its form: 12 digits a village, 9 a town;
 * of 6 digits, xx0000 the province, xxxx00 a city, any other a county.
 */
export function regionLevelOf(code: string): RegionLevelName {
  if (code.length === 12) return 'VILLAGE';
  if (code.length === 9) return 'TOWN';
  if (code.endsWith('0000')) return 'PROVINCE';
  return code.endsWith('00') ? 'CITY' : 'COUNTY';
}

/** regionLevelOf in SQL, for a text expression holding a division code. */
export function regionLevelSql(code: string): string {
  return `CASE WHEN length(${code}) = 12 THEN 'VILLAGE' WHEN length(${code}) = 9 THEN 'TOWN'
    WHEN ${code} LIKE '%0000' THEN 'PROVINCE' WHEN ${code} LIKE '%00' THEN 'CITY' ELSE 'COUNTY' END`;
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
