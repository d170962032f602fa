import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { buildServices } from '@hkp/build';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, readSigningKey, signToken } from '@hkp/auth';
import { DEPARTMENTS, SUBGRAPH_START_ORDER } from '@hkp/departments';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';
import {
  catalogFigures,
  duplicateOutboxRows,
  freshDatabase,
  measuresTitled,
  migrationFigures,
  watchAdvisoryLocks,
  writeRecords,
  type CatalogFigures,
} from './database';
import { deliveryHolds } from './exactly-once';
import { haproxyVersion, INSTALL_HINT, startBalancer, type Balancer } from './haproxy';
import { startReadLoad, type PhaseFigures } from './load';
import { sleep } from '@hkp/processes';
import { Topology, type Replica } from './topology';
import { startWriter, WRITER_SUBJECT } from './writes';

const USAGE = `Usage: npm run replicas [-- --light]

Runs the services as replicas behind HAProxy on a fresh PostgreSQL database and a shared Redis, and
proves: migrations run once when replicas start together; no read fails and every retried write is
applied once while replicas are killed under load; the catalog applies each change once while
programme replicas stop and start; rate limits and response-cache invalidation hold across gateways.
  --light   2 gateways, 2 programme, 2 education, 1 of every other subgraph (default: 2 of each)
Environment: REPLICAS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
REPLICAS_REDIS_URL (default redis://127.0.0.1:6379), REPLICAS_KEEP=1 keeps the database and logs.`;

const say = (message: string) => console.log(`[replicas] ${message}`);

interface Check {
  name: string;
  pass: boolean;
  figures: string;
}

/** A read that touches three subgraphs (civil-affairs, education, programme) and no data the run writes. */
const READ_QUERY = `{ region(code: "440600") { name children { code name } } educationMeasures(first: 5) { nodes { id title } } programme { milestones { year goal } } }`;
const RATE_POINTS = 40;

