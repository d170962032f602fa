import { readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { readRegionRows } from '@hkp/region-data';
import { graphqlData, startIsolatedFederation, type IsolatedFederation } from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// Facets for a portal's filter sidebar, asked through the gateway over HTTP on real PostgreSQL.
// A facet's count must be what the list answers once that value is chosen: each count is checked
// against the list with that dimension set to the value, paged through, and against data/generated
// (years: the period's years and the targets' due years; region levels: from the region table).

const MEASURES: GeneratedMeasure[] = readGeneratedMeasures();
const LEVEL_OF_REGION = new Map(readRegionRows().map((r) => [r.code, r.level as string]));
const DEQING = '441226'; // 德庆县, 肇庆市

/** The years the year filter selects a measure for: its period's years and its targets' due years. */
function yearsOf(m: GeneratedMeasure): number[] {
  const years = new Set(m.targets.flatMap((t) => (t.year === null ? [] : [t.year])));
  if (m.periodStart !== null && m.periodEnd !== null) for (let y = m.periodStart; y <= m.periodEnd; y++) years.add(y);
  else for (const y of [m.periodStart, m.periodEnd]) if (y !== null) years.add(y);
  return [...years];
}

type Dimension = 'departments' | 'levels' | 'years' | 'categories' | 'regionLevels';
const DIMENSIONS: Dimension[] = ['departments', 'levels', 'years', 'categories', 'regionLevels'];
const VALUES_OF: Record<Dimension, (m: GeneratedMeasure) => (string | number)[]> = {
  departments: (m) => [m.department],
  levels: (m) => [m.level],
  years: yearsOf,
  categories: (m) => [m.category],
  regionLevels: (m) => [...new Set(m.regionCodes.map((c) => LEVEL_OF_REGION.get(c)!))],
};

type Counts = { value: string | number; count: number }[];
type Facets = Record<Dimension, Counts>;

function countBy(measures: GeneratedMeasure[], dimension: Dimension): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (const m of measures) for (const v of VALUES_OF[dimension](m)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** The filter with one dimension set to a value (replacing what the filter had for it). */
function narrowed(filter: Record<string, unknown>, dimension: Dimension, value: string | number): Record<string, unknown> {
  const rest = { ...filter };
  delete rest['department'];
  if (dimension === 'departments') return { ...rest, departments: [value] };
  if (dimension === 'categories') return { ...filter, categories: [value] };
  const key = { levels: 'level', years: 'year', regionLevels: 'regionLevel' }[dimension];
  return { ...filter, [key]: value };
}

const FACETS = `facets {
  departments { value count } levels { value count } years { value count } categories { value count } regionLevels { value count }
}`;

let federation: IsolatedFederation;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

beforeAll(async () => {
  federation = await startIsolatedFederation('facets_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC });
  await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

async function facetsOf(filter: Record<string, unknown>): Promise<{ totalCount: number; facets: Facets }> {
  const { measures } = await ask<{ measures: { totalCount: number; facets: Facets } }>(
    `query Facets($filter: MeasureFilter) { measures(filter: $filter, first: 0) { totalCount ${FACETS} } }`,
    { filter },
  );
  return measures;
}

/**
 * Each facet value's list, through the gateway, in one request per dimension (aliases): its
 * totalCount and the measures a walk through its pages returns (one page of 100 holds them all here).
 */
async function listsFor(filter: Record<string, unknown>, dimension: Dimension, values: (string | number)[]) {
  const fields = values.map((_, i) => `v${i}: measures(filter: $f${i}, first: 100) { totalCount pageInfo { hasNextPage } nodes { id } }`);
  const query = `query Lists(${values.map((_, i) => `$f${i}: MeasureFilter`).join(', ')}) { ${fields.join(' ')} }`;
  const variables = Object.fromEntries(values.map((v, i) => [`f${i}`, narrowed(filter, dimension, v)]));
  const answer = await ask<Record<string, { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: { id: string }[] }>>(
    query,
    variables,
  );
  return values.map((value, i) => ({ value, list: answer[`v${i}`]! }));
}

/** Every count of every facet is the totalCount, and the number of measures paged, of the list with that value chosen. */
async function expectFacetsToMatchLists(filter: Record<string, unknown>): Promise<Facets> {
  const { facets } = await facetsOf(filter);
  for (const dimension of DIMENSIONS) {
    expect(facets[dimension].length).toBeGreaterThan(0);
    const lists = await listsFor(
      filter,
      dimension,
      facets[dimension].map((f) => f.value),
    );
    for (const [i, { value, list }] of lists.entries()) {
      expect(list.pageInfo.hasNextPage).toBe(false);
      expect({ dimension, value, totalCount: list.totalCount, paged: list.nodes.length }).toEqual({
        dimension,
        value,
        totalCount: facets[dimension][i]!.count,
        paged: facets[dimension][i]!.count,
      });
    }
  }
  return facets;
}

const asMap = (counts: Counts) => new Map(counts.map((c) => [c.value, c.count]));

describe('measures { facets }', () => {
  it('counts the whole catalog by department, level, year, category and region level as data/generated does', async () => {
    const { totalCount, facets } = await facetsOf({});
    expect(totalCount).toBe(MEASURES.length);
    for (const dimension of DIMENSIONS)
      expect({ dimension, counts: asMap(facets[dimension]) }).toEqual({ dimension, counts: countBy(MEASURES, dimension) });
    // A measure is in exactly one department, level and category.
    for (const dimension of ['departments', 'levels', 'categories'] as const)
      expect(facets[dimension].reduce((sum, f) => sum + f.count, 0)).toBe(MEASURES.length);
  });

  it('orders departments and categories by count, levels and region levels from the top down, years oldest first', async () => {
    const { facets } = await facetsOf({});
    const counts = (dimension: Dimension) => facets[dimension].map((f) => f.count);
    expect(counts('departments')).toEqual([...counts('departments')].sort((a, b) => b - a));
    expect(counts('categories')).toEqual([...counts('categories')].sort((a, b) => b - a));
    expect(facets.levels.map((f) => f.value)).toEqual(['PROVINCE', 'CITY', 'COUNTY'].filter((l) => asMap(facets.levels).has(l)));
    expect(facets.years.map((f) => f.value)).toEqual([...facets.years.map((f) => f.value as number)].sort((a, b) => a - b));
    expect(facets.regionLevels.map((f) => f.value)).toEqual(
      ['PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE'].filter((l) => asMap(facets.regionLevels).has(l)),
    );
  });

  it('gives the county page of 德庆县 (APPLIES) counts that each equal the list with that value chosen', async () => {
    const filter = { regionCode: DEQING, scope: 'APPLIES' };
    const facets = await expectFacetsToMatchLists(filter);
    // 27 measures for the whole province, 2 for 肇庆市, 1 naming the county.
    expect(asMap(facets.regionLevels)).toEqual(
      new Map([
        ['PROVINCE', 27],
        ['CITY', 2],
        ['COUNTY', 1],
      ]),
    );
  });

  it('counts each facet without its own dimension, so the other values of a chosen dimension stay listed', async () => {
    const { facets: all } = await facetsOf({});
    const year = all.years.find((f) => f.count > 1 && f.count < MEASURES.length)!.value as number;
    const filter = { year, level: 'PROVINCE', departments: ['PROGRAMME', 'EDUCATION'] };
    const facets = await expectFacetsToMatchLists(filter);
    const chosen = MEASURES.filter((m) => yearsOf(m).includes(year) && m.level === 'PROVINCE');
    // Every department of the year's province measures is listed, not only the two chosen …
    expect(asMap(facets.departments)).toEqual(countBy(chosen, 'departments'));
    expect(facets.departments.length).toBeGreaterThan(2);
    // … every year of the two departments' province measures …
    const ofDepartments = MEASURES.filter((m) => m.level === 'PROVINCE' && ['PROGRAMME', 'EDUCATION'].includes(m.department));
    expect(asMap(facets.years)).toEqual(countBy(ofDepartments, 'years'));
    // … and the other dimensions count the measures the whole filter selects.
    const selected = chosen.filter((m) => ['PROGRAMME', 'EDUCATION'].includes(m.department));
    expect(asMap(facets.categories)).toEqual(countBy(selected, 'categories'));
    expect(asMap(facets.regionLevels)).toEqual(countBy(selected, 'regionLevels'));
  });

  it('counts within a search and a region (WITHIN), matching the lists', async () => {
    await expectFacetsToMatchLists({ q: '教育' });
    await expectFacetsToMatchLists({ regionCode: '441200', categories: ['CITY_PLAN', 'WORK_POINTS', 'INSPECTION'] });
  });

  it('answers empty facets for a filter nothing matches', async () => {
    const { totalCount, facets } = await facetsOf({ q: '没有这样的措施无此词' });
    expect(totalCount).toBe(0);
    expect(facets).toEqual({ departments: [], levels: [], years: [], categories: [], regionLevels: [] });
  });

  it("gives each city's own facets on Region.measures, batched for the 21 cities", async () => {
    const { region } = await ask<{ region: { children: { code: string; measures: { totalCount: number; facets: Facets } }[] } }>(
      `{ region(code: "440000") { children { code measures(first: 0, filter: { scope: APPLIES }) { totalCount ${FACETS} } } } }`,
    );
    expect(region.children).toHaveLength(21);
    for (const city of region.children) {
      const { totalCount, facets } = await facetsOf({ regionCode: city.code, scope: 'APPLIES' });
      expect({ code: city.code, totalCount: city.measures.totalCount, facets: city.measures.facets }).toEqual({
        code: city.code,
        totalCount,
        facets,
      });
    }
  });
});
