import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { composeSupergraph } from '@hkp/composition';
import { graphqlRequest, startTestGateway, writeSupergraphFile, type SupergraphFile } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';

// `<NAME>_URL` and `<NAME>_TIMEOUT_MS` apply to whatever subgraphs the supergraph names, not to a
// list of today's departments: the gateway as shipped (its own process) serves a supergraph with
// an `agriculture` subgraph composed at a URL where nothing listens, and reaches it through
// AGRICULTURE_URL; a reloaded supergraph that adds subgraphs gets their variables without a restart.

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@shareable"])';
/** The discard port: connections are refused, as at a URL the subgraph no longer has. */
const NOWHERE = 'http://127.0.0.1:9/graphql';

interface TinySubgraph {
  name: string;
  sdl: string;
  url: string;
  server: Server;
}

/** A subgraph of one Query type on a free port, with /health/ready as ours have. */
async function startTinySubgraph(name: string, typeDefs: string, resolvers: GraphQLResolverMap<unknown>): Promise<TinySubgraph> {
  const sdl = `${LINK}\n${typeDefs}`;
  const handler = createHandler({ schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }) });
  const server = createServer((req, res) => {
    if (req.url === '/health/ready') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, sdl, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

interface ShippedGateway {
  process: ChildProcess;
  /** The JSON log lines written so far. */
  log(): { level: number; msg?: string; variable?: string; meant?: string }[];
  /** Resolves with the GraphQL URL once it listens, or rejects with its output when it exits. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** apps/gateway's main, as deployed, on a free port given by the system. */
function startShippedGateway(env: Record<string, string>): ShippedGateway {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'gateway', 'src', 'main.ts')], {
    cwd: workspaceRoot(),
    env: { ...process.env, NODE_ENV: 'development', GATEWAY_PORT: '0', LOG_LEVEL: 'info', GATEWAY_RESPONSE_CACHE_TTL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"([^"]+)"[^\n]*"msg":"gateway ready"/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`The gateway exited (${code}): ${output}`)));
  });
  ready.catch(() => undefined);
  const log = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as ReturnType<ShippedGateway['log']>[number]);
  return { process: child, log, ready, exited };
}

async function stopShippedGateway(gateway: ShippedGateway | undefined): Promise<void> {
  if (!gateway || gateway.process.exitCode !== null) return;
  gateway.process.kill('SIGTERM');
  await gateway.exited;
}

async function readiness(
  gatewayUrl: string,
): Promise<{ status: number; body: { ready: boolean; subgraphs: { name: string; url: string; ready: boolean }[] } }> {
  const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/readiness'));
  return { status: response.status, body: (await response.json()) as Awaited<ReturnType<typeof readiness>>['body'] };
}

const WARN = 40;
const ERROR = 50;

let supergraph: SupergraphFile;
let agriculture: TinySubgraph;
let forestry: TinySubgraph;
let livestock: TinySubgraph;
let gateway: ShippedGateway | undefined;
let gatewayUrl: string;

beforeAll(async () => {
  agriculture = await startTinySubgraph('agriculture', 'type Query { crops: [String!]! harvest(delayMs: Int!): String }', {
    Query: {
      crops: () => ['水稻', '荔枝'],
      harvest: async (_: unknown, { delayMs }: { delayMs: number }) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return 'harvested';
      },
    },
  });
  forestry = await startTinySubgraph('forestry', 'type Query { forests: Int }', { Query: { forests: () => 42 } });
  livestock = await startTinySubgraph('livestock', 'type Query { herds: Int }', { Query: { herds: () => 7 } });
  supergraph = writeSupergraphFile([{ name: 'agriculture', url: NOWHERE, sdl: agriculture.sdl }]);
  gateway = startShippedGateway({
    SUPERGRAPH_PATH: supergraph.path,
    SUBGRAPH_TIMEOUT_MS: '10000',
    AGRICULTURE_URL: agriculture.url,
    AGRICULTURE_TIMEOUT_MS: '300',
    // For subgraphs the supergraph does not name yet (one of them set wrongly), and a typo.
    FORESTRY_URL: forestry.url,
    LIVESTOCK_URL: 'livestock:4000',
    AGRICULTUR_URL: agriculture.url,
    // Unrelated URLs a deployment's environment holds.
    DATABASE_URL: 'postgres://postgres@db.example:5432/hkp',
    TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    GITHUB_SERVER_URL: 'https://github.com',
  });
  gatewayUrl = await gateway.ready;
}, 60_000);