async function post(url: string, query: string, variables: object = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--light');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}.\n${USAGE}`);
    return 2;
  }
  const light = args.includes('--light');
  const version = haproxyVersion();
  if (!version) {
    console.error(INSTALL_HINT);
    return 2;
  }
  const redisUrl = process.env['REPLICAS_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    console.error(`Redis does not answer at ${redisUrl} (${(error as Error).message}); set REPLICAS_REDIS_URL.`);
    return 2;
  } finally {
    redis.disconnect();
  }

  const root = workspaceRoot();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const workDir = mkdtempSync(join(tmpdir(), 'hkp-replicas-'));
  const logDir = join(workDir, 'logs');
  const checks: Check[] = [];
  const check = (name: string, pass: boolean, figures: string) => {
    checks.push({ name, pass, figures });
    say(`${pass ? 'PASS' : 'FAIL'} ${name}: ${figures}`);
  };
  say(`${version}; work folder ${workDir}`);

  say('Compiling the services to dist/…');
  await buildServices(root);
  const serverUrl = process.env['REPLICAS_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await freshDatabase(serverUrl, `hkp_replicas_${runId}`);
  say(
    `Database ${new URL(database.url).pathname.slice(1)} on ${new URL(database.url).host}; Redis ${redisUrl} (keys hkp:replicas:${runId}:*)`,
  );

  // One HS256 secret for the run: every service verifies the tokens the run signs.
  const secret = randomBytes(32).toString('hex');
  process.env['JWT_SECRET'] = secret;
  for (const name of ['JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY', 'JWT_JWKS_URL']) delete process.env[name];
  const token = (subject: string, scopes: string[] = []) =>
    signToken({ subject, scopes, ttlSeconds: 3600, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE }, readSigningKey());

  let gatewayEnv: Record<string, string> = {};
  const gatewayBase = {
    REDIS_URL: redisUrl,
    GATEWAY_TRUST_PROXY: 'true',
    RATE_LIMIT_KEY_PREFIX: `hkp:replicas:${runId}:rate`,
    GATEWAY_RESPONSE_CACHE_KEY_PREFIX: `hkp:replicas:${runId}:response`,
    // Long enough that only an eviction, not the TTL, can make a fresh answer appear.
    GATEWAY_RESPONSE_CACHE_TTL_MS: '60000',
  };
  const counts: Record<string, number> = light ? { gateway: 2, programme: 2, education: 2 } : {};
  const topology = await Topology.plan({
    root,
    logDir,
    subgraphs: SUBGRAPH_START_ORDER,
    replicas: counts,
    defaultReplicas: light ? 1 : 2,
    databaseUrl: database.url,
    env: { JWT_SECRET: secret, LOG_LEVEL: 'info' },
    gatewayEnv: () => gatewayEnv,
  });
  const gatewayUrl = topology.gateway.url;
  let balancer: Balancer | undefined;
  const ran = [topology.gateway, ...topology.subgraphs].map((s) => `${s.name} ×${s.replicas.length}`).join(', ');

  try {
    balancer = await startBalancer(topology.balanced(), workDir, logDir);
    say(`HAProxy in front of ${ran} (${balancer.configPath})`);

    // (a) Every subgraph replica at the same moment, on an empty database.
    const lockKeys = ALL_SUBGRAPHS.map((m) => `migrate:${m.databaseSchema}`);
    const doubled = ALL_SUBGRAPHS.filter((m) => topology.service(m.name).replicas.length > 1).map((m) => `migrate:${m.databaseSchema}`);
    const watcher = watchAdvisoryLocks(database.url, lockKeys);
    const subgraphReplicas = topology.subgraphs.flatMap((s) => s.replicas);
    say(`(a) Starting ${subgraphReplicas.length} subgraph replicas at once…`);
    const startedAt = Date.now();
    await Promise.all(subgraphReplicas.map((r) => r.startReadyOrThrow()));
    const startSeconds = (Date.now() - startedAt) / 1000;
    const locks = await watcher.stop();
    const expected = Object.fromEntries(
      ALL_SUBGRAPHS.map((m) => [m.databaseSchema, Array.isArray(m.migrations) ? m.migrations.length : 0]),
    );
    const migrations = await migrationFigures(database.url, expected);
    const logErrors = subgraphReplicas.filter((r) => /duplicate key|already exists|23505/i.test(readFileSync(r.process!.logFile, 'utf8')));
    const outboxTwice = await duplicateOutboxRows(database.url);
    const twice = Object.entries(outboxTwice).filter(([, n]) => n > 0);
    check(
      'migrations once at simultaneous start',
      migrations.every((m) => m.rows === m.expected && m.duplicates === 0) && logErrors.length === 0 && twice.length === 0,
      `${subgraphReplicas.length} replicas ready in ${startSeconds.toFixed(1)} s; migration rows ${migrations
        .map((m) => `${m.schema} ${m.rows}/${m.expected}`)
        .join(', ')}; duplicate rows ${migrations.reduce((n, m) => n + m.duplicates, 0)}; seed rows twice ${twice.length}; ` +
        `logs with duplicate-key errors ${logErrors.length}; a replica seen waiting for the migrate lock of ${doubled.filter((k) => locks.waited.includes(k)).length} of ${doubled.length} replicated schemas (max ${locks.maxWaiting} waiting at once, ${locks.samples} samples of pg_locks)`,
    );

    // (e) Gateways sharing Redis: one allowance per client, one response cache.
    gatewayEnv = { ...gatewayBase, RATE_LIMIT_POINTS: String(RATE_POINTS), RATE_LIMIT_WINDOW_S: '60' };
    say('(e) Starting the gateways with a small rate limit…');
    await Promise.all(topology.gateway.replicas.map((r) => r.startReadyOrThrow()));
    await sharedStateChecks(topology, token, check);
    say('Restarting the gateways with room for the load…');
    await Promise.all(topology.gateway.replicas.map((r) => r.stop()));
    gatewayEnv = { ...gatewayBase, RATE_LIMIT_POINTS: '100000000', RATE_LIMIT_WINDOW_S: '60' };
    await Promise.all(topology.gateway.replicas.map((r) => r.startReadyOrThrow()));
    await waitUntil(
      async () => (await post(gatewayUrl, READ_QUERY, {}, { authorization: `Bearer ${await token('warm-up')}` })).status === 200,
      60_000,
    );

    // (b, c, d) Reads and writes under load while replicas are killed, stopped and started.
    const reader = await token('replica-proof-reader');
    const writerToken = await token(WRITER_SUBJECT, ['education:write', 'health:write']);
    const statsBefore = await balancer.stats();
    say('(b, c, d) Read load and writes; killing and restarting replicas…');
    const load = startReadLoad(gatewayUrl, READ_QUERY, { authorization: `Bearer ${reader}` }, 8);
    const t0 = Date.now();
    await sleep(3000);
    const writer = startWriter(gatewayUrl, writerToken, runId, 4);
    await sleep(9000);
    const events: string[] = [];
    const at = (what: string) => events.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
    const duringFrom = Date.now();
    const victims = {
      gateway: topology.replica('gateway', 1),
      subgraph: topology.replica('education', 1),
      programmeStopped: topology.replica('programme', 1),
      programmeKilled: topology.replica('programme', 2),
    };
    at(`kill -9 ${victims.gateway.name}`);
    await victims.gateway.kill();
    await sleep(2000);
    at(`kill -9 ${victims.subgraph.name}`);
    await victims.subgraph.kill();
    await sleep(2000);
    at(`SIGTERM ${victims.programmeStopped.name}`);
    await victims.programmeStopped.stop();
    await sleep(5000);
    at(`start ${victims.gateway.name}, ${victims.subgraph.name}, ${victims.programmeStopped.name}`);
    await Promise.all([victims.gateway, victims.subgraph, victims.programmeStopped].map((r) => r.startReadyOrThrow()));
    at('all three ready');
    await sleep(3000);
    at(`kill -9 ${victims.programmeKilled.name}`);
    await victims.programmeKilled.kill();
    await sleep(4000);
    at(`start ${victims.programmeKilled.name}`);
    await victims.programmeKilled.startReadyOrThrow();
    at(`${victims.programmeKilled.name} ready`);
    const afterFrom = Date.now();
    await sleep(12_000);
    const written = await writer.stop();
    at('writes stopped');
    const end = Date.now();
    await load.stop();
    const statsAfter = await balancer.stats();
    const phases: PhaseFigures[] = [
      load.figures('before', t0, duringFrom),
      load.figures('during', duringFrom, afterFrom),
      load.figures('after', afterFrom, end),
    ];
    const failedReads = phases.reduce((n, p) => n + p.failed, 0);
    const retried = [...statsAfter].map(([name, s]) => {
      const b = statsBefore.get(name);
      return { name, retries: s.retries - (b?.retries ?? 0), redispatches: s.redispatches - (b?.redispatches ?? 0) };
    });
    for (const event of events) say(`  ${event}`);
    check(
      'no failed read while replicas die',
      failedReads === 0,
      `${failedReads} failed of ${phases.reduce((n, p) => n + p.requests, 0)} reads${failedReads ? ` (${load.failures().slice(0, 3).join('; ')})` : ''}; ` +
        `balancer retries ${
          retried
            .filter((r) => r.retries + r.redispatches > 0)
            .map((r) => `${r.name} ${r.retries}/${r.redispatches} redispatched`)
            .join(', ') || 'none'
        }`,
    );

    // (c) Every write the writer saw answered is in the database once.
    const records = await writeRecords(database.url, written.measures);
    const wrong = written.measures.filter((m) => {
      const r = records.get(m.id);
      return !r || r.version !== 2 || !r.title?.endsWith('（修订）') || r.audit.join(',') !== 'CREATE,UPDATE' || r.keys !== 1;
    });
    const total = await measuresTitled(database.url, `副本验证${runId}第`);
    check(
      'retried writes applied exactly once',
      wrong.length === 0 && written.givenUp.length === 0 && total === written.measures.length,
      `${written.measures.length} creates + ${written.measures.length} updates; ${written.resends} sends repeated; ` +
        `${written.measures.filter((m) => m.replayed).length} creates answered as replays, ${written.measures.filter((m) => m.updateAppliedByEarlierSend).length} updates found applied; ` +
        `measures made ${total}, wrong ${wrong.length}, given up ${written.givenUp.length}${written.givenUp.length ? ` (${written.givenUp.slice(0, 2).join('; ')})` : ''}`,
    );

    // (d) The catalog: every change of every feed applied once, once the feeds are drained.
    let catalog: CatalogFigures[] = [];
    const settled = await waitUntil(async () => {
      catalog = await catalogFigures(database.url, 'programme');
      return catalog.every((c) => deliveryHolds(c.audit) && c.versionMismatches === 0 && c.cursor === c.latestSeq);
    }, 60_000);
    check(
      'catalog applied every change exactly once',
      settled,
      catalog
        .map(
          (c) =>
            `${c.department} ${c.audit.applied}/${c.audit.published}` +
            (c.audit.duplicates.length + c.audit.missing.length + c.audit.unexpected.length + c.versionMismatches
              ? ` (twice ${c.audit.duplicates.length}, missing ${c.audit.missing.length}, unexpected ${c.audit.unexpected.length}, versions off ${c.versionMismatches})`
              : '') +
            (c.cursor === c.latestSeq ? '' : ` (cursor ${c.cursor} of ${c.latestSeq})`),
        )
        .join(', '),
    );

    printReport(version, ran, checks, phases, events);
    return checks.every((c) => c.pass) ? 0 : 1;
  } finally {
    say('Stopping…');
    await topology.stopAll();
    await balancer?.stop();
    if (process.env['REPLICAS_KEEP'] === '1') say(`Kept database ${database.url} and logs in ${logDir}.`);
    else {
      await database.drop().catch((error: unknown) => say(`Could not drop the database: ${(error as Error).message}`));
      const keep = checks.some((c) => !c.pass);
      if (keep) say(`Logs kept in ${logDir}.`);
      else rmSync(workDir, { recursive: true, force: true });
    }
  }
}

