import { randomUUID } from 'node:crypto';
import { bumpRegionVersion } from '@hkp/civil-affairs';
import type { RunningGateway } from '@hkp/gateway';
import { readGeneratedMeasures } from '@hkp/policy-model';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { startIsolatedFederation, startTestGateway, type IsolatedFederation } from '@hkp/testing';
// An app's file (tools/bench is one) is no library; workloads.ts is the list of operations the benchmark sends.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { WORKLOADS } from '../../../tools/bench/src/workloads';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// The gateway's entity cache, through the gateway over HTTP on every subgraph and PostgreSQL: the
// answers of civil-affairs to `_entities` calls for Region data are kept per region version (GET
// /region-version) and shared through Redis; answers are
// the same as without it, a kept region is not asked for again, a change to the regions shows
// within GATEWAY_ENTITY_CACHE_MAX_STALE_MS, and two gateways on one Redis share their entries.

const MAX_STALE_MS = 2000;
const REDIS_URL = 'redis://127.0.0.1:6379';
/** The heavy read is estimated at about 630,000 points, over the default GATEWAY_MAX_COST (as in the benchmark). */
const COST_ENV = { GATEWAY_MAX_COST: '10000000' };
const CACHE_ENV = {
  ...COST_ENV,
  GATEWAY_ENTITY_CACHE: 'true',
  GATEWAY_ENTITY_CACHE_MAX_STALE_MS: String(MAX_STALE_MS),
  REDIS_URL,
  // Entries of this run only.
  GATEWAY_ENTITY_CACHE_KEY_PREFIX: `hkp:test:entities:${randomUUID()}`,
};

// The benchmark's heavy workload (about a thousand Region references, under a hundred distinct)
// and its cross workload (regions with their parents, targets' regions, department fields).
const workload = (name: string) => WORKLOADS.find((w) => w.name === name)!.query;
const HEAVY = workload('heavy');
const CROSS = workload('cross');

/** Region fields that are not region data (civilAffairsMeasures) are never answered from the cache. */
const WITH_MEASURES = `{ measures(first: 5) { nodes { id regions { code name civilAffairsMeasures(first: 3) { id } } } } }`;

// The catalog follows the departments' feeds (calling civil-affairs among them) until the seed is
// in; then it is stopped, so every civil-affairs request counted is one a test's read caused.
let stopCatalogSync: (() => Promise<void>) | undefined;
const MODULES: SubgraphModule[] = ALL_SUBGRAPHS.map((module) => {
  const startBackground = module.startBackground;
  if (module.name !== 'programme' || !startBackground) return module;
  return {
    ...module,
    startBackground: (dataSource, logger) => {
      stopCatalogSync = startBackground(dataSource, logger);
      return stopCatalogSync;
    },
  };
});

let federation: IsolatedFederation;
/** The same supergraph without the entity cache. */
let uncached: RunningGateway;
const others: RunningGateway[] = [];

beforeAll(async () => {
  federation = await startIsolatedFederation('entity_cache_e2e', MODULES, { env: FAST_CATALOG_SYNC, gatewayEnv: CACHE_ENV });
  await waitForCatalogTotal(federation.gatewayUrl, readGeneratedMeasures().length);
  await stopCatalogSync!();
  uncached = await startTestGateway(federation.supergraphPath, { ...COST_ENV, GATEWAY_ENTITY_CACHE: 'false' });
}, 240_000);

afterAll(async () => {
  for (const gateway of others) await gateway.stop();
  await uncached?.stop();
  await federation?.stop();
});

