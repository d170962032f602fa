import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import Redis from 'ioredis';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  freePort,
  graphqlRequest,
  startIsolatedFederation,
  waitUntil,
  type IsolatedFederation,
  type TestTokenIssuer,
} from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';

// GATEWAY_WORKERS=2: the gateway as shipped (apps/gateway's main, its own process) forks two
// workers that share the port. Both answer; the rate limit is one allowance across them (Redis);
// /metrics and /usage answer for both; a worker that dies is replaced without failing a later
// request; SIGTERM to the primary drains both and stops.

const REDIS_URL = 'redis://127.0.0.1:6379';
const RATE_LIMIT_POINTS = 20;
const REGION = 'query WorkersRegion { region(code: "440000") { name } }';

interface LogLine {
  level: number;
  msg?: string;
  pid?: number;
  pids?: number[];
  url?: string;
  code?: number | null;
  signal?: string | null;
}

interface ShippedGateway {
  process: ChildProcess;
  log(): LogLine[];
  output(): string;
  exited: Promise<number | null>;
}

/** apps/gateway's main as deployed, with `env` on top of this process's environment (minus its token keys). */
function startShippedGateway(env: Record<string, string>): ShippedGateway {
  const inherited = { ...process.env };
  for (const name of ['JWT_PUBLIC_KEY', 'JWT_JWKS_URL', 'JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE', 'REDIS_URL']) delete inherited[name];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'gateway', 'src', 'main.ts')], {
    cwd: workspaceRoot(),
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'info', GATEWAY_RESPONSE_CACHE_TTL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return { process: child, log, output: () => output, exited };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let federation: IsolatedFederation;
let issuer: TestTokenIssuer;
let gateway: ShippedGateway;
let gatewayUrl: string;
let metricsUrl: string;
let keyPrefix: string;
/** Each request from its own address (X-Forwarded-For, trusted), so only the rate-limit test meets the limit. */
let nextAddress = 0;
const ownAddress = () => {
  nextAddress += 1;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
};

/** The region query; the answer's status, data and the worker that made it. */
async function askRegion(headers: Record<string, string> = {}) {
  const {
    status,
    body,
    headers: answered,
  } = await graphqlRequest(gatewayUrl, REGION, undefined, {
    'x-forwarded-for': ownAddress(),
    'x-client-name': 'workers-e2e',
    ...headers,
  });
  return { status, body, worker: Number(answered.get('x-gateway-worker')) };
}

/** `count` requests, `concurrency` at a time (several connections, so both workers get some). */
async function askMany(count: number, concurrency: number, headers?: Record<string, string>) {
  const answers: Awaited<ReturnType<typeof askRegion>>[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started += 1;
        answers.push(await askRegion(headers));
      }
    }),
  );
  return answers;
}