/** (e) The rate limit counts once across gateways; a write through one gateway clears the other's answers. */
async function sharedStateChecks(
  topology: Topology,
  token: (subject: string, scopes?: string[]) => Promise<string>,
  check: (name: string, pass: boolean, figures: string) => void,
): Promise<void> {
  const [one, two] = topology.gateway.replicas as [Replica, Replica];
  const probe = `Bearer ${await token('replica-proof-rate')}`;
  const byReplica = { [one.name]: { ok: 0, limited: 0 }, [two.name]: { ok: 0, limited: 0 } };
  for (let i = 0; i < RATE_POINTS + 20; i++) {
    const replica = i % 2 === 0 ? one : two;
    const { status, body } = await post(replica.graphqlUrl, '{ __typename }', {}, { authorization: probe });
    const limited = status === 429 || body?.errors?.[0]?.extensions?.code === 'RATE_LIMITED';
    byReplica[replica.name]![limited ? 'limited' : 'ok'] += 1;
  }
  const allowed = byReplica[one.name]!.ok + byReplica[two.name]!.ok;
  check(
    'rate limit shared by the gateways',
    allowed === RATE_POINTS && byReplica[one.name]!.limited > 0 && byReplica[two.name]!.limited > 0,
    `${RATE_POINTS + 20} requests of one client alternating ${one.name}/${two.name} with ${RATE_POINTS} allowed per minute: ` +
      `${allowed} answered, ${RATE_POINTS + 20 - allowed} RATE_LIMITED (${one.name} ${byReplica[one.name]!.ok} ok, ${two.name} ${byReplica[two.name]!.ok} ok)`,
  );

  const count = `{ educationMeasures(first: 1) { totalCount } }`;
  const totalVia = async (replica: Replica) => (await post(replica.graphqlUrl, count)).body?.data?.educationMeasures?.totalCount as number;
  const editor = `Bearer ${await token('replica-proof-editor', ['education:write'])}`;
  const create = (url: string, title: string) =>
    post(
      url,
      `mutation ($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { version } }`,
      { input: { title, level: 'CITY', issuer: '省教育厅', responsibleBody: '省教育厅', category: 'EDUCATION', regionCodes: ['440600'] } },
      { authorization: editor },
    );
  const first = await totalVia(one);
  const second = await totalVia(two);
  // Written behind the gateways' back (straight to the education subgraph): no gateway sees a
  // mutation; both evict the cached count once the catalog has applied the change (its change stream).
  await create(topology.service('education').url, '副本缓存验证甲');
  const evicted = await waitUntil(async () => (await totalVia(two)) === first + 1 && (await totalVia(one)) === first + 1, 10_000);
  // Written through the first gateway: the second must answer fresh at once.
  await create(one.graphqlUrl, '副本缓存验证乙');
  const fresh = await totalVia(two);
  check(
    'response cache shared and evicted across gateways',
    first === second && evicted && fresh === first + 2,
    `totalCount via ${one.name} ${first}, via ${two.name} ${second}; after a write behind the gateways both answer ${first + 1} once the catalog applied it: ${evicted}; ` +
      `after a write through ${one.name} ${two.name} answers ${fresh} (expected ${first + 2})`,
  );
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return true;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

function printReport(version: string, ran: string, checks: Check[], phases: PhaseFigures[], events: string[]): void {
  console.log('');
  console.log(`Replica proof — ${ran}; ${version.split(' - ')[0]}; ${DEPARTMENTS.length} departments`);
  console.log('');
  console.log('| read load | seconds | reads | failed | reads/s | p50 ms | p95 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const p of phases) console.log(`| ${p.phase} | ${p.seconds} | ${p.requests} | ${p.failed} | ${p.rps} | ${p.p50} | ${p.p95} |`);
  console.log('');
  console.log(`Events: ${events.join('; ')}`);
  console.log('');
  console.log('| check | result | figures |');
  console.log('|---|---|---|');
  for (const c of checks) console.log(`| ${c.name} | ${c.pass ? 'pass' : 'FAIL'} | ${c.figures} |`);
  console.log('');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[replicas] ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
