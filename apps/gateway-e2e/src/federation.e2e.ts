import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from '@hkp/composition';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { createTestDatabase, graphqlRequest, startTestFederation, type TestDatabase, type TestFederation } from '@hkp/testing';

// The whole federation as users meet it: every subgraph, composed in process, behind the real gateway.
let db: TestDatabase;
let federation: TestFederation;

beforeAll(async () => {
  db = await createTestDatabase('gateway_e2e');
  federation = await startTestFederation(ALL_SUBGRAPHS, db.url);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
  await db?.drop();
});

const gatewayBase = () => new URL(federation.gatewayUrl).origin;

it('answers 佛山市 with its five districts through the gateway', async () => {
  const { status, body } = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name children { name } } }');
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({
    region: {
      name: '佛山市',
      children: [{ name: '禅城区' }, { name: '南海区' }, { name: '顺德区' }, { name: '三水区' }, { name: '高明区' }],
    },
  });
});

it('is ready, and reports every subgraph ready', async () => {
  const response = await fetch(`${gatewayBase()}/readiness`);
  expect(response.status).toBe(200);
  const report = (await response.json()) as { ready: boolean; subgraphs: { name: string; url: string; ready: boolean }[] };
  expect(report.ready).toBe(true);
  expect(report.subgraphs.map((s) => s.name).sort()).toEqual(ALL_SUBGRAPHS.map((m) => m.name).sort());
  for (const subgraph of report.subgraphs) {
    expect(subgraph).toMatchObject({ ready: true, url: federation.subgraphs[subgraph.name]?.url });
  }
});

it('answers a query with a syntax error with a coded GraphQL error and no stack trace', async () => {
  const { status, body } = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name ');
  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(500);
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  const [error] = body.errors ?? [];
  expect(error?.message).toMatch(/Syntax Error/);
  expect(error?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|originalError|\bat .+\.(ts|js):\d+|node_modules/i);
});

it('serves GraphiQL at /graphql to a browser, with every asset from the gateway itself (no CDN)', async () => {
  const response = await fetch(federation.gatewayUrl, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  const html = await response.text();
  expect(html).toMatch(/graphiql/i);
  expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./i);
});

describe('a changed supergraph file', () => {
  // transport's own root field; the TransportMeasure type stays (the catalog declares it too).
  async function servesTransport(): Promise<boolean> {
    const { body } = await graphqlRequest(federation.gatewayUrl, '{ transportMeasures(first: 1) { totalCount } }');
    return body.data?.transportMeasures?.totalCount !== undefined;
  }

  async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('the gateway did not reload the supergraph in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('is reloaded by the running gateway, without a restart', async () => {
    const original = readFileSync(federation.supergraphPath, 'utf8');
    expect(await servesTransport()).toBe(true);

    // A composition without the transport subgraph, as if its team had withdrawn it.
    writeFileSync(federation.supergraphPath, composeSupergraph(federation.subgraphSdl.filter((s) => s.name !== 'transport')));
    await waitFor(async () => !(await servesTransport()));
    const region = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
    expect(region.body.data).toEqual({ region: { name: '佛山市' } });

    writeFileSync(federation.supergraphPath, original);
    await waitFor(servesTransport);
  }, 40_000);
});
