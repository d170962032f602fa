import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from '@hkp/composition';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { graphqlRequest, startIsolatedFederation, waitUntil, type IsolatedFederation } from '@hkp/testing';

// The whole federation as users meet it: every subgraph, composed in process, behind the real gateway.
let federation: IsolatedFederation;

beforeAll(async () => {
  federation = await startIsolatedFederation('gateway_e2e', ALL_SUBGRAPHS);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
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

  const RELOAD = { intervalMs: 200 };

  it('is reloaded by the running gateway, without a restart', async () => {
    const original = readFileSync(federation.supergraphPath, 'utf8');
    expect(await servesTransport()).toBe(true);

    // A composition without the transport subgraph, as if its team had withdrawn it.
    writeFileSync(federation.supergraphPath, composeSupergraph(federation.subgraphSdl.filter((s) => s.name !== 'transport')));
    await waitUntil(async () => !(await servesTransport()), 'the gateway to reload the supergraph without transport', RELOAD);
    const region = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
    expect(region.body.data).toEqual({ region: { name: '佛山市' } });

    writeFileSync(federation.supergraphPath, original);
    await waitUntil(servesTransport, 'the gateway to reload the supergraph with transport', RELOAD);
  }, 40_000);
});
