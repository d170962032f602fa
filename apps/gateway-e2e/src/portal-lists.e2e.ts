import { readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { DEPARTMENTS } from '@hkp/departments';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { readRegionRows } from '@hkp/region-data';
import { graphqlData, graphqlRequest, startIsolatedFederation, type GraphQLResponseBody, type IsolatedFederation } from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// The lists a portal builds its pages from, asked through the gateway over HTTP on real PostgreSQL:
// region scopes (what applies to a county or a village). Expectations come from data/generated and
// the region table (parent links), never from the code that derives ancestry from division codes.

const MEASURES: GeneratedMeasure[] = readGeneratedMeasures();
const REGIONS = readRegionRows();
const PARENT = new Map(REGIONS.map((r) => [r.code, r.parentCode ?? null]));

/** The region and every region above it, by following the region table's parent links. */
function ancestry(code: string): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = code; at; at = PARENT.get(at)) chain.push(at);
  return chain;
}

const DEQING = '441226'; // 德庆县, 肇庆市
const applyingTo = (code: string, measures = MEASURES) => {
  const chain = new Set(ancestry(code));
  return measures
    .filter((m) => m.regionCodes.some((c) => chain.has(c)))
    .map((m) => m.id)
    .sort();
};
const exactlyAt = (code: string, measures = MEASURES) =>
  measures
    .filter((m) => m.regionCodes.includes(code))
    .map((m) => m.id)
    .sort();
const within = (code: string, measures = MEASURES) =>
  measures
    .filter((m) => m.regionCodes.some((c) => ancestry(c).includes(code)))
    .map((m) => m.id)
    .sort();

let federation: IsolatedFederation;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);
const askForErrors = async (query: string, variables?: object): Promise<GraphQLResponseBody> =>
  (await graphqlRequest(federation.gatewayUrl, query, variables)).body;

beforeAll(async () => {
  federation = await startIsolatedFederation('portal_lists_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC });
  await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

interface Page {
  totalCount: number;
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

describe('region scope', () => {
  const CATALOG = `query Scoped($code: ID!, $scope: RegionScope) {
    measures(filter: { regionCode: $code, scope: $scope }, first: 100) { totalCount nodes { id } }
    region(code: $code) { measures(filter: { scope: $scope }, first: 100) { totalCount nodes { id } } }
  }`;
  interface Scoped {
    measures: Page;
    region: { measures: Page };
  }

  it('answers the county page for 德庆县 with all 30 measures that apply there (APPLIES), in one request', async () => {
    const expected = applyingTo(DEQING);
    expect(expected).toHaveLength(30); // 27 for the whole province, 2 for 肇庆市, 1 naming the county
    const answer = await ask<Scoped>(CATALOG, { code: DEQING, scope: 'APPLIES' });
    expect(answer.measures.totalCount).toBe(30);
    expect(ids(answer.measures.nodes)).toEqual(expected);
    expect(answer.region.measures.totalCount).toBe(30);
    expect(ids(answer.region.measures.nodes)).toEqual(expected);
  });

  it("gives a village its town's, county's, city's and province's measures", async () => {
    const village = REGIONS.find((r) => r.level === 'VILLAGE' && r.code.startsWith(DEQING))!;
    expect(ancestry(village.code)).toHaveLength(5);
    const answer = await ask<Scoped>(CATALOG, { code: village.code, scope: 'APPLIES' });
    expect(ids(answer.measures.nodes)).toEqual(applyingTo(village.code));
    expect(ids(answer.region.measures.nodes)).toEqual(applyingTo(DEQING));
    // Nothing is for the village itself or below it.
    const inside = await ask<Scoped>(CATALOG, { code: village.code, scope: 'WITHIN' });
    expect(inside.measures.totalCount).toBe(0);
  });

  it('keeps today’s meaning by default (WITHIN) and selects exactly the region with AT', async () => {
    const byDefault = await ask<Scoped>(CATALOG, { code: DEQING });
    expect(ids(byDefault.measures.nodes)).toEqual(within(DEQING));
    expect(byDefault.measures.totalCount).toBe(1);
    const zhaoqing = await ask<Scoped>(CATALOG, { code: '441200', scope: 'WITHIN' });
    expect(ids(zhaoqing.measures.nodes)).toEqual(within('441200'));
    const at = await ask<Scoped>(CATALOG, { code: '441200', scope: 'AT' });
    expect(ids(at.measures.nodes)).toEqual(exactlyAt('441200'));
    expect(ids(at.region.measures.nodes)).toEqual(exactlyAt('441200'));
    const province = await ask<Scoped>(CATALOG, { code: '440000', scope: 'AT' });
    expect(province.measures.totalCount).toBe(exactlyAt('440000').length);
    expect(province.measures.totalCount).toBeLessThan(MEASURES.length);
    const everything = await ask<Scoped>(CATALOG, { code: '440000', scope: 'WITHIN' });
    expect(everything.measures.totalCount).toBe(MEASURES.length);
  });

  // The programme office's measures have no list of their own beside the catalog.
  it.each(DEPARTMENTS.filter((d) => d.role === 'department').map((d) => [d.fieldPrefix, d.code] as const))(
    "scopes each department's own list and its region field alike (%s)",
    async (prefix, code) => {
      const own = MEASURES.filter((m) => m.department === code);
      const answer = await ask<Record<string, Page> & { region: Record<string, { id: string }[]> }>(
        `query Own($code: ID!) {
          applies: ${prefix}Measures(regionCode: $code, scope: APPLIES, first: 100) { totalCount nodes { id } }
          at: ${prefix}Measures(regionCode: "441200", scope: AT, first: 100) { totalCount nodes { id } }
          within: ${prefix}Measures(regionCode: "441200", first: 100) { totalCount nodes { id } }
          region(code: $code) { applies: ${prefix}Measures(scope: APPLIES, first: 100) { id } within: ${prefix}Measures(first: 100) { id } }
        }`,
        { code: DEQING },
      );
      expect(ids(answer['applies']!.nodes)).toEqual(applyingTo(DEQING, own));
      expect(answer['applies']!.totalCount).toBe(applyingTo(DEQING, own).length);
      expect(ids(answer['at']!.nodes)).toEqual(exactlyAt('441200', own));
      expect(ids(answer['within']!.nodes)).toEqual(within('441200', own));
      expect(ids(answer.region['applies']!)).toEqual(applyingTo(DEQING, own));
      expect(ids(answer.region['within']!)).toEqual(within(DEQING, own));
    },
  );

  it('refuses a scope that is not one of WITHIN, APPLIES, AT', async () => {
    const body = await askForErrors('{ measures(filter: { regionCode: "441226", scope: NEAR }) { totalCount } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