/** Which worker answers a request on a connection of its own (the primary hands connections out in turn). */
function workerOnNewConnection(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${gatewayUrl.replace(/\/graphql$/, '')}/healthcheck`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(res.headers['x-gateway-worker'])));
    });
    req.on('error', reject);
    req.end();
  });
}

async function metricsText(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  return response.text();
}

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

beforeAll(async () => {
  issuer = createTestTokenIssuer('workers-admin');
  federation = await startIsolatedFederation('gateway_workers', [civilAffairsSubgraph], { trustedIssuer: issuer });
  keyPrefix = `hkp:test:workers:${randomUUID()}`;
  const port = await freePort();
  const metricsPort = await freePort();
  gateway = startShippedGateway({
    GATEWAY_WORKERS: '2',
    GATEWAY_WORKER_HEADER: 'true',
    GATEWAY_PORT: String(port),
    GATEWAY_METRICS_PORT: String(metricsPort),
    GATEWAY_SHUTDOWN_TIMEOUT_MS: '5000',
    SUPERGRAPH_PATH: federation.supergraphPath,
    CIVIL_AFFAIRS_URL: federation.subgraphs['civil-affairs']!.url,
    REDIS_URL,
    RATE_LIMIT_POINTS: String(RATE_LIMIT_POINTS),
    RATE_LIMIT_KEY_PREFIX: `${keyPrefix}:rate`,
    GATEWAY_RESPONSE_CACHE_KEY_PREFIX: `${keyPrefix}:response`,
    GATEWAY_TRUST_PROXY: 'true',
    JWT_PUBLIC_KEY: issuer.publicKey,
  });
  await waitUntil(
    () => gateway.log().some((l) => l.msg === 'gateway ready') || gateway.process.exitCode !== null,
    'the gateway to be ready',
    {
      timeoutMs: 60_000,
    },
  );
  const ready = gateway.log().find((l) => l.msg === 'gateway ready');
  if (!ready) throw new Error(`The gateway did not start: ${gateway.output()}`);
  gatewayUrl = ready.url!;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
}, 120_000);

afterAll(async () => {
  if (gateway && gateway.process.exitCode === null && gateway.process.signalCode === null) {
    gateway.process.kill('SIGTERM');
    await gateway.exited;
  }
  await federation?.stop();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${keyPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

it('refuses to start workers without REDIS_URL while the rate limit and the response cache would be per worker', async () => {
  const refused = startShippedGateway({
    GATEWAY_WORKERS: '2',
    GATEWAY_PORT: String(await freePort()),
    GATEWAY_RESPONSE_CACHE_TTL_MS: '2000',
  });
  expect(await refused.exited).toBe(1);
  const message = refused.log().find((l) => l.level === 50)?.msg;
  expect(message).toContain('GATEWAY_WORKERS=2 needs REDIS_URL');
  expect(message).toContain('the rate limit and the response cache');
  expect(message).toContain('RATE_LIMIT_ENABLED=false, GATEWAY_RESPONSE_CACHE_TTL_MS=0');
});

it('answers from both workers, named in x-gateway-worker', async () => {
  const workers = gateway.log().find((l) => l.msg === 'gateway ready')!.pids!;
  expect(workers).toHaveLength(2);
  const answers = await askMany(40, 8);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ region: { name: '广东省' } });
  }
  expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(workers));
});

it('holds a client to one allowance across both workers (Redis)', async () => {
  const client = { 'x-forwarded-for': '203.0.113.7' };
  const answers = await askMany(RATE_LIMIT_POINTS + 10, 6, client);
  const answered = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 429);
  // Alone, each worker would have let this client make RATE_LIMIT_POINTS requests.
  expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
  expect(answered).toHaveLength(RATE_LIMIT_POINTS);
  expect(refused).toHaveLength(10);
  for (const answer of refused) expect(answer.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
});

it('serves one aggregated set of metrics for every worker, and /usage counts from both', async () => {
  const text = await metricsText();
  // Each metric once, not once per worker.
  const helps = text.split('\n').filter((l) => l.startsWith('# HELP '));
  expect(new Set(helps).size).toBe(helps.length);
  expect(metricValue(text, 'gateway_workers')).toBe(2);
  // A time is the latest worker's, not the sum of both.
  expect(metricValue(text, 'gateway_supergraph_loaded_timestamp_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
  // Both workers serve the one supergraph.
  expect(text).toMatch(/^gateway_supergraph_info\{hash="[0-9a-f]{12}",source="file"\} 2$/m);
  // The refusals of the previous test, made by both workers, counted as one total.
  expect(metricValue(text, 'gateway_graphql_errors_total{code="RATE_LIMITED"}')).toBe(10);

  const usage = await fetch(gatewayUrl.replace(/\/graphql$/, '/usage'), {
    headers: bearerHeaders(await issuer.token(['admin'])),
  });
  expect(usage.status).toBe(200);
  const report = (await usage.json()) as { operations: { client: string; name: string; count: number }[] };
  // 40 + 20 executed (refused requests are not executed), whichever worker ran them.
  expect(report.operations.find((o) => o.client === 'workers-e2e' && o.name === 'WorkersRegion')?.count).toBe(60);
});

it('fails no request made after a worker dies, and the primary starts another', async () => {
  const [victim, survivor] = gateway.log().find((l) => l.msg === 'gateway ready')!.pids!;
  let running = true;
  let diedAt = Number.POSITIVE_INFINITY;
  const failuresAfterDeath: string[] = [];
  const workersSeen = new Set<number>();
  const loops = Array.from({ length: 4 }, async () => {
    while (running) {
      const startedAt = Date.now();
      try {
        const answer = await askRegion();
        if (answer.status === 200 && answer.body.data?.region?.name === '广东省') workersSeen.add(answer.worker);
        else if (startedAt > diedAt) failuresAfterDeath.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      } catch (error) {
        if (startedAt > diedAt) failuresAfterDeath.push(String(error));
      }
    }
  });
  try {
    await waitUntil(() => workersSeen.has(victim!) && workersSeen.has(survivor!), 'both workers answering');
    process.kill(victim!, 'SIGKILL');
    await waitUntil(() => !isAlive(victim!), 'the worker to die');
    diedAt = Date.now();
    workersSeen.clear();
    // The clients' kept-alive connections stay with the survivor: new connections reach the new worker.
    await waitUntil(async () => ![survivor, Number.NaN].includes(await workerOnNewConnection()), 'a new worker to answer', {
      timeoutMs: 20_000,
    });
  } finally {
    running = false;
    await Promise.all(loops);
  }
  expect(failuresAfterDeath).toEqual([]);
  const restart = gateway.log().find((l) => l.pid === victim && l.level === 40);
  expect(restart?.msg).toMatch(new RegExp(`^gateway worker ${victim} exited \\(SIGKILL\\); starting another in \\d+ ms$`));
  const text = await metricsText();
  expect(metricValue(text, 'gateway_worker_restarts_total')).toBe(1);
  expect(metricValue(text, 'gateway_workers')).toBe(2);
}, 60_000);

it('drains every worker on SIGTERM to the primary, then stops', async () => {
  const workers = gateway
    .log()
    .filter((l) => l.msg === 'gateway worker ready')
    .map((l) => l.pid!)
    .filter(isAlive);
  expect(workers).toHaveLength(2);
  gateway.process.kill('SIGTERM');
  expect(await gateway.exited).toBe(0);
  for (const pid of workers) {
    expect(isAlive(pid)).toBe(false);
    expect(gateway.log().some((l) => l.pid === pid && l.msg === 'draining: /readiness answers 503')).toBe(true);
    expect(gateway.log().find((l) => l.pid === pid && l.msg === 'gateway worker stopped')).toMatchObject({ code: 0, signal: null });
  }
}, 30_000);
