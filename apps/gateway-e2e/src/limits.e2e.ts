import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@hkp/auth';
import { RESPONSE_CACHE_DEFAULTS, type RunningGateway } from '@hkp/gateway';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  baseUrlOf,
  graphqlRequest,
  startIsolatedFederation,
  startTestGateway,
  subgraphRequestCount,
  waitForQuietSubgraphs,
  type GraphQLResponseBody,
  type IsolatedFederation,
} from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';

// Abusive operations are refused quickly, with a stable code and before any subgraph is called;
// bodies over the limit get 413; clients are rate limited (in memory, and shared through Redis);
// persisted-documents-only mode; CSRF prevention; malformed requests; production defaults.

const REFUSAL_MS = 200;

let federation: IsolatedFederation;
const extraGateways: RunningGateway[] = [];
/** Files the extra gateways read (a persisted-documents manifest). */
let dir: string;

/** Every GraphQL request the subgraphs have served so far. */
const subgraphRequests = () => subgraphRequestCount(federation);

/**
 * Another gateway over the same subgraphs, configured by `env` as in production, response cache
 * included: a cached answer must never get past a limit or a refusal.
 */
async function gatewayWith(env: Record<string, string>): Promise<RunningGateway> {
  const gateway = await startTestGateway(federation.supergraphPath, {
    GATEWAY_RESPONSE_CACHE_TTL_MS: String(RESPONSE_CACHE_DEFAULTS.ttlMs),
    ...env,
  });
  extraGateways.push(gateway);
  return gateway;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json?: GraphQLResponseBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body,
  });
  const text = await response.text();
  let json: GraphQLResponseBody | undefined;
  try {
    json = JSON.parse(text) as GraphQLResponseBody;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Sends an operation, and checks it is refused with QUERY_TOO_COMPLEX in time, no subgraph called. */
async function expectRefused(query: string, limit: string, variables?: object): Promise<{ ms: number; body: GraphQLResponseBody }> {
  const before = subgraphRequests();
  const started = performance.now();
  const { status, body } = await graphqlRequest(federation.gatewayUrl, query, variables);
  const ms = performance.now() - started;
  expect(status).toBe(400);
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(ms).toBeLessThan(REFUSAL_MS);
  expect(subgraphRequests()).toBe(before);
  console.info(`refused (${limit}) in ${ms.toFixed(1)} ms: ${body.errors?.[0]?.message}`);
  return { ms, body };
}

function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/stacktrace|originalError|\bat .+\.(ts|js):\d+|node_modules|\/work\/|\/tmp\/|127\.0\.0\.1/i);
}

beforeAll(async () => {
  // The catalog's background sync calls the department subgraphs every second; keep it quiet so
  // that "no subgraph was called" is measured on a quiet system.
  federation = await startIsolatedFederation('gateway_limits', ALL_SUBGRAPHS, {
    env: QUIET_CATALOG_SYNC,
    gatewayEnv: { RATE_LIMIT_POINTS: '1000' },
  });
  // Warm up (the first request loads the schema) and wait for the first catalog pass to finish.
  await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
  await waitForQuietSubgraphs(federation, 500);
  dir = mkdtempSync(join(tmpdir(), 'hkp-limits-'));
}, 180_000);

