import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { RunningGateway } from '@hkp/gateway';
import { healthSubgraph } from '@hkp/health';
import { startModule, type StartedSubgraph } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  baseUrlOf,
  graphqlRequest,
  silentLogger,
  startIsolatedFederation,
  startTestGateway,
  testServerUrl,
  waitUntil,
  writeSupergraphFile,
  type GraphQLErrorBody,
  type IsolatedFederation,
  type SupergraphFile,
} from '@hkp/testing';

// What the gateway does when one subgraph is down, slow or talks nonsense, and when the database
// goes away: the rest of the answer stays, the error names the service, and everything recovers
// by itself. A proxy in front of the health subgraph plays each failure on demand.

type Mode =
  'pass' | 'delayed' | 'reset' | 'slow' | 'html' | 'html502' | 'not-json' | 'empty' | 'wrong-shape' | 'array' | 'entities-mismatch';

interface Proxy {
  url: string;
  mode: Mode;
  /** Headers of the requests the proxy passed on (to see what the gateway forwards). */
  seen: IncomingMessage['headers'][];
  stop(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', mode: 'pass', seen: [], stop: async () => undefined };
  const hung = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const json = (status: number, text: string, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(text);
      switch (proxy.mode) {
        case 'reset':
          return req.socket.destroy();
        case 'slow':
          hung.add(res);
          res.on('close', () => hung.delete(res));
          return; // never answers; the gateway's upstream timeout must give up
        case 'html':
          return json(200, '<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>', 'text/html');
        case 'html502':
          return json(502, '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>', 'text/html');
        case 'not-json':
          return json(200, '{"data": {"_entities": [');
        case 'empty':
          return json(200, '');
        case 'wrong-shape':
          return json(200, '{"data": "everything is fine"}');
        case 'array':
          return json(200, '[1, 2, 3]');
        case 'entities-mismatch':
          return json(200, '{"data": {"_entities": [{"__typename": "Region", "healthMeasures": "no"}, 7, 8]}}');
        case 'delayed':
        case 'pass': {
          if (proxy.mode === 'delayed') await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
          proxy.seen.push(req.headers);
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(req.headers)) {
            if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(key)) headers[key] = value;
          }
          const upstream = await fetch(new URL(req.url ?? '/graphql', target), {
            method: req.method,
            headers,
            body: req.method === 'GET' ? undefined : new Uint8Array(body),
          });
          const text = await upstream.text();
          return res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
        }
      }
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  proxy.stop = async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

let federation: IsolatedFederation;
let proxy: Proxy;
let gateway: RunningGateway;
/** The supergraph with health behind the proxy. */
let proxied: SupergraphFile;
/** How long the proxy holds a request in 'delayed' mode. */
const DELAY_MS = 600;
/** The health subgraph started again by a test, on the federation's database (stopped before it is dropped). */
let restarted: StartedSubgraph | undefined;
const TIMEOUT_MS = 1000;

beforeAll(async () => {
  // Test gateways have no response cache: every request here must reach the subgraphs to see them fail.
  federation = await startIsolatedFederation('gateway_resilience', ALL_SUBGRAPHS, { gatewayEnv: { RATE_LIMIT_ENABLED: 'false' } });
  // A second gateway over the same subgraphs, with the health subgraph behind the proxy and a short timeout.
  proxy = await startProxy(federation.subgraphs['health']!.url);
  proxied = writeSupergraphFile(
    federation.subgraphSdl.map((subgraph) => (subgraph.name === 'health' ? { ...subgraph, url: proxy.url } : subgraph)),
  );
  gateway = await startTestGateway(proxied.path, { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), RATE_LIMIT_ENABLED: 'false' });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await proxy?.stop();
  await restarted?.stop();
  await federation?.stop();
  proxied?.remove();
});

// `a` needs only civil-affairs; `b` needs health too. Fields another subgraph adds to an entity
// are nullable, so a health failure nulls only `b.healthMeasures`.
const SPLIT_QUERY = '{ a: region(code: "440600") { name children { name } } b: region(code: "440600") { name healthMeasures { id } } }';
const FOSHAN_CHILDREN = ['禅城区', '南海区', '顺德区', '三水区', '高明区'].map((name) => ({ name }));

function healthError(errors: GraphQLErrorBody[] | undefined): GraphQLErrorBody | undefined {
  return errors?.find((e) => e.extensions?.['serviceName'] === 'health');
}

function expectNoInternals(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(
    /127\.0\.0\.1|localhost|ECONNREFUSED|ECONNRESET|stacktrace|originalError|_entities|representations|\.ts:\d+|node_modules|<html/i,
  );
}

async function expectHealthy(url: string): Promise<void> {
  const { status, body } = await graphqlRequest(url, SPLIT_QUERY);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.a).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
  expect(body.data.b.name).toBe('佛山市');
  expect(Array.isArray(body.data.b.healthMeasures)).toBe(true);
}