/** The answer's bytes, and how many GraphQL requests civil-affairs served for it. */
async function ask(gatewayUrl: string, query: string): Promise<{ text: string; civilAffairsCalls: number }> {
  const civilAffairs = federation.subgraphs['civil-affairs']!;
  const before = civilAffairs.graphqlRequests();
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${gatewayUrl} answered ${response.status}: ${text}`);
  return { text, civilAffairsCalls: civilAffairs.graphqlRequests() - before };
}

/**
 * Asks again until an answer reaches civil-affairs at most `calls` times (up to ten tries): on this
 * busy machine a gateway may miss a read of the version, and then serves nothing from the cache
 * until its next read (a quarter of the bound later). Without the cache no try ever gets there.
 */
async function askUntilKept(gatewayUrl: string, query: string, calls = 0): Promise<{ text: string; civilAffairsCalls: number }> {
  let answer = await ask(gatewayUrl, query);
  for (let tries = 1; tries < 10 && answer.civilAffairsCalls > calls; tries++) {
    await new Promise((resolve) => setTimeout(resolve, MAX_STALE_MS / 4));
    answer = await ask(gatewayUrl, query);
  }
  return answer;
}

const dataOf = (text: string) => (JSON.parse(text) as { data: unknown; errors?: unknown[] }).data;

it('answers byte for byte as the gateway without it, cold and warm', async () => {
  for (const query of [HEAVY, CROSS, WITH_MEASURES]) {
    const without = await ask(uncached.url, query);
    expect(JSON.parse(without.text).errors).toBeUndefined();
    const cold = await ask(federation.gatewayUrl, query);
    const warm = await ask(federation.gatewayUrl, query);
    expect(cold.text).toBe(without.text);
    expect(warm.text).toBe(without.text);
  }
});

it('does not ask civil-affairs again for regions it keeps, and always for region fields that are not region data', async () => {
  const query = `{ measures(first: 20) { nodes { id regions { code name fullName parent { name } } targets { region { name } } } } }`;
  await ask(federation.gatewayUrl, query);
  const again = await askUntilKept(federation.gatewayUrl, query);
  expect(again.civilAffairsCalls).toBe(0);
  // Without the cache the same read asks civil-affairs every time.
  expect((await ask(uncached.url, query)).civilAffairsCalls).toBeGreaterThan(0);

  // The heavy read keeps only its root list (regions(level: CITY)) for civil-affairs.
  await ask(federation.gatewayUrl, HEAVY);
  expect((await askUntilKept(federation.gatewayUrl, HEAVY, 1)).civilAffairsCalls).toBe(1);

  // Counted for operators: entities answered from the cache and asked of civil-affairs.
  const metrics = await (await fetch(new URL('/metrics', federation.gatewayUrl))).text();
  expect(metrics).toMatch(/^gateway_entity_cache_entities_total\{result="kept"\} [1-9]\d*$/m);
  expect(metrics).toMatch(/^gateway_entity_cache_entities_total\{result="asked"\} [1-9]\d*$/m);

  await ask(federation.gatewayUrl, WITH_MEASURES);
  expect((await ask(federation.gatewayUrl, WITH_MEASURES)).civilAffairsCalls).toBeGreaterThan(0);
});

it('serves a change to the regions within GATEWAY_ENTITY_CACHE_MAX_STALE_MS of its commit', async () => {
  const dataSource = federation.subgraphs['civil-affairs']!.database.dataSource;
  // The province's cities, as entities: regions { children } of the measures (province-wide ones among them).
  const query = `{ measures(first: 20) { nodes { id regions { code name children { code name } } } } }`;
  const before = await ask(federation.gatewayUrl, query);
  const code = (
    dataOf(before.text) as { measures: { nodes: { regions: { children: { code: string; name: string }[] }[] }[] } }
  ).measures.nodes
    .flatMap((node) => node.regions.flatMap((region) => region.children))
    .find((region) => region.code === '440600')!;
  expect(code).toEqual({ code: '440600', name: '佛山市' });
  expect((await askUntilKept(federation.gatewayUrl, query)).civilAffairsCalls).toBe(0);

  const renamed = `${code.name}（更名）`;
  try {
    // As civil-affairs changes regions: the change and a new region version in one transaction.
    await dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE regions SET name = $1 WHERE code = $2`, [renamed, code.code]);
      await bumpRegionVersion(manager);
    });
    const committedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, MAX_STALE_MS + 20 - (Date.now() - committedAt)));
    const after = await ask(federation.gatewayUrl, query);
    expect(after.text).toContain(renamed);
    expect(after.text).toBe((await ask(uncached.url, query)).text);
  } finally {
    await dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE regions SET name = $1 WHERE code = $2`, [code.name, code.code]);
      await bumpRegionVersion(manager);
    });
  }
  await new Promise((resolve) => setTimeout(resolve, MAX_STALE_MS + 20));
  expect((await ask(federation.gatewayUrl, query)).text).toBe(before.text);
});

it('shares entries between gateways on one Redis, and answers without Redis as a miss', async () => {
  const second = await startTestGateway(federation.supergraphPath, CACHE_ENV);
  others.push(second);
  // Each try a selection the second gateway has never fetched: kept by the first one (which may
  // need a try of its own to know the version), then asked of the second. A try while the second
  // has not read the version yet fetches; the next selection is then tried.
  const selections = [
    'name',
    'code name',
    'name parent { name }',
    'code parent { code }',
    'name fullName',
    'name depth',
    'code level',
    'pinyin',
  ];
  let shared: { text: string; civilAffairsCalls: number } | undefined;
  let query = '';
  for (const selection of selections) {
    query = `{ measures(first: 40) { nodes { id regions { ${selection} } } } }`;
    expect((await askUntilKept(federation.gatewayUrl, query)).civilAffairsCalls).toBe(0);
    shared = await ask(second.url, query);
    if (shared.civilAffairsCalls === 0) break;
    await new Promise((resolve) => setTimeout(resolve, MAX_STALE_MS / 4));
  }
  expect(shared!.civilAffairsCalls).toBe(0);
  expect(shared!.text).toBe((await ask(uncached.url, query)).text);

  // Redis unreachable: every entity this gateway does not keep itself is fetched, the answer the same.
  const withoutRedis = await startTestGateway(federation.supergraphPath, { ...CACHE_ENV, REDIS_URL: 'redis://127.0.0.1:9' });
  others.push(withoutRedis);
  const first = await ask(withoutRedis.url, query);
  expect(first.civilAffairsCalls).toBeGreaterThan(0);
  expect(first.text).toBe(shared!.text);
  expect((await askUntilKept(withoutRedis.url, query)).civilAffairsCalls).toBe(0);
});

it('reuses its connections to a subgraph from request to request (keep-alive)', async () => {
  const civilAffairs = federation.subgraphs['civil-affairs']!;
  let connections = 0;
  const count = () => (connections += 1);
  civilAffairs.server.on('connection', count);
  try {
    for (let i = 0; i < 10; i++) await ask(uncached.url, `{ region(code: "4406${String(i).padStart(2, '0')}") { name } }`);
  } finally {
    civilAffairs.server.off('connection', count);
  }
  // Ten calls, one after another: the connection of the first (or of an earlier test) carries the rest.
  expect(connections).toBeLessThanOrEqual(1);
});