afterAll(async () => {
  for (const gateway of extraGateways) await gateway.stop();
  await federation?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('query limits', () => {
  it('still answers ordinary queries, including a portal page of 100 measures with their regions, targets and funding', async () => {
    const before = subgraphRequests();
    const { status, body } = await graphqlRequest(
      federation.gatewayUrl,
      `query Page($first: Int!) { measures(first: $first) { nodes { id regions { code name } targets { indicator region { name } } funding { amount } } } }`,
      { first: 100 },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(subgraphRequests()).toBeGreaterThan(before);
  });

  it('refuses a 1 kB document whose fragments each spread the next two (2^20 fields once expanded), at once, and keeps serving', async () => {
    const fragments = ['fragment A0 on Region { code name level }', 'fragment B0 on Region { code name level }'];
    for (let i = 1; i <= 20; i += 1)
      fragments.push(`fragment A${i} on Region { ...A${i - 1} ...B${i - 1} }`, `fragment B${i} on Region { ...A${i - 1} ...B${i - 1} }`);
    const query = `{ region(code: "440600") { ...A20 ...B20 } } ${fragments.join(' ')}`;
    expect(query.length).toBeLessThan(2000);
    const { body } = await expectRefused(query, 'selections');
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 2000 });
    const { status, body: after } = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
    expect(status).toBe(200);
    expect(after.data).toEqual({ region: { name: '佛山市' } });
  });

  it('answers a fragment cycle with a validation error before anything walks it', async () => {
    const before = subgraphRequests();
    const { status, body } = await graphqlRequest(
      federation.gatewayUrl,
      '{ region(code: "440600") { ...A } } fragment A on Region { name ...B } fragment B on Region { ...A }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', fragment: 'A' });
    expect(subgraphRequests()).toBe(before);
  });

  it('answers a subscription sent without Accept: text/event-stream with EVENT_STREAM_REQUIRED, not a 500', async () => {
    // A valid subscription (one root field): `subscription { __typename }` is refused by GraphQL's own
    // validation first, which says nothing about the transport.
    const { status, body } = await graphqlRequest(federation.gatewayUrl, 'subscription { measureChanged { seq } }');
    expect(status).toBe(406);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'EVENT_STREAM_REQUIRED', accept: 'text/event-stream' });
    expect(body.errors?.[0]?.message).toMatch(/Accept: text\/event-stream/);
  });

  it('refuses variables nested deeper than any input, before the response cache hashes them', async () => {
    const depth = 40_000;
    const gateway = await gatewayWith({});
    const response = await post(
      gateway.url,
      `{"query":"query($n: Int) { measures(first: $n) { totalCount } }","variables":{"n":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    );
    expect(response.status).toBe(400);
    expect(response.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'n', maxDepth: 32 });
  });

  it('answers a variable too deep to hash with a client error even when the limits are off', async () => {
    const depth = 40_000;
    const gateway = await gatewayWith({ GATEWAY_LIMITS: 'false' });
    const response = await post(
      gateway.url,
      `{"query":"query($n: Int) { measures(first: $n) { totalCount } }","variables":{"n":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    );
    expect(response.status).toBe(400);
    expect(response.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a 30-deep query', async () => {
    let selection = 'name';
    for (let i = 0; i < 30; i += 1) selection = `children { ${selection} }`;
    const { body } = await expectRefused(`{ region(code: "440600") { ${selection} } }`, 'depth');
    expect(body.errors?.[0]?.message).toBe('Query depth limit of 10 exceeded, found 32.');
  });

  it('refuses 5,000 aliases (at the token limit, before parsing)', async () => {
    const aliases = Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ');
    await expectRefused(`{ ${aliases} }`, 'tokens');
  });

  it('refuses more aliases than the limit even in a short document', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `r${i}: region(code: "440600") { name }`).join(' ');
    const { body } = await expectRefused(`{ ${aliases} }`, 'aliases');
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 30, found: 40 });
  });

  it('refuses a huge token count', async () => {
    // ~95 kB of tokens: under the body limit, far over the token limit.
    await expectRefused(`{ region(code: "440600") { ${'name '.repeat(19_000)} } }`, 'tokens');
  });

  it('refuses an over-cost query, counting the page sizes given in variables', async () => {
    const query = 'query Nested($first: Int!) { regions(first: $first) { nodes { children { children { name } } } } }';
    const { body } = await expectRefused(query, 'cost', { first: 100 });
    // 1 + 100 regions × (1 + 100 children × (1 + 7 grandchildren each)): a town has up to 84
    // villages, a county or city up to 609 regions two levels down.
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 10_000, cost: 80_101 });
    // The same document with a small page is cheap enough and runs.
    const small = await graphqlRequest(federation.gatewayUrl, query, { first: 2 });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.regions.nodes).toHaveLength(2);
  });

  it('shows field suggestions outside production (they are hidden in production, see below)', async () => {
    const { body } = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { nam } }');
    expect(body.errors?.[0]?.message).toMatch(/Did you mean "name"\?/);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('request body size', () => {
  it('answers 413 with a JSON error when Content-Length is over GATEWAY_MAX_BODY_BYTES, before parsing', async () => {
    const before = subgraphRequests();
    const body = JSON.stringify({ query: `{ __typename ${' '.repeat(150_000)} }` });
    const started = performance.now();
    const { status, json, text } = await post(federation.gatewayUrl, body);
    const ms = performance.now() - started;
    expect(status).toBe(413);
    expect(json?.errors?.[0]?.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 100_000 });
    expect(ms).toBeLessThan(REFUSAL_MS);
    expect(subgraphRequests()).toBe(before);
    expectNoInternals(text);
  });

  it('answers 413 to a chunked upload without Content-Length once it passes the limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(10_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query": "{ __typename }", "padding": "'));
        if (sent >= 30) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as GraphQLResponseBody).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts a body just under the limit', async () => {
    const body = JSON.stringify({ query: `{ __typename }`, extensions: { padding: 'x'.repeat(90_000) } });
    const { status, json } = await post(federation.gatewayUrl, body);
    expect(status).toBe(200);
    expect(json?.data).toEqual({ __typename: 'Query' });
  });
});