describe('a subgraph that misbehaves behind a proxy', () => {
  afterEach(() => {
    proxy.mode = 'pass';
  });

  it('answers everything while the proxy passes requests on', async () => {
    await expectHealthy(gateway.url);
  });

  const failures: { mode: Mode; reason: string }[] = [
    { mode: 'reset', reason: 'unreachable' },
    { mode: 'html', reason: 'bad_response' },
    { mode: 'html502', reason: 'bad_response' },
    { mode: 'not-json', reason: 'bad_response' },
    { mode: 'empty', reason: 'bad_response' },
    { mode: 'wrong-shape', reason: 'bad_response' },
    { mode: 'array', reason: 'bad_response' },
    { mode: 'entities-mismatch', reason: 'bad_response' },
  ];
  it.each(failures)('keeps the rest of the answer when health answers "$mode", names the service, and recovers', async ({ mode }) => {
    proxy.mode = mode;
    const { status, body } = await graphqlRequest(gateway.url, SPLIT_QUERY);
    expect(status).toBe(200);
    expect(body.data?.a).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
    expect(body.data?.b).toEqual({ name: '佛山市', healthMeasures: null });
    const error = healthError(body.errors);
    expect(error).toBeDefined();
    expect(error?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'health' });
    expect(error?.message).toMatch(/health service/);
    expectNoInternals(body);
    // The gateway is still up and serves everything as soon as the subgraph behaves again.
    proxy.mode = 'pass';
    await expectHealthy(gateway.url);
  });

  it('gives up on a slow subgraph after SUBGRAPH_TIMEOUT_MS and answers the rest', async () => {
    proxy.mode = 'slow';
    const started = Date.now();
    const { status, body } = await graphqlRequest(gateway.url, SPLIT_QUERY);
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
    expect(body.data?.a).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
    expect(healthError(body.errors)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'health', reason: 'timeout' });
    expectNoInternals(body);
    proxy.mode = 'pass';
    await expectHealthy(gateway.url);
  });
});

/** Another gateway with health behind the proxy, configured by `env`. */
const startProxiedGateway = (env: Record<string, string>) => startTestGateway(proxied.path, { RATE_LIMIT_ENABLED: 'false', ...env });

describe('shutting the gateway down', () => {
  afterEach(() => {
    proxy.mode = 'pass';
  });

  it('answers /readiness 503 as soon as it starts draining, and completes the request in flight', async () => {
    const draining = await startProxiedGateway({ GATEWAY_DRAIN_DELAY_MS: '400', SUBGRAPH_TIMEOUT_MS: '5000' });
    const readiness = `${baseUrlOf(draining.url)}/readiness`;
    expect((await fetch(readiness)).status).toBe(200);
    proxy.mode = 'delayed';
    // A query no earlier test asked (so no cache answers it), held by the proxy for DELAY_MS.
    const inFlight = graphqlRequest(draining.url, '{ drained: region(code: "440605") { name healthMeasures { id } } }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const stopped = draining.stop();
    const during = await fetch(readiness);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ ready: false, draining: true });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data).toEqual({ drained: { name: '南海区', healthMeasures: expect.any(Array) } });
    await stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(DELAY_MS - 150);
  });

  it('stops within GATEWAY_SHUTDOWN_TIMEOUT_MS while a subgraph call hangs', async () => {
    const stuck = await startProxiedGateway({ GATEWAY_SHUTDOWN_TIMEOUT_MS: '300', SUBGRAPH_TIMEOUT_MS: '30000' });
    proxy.mode = 'slow';
    const hanging = graphqlRequest(stuck.url, '{ stuck: region(code: "440606") { name healthMeasures { id } } }').catch(
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await stuck.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(((await hanging) as Error).message).toMatch(/fetch failed|terminated|socket|other side closed/i);
  });
});

describe('per-subgraph timeouts', () => {
  afterEach(() => {
    proxy.mode = 'pass';
  });

  it('gives up on health after HEALTH_TIMEOUT_MS while the others keep SUBGRAPH_TIMEOUT_MS', async () => {
    const gatewayWithTimeouts = await startProxiedGateway({ SUBGRAPH_TIMEOUT_MS: '8000', HEALTH_TIMEOUT_MS: '300' });
    try {
      proxy.mode = 'slow';
      const started = Date.now();
      const { status, body } = await graphqlRequest(gatewayWithTimeouts.url, SPLIT_QUERY);
      const elapsed = Date.now() - started;
      expect(status).toBe(200);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2000);
      expect(body.data?.a).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
      expect(healthError(body.errors)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'health', reason: 'timeout' });
    } finally {
      proxy.mode = 'pass';
      await gatewayWithTimeouts.stop();
    }
  });
});

