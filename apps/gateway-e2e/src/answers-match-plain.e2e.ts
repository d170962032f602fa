import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { SCOPES } from '@hkp/auth';
import type { RunningGateway } from '@hkp/gateway';
import { readGeneratedMeasures } from '@hkp/policy-model';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  startIsolatedFederation,
  startTestGateway,
  subgraphRequestCount,
  waitUntil,
  type IsolatedFederation,
} from '@hkp/testing';
// The benchmark's own operations, so that a workload added there is compared here too. An app's
// file (tools/bench is one) is no library; workloads.ts is the list of operations the benchmark sends.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PAGE_PROBES, WORKLOADS } from '../../../tools/bench/src/workloads';
import { DEFAULT_CATALOG_SYNC } from './support/catalog-sync';
import { startPlainGatewayProcess, type PlainGatewayProcess } from './support/plain-gateway';

// Speed never costs correctness: whatever our gateway does to answer faster (the response cache,
// entity caching, de-duplicating subgraph fetches), its answers to the benchmark's operations are
// the plain Hive Gateway runtime's (same Rust planner, same supergraph and subgraphs, none of our
// plugins), field for field and in the same order. Asked every way a client meets our gateway:
// executed (`Cache-Control: no-cache`), anonymous (first, and again from the response cache), and
// with a token of every scope; with the shared state in Redis (REDIS_URL, as replicas run) and in
// the process. Our answers add `extensions.cost` (the operation's estimated cost), which the plain
// runtime does not compute: that one entry is set aside, everything else must match.

const REDIS_URL = 'redis://127.0.0.1:6379';
const SEED_COUNT = readGeneratedMeasures().length;
/** Redis keys of this run's own (the response cache's and the entity cache's): no other test's write starts a new generation here. */
const KEY_PREFIX = `hkp-test-answers-match-plain-${randomUUID()}`;

/**
 * As the benchmark runs our gateway (tools/bench/src/stack.ts, GATEWAY_BENCH_ENV): one client sends
 * everything, and the heavy workload's estimated cost is over the default limit. Every other
 * setting as shipped: the response cache and the entity cache on (the test gateway has them off
 * unless asked), the response cache keeping answers long enough that a repeat is surely a hit.
 */
const GATEWAY_ENV = {
  RATE_LIMIT_POINTS: '100000000',
  RATE_LIMIT_WINDOW_S: '60',
  GATEWAY_MAX_COST: '10000000',
  GATEWAY_RESPONSE_CACHE_TTL_MS: '300000',
  GATEWAY_RESPONSE_CACHE_KEY_PREFIX: `${KEY_PREFIX}:responses`,
  GATEWAY_ENTITY_CACHE: 'true',
  GATEWAY_ENTITY_CACHE_KEY_PREFIX: `${KEY_PREFIX}:entities`,
};

const issuer = createTestTokenIssuer('answers-reader');
let federation: IsolatedFederation;
/** Our gateway with REDIS_URL is the federation's own; this one keeps its state in the process. */
let inMemory: RunningGateway;
let plain: PlainGatewayProcess;
let everyScope: Record<string, string>;

beforeAll(async () => {
  everyScope = bearerHeaders(await issuer.token([...SCOPES]));
  // The catalog syncs as shipped: the change stream the response cache follows is the catalog's.
  federation = await startIsolatedFederation('answers_match_plain_e2e', ALL_SUBGRAPHS, {
    env: DEFAULT_CATALOG_SYNC,
    trustedIssuer: issuer,
    gatewayEnv: { ...GATEWAY_ENV, REDIS_URL },
  });
  const started = await Promise.all([
    startPlainGatewayProcess(federation.supergraphPath),
    startTestGateway(federation.supergraphPath, { ...GATEWAY_ENV, JWT_PUBLIC_KEY: issuer.publicKey }),
  ]);
  [plain, inMemory] = started;
  let last: unknown;
  await waitUntil(
    async () => {
      const { body } = await graphqlRequest(plain.url, '{ measures { totalCount } }');
      last = body.data?.measures.totalCount ?? body.errors;
      return last === SEED_COUNT;
    },
    () => `the catalog to list the ${SEED_COUNT} seed measures (last answer: ${JSON.stringify(last)})`,
    { timeoutMs: 120_000 },
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([plain?.stop(), inMemory?.stop()]);
  await federation?.stop();
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${KEY_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // Left to expire: answers are kept with a TTL.
  } finally {
    redis.disconnect();
  }
}, 60_000);

interface Answer {
  /** How it was asked, e.g. "ours (Redis), executed". */
  way: string;
  status: number;
  /** The body as sent. */
  text: string;
  body: unknown;
}

async function ask(url: string, way: string, query: string, headers?: Record<string, string>): Promise<Answer & { subgraphCalls: number }> {
  const before = subgraphRequestCount(federation);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${way} answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
  return { way, status: response.status, text, body, subgraphCalls: subgraphRequestCount(federation) - before };
}

/**
 * How many times a repeat is asked, a little apart, for one to come from the response cache. Only
 * an answer from the cache reaches no subgraph at all; but the catalog's sync passes (every second)
 * call the departments meanwhile, and a Redis write is not awaited: a repeat that met either is asked again.
 */
const REPEATS_FOR_A_HIT = 50;

/** Every way a client meets one of our gateways; the repeat until it is answered from the response cache. */
async function oursEveryWay(name: string, url: string, query: string): Promise<{ answers: Answer[]; cacheHit: boolean }> {
  const answers: Answer[] = [
    await ask(url, `${name}, executed (Cache-Control: no-cache)`, query, { 'cache-control': 'no-cache' }),
    await ask(url, `${name}, anonymous`, query),
  ];
  let cacheHit = false;
  for (let attempt = 1; attempt <= REPEATS_FOR_A_HIT && !cacheHit; attempt++) {
    const repeat = await ask(url, `${name}, anonymous again (repeat ${attempt})`, query);
    cacheHit = repeat.subgraphCalls === 0;
    answers.push(cacheHit ? { ...repeat, way: `${name}, anonymous again, from the response cache` } : repeat);
    if (!cacheHit) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  answers.push(await ask(url, `${name}, with a token of every scope`, query, everyScope));
  return { answers, cacheHit };
}

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};
const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Where our answer first differs from the plain runtime's, field order included (a JSON path, and
 * both values there), or undefined when they are the same.
 */
