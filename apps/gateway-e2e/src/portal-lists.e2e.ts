import { readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { DEPARTMENTS } from '@hkp/departments';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { readRegionRows } from '@hkp/region-data';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlData,
  graphqlRequest,
  startIsolatedFederation,
  type GraphQLResponseBody,
  type IsolatedFederation,
} from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

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
const issuer = createTestTokenIssuer('portal-lists-writer');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);
const askForErrors = async (query: string, variables?: object): Promise<GraphQLResponseBody> =>
  (await graphqlRequest(federation.gatewayUrl, query, variables)).body;

beforeAll(async () => {
  federation = await startIsolatedFederation('portal_lists_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC, trustedIssuer: issuer });
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

describe('keyset cursors', () => {
  const OFFSET_CURSOR = Buffer.from('{"v":1,"o":99}').toString('base64url');

  it.each([
    ['measures', `query($after: String) { measures(first: 5, after: $after) { totalCount } }`],
    ['region measures', `query($after: String) { region(code: "441200") { measures(first: 5, after: $after) { totalCount } } }`],
    ['a department list', `query($after: String) { educationMeasures(first: 5, after: $after) { totalCount } }`],
    ['regions', `query($after: String) { regions(first: 5, after: $after) { totalCount } }`],
  ])('refuses an offset cursor of an earlier version in %s, saying to start from the first page', async (_, query) => {
    const body = await askForErrors(query, { after: OFFSET_CURSOR });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(body.errors?.[0]?.message).toMatch(/first page/);
  });

  it('refuses a cursor of a plain list in a search (they sort differently)', async () => {
    const { measures } = await ask<{ measures: Page }>('{ measures(first: 1) { pageInfo { endCursor } } }');
    const body = await askForErrors('query($after: String) { measures(filter: { q: "教育" }, after: $after) { totalCount } }', {
      after: measures.pageInfo.endCursor,
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('walks a search page by page to the same measures as one page', async () => {
    const whole = await ask<{ measures: Page }>('{ measures(filter: { q: "教育" }, first: 100) { totalCount nodes { id } } }');
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const page: { measures: Page } = await ask(
        'query($after: String) { measures(filter: { q: "教育" }, first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      walked.push(...page.measures.nodes.map((n) => n.id));
      after = page.measures.pageInfo.hasNextPage ? page.measures.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(whole.measures.nodes.map((n) => n.id));
  });

  describe('while measures are created, updated and archived', () => {
    let headers: Record<string, string>;
    const write = async (query: string, variables: object) => {
      const { body } = await graphqlRequest(federation.gatewayUrl, query, variables, headers);
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const create = async (title: string): Promise<{ id: string; version: number }> => {
      const data = await write(
        'mutation($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { version measure { id } } }',
        { input: foshanEducationMeasure(title) },
      );
      return { id: data.createEducationMeasure.measure.id, version: data.createEducationMeasure.version };
    };

    beforeAll(async () => {
      headers = bearerHeaders(await issuer.token(['education:write']));
    });

    async function walk(list: (after: string | null) => Promise<Page>, between: () => Promise<void>): Promise<string[]> {
      const walked: string[] = [];
      let after: string | null = null;
      for (;;) {
        // The next page and the writes run at the same time.
        const [page]: [Page, void] = await Promise.all([list(after), between()]);
        walked.push(...page.nodes.map((n) => n.id));
        if (!page.pageInfo.hasNextPage) return walked;
        after = page.pageInfo.endCursor;
      }
    }

    it.each([
      [
        'the catalog (measures)',
        async (after: string | null) =>
          (
            await ask<{ measures: Page }>(
              'query($after: String) { measures(first: 4, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
              { after },
            )
          ).measures,
      ],
      [
        "a department's list (educationMeasures)",
        async (after: string | null) =>
          (
            await ask<{ educationMeasures: Page }>(
              'query($after: String) { educationMeasures(first: 2, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
              { after },
            )
          ).educationMeasures,
      ],
    ])('never repeats or skips a measure that stayed unchanged: %s', async (_, list) => {
      const all = async () => {
        const ids: string[] = [];
        let after: string | null = null;
        do {
          const page: Page = await list(after);
          ids.push(...page.nodes.map((n) => n.id));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        return ids;
      };
      // Measures to change during the walk, made before it.
      const prepared: { id: string; version: number }[] = [];
      for (let i = 0; i < 8; i++) prepared.push(await create(`佛山市分页测试方案 ${Date.now()}-${i}`));
      const before = await all();
      const touched = new Set<string>();
      let turn = 0;
      const walked = await walk(list, async () => {
        const target = prepared[turn++ % prepared.length]!;
        if (touched.has(target.id)) return;
        touched.add(target.id);
        const created = await create(`佛山市分页中新增方案 ${Date.now()}-${turn}`);
        touched.add(created.id);
        if (turn % 2 === 0) {
          await write('mutation($id: ID!, $v: Int!) { archiveEducationMeasure(id: $id, expectedVersion: $v) { version } }', {
            id: target.id,
            v: target.version,
          });
        } else {
          await write(
            'mutation($id: ID!, $v: Int!, $input: UpdateEducationMeasureInput!) { updateEducationMeasure(id: $id, expectedVersion: $v, input: $input) { version } }',
            { id: target.id, v: target.version, input: { title: `佛山市分页测试方案（修订）${turn}` } },
          );
        }
      });
      expect(turn).toBeGreaterThan(4);
      // No measure twice; every measure that existed before and was left alone, exactly once.
      expect(new Set(walked).size).toBe(walked.length);
      const unchanged = before.filter((id) => !touched.has(id));
      expect(unchanged.length).toBeGreaterThan(10);
      expect(walked.filter((id) => !touched.has(id))).toEqual(unchanged);
    });
  });
});