describe('a stopped subgraph', () => {
  it('leaves the rest of the answer intact, names the service, and recovers when it is back on its port', async () => {
    const health = federation.subgraphs['health']!;
    const port = health.port;
    await health.stop();
    await new Promise<void>((resolve) => health.server.close(() => resolve()));

    // The query of the brief: the region's name survives, its health measures are null.
    const single = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name healthMeasures { id } } }');
    expect(single.status).toBe(200);
    expect(single.body.data).toEqual({ region: { name: '佛山市', healthMeasures: null } });
    expect(healthError(single.body.errors)?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      serviceName: 'health',
      reason: 'unreachable',
    });
    expectNoInternals(single.body);

    const split = await graphqlRequest(federation.gatewayUrl, SPLIT_QUERY);
    expect(split.status).toBe(200);
    expect(split.body.data?.a).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
    expect(split.body.data?.b).toEqual({ name: '佛山市', healthMeasures: null });
    expect(healthError(split.body.errors)?.message).toBe('The health service is unavailable; its fields are missing from this answer.');

    // Root fields of different services in one query: the stopped service's root field is null
    // (root fields owned by one department are nullable), the other service's data is all there.
    const roots = await graphqlRequest(
      federation.gatewayUrl,
      '{ healthMeasures(first: 2) { totalCount nodes { id } } regions(parentCode: "440600") { nodes { name } } region(code: "440600") { name } }',
    );
    expect(roots.status).toBe(200);
    expect(roots.body.data).toEqual({ healthMeasures: null, regions: { nodes: FOSHAN_CHILDREN }, region: { name: '佛山市' } });
    const rootError = healthError(roots.body.errors);
    expect(rootError?.path).toEqual(['healthMeasures']);
    expect(rootError?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'health', reason: 'unreachable' });
    expect(roots.body.errors).toHaveLength(1);
    expectNoInternals(roots.body);

    const readiness = await fetch(`${baseUrlOf(federation.gatewayUrl)}/readiness`);
    expect(readiness.status).toBe(503);
    const report = (await readiness.json()) as { subgraphs: { name: string; ready: boolean }[] };
    expect(report.subgraphs.filter((s) => !s.ready).map((s) => s.name)).toEqual(['health']);

    // The same service again on the same port: no gateway restart needed.
    restarted = await startModule(healthSubgraph, {
      databaseUrl: federation.database.url,
      port,
      host: '127.0.0.1',
      logger: silentLogger(),
    });
    await expectHealthy(federation.gatewayUrl);
    expect((await fetch(`${baseUrlOf(federation.gatewayUrl)}/readiness`)).status).toBe(200);
  });
});

describe('losing the database', () => {
  const databaseName = () => decodeURIComponent(new URL(federation.database.url).pathname.slice(1));

  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: testServerUrl() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    await admin((c) => c.query(`ALTER DATABASE "${databaseName()}" WITH ALLOW_CONNECTIONS true`)).catch(() => undefined);
  });

  it('makes /health/ready and the gateway /readiness 503 while it is unreachable, and both 200 again once it is back', async () => {
    const civil = federation.subgraphs['civil-affairs']!;
    const ready = async (url: string) => (await fetch(url)).status;
    const subgraphReady = `${baseUrlOf(civil.url)}/health/ready`;
    const gatewayReady = `${baseUrlOf(federation.gatewayUrl)}/readiness`;
    expect(await ready(subgraphReady)).toBe(200);

    // Refuse new connections and end the open ones: to the services, the server is gone.
    await admin(async (c) => {
      await c.query(`ALTER DATABASE "${databaseName()}" WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        databaseName(),
      ]);
    });
    await waitUntil(async () => (await ready(subgraphReady)) === 503, 'civil-affairs to report 503');
    const body = (await (await fetch(subgraphReady)).json()) as { status: string; database: boolean };
    expect(body).toMatchObject({ status: 'unavailable', database: false });
    expect(await ready(gatewayReady)).toBe(503);
    // A query answers an error instead of hanging or crashing the service.
    const during = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
    expect(during.status).toBeLessThan(600);
    expect(during.body.errors?.length).toBeGreaterThan(0);
    // A database outage is the service being unavailable (retry later), not a bug.
    expect(during.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'civil-affairs' });
    expectNoInternals(during.body);

    await admin((c) => c.query(`ALTER DATABASE "${databaseName()}" WITH ALLOW_CONNECTIONS true`));
    await waitUntil(async () => (await ready(subgraphReady)) === 200, 'civil-affairs to report 200 again');
    await waitUntil(async () => (await ready(gatewayReady)) === 200, 'the gateway to report ready again');
    // The pool has reconnected by itself.
    const after = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name children { name } } }');
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.region).toEqual({ name: '佛山市', children: FOSHAN_CHILDREN });
  }, 60_000);
});