afterAll(async () => {
  await stopShippedGateway(gateway);
  for (const subgraph of [agriculture, forestry, livestock]) {
    if (subgraph) await new Promise<void>((resolve) => subgraph.server.close(() => resolve()));
  }
  supergraph?.remove();
});

describe('a subgraph that is not a department today', () => {
  it('is unreachable at the URL its supergraph was composed with (without AGRICULTURE_URL)', async () => {
    const plain = await startTestGateway(supergraph.path, {});
    try {
      const { body } = await graphqlRequest(plain.url, '{ crops }');
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'agriculture' });
    } finally {
      await plain.stop();
    }
  });

  it('is called at AGRICULTURE_URL', async () => {
    const { status, body } = await graphqlRequest(gatewayUrl, '{ crops }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { crops: ['水稻', '荔枝'] }, extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } } });
  });

  it('is checked for readiness at AGRICULTURE_URL', async () => {
    expect(await readiness(gatewayUrl)).toEqual({
      status: 200,
      body: { ready: true, subgraphs: [{ name: 'agriculture', url: agriculture.url, ready: true, status: 200 }] },
    });
  });

  it('is given up on after AGRICULTURE_TIMEOUT_MS, not SUBGRAPH_TIMEOUT_MS', async () => {
    const started = Date.now();
    const { status, body } = await graphqlRequest(gatewayUrl, '{ harvest(delayMs: 5000) }');
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'agriculture', reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect((await graphqlRequest(gatewayUrl, '{ harvest(delayMs: 0) }')).body).toEqual({
      data: { harvest: 'harvested' },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });
  });

  it('names a misspelled variable once at start, and none of the environment’s other URLs', () => {
    const log = gateway!.log();
    expect(log.filter((line) => line.level === WARN && line.variable !== undefined)).toEqual([
      expect.objectContaining({
        variable: 'AGRICULTUR_URL',
        meant: 'AGRICULTURE_URL',
        msg: expect.stringContaining('did you mean AGRICULTURE_URL?'),
      }),
    ]);
    expect(JSON.stringify(log)).not.toMatch(/DATABASE_URL|GITHUB_SERVER_URL|FORESTRY_URL/);
    // LIVESTOCK_URL is wrong, but no subgraph of this supergraph reads it.
    expect(log.filter((line) => line.level >= ERROR)).toEqual([]);
  });
});

describe('a reloaded supergraph that adds subgraphs', () => {
  it('reaches them through their <NAME>_URL without a restart; a bad one is logged and the supergraph’s URL used', async () => {
    writeFileSync(
      supergraph.path,
      composeSupergraph([
        { name: 'agriculture', url: NOWHERE, sdl: agriculture.sdl },
        { name: 'forestry', url: NOWHERE, sdl: forestry.sdl },
        { name: 'livestock', url: livestock.url, sdl: livestock.sdl },
      ]),
    );
    // The file is polled every second.
    const deadline = Date.now() + 15_000;
    let answer = await graphqlRequest(gatewayUrl, '{ forests }');
    while (answer.body.data?.forests === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await graphqlRequest(gatewayUrl, '{ forests }');
    }
    expect(answer.body).toEqual({ data: { forests: 42 }, extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } } });
    expect((await graphqlRequest(gatewayUrl, '{ crops herds }')).body).toEqual({
      data: { crops: ['水稻', '荔枝'], herds: 7 },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });

    const errors = gateway!.log().filter((line) => line.level >= ERROR);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((line) => line.msg?.startsWith('LIVESTOCK_URL must be an http(s) URL'))).toBe(true);

    const { status, body } = await readiness(gatewayUrl);
    expect(status).toBe(200);
    expect(body.subgraphs.map(({ name, url }) => ({ name, url }))).toEqual(
      expect.arrayContaining([
        { name: 'agriculture', url: agriculture.url },
        { name: 'forestry', url: forestry.url },
        { name: 'livestock', url: livestock.url },
      ]),
    );
  }, 30_000);
});

describe('a bad <NAME>_URL for a subgraph of the supergraph at start', () => {
  it('stops the gateway with a message naming the variable', async () => {
    const bad = startShippedGateway({ SUPERGRAPH_PATH: supergraph.path, AGRICULTURE_URL: 'agriculture:4000' });
    try {
      await expect(bad.ready).rejects.toThrow(/AGRICULTURE_URL must be an http\(s\) URL/);
      expect(await bad.exited).toBe(1);
    } finally {
      await stopShippedGateway(bad);
    }
  }, 60_000);
});
