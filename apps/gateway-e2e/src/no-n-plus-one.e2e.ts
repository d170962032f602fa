import { appendMeasureEvent, MeasureEntity, readGeneratedMeasures, TargetEntity } from '@hkp/policy-model';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { graphqlData, startIsolatedFederation, type IsolatedFederation } from '@hkp/testing';
import { readRegionRows } from '@hkp/region-data';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// The N+1 guard: what one portal query costs each subgraph, in SQL statements and GraphQL requests,
// must not grow with the number of measures or regions it returns. Everything runs for real: every
// subgraph, the gateway over HTTP, PostgreSQL.

const SEED = readGeneratedMeasures();
const SEED_COUNT = SEED.length;
const SEED_BY_ID = new Map(SEED.map((m) => [m.id, m]));
const EXTRA = 60; // SEED_COUNT + EXTRA > 100, so a page of 100 is full

interface RegionRow {
  code: string;
  parent: string;
  level: string;
  name: string;
}
const REGIONS: RegionRow[] = readRegionRows().map((r) => ({ code: r.code, parent: r.parentCode ?? '', level: r.level, name: r.name }));

let federation: IsolatedFederation;

// Counting a query's statements needs a quiet system. The catalog sync is the only background work:
// every interval it sends SQL from the programme data source and GraphQL requests (which in turn
// send SQL) to every department's feed, so its passes would land in any count taken while it runs.
// Changing CATALOG_SYNC_INTERVAL_MS later does not help (it is read once, when the sync starts), and
// timing counts between passes is racy. So this file starts the very same programme module with its
// background stop function kept: the sync runs normally until the data is in the catalog, then it is
// stopped (CatalogSync.stop waits for a pass in flight), and from then on every statement and
// request counted is one the query under test caused. subgraph.stop() calls the same stop again at
// the end, which is harmless.
let stopCatalogSync: (() => Promise<void>) | undefined;
const MODULES: SubgraphModule[] = ALL_SUBGRAPHS.map((module) => {
  const startBackground = module.startBackground;
  if (module.name !== 'programme' || !startBackground) return module;
  return {
    ...module,
    startBackground: (dataSource, logger) => {
      const stop = startBackground(dataSource, logger);
      stopCatalogSync = stop;
      return stop;
    },
  };
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

/**
 * Adds measures the way the command office does: its own tables and its outbox, in one
 * transaction, so the catalog hears of them through its feed. Each is in a different county, with
 * one target for a town of that county.
 */
async function addProgrammeMeasures(count: number): Promise<string[]> {
  const counties = REGIONS.filter((r) => r.level === 'COUNTY');
  const townOf = (county: string) => REGIONS.find((r) => r.parent === county && r.level === 'TOWN');
  const chosen = counties.filter((c) => townOf(c.code)).slice(0, count);
  expect(chosen).toHaveLength(count);
  const dataSource = federation.subgraphs['programme']!.database.dataSource;
  const added: string[] = [];
  await dataSource.transaction(async (manager) => {
    for (const [i, county] of chosen.entries()) {
      const id = `n-plus-one-county-plan-${county.code}`;
      const town = townOf(county.code)!;
      const measure = manager.getRepository(MeasureEntity).create({
        id,
        version: 1,
        department: 'PROGRAMME',
        responsibleBody: county.name,
        category: 'WORK_POINTS',
        level: 'COUNTY',
        issuer: county.name,
        title: `${county.name}推进“百千万工程”工作要点 ${i + 1}`,
        originalTitle: `${county.name}推进“百千万工程”工作要点 ${i + 1}`,
        points: [`${town.name}建成示范镇。`],
        pointsNormalised: [`${town.name}建成示范镇。`],
        periodStart: 2024,
        periodEnd: 2026,
        publishedOn: '2024',
        regionCodes: [county.code],
        details: { leadDepartment: null },
        source: { document: 'test', documentTitle: 'test', excerpt: `${town.name}建成示范镇。` },
        contentHash: `test-${id}`,
        archivedAt: null,
        updatedAt: new Date(),
      });
      await manager.getRepository(MeasureEntity).save(measure);
      await manager.getRepository(TargetEntity).insert({
        id: `${id}:t1`,
        measureId: id,
        position: 0,
        indicator: '示范镇数量',
        value: i + 1,
        unit: '个',
        year: 2026,
        comparator: 'AT_LEAST',
        baselineValue: null,
        baselineYear: null,
        regionCode: town.code,
        excerpt: `${town.name}建成示范镇。`,
      });
      await appendMeasureEvent(manager, measure, 'UPSERT');
      added.push(id);
    }
  });
  return added;
}

type Costs = Record<string, { sql: number; requests: number }>;

function counters(): Costs {
  return Object.fromEntries(
    Object.entries(federation.subgraphs).map(([name, subgraph]) => [
      name,
      { sql: subgraph.database.queries.total, requests: subgraph.graphqlRequests() },
    ]),
  );
}

/** Runs one query through the gateway and returns what it cost each subgraph. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function measure<T = any>(query: string, variables?: object): Promise<{ data: T; costs: Costs }> {
  const before = counters();
  const data = await ask<T>(query, variables);
  const after = counters();
  const costs = Object.fromEntries(
    Object.keys(after).map((name) => [
      name,
      { sql: after[name]!.sql - before[name]!.sql, requests: after[name]!.requests - before[name]!.requests },
    ]),
  );
  return { data, costs };
}

beforeAll(async () => {
  // This suite counts SQL statements and subgraph requests for deep pages (a page of 100 measures
  // with every region's parent is estimated above the default cost limit); the limit has tests of its own.
  federation = await startIsolatedFederation('no_n_plus_one_e2e', MODULES, { env: { ...FAST_CATALOG_SYNC, GATEWAY_MAX_COST: '100000' } });
  await waitForCatalogTotal(federation.gatewayUrl, SEED_COUNT);
  await addProgrammeMeasures(EXTRA);
  await waitForCatalogTotal(federation.gatewayUrl, SEED_COUNT + EXTRA);
  expect(stopCatalogSync).toBeDefined();
  await stopCatalogSync!();
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

const MEASURES_QUERY = `query Page($first: Int!, $after: String) {
  measures(first: $first, after: $after) {
    nodes {
      id __typename
      regions { code name parent { name } }
      targets { indicator value region { name } }
      funding { amount }
      ... on EducationMeasure { stages }
    }
  }
}`;

interface MeasuresPage {
  measures: {
    nodes: {
      id: string;
      __typename: string;
      regions: { code: string; name: string; parent: { name: string } | null }[];
      targets: { indicator: string; value: number; region: { name: string } | null }[];
      funding: { amount: number }[];
      stages?: string[];
    }[];
  };
}

const asked = (costs: Costs) =>
  Object.keys(costs)
    .filter((name) => costs[name]!.requests > 0)
    .sort();

it('is quiet once the sync is stopped: nothing is sent while no query runs', async () => {
  const before = counters();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(counters()).toEqual(before);
});

describe('measures(first: N) with regions, parents, targets, funding and stages', () => {
  // The gateway asks a subgraph only for what the page holds: a page without an EducationMeasure
  // rightly costs the education subgraph nothing. So that first: 1 asks every subgraph that
  // first: 100 asks, both pages start at the first EducationMeasure of the list (after = the
  // cursor of the measure before it).
  let after: string | null = null;
  let one: { data: MeasuresPage; costs: Costs };
  let hundred: { data: MeasuresPage; costs: Costs };

  beforeAll(async () => {
    const { measures } = await ask<{ measures: { totalCount: number; edges: { cursor: string; node: { __typename: string } }[] } }>(
      '{ measures(first: 100) { totalCount edges { cursor node { __typename } } } }',
    );
    expect(measures.totalCount).toBe(SEED_COUNT + EXTRA);
    const firstEducation = measures.edges.findIndex((e) => e.node.__typename === 'EducationMeasure');
    expect(firstEducation).toBeGreaterThanOrEqual(0);
    expect(measures.totalCount - firstEducation).toBeGreaterThanOrEqual(100);
    after = firstEducation > 0 ? measures.edges[firstEducation - 1]!.cursor : null;
    one = await measure<MeasuresPage>(MEASURES_QUERY, { first: 1, after });
    hundred = await measure<MeasuresPage>(MEASURES_QUERY, { first: 100, after });
    // Printed for the record: the per-subgraph costs this test pins.
    console.info(`measures(first: N) costs per subgraph: ${JSON.stringify({ first1: one.costs, first100: hundred.costs })}`);
  });

  it('returns 1 and 100 measures with every nested field resolved', () => {
    expect(one.data.measures.nodes).toHaveLength(1);
    expect(one.data.measures.nodes[0]!.__typename).toBe('EducationMeasure');
    const nodes = hundred.data.measures.nodes;
    expect(nodes).toHaveLength(100);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(100);
    // The page holds what makes each subgraph work: the added county measures (regions with a
    // parent, a target for a town), education measures (stages), funded measures (funding).
    const added = nodes.filter((n) => n.id.startsWith('n-plus-one-'));
    expect(added.length).toBeGreaterThan(30);
    for (const node of added) {
      expect(node.regions).toHaveLength(1);
      expect(node.regions[0]!.name).toBe(REGIONS.find((r) => r.code === node.regions[0]!.code)!.name);
      expect(node.regions[0]!.parent?.name).toMatch(/市$/);
      expect(node.targets).toHaveLength(1);
      expect(node.targets[0]!.region?.name).toBeTruthy();
    }
    const education = nodes.filter((n) => n.__typename === 'EducationMeasure');
    expect(education.length).toBeGreaterThan(0);
    for (const node of education)
      expect({ id: node.id, stages: node.stages }).toEqual({ id: node.id, stages: SEED_BY_ID.get(node.id)?.details['stages'] ?? [] });
    expect(education.some((n) => n.stages!.length > 0)).toBe(true);
    expect(nodes.find((n) => n.id === 'finance-financial-support-plan-2023')?.funding).toEqual([{ amount: 10000 }]);
  });

  it('costs every subgraph the same statements and requests for first: 1 and first: 100', () => {
    expect(hundred.costs).toEqual(one.costs);
    // Non-zero where the query needs the subgraph: the catalog, regions, funding, stages.
    expect(asked(one.costs)).toEqual(['civil-affairs', 'education', 'finance', 'programme']);
    for (const name of asked(one.costs)) {
      expect(one.costs[name]!.requests).toBe(1);
      expect(one.costs[name]!.sql).toBeGreaterThan(0);
    }
    // Nothing of health or transport was asked for.
    expect(one.costs['health']).toEqual({ sql: 0, requests: 0 });
    expect(one.costs['transport']).toEqual({ sql: 0, requests: 0 });
  });

  it('costs the first measure alone no more per subgraph than the page of 100', async () => {
    const first = await measure<MeasuresPage>(MEASURES_QUERY, { first: 1 });
    expect(first.data.measures.nodes).toHaveLength(1);
    for (const name of asked(first.costs)) expect(first.costs[name]).toEqual(hundred.costs[name]);
  });
});

describe('region children with their measures', () => {
  const CHILDREN_QUERY = `query Children($code: ID!, $after: String) {
    region(code: $code) { children { code name measures(first: 5, after: $after) { totalCount nodes { id } } } }
  }`;
  interface Children {
    region: { children: { code: string; name: string; measures: { totalCount: number; nodes: { id: string }[] } }[] };
  }

  it('costs the same for the 21 cities of the province as for the towns of 东莞', async () => {
    const cities = await measure<Children>(CHILDREN_QUERY, { code: '440000' });
    const towns = await measure<Children>(CHILDREN_QUERY, { code: '441900' });
    console.info(`region children costs per subgraph: ${JSON.stringify({ cities: cities.costs, towns: towns.costs })}`);
    expect(cities.data.region.children).toHaveLength(21);
    const townCount = REGIONS.filter((r) => r.parent === '441900').length;
    expect(townCount).toBeGreaterThan(21);
    expect(towns.data.region.children).toHaveLength(townCount);
    // Every city has its plan at least; the towns of 东莞 have none of their own.
    for (const city of cities.data.region.children) {
      expect(city.measures.totalCount).toBeGreaterThanOrEqual(1);
      expect(city.measures.nodes.length).toBe(Math.min(5, city.measures.totalCount));
    }
    for (const town of towns.data.region.children) expect(town.measures).toEqual({ totalCount: 0, nodes: [] });

    expect(cities.costs['programme']).toEqual({ sql: 1, requests: 1 });
    expect(towns.costs).toEqual(cities.costs);
  });

  it('costs a constant number of statements for a page past the end, for any number of regions', async () => {
    // The cursor of the last measure of the whole list: every list sorted the same way ends before it.
    let after: string | null = null;
    for (let page = 0, more = true; more; page++) {
      const { measures }: { measures: { pageInfo: { hasNextPage: boolean; endCursor: string } } } = await ask(
        'query($after: String) { measures(first: 100, after: $after) { pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      after = measures.pageInfo.endCursor;
      more = measures.pageInfo.hasNextPage;
    }
    const firstPage = await ask<Children>(CHILDREN_QUERY, { code: '440000' });
    const cities = await measure<Children>(CHILDREN_QUERY, { code: '440000', after });
    const towns = await measure<Children>(CHILDREN_QUERY, { code: '441900', after });
    console.info(`region children past the end, costs per subgraph: ${JSON.stringify({ cities: cities.costs, towns: towns.costs })}`);
    // The counts are still right without a row to carry them.
    expect(cities.data.region.children.map((c) => c.measures)).toEqual(
      firstPage.region.children.map((c) => ({ totalCount: c.measures.totalCount, nodes: [] })),
    );
    for (const town of towns.data.region.children) expect(town.measures).toEqual({ totalCount: 0, nodes: [] });
    // One statement for the pages and their counts: not one per region.
    expect(cities.costs['programme']).toEqual({ sql: 1, requests: 1 });
    expect(towns.costs).toEqual(cities.costs);
  });
});

describe('region scopes (APPLIES: the region, the regions above it and the province)', () => {
  const APPLIES_QUERY = `query Applies($code: ID!, $first: Int!) {
    region(code: $code) {
      children { code measures(first: $first, filter: { scope: APPLIES }) { totalCount nodes { id } } }
    }
  }`;
  interface Applies {
    region: { children: { code: string; measures: { totalCount: number; nodes: { id: string }[] } }[] };
  }
  const LIST_QUERY = `query List($code: ID!, $first: Int!) {
    measures(filter: { regionCode: $code, scope: APPLIES }, first: $first) { totalCount nodes { id regions { name } funding { amount } } }
    educationMeasures(regionCode: $code, scope: APPLIES, first: $first) { totalCount nodes { id } }
    region(code: $code) { healthMeasures(scope: APPLIES, first: $first) { id } }
  }`;

  // 50 is more than any city's applicable measures and keeps 21 lists within the cost limit.
  it('costs the same for a page of 1 and of 50, for the 21 cities and for the towns of 东莞', async () => {
    const one = await measure<Applies>(APPLIES_QUERY, { code: '440000', first: 1 });
    const hundred = await measure<Applies>(APPLIES_QUERY, { code: '440000', first: 50 });
    const towns = await measure<Applies>(APPLIES_QUERY, { code: '441900', first: 50 });
    console.info(`APPLIES costs per subgraph: ${JSON.stringify({ first1: one.costs, first50: hundred.costs, towns: towns.costs })}`);
    // Every city gets the province's measures besides its own: more than a page of 1.
    for (const city of hundred.data.region.children) {
      expect(city.measures.totalCount).toBeGreaterThan(1);
      expect(city.measures.nodes).toHaveLength(city.measures.totalCount);
    }
    for (const town of towns.data.region.children) expect(town.measures.totalCount).toBeGreaterThan(1);
    expect(one.data.region.children.every((c) => c.measures.nodes.length === 1)).toBe(true);
    expect(one.costs['programme']).toEqual({ sql: 1, requests: 1 });
    expect(hundred.costs).toEqual(one.costs);
    expect(towns.costs).toEqual(one.costs);
  });

  it("costs the same for a page of 1 and of 100 of a village's catalog, department list and region field", async () => {
    const village = REGIONS.find((r) => r.level === 'VILLAGE' && r.code.startsWith('441226'))!;
    const one = await measure(LIST_QUERY, { code: village.code, first: 1 });
    const hundred = await measure(LIST_QUERY, { code: village.code, first: 100 });
    console.info(`APPLIES list costs per subgraph: ${JSON.stringify({ first1: one.costs, first100: hundred.costs })}`);
    expect(hundred.data.measures.nodes.length).toBeGreaterThan(1);
    expect(hundred.data.measures.nodes).toHaveLength(hundred.data.measures.totalCount);
    expect(hundred.costs).toEqual(one.costs);
  });
});

describe('facets', () => {
  const FACETS = `facets {
    departments { value count } levels { value count } years { value count } categories { value count } regionLevels { value count }
  }`;
  const LIST = (facets: boolean) => `query List($first: Int!) {
    measures(first: $first, filter: { regionCode: "441200", scope: APPLIES }) { totalCount nodes { id } ${facets ? FACETS : ''} }
  }`;
  const CHILDREN = `query Children($code: ID!) {
    region(code: $code) { children { code measures(first: 5, filter: { scope: APPLIES }) { totalCount nodes { id } ${FACETS} } } }
  }`;

  it('cost the catalog one statement, whatever the page size', async () => {
    const plain = await measure(LIST(false), { first: 1 });
    const one = await measure(LIST(true), { first: 1 });
    const hundred = await measure(LIST(true), { first: 100 });
    console.info(`facets costs per subgraph: ${JSON.stringify({ plain: plain.costs, first1: one.costs, first100: hundred.costs })}`);
    expect(hundred.data.measures.facets.departments.length).toBeGreaterThan(1);
    expect(one.data.measures.facets).toEqual(hundred.data.measures.facets);
    expect(one.costs['programme']).toEqual({ sql: plain.costs['programme']!.sql + 1, requests: 1 });
    expect(hundred.costs).toEqual(one.costs);
  });

  it('cost one statement for the 21 cities as for the towns of 东莞', async () => {
    const cities = await measure(CHILDREN, { code: '440000' });
    const towns = await measure(CHILDREN, { code: '441900' });
    console.info(`region children facets costs per subgraph: ${JSON.stringify({ cities: cities.costs, towns: towns.costs })}`);
    expect(cities.data.region.children).toHaveLength(21);
    // One statement for the pages and their counts, one for every city's facets.
    expect(cities.costs['programme']).toEqual({ sql: 2, requests: 1 });
    expect(towns.costs).toEqual(cities.costs);
  });
});
