import { Writable } from 'node:stream';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { startSubgraphServer, SUBGRAPH_MAX_DEPTH, type RunningSubgraph } from './subgraph-server';

// The HTTP shell every subgraph runs in, over a tiny schema and a stand-in database.

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

const lines: LogLine[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  }),
);

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      ok: { type: GraphQLString, resolve: () => 'fine' },
      slow: { type: GraphQLString, resolve: () => new Promise((resolve) => setTimeout(() => resolve('done'), 400)) },
      hang: { type: GraphQLString, resolve: () => new Promise((resolve) => setTimeout(() => resolve('late'), 5000).unref()) },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('relation "secret_table" does not exist');
        },
      },
    },
  }),
});

const dataSource = { isInitialized: false, query: async () => [{ one: 1 }] } as unknown as DataSource;

let server: RunningSubgraph;

beforeAll(async () => {
  server = await startSubgraphServer({ name: 'test', schema, port: 0, host: '127.0.0.1', logger, dataSource });
});

afterAll(async () => {
  await server?.stop();
});

async function post(
  query: string,
  headers: Record<string, string> = {},
  url = server.url,
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

describe('internal errors', () => {
  it('are logged by the request logger, so the line carries the request id the client quotes', async () => {
    const { body } = await post('{ ok boom }', { 'x-request-id': 'quote-me-123' });
    expect(body.data).toEqual({ ok: 'fine', boom: null });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toContain('secret_table');
    const logged = lines.find((line) => line.msg === 'internal error in resolver');
    expect(logged).toBeDefined();
    expect(logged?.requestId).toBe('quote-me-123');
    expect(JSON.stringify(logged)).toContain('secret_table');
  });

  it('keeps concurrent requests apart', async () => {
    lines.length = 0;
    await Promise.all(['first-req', 'second-req', 'third-req'].map((id) => post('{ boom }', { 'x-request-id': id })));
    const ids = lines.filter((line) => line.msg === 'internal error in resolver').map((line) => line.requestId);
    expect(ids.sort()).toEqual(['first-req', 'second-req', 'third-req']);
  });
});

describe('requests refused before GraphQL runs', () => {
  /** Expects a JSON GraphQL error with `code`, and a request id, as every other answer has. */
  async function expectRefusal(response: Response, status: number, code: string): Promise<string> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
    return body.errors[0]!.message;
  }
  const json = { 'content-type': 'application/json' };

  it('answers headers over 16 kB (an oversized token) with 431 REQUEST_HEADER_FIELDS_TOO_LARGE', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${'a'.repeat(17_000)}` },
      body: '{"query":"{ ok }"}',
    });
    expect(await expectRefusal(response, 431, 'REQUEST_HEADER_FIELDS_TOO_LARGE')).toMatch(/headers are larger than the 16384 bytes/);
  });

  it('answers a body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ query: '{ ok }', variables: { padding: 'a'.repeat(1_100_000) } });
    const response = await fetch(server.url, { method: 'POST', headers: json, body });
    expect(await expectRefusal(response, 413, 'PAYLOAD_TOO_LARGE')).toMatch(/larger than the 1000000 bytes/);
  });

  it('answers a content type it does not read with 415 BAD_REQUEST, saying what to send', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' });
    expect(await expectRefusal(response, 415, 'BAD_REQUEST')).toMatch(/Content-Type: application\/json/);
  });

  it('answers a path it does not serve with 404 NOT_FOUND, and a body that is not JSON with 400', async () => {
    expect(
      await expectRefusal(
        await fetch(server.url.replace(/\/graphql$/, '/graph'), { method: 'POST', headers: json, body: '{}' }),
        404,
        'NOT_FOUND',
      ),
    ).toMatch(/\/graphql/);
    await expectRefusal(await fetch(server.url, { method: 'POST', headers: json, body: '{"query": ' }), 400, 'BAD_REQUEST');
  });
});

describe('a subgraph reached directly', () => {
  // A federated schema with a type that nests itself, like Region.children.
  const federated = buildSubgraphSchema({
    typeDefs: parse('type Query { node: Node } type Node { name: String child: Node }'),
    resolvers: { Query: { node: () => ({ name: 'n' }) }, Node: { child: () => ({ name: 'n' }) } },
  });
  const servers: RunningSubgraph[] = [];
  const start = async (env: Record<string, string>) => {
    const started = await startSubgraphServer({ name: 'test', schema: federated, port: 0, host: '127.0.0.1', logger, dataSource, env });
    servers.push(started);
    return started;
  };
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('serves introspection in development, and in production only the _service SDL composition needs', async () => {
    const development = await start({});
    expect((await post('{ __schema { queryType { name } } }', {}, development.url)).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const production = await start({ NODE_ENV: 'production' });
    const refused = await post('{ __schema { queryType { name } } }', {}, production.url);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await post('{ __type(name: "Node") { name } }', {}, production.url)).body.errors?.[0]?.extensions?.['code']).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const sdl = await post('{ _service { sdl } }', {}, production.url);
    expect(sdl.body.errors).toBeUndefined();
    expect(JSON.stringify(sdl.body.data)).toContain('type Node');
  });

  it(`refuses fields nested deeper than SUBGRAPH_MAX_DEPTH (${SUBGRAPH_MAX_DEPTH}) before running them`, async () => {
    const nested = (depth: number) => `{ node { ${'child { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;
    const development = await start({});
    const ok = await post(nested(SUBGRAPH_MAX_DEPTH), {}, development.url);
    expect(ok.body.errors).toBeUndefined();
    const deep = await post(nested(SUBGRAPH_MAX_DEPTH + 5), {}, development.url);
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    const tight = await start({ SUBGRAPH_MAX_DEPTH: '3' });
    expect((await post(nested(5), {}, tight.url)).body.errors?.[0]?.message).toMatch(/depth/i);
  });
});

describe('shutdown', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('answers /health/ready 503 as soon as it starts draining, and finishes the request in flight', async () => {
    const draining = await startSubgraphServer({
      name: 'test',
      schema,
      port: 0,
      host: '127.0.0.1',
      logger,
      dataSource,
      env: { SUBGRAPH_DRAIN_DELAY_MS: '300' },
    });
    const ready = `${draining.url.replace(/\/graphql$/, '')}/health/ready`;
    expect((await fetch(ready)).status).toBe(200);
    const inFlight = post('{ slow }', {}, draining.url);
    await sleep(50);
    const stopped = draining.stop();
    const during = await fetch(ready);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ status: 'draining', service: 'test' });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ data: { slow: 'done' } });
    await stopped;
  });

  it('reports draining before the background work stops, and closes the database only after it stopped', async () => {
    const events: string[] = [];
    const database = {
      isInitialized: true,
      query: async () => [{ one: 1 }],
      destroy: async () => void events.push('database closed'),
    } as unknown as DataSource;
    const running = await startSubgraphServer({ name: 'test', schema, port: 0, host: '127.0.0.1', logger, dataSource: database });
    const ready = `${running.url.replace(/\/graphql$/, '')}/health/ready`;
    let finishPass: () => void = () => undefined;
    const stopped = running.stop({
      beforeClose: async () => {
        events.push('background stopping');
        // A catalog pass still running: /health/ready already says draining meanwhile.
        events.push(`ready answers ${(await fetch(ready)).status}`);
        await new Promise<void>((resolve) => (finishPass = resolve));
        events.push('background stopped');
      },
    });
    await sleep(50);
    expect((await fetch(ready)).status).toBe(503);
    expect(events).toEqual(['background stopping', 'ready answers 503']);
    finishPass();
    await stopped;
    expect(events).toEqual(['background stopping', 'ready answers 503', 'background stopped', 'database closed']);
  });

  it('stops within SUBGRAPH_SHUTDOWN_TIMEOUT_MS even while a request hangs', async () => {
    const stuck = await startSubgraphServer({
      name: 'test',
      schema,
      port: 0,
      host: '127.0.0.1',
      logger,
      dataSource,
      env: { SUBGRAPH_SHUTDOWN_TIMEOUT_MS: '200' },
    });
    const hanging = post('{ hang }', {}, stuck.url).catch((error: unknown) => error);
    await sleep(50);
    const started = Date.now();
    await stuck.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(((await hanging) as Error).message).toMatch(/fetch failed|terminated|socket/i); // its connection was closed
  });
});