describe('malformed requests', () => {
  const postWith = (contentType: string, body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': contentType }, body });
  const cases: { name: string; init: RequestInit & { search?: string }; status: number; code: string }[] = [
    {
      name: 'a body that is not JSON',
      init: postWith('application/json', '{"query": '),
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'an empty body',
      init: postWith('application/json', ''),
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'a JSON array',
      init: postWith('application/json', '[1, 2]'),
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'a query that is not a string',
      init: postWith('application/json', '{"query": 42}'),
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'no query at all',
      init: postWith('application/json', '{}'),
      status: 400,
      code: 'BAD_REQUEST',
    },
    {
      name: 'a text/plain POST (a cross-site form could send it)',
      init: postWith('text/plain', '{"query": "{ __typename }"}'),
      status: 403,
      code: 'CSRF_PREVENTED',
    },
    {
      name: 'a form POST',
      init: postWith('application/x-www-form-urlencoded', 'query=%7B__typename%7D'),
      status: 403,
      code: 'CSRF_PREVENTED',
    },
    {
      name: 'a GET without a preflight header',
      init: { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}` },
      status: 403,
      code: 'CSRF_PREVENTED',
    },
    {
      name: 'a GET with a mutation',
      init: { method: 'GET', headers: { 'x-graphql-csrf': '1' }, search: `?query=${encodeURIComponent('mutation { __typename }')}` },
      status: 405,
      code: 'BAD_REQUEST',
    },
  ];

  it.each(cases)('answers $name with $status $code, no stack trace and no internal path', async ({ init, status, code }) => {
    const before = subgraphRequests();
    const response = await fetch(`${federation.gatewayUrl}${init.search ?? ''}`, {
      ...init,
      headers: { accept: 'application/json', ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    expect(response.status).toBe(status);
    const body = JSON.parse(text) as GraphQLResponseBody;
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expectNoInternals(text);
    expect(subgraphRequests()).toBe(before);
  });

  it('answers a content type it does not read with 415 BAD_REQUEST', async () => {
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'x-graphql-csrf': '1' },
      body: '<query/>',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const text = await response.text();
    expect((JSON.parse(text) as GraphQLResponseBody).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expectNoInternals(text);
  });

  it('runs a GET query that carries a preflight header', async () => {
    const response = await fetch(`${federation.gatewayUrl}?query=${encodeURIComponent('{ region(code: "440600") { name } }')}`, {
      headers: { 'x-graphql-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { region: { name: '佛山市' } },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });
  });
});

describe('rate limits', () => {
  const QUERY = JSON.stringify({ query: '{ __typename }' });

  it('answers 429 RATE_LIMITED with Retry-After after RATE_LIMIT_POINTS requests, per client', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_POINTS: '5', RATE_LIMIT_WINDOW_S: '60', GATEWAY_TRUST_PROXY: 'true' });
    const as = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i += 1) expect((await post(gateway.url, QUERY, as('203.0.113.7'))).status).toBe(200);
    const limited = await post(gateway.url, QUERY, as('203.0.113.7'));
    expect(limited.status).toBe(429);
    expect(limited.json?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 5, windowSeconds: 60 });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json?.errors?.[0]?.extensions?.['retryAfterSeconds']).toBe(retryAfter);
    // Another client is counted on its own.
    expect((await post(gateway.url, QUERY, as('198.51.100.20'))).status).toBe(200);
  });

  it('counts a client with a verified token by its subject, from whatever address it calls', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const gateway = await gatewayWith({
      RATE_LIMIT_POINTS: '3',
      GATEWAY_TRUST_PROXY: 'true',
      JWT_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const signing = {
      algorithm: 'ES256' as const,
      key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      source: 'JWT_PRIVATE_KEY' as const,
    };
    const tokenFor = (subject: string) =>
      signToken({ subject, scopes: [], ttlSeconds: 600, issuer: 'hkp-dev', audience: 'hkp-policy-graph' }, signing);
    const [a, b] = [await tokenFor('partner-a'), await tokenFor('partner-b')];
    const call = (token: string | undefined, ip: string) =>
      post(gateway.url, QUERY, { 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const statuses = [(await call(a, '192.0.2.1')).status, (await call(a, '192.0.2.2')).status, (await call(a, '192.0.2.3')).status];
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await call(a, '192.0.2.4');
    expect(limited.status).toBe(429);
    expect(limited.json?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another subject, and an anonymous caller from an address partner-a used, have their own counts.
    expect((await call(b, '192.0.2.1')).status).toBe(200);
    expect((await call(undefined, '192.0.2.1')).status).toBe(200);
  });

  it('counts refused requests too: guessing tokens from one address ends in 429 RATE_LIMITED', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_POINTS: '4', RATE_LIMIT_WINDOW_S: '60', GATEWAY_TRUST_PROXY: 'true' });
    const guesser = (i: number) => ({
      'x-forwarded-for': '203.0.113.66',
      authorization: `Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.Zm9yZ2Vk${i}`,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(gateway.url, QUERY, guesser(i))).status);
    // A CSRF refusal (text/plain) and a 413 count as well.
    statuses.push((await post(gateway.url, QUERY, { 'x-forwarded-for': '203.0.113.66', 'content-type': 'text/plain' })).status);
    expect(statuses).toEqual([401, 401, 401, 403]);
    for (const attempt of [guesser(9), { 'x-forwarded-for': '203.0.113.66' }]) {
      const limited = await post(gateway.url, QUERY, attempt);
      expect(limited.status).toBe(429);
      expect(limited.json?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 4, windowSeconds: 60 });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-request-id')).toBeTruthy();
    }
    const big = await post(gateway.url, JSON.stringify({ query: `{ __typename } #${'x'.repeat(200_000)}` }), {
      'x-forwarded-for': '198.51.100.77',
    });
    expect(big.status).toBe(413);
    // Another address is not affected.
    expect((await post(gateway.url, QUERY, { 'x-forwarded-for': '198.51.100.21' })).status).toBe(200);
  });

  it('shares the counts of every replica through Redis (REDIS_URL)', async () => {
    const env = {
      RATE_LIMIT_POINTS: '6',
      RATE_LIMIT_WINDOW_S: '60',
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_KEY_PREFIX: `hkp-test-${randomUUID()}`,
    };
    const [one, two] = [await gatewayWith(env), await gatewayWith(env)];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await post(one.url, QUERY)).status);
      statuses.push((await post(two.url, QUERY)).status);
    }
    // Six requests in all pass, whichever replica served them; the rest are refused by both.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const limited = await post(one.url, QUERY);
    expect(limited.status).toBe(429);
    expect(limited.json?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('persisted documents only', () => {
  const REGION = 'query Region($code: ID!) { region(code: $code) { name } }';
  const HASH = 'c4f3d6a1e2b5'; // any id the client build chose (usually the document's sha256)
  let gateway: RunningGateway;

  beforeAll(async () => {
    const manifest = join(dir, 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [HASH]: REGION }));
    gateway = await gatewayWith({ PERSISTED_DOCUMENTS_PATH: manifest, PERSISTED_DOCUMENTS_ONLY: 'true' });
  });

  it('refuses an arbitrary query with PERSISTED_QUERY_REQUIRED, no subgraph called', async () => {
    const before = subgraphRequests();
    const { status, json } = await post(gateway.url, JSON.stringify({ query: '{ region(code: "440600") { name } }' }));
    expect(status).toBe(400);
    expect(json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(subgraphRequests()).toBe(before);
  });

  it('runs a persisted document by documentId, or by Apollo persistedQuery hash', async () => {
    const byId = await post(gateway.url, JSON.stringify({ documentId: HASH, variables: { code: '440600' } }));
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual({
      data: { region: { name: '佛山市' } },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });
    const byHash = await post(
      gateway.url,
      JSON.stringify({ variables: { code: '440604' }, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } }),
    );
    expect(byHash.json).toEqual({
      data: { region: { name: '禅城区' } },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown id', async () => {
    const { status, json } = await post(gateway.url, JSON.stringify({ documentId: 'not-a-known-id' }));
    expect(status).toBe(400);
    expect(json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('persisted documents for one client (PERSISTED_DOCUMENTS_CLIENTS)', () => {
  const REGION = 'query Region($code: ID!) { region(code: $code) { name } }';
  const HASH = 'a9b8c7d6e5f4';
  let gateway: RunningGateway;

  beforeAll(async () => {
    const manifest = join(dir, 'portal-documents.json');
    writeFileSync(manifest, JSON.stringify({ [HASH]: REGION }));
    gateway = await gatewayWith({ PERSISTED_DOCUMENTS_PATH: manifest, PERSISTED_DOCUMENTS_CLIENTS: 'portal' });
  });

  it('holds the named client to its manifest: a query text from it is refused, its documentId runs', async () => {
    const text = JSON.stringify({ query: '{ region(code: "440600") { name } }' });
    const refused = await post(gateway.url, text, { 'x-client-name': 'portal' });
    expect(refused.status).toBe(400);
    expect(refused.json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(refused.json?.errors?.[0]?.message).toMatch(/x-client-name/);
    const byId = await post(gateway.url, JSON.stringify({ documentId: HASH, variables: { code: '440600' } }), {
      'x-client-name': 'portal',
    });
    expect(byId.json?.data).toEqual({ region: { name: '佛山市' } });
  });

  it('lets every other client send query texts', async () => {
    const other = await post(gateway.url, JSON.stringify({ query: '{ region(code: "440600") { name } }' }), {
      'x-client-name': 'partner-x',
    });
    expect(other.json?.data).toEqual({ region: { name: '佛山市' } });
    const anonymous = await post(gateway.url, JSON.stringify({ query: '{ region(code: "440604") { name } }' }));
    expect(anonymous.json?.data).toEqual({ region: { name: '禅城区' } });
  });
});

describe('NODE_ENV=production defaults', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    // Production also insists on a real token key (docs/security.md); any P-256 public key will do here.
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    gateway = await gatewayWith({ NODE_ENV: 'production', JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  });

  it('turns introspection off', async () => {
    const { body } = await graphqlRequest(gateway.url, '{ __schema { queryType { name } } }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('serves no explorer', async () => {
    const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('hides field suggestions', async () => {
    const { body } = await graphqlRequest(gateway.url, '{ region(code: "440600") { nam } }');
    expect(body.errors?.[0]?.message).toBe('Cannot query field "nam" on type "Region".');
  });

  it('is still served at /healthcheck', async () => {
    expect((await fetch(`${baseUrlOf(gateway.url)}/healthcheck`)).status).toBe(200);
  });
});
