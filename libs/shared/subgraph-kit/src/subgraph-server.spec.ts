import { Writable } from 'node:stream';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';

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

async function post(query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
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
