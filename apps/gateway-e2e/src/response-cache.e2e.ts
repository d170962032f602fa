import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  startIsolatedFederation,
  subgraphRequestCount,
  waitForQuietSubgraphs,
  type IsolatedFederation,
} from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

// The gateway reuses the answer to an anonymous read for a short time: a repeat costs the
// subgraphs nothing, a token or `Cache-Control: no-cache` always gets a fresh answer, answers with
// errors are never kept, and a write through the gateway is visible to the very next read.

const TTL_MS = 1500;
const issuer = createTestTokenIssuer('cache-editor');
let federation: IsolatedFederation;
let editor: Record<string, string>;

/** What one request made the subgraphs do, and its answer. */
async function counted(query: string, variables?: object, headers?: Record<string, string>) {
  const before = subgraphRequestCount(federation);
  const response = await graphqlRequest(federation.gatewayUrl, query, variables, headers);
  return { calls: subgraphRequestCount(federation) - before, status: response.status, body: response.body };
}

const FOSHAN = '{ region(code: "440600") { name children { name } } }';

beforeAll(async () => {
  editor = bearerHeaders(await issuer.token(['education:write']));
  federation = await startIsolatedFederation('response_cache_e2e', [civilAffairsSubgraph, programmeSubgraph, educationSubgraph], {
    trustedIssuer: issuer,
    // No catalog poll in the background: every subgraph call counted below is one a read made (a
    // write still nudges the catalog at once).
    env: QUIET_CATALOG_SYNC,
    gatewayEnv: { GATEWAY_RESPONSE_CACHE_TTL_MS: String(TTL_MS) },
  });
  // The catalog's first pass over the departments' feeds (at its start) is over before counting.
  await waitForQuietSubgraphs(federation, 500);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

it('answers a repeated anonymous read from the cache, the same answer, without calling a subgraph', async () => {
  const first = await counted(FOSHAN);
  const second = await counted(FOSHAN);
  expect(first.calls).toBeGreaterThan(0);
  expect(second).toEqual({ calls: 0, status: 200, body: first.body });
  expect(second.body.data.region.children).toHaveLength(5);
});

it('asks the subgraphs again once the TTL has passed', async () => {
  const query = '{ region(code: "440100") { name } }';
  await counted(query);
  expect((await counted(query)).calls).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, TTL_MS + 300));
  expect((await counted(query)).calls).toBeGreaterThan(0);
});

it('always runs a request that carries a token or asks for a fresh answer', async () => {
  const query = '{ region(code: "441200") { name } }';
  await counted(query);
  expect((await counted(query, undefined, { 'cache-control': 'no-cache' })).calls).toBeGreaterThan(0);
  expect((await counted(query, undefined, editor)).calls).toBeGreaterThan(0);
});

it('never keeps an answer with errors', async () => {
  const query = '{ regions(level: CITY, first: 500) { totalCount } }';
  const first = await counted(query);
  expect(first.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect((await counted(query)).calls).toBeGreaterThan(0);
});

it('shows a measure created through the gateway to the next read of a list it was cached without', async () => {
  const word = `緩存${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const search = 'query Search($q: String!) { measures(filter: { q: $q }) { totalCount nodes { id } } }';
  expect((await counted(search, { q: word })).body.data.measures.totalCount).toBe(0);
  expect((await counted(search, { q: word })).calls).toBe(0); // cached: an empty list

  const created = await graphqlRequest(
    federation.gatewayUrl,
    `mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { catalogUpdated measure { id } } }`,
    {
      input: foshanEducationMeasure(`佛山市學位建設方案${word}`, {
        targets: [{ indicator: '新增学位数', value: 2, unit: '万个', year: 2026, comparator: 'AT_LEAST' }],
      }),
    },
    editor,
  );
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createEducationMeasure.catalogUpdated).toBe(true);

  const after = await counted(search, { q: word });
  expect(after.calls).toBeGreaterThan(0);
  expect(after.body.data.measures.nodes).toEqual([{ id: created.body.data.createEducationMeasure.measure.id }]);
});