function firstDifference(plainAnswer: unknown, ours: unknown, path = '$'): string | undefined {
  if (Object.is(plainAnswer, ours)) return undefined;
  const kind = kindOf(plainAnswer);
  if (kind !== kindOf(ours) || (kind !== 'object' && kind !== 'array'))
    return `at ${path}: the plain runtime ${show(plainAnswer)}, ours ${show(ours)}`;
  if (kind === 'array') {
    const [e, a] = [plainAnswer as unknown[], ours as unknown[]];
    for (let i = 0; i < Math.min(e.length, a.length); i++) {
      const difference = firstDifference(e[i], a[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return e.length === a.length ? undefined : `at ${path}: the plain runtime ${e.length} items, ours ${a.length}`;
  }
  const [e, a] = [plainAnswer as Record<string, unknown>, ours as Record<string, unknown>];
  const [eKeys, aKeys] = [Object.keys(e), Object.keys(a)];
  for (let i = 0; i < Math.max(eKeys.length, aKeys.length); i++) {
    if (eKeys[i] !== aKeys[i]) return `at ${path}: the plain runtime's fields ${eKeys.join(', ')}; ours ${aKeys.join(', ')}`;
    const difference = firstDifference(e[eKeys[i]!], a[aKeys[i]!], `${path}.${eKeys[i]}`);
    if (difference) return difference;
  }
  return undefined;
}

/** Our answer without `extensions.cost` (the one thing the plain runtime has no counterpart of). */
function withoutCost(body: unknown): unknown {
  const { extensions, ...rest } = body as { extensions?: Record<string, unknown> };
  if (extensions === undefined) return body;
  const { cost: _cost, ...otherExtensions } = extensions;
  return Object.keys(otherExtensions).length > 0 ? { ...rest, extensions: otherExtensions } : rest;
}

const CASES: { name: string; query: string }[] = [
  ...WORKLOADS.map(({ name, query }) => ({ name: `workload ${name}`, query })),
  ...PAGE_PROBES.flatMap(({ name, query }) =>
    [1, 100].map((first) => ({ name: `page probe "${name}", first: ${first}`, query: query(first) })),
  ),
];

it.each(CASES)(
  'answers $name exactly as the plain runtime does',
  async ({ query }) => {
    const reference = await ask(plain.url, 'plain runtime', query);
    // An operation the plain runtime cannot answer proves nothing here.
    expect({ status: reference.status, errors: (reference.body as { errors?: unknown }).errors }).toEqual({
      status: 200,
      errors: undefined,
    });

    const redis = await oursEveryWay('ours (Redis)', federation.gatewayUrl, query);
    const memory = await oursEveryWay('ours (in process)', inMemory.url, query);
    const ours = [...redis.answers, ...memory.answers];
    const differences = ours.flatMap((answer) => {
      const found: string[] = [];
      if (answer.status !== reference.status) found.push(`HTTP ${answer.status}, the plain runtime ${reference.status}`);
      const difference = firstDifference(reference.body, withoutCost(answer.body));
      if (difference) found.push(difference);
      return found.map((text) => `${answer.way}: ${text}`);
    });
    expect(differences).toEqual([]);
    // Ours answer with the very same bytes every way (the estimated cost included).
    expect(ours.filter((answer) => answer.text !== ours[0]!.text).map((answer) => answer.way)).toEqual([]);
    expect({ redis: redis.cacheHit, memory: memory.cacheHit }).toEqual({ redis: true, memory: true });
  },
  120_000,
);
