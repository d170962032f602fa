import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import {
  createTestDatabase,
  createTestTokenIssuer,
  graphqlRequest,
  startTestFederation,
  type TestDatabase,
  type TestFederation,
} from '@hkp/testing';

// The gateway reuses the answer to an anonymous read for a short time: a repeat costs the
// subgraphs nothing, a token or `Cache-Control: no-cache` always gets a fresh answer, answers with
// errors are never kept, and a write through the gateway is visible to the very next read.

const TTL_MS = 1500;
const issuer = createTestTokenIssuer('cache-editor');
let db: TestDatabase;
let federation: TestFederation;
let savedPublicKey: string | undefined;
let savedSyncInterval: string | undefined;
let editor: string;

const subgraphRequests = () => Object.values(federation.subgraphs).reduce((sum, s) => sum + s.graphqlRequests(), 0);

/** What one request made the subgraphs do, and its answer. */
async function counted(query: string, variables?: object, headers?: Record<string, string>) {
  const before = subgraphRequests();
  const response = await graphqlRequest(federation.gatewayUrl, query, variables, headers);
  return { calls: subgraphRequests() - before, status: response.status, body: response.body };
}

const FOSHAN = '{ region(code: "440600") { name children { name } } }';

beforeAll(async () => {
  savedPublicKey = process.env['JWT_PUBLIC_KEY'];
  process.env['JWT_PUBLIC_KEY'] = issuer.publicKey;
  // No catalog poll in the background: every subgraph call counted below is one a read made (a
  // write still nudges the catalog at once).
  savedSyncInterval = process.env['CATALOG_SYNC_INTERVAL_MS'];
  process.env['CATALOG_SYNC_INTERVAL_MS'] = '600000';
  editor = `Bearer ${await issuer.token(['education:write'])}`;
  db = await createTestDatabase('response_cache_e2e');
  federation = await startTestFederation([civilAffairsSubgraph, programmeSubgraph, educationSubgraph], db.url, {
    gatewayEnv: { GATEWAY_RESPONSE_CACHE_TTL_MS: String(TTL_MS), JWT_PUBLIC_KEY: issuer.publicKey },
  });
}, 180_000);

afterAll(async () => {
  await federation?.stop();
  await db?.drop();
  if (savedPublicKey === undefined) delete process.env['JWT_PUBLIC_KEY'];
  else process.env['JWT_PUBLIC_KEY'] = savedPublicKey;
  if (savedSyncInterval === undefined) delete process.env['CATALOG_SYNC_INTERVAL_MS'];
  else process.env['CATALOG_SYNC_INTERVAL_MS'] = savedSyncInterval;
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
  expect((await counted(query, undefined, { authorization: editor })).calls).toBeGreaterThan(0);
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
      input: {
        title: `佛山市學位建設方案${word}`,
        level: 'CITY',
        issuer: '佛山市教育局',
        responsibleBody: '省教育厅',
        category: 'EDUCATION',
        regionCodes: ['440600'],
        targets: [{ indicator: '新增学位数', value: 2, unit: '万个', year: 2026, comparator: 'AT_LEAST' }],
      },
    },
    { authorization: editor },
  );
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createEducationMeasure.catalogUpdated).toBe(true);

  const after = await counted(search, { q: word });
  expect(after.calls).toBeGreaterThan(0);
  expect(after.body.data.measures.nodes).toEqual([{ id: created.body.data.createEducationMeasure.measure.id }]);
});
