import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RunningGateway } from '@hkp/gateway';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { graphqlRequest, startIsolatedFederation, startTestGateway, type IsolatedFederation } from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// What a portal in a browser meets at the gateway, over HTTP: CORS (any origin without
// credentials by default, an allow-list with credentials), the headers browser code may read
// (x-request-id, Retry-After, RateLimit, x-query-cost), compressed answers, @defer answered in
// multipart/mixed parts, and the explorer opening on the README's examples.

const PORTAL = 'https://portal.example.org';
const OTHER_SITE = 'https://elsewhere.example.net';
const SEEDED_MEASURES = 63;

let federation: IsolatedFederation;
/** A gateway with an allow-list and a small rate limit. */
let listed: RunningGateway;

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent, compressed or not. */
  raw: Buffer;
  /** The body decoded by its Content-Encoding. */
  text: string;
  /** When each chunk of the body arrived, in ms after the request was sent. */
  chunkTimes: number[];
}

/** One request with nothing decoded for us (fetch would decompress and hide what was sent). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      const chunkTimes: number[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        chunkTimes.push(performance.now() - started);
      });
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: decoded.toString('utf8'), chunkTimes });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const postGraphQL = (url: string, query: string, headers: Record<string, string> = {}) =>
  send(
    url,
    'POST',
    { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    JSON.stringify({ query }),
  );

const preflight = (url: string, origin: string) =>
  send(url, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type, authorization, x-request-id',
  });

const exposed = (headers: IncomingHttpHeaders) =>
  String(headers['access-control-expose-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());

beforeAll(async () => {
  federation = await startIsolatedFederation('browser_http', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC });
  listed = await startTestGateway(federation.supergraphPath, {
    GATEWAY_CORS_ORIGINS: `${PORTAL},http://localhost:5173`,
    GATEWAY_CORS_MAX_AGE_S: '120',
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_POINTS: '3',
    RATE_LIMIT_WINDOW_S: '60',
  });
  await waitForCatalogTotal(federation.gatewayUrl, SEEDED_MEASURES);
}, 180_000);

afterAll(async () => {
  await listed?.stop();
  await federation?.stop();
});

describe('CORS without an allow-list (the default)', () => {
  it('answers a preflight from any origin, without credentials, and lets the browser cache it', async () => {
    const answer = await preflight(federation.gatewayUrl, OTHER_SITE);
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(String(answer.headers['access-control-allow-headers'])).toMatch(/authorization/);
    expect(String(answer.headers['access-control-allow-headers'])).toMatch(/x-request-id/);
    expect(answer.headers['access-control-max-age']).toBe('600');
  });

  it('lets browser code read the answer and its request id, rate-limit, Retry-After and cost headers', async () => {
    const answer = await postGraphQL(federation.gatewayUrl, '{ region(code: "440600") { name } }', { origin: OTHER_SITE });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(exposed(answer.headers)).toEqual(
      expect.arrayContaining(['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy', 'x-query-cost']),
    );
    expect(answer.headers['x-request-id']).toBeTruthy();
  });
});

describe('CORS with GATEWAY_CORS_ORIGINS', () => {
  it('answers a listed origin with its own origin and credentials', async () => {
    const first = await preflight(listed.url, PORTAL);
    expect(first.status).toBe(204);
    expect(first.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(first.headers['access-control-allow-credentials']).toBe('true');
    expect(first.headers['access-control-max-age']).toBe('120');
    expect(String(first.headers['vary'])).toMatch(/Origin/);
    const second = await preflight(listed.url, 'http://localhost:5173');
    expect(second.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('gives an origin not on the list no CORS headers, so its pages cannot read answers', async () => {
    const answer = await preflight(listed.url, OTHER_SITE);
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-methods']).toBeUndefined();
    // A request sent anyway (a simple one needs no preflight) is answered without them too.
    const direct = await postGraphQL(listed.url, '{ region(code: "440600") { name } }', { origin: OTHER_SITE });
    expect(direct.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(direct.headers['vary'])).toMatch(/Origin/);
  });
});

describe('rate-limit headers', () => {
  it('are on every answer, and a refusal carries Retry-After that a listed portal may read', async () => {
    // The allowance is per client; the listed gateway counts this test's address alone from here.
    const answers: RawAnswer[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(await postGraphQL(listed.url, '{ region(code: "440600") { name } }', { origin: PORTAL }));
    }
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.headers['ratelimit-policy']).toBe('"operations";q=3;w=60');
      expect(answer.headers['ratelimit']).toMatch(/^"operations";r=\d+;t=\d+$/);
    }
    const remaining = ok.map((a) => Number(/r=(\d+)/.exec(String(a.headers['ratelimit']))?.[1]));
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    const [tooMany] = refused;
    expect(tooMany?.headers['ratelimit']).toMatch(/^"operations";r=0;t=\d+$/);
    expect(Number(tooMany?.headers['retry-after'])).toBeGreaterThan(0);
    expect(tooMany?.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(exposed(tooMany?.headers ?? {})).toContain('retry-after');
    expect(JSON.parse(tooMany?.text ?? '{}').errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

describe('the cost of an operation', () => {
  const portalPage = `{ measures(first: 100) { totalCount nodes { id title department
      targets { indicator value unit year comparator } funding { amount unit } source { label publisher excerpt } regions { code name } } } }`;

  it('is reported in extensions.cost and the x-query-cost header, and a full page of measures fits', async () => {
    const { status, body, headers } = await graphqlRequest(federation.gatewayUrl, portalPage);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.measures.nodes).toHaveLength(SEEDED_MEASURES);
    const cost = body.extensions?.['cost'] as { estimated: number; limit: number };
    expect(cost.limit).toBe(10_000);
    expect(cost.estimated).toBeGreaterThan(100 * 60);
    expect(cost.estimated).toBeLessThanOrEqual(cost.limit);
    expect(headers.get('x-query-cost')).toBe(String(cost.estimated));
  });

  it('refuses abusive nesting with QUERY_TOO_COMPLEX and the estimate', async () => {
    const { status, body } = await graphqlRequest(
      federation.gatewayUrl,
      '{ regions(first: 100) { nodes { children { children { name } } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 10_000 });
    expect(body.errors?.[0]?.extensions?.['cost']).toBeGreaterThan(10_000);
  });
});

describe('compression', () => {
  const bigQuery = '{ measures(first: 100) { nodes { id title originalTitle points source { excerpt } } } }';

  it('sends brotli or gzip as Accept-Encoding prefers, and the same answer as uncompressed', async () => {
    const plain = await postGraphQL(federation.gatewayUrl, bigQuery);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.text).data.measures.nodes).toHaveLength(SEEDED_MEASURES);
    expect(String(plain.headers['vary'])).toMatch(/Accept-Encoding/);
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const answer = await postGraphQL(federation.gatewayUrl, bigQuery, { 'accept-encoding': accept });
      expect(answer.headers['content-encoding']).toBe(coding);
      expect(Number(answer.headers['content-length'])).toBe(answer.raw.length);
      expect(String(answer.headers['vary'])).toMatch(/Accept-Encoding/);
      expect(JSON.parse(answer.text).data).toEqual(JSON.parse(plain.text).data);
      expect(answer.raw.length).toBeLessThan(plain.raw.length / 3);
    }
  });

  it("compresses the explorer's page, which opens on the README's examples", async () => {
    let started = performance.now();
    const plain = await send(federation.gatewayUrl, 'GET', { accept: 'text/html' });
    const plainMs = performance.now() - started;
    started = performance.now();
    const compressed = await send(federation.gatewayUrl, 'GET', { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    const ms = performance.now() - started;
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.text).toBe(plain.text);
    console.info(
      `explorer page: ${plain.raw.length} bytes, ${compressed.raw.length} with brotli, in ${ms.toFixed(0)} ms (${plainMs.toFixed(0)} ms uncompressed)`,
    );
    expect(compressed.raw.length).toBeLessThan(plain.raw.length / 4);
    // The same page again is sent as compressed the first time.
    started = performance.now();
    const again = await send(federation.gatewayUrl, 'GET', { accept: 'text/html', 'accept-encoding': 'br' });
    console.info(`explorer page again: ${(performance.now() - started).toFixed(0)} ms`);
    expect(again.raw.equals(compressed.raw)).toBe(true);
    expect(plain.text).toContain('defaultTabs');
    expect(plain.text).toContain('441226');
  });
});

describe('@defer through the gateway', () => {
  const deferred = `query CountyPage {
    region(code: "441226") {
      name
      ... @defer(label: "measures") { measures(filter: { scope: APPLIES }, first: 50) { totalCount nodes { id title } } }
    }
  }`;

  /** The JSON parts of a multipart/mixed answer, in order. */
  function parts(
    answer: RawAnswer,
  ): { data?: unknown; incremental?: { data: unknown; path: unknown[]; label?: string }[]; hasNext: boolean }[] {
    const boundary = /boundary="?([^";]+)"?/.exec(String(answer.headers['content-type']))?.[1];
    expect(boundary).toBeDefined();
    return answer.text
      .split(`--${boundary}`)
      .map((part) => part.split('\r\n\r\n').slice(1).join('\r\n\r\n').trim())
      .filter((json) => json.startsWith('{'))
      .map((json) => JSON.parse(json));
  }

  for (const encoding of [undefined, 'gzip']) {
    it(`answers the page first and the deferred part after it, in multipart/mixed parts${encoding ? ` (${encoding})` : ''}`, async () => {
      const answer = await postGraphQL(federation.gatewayUrl, deferred, {
        accept: 'multipart/mixed',
        ...(encoding ? { 'accept-encoding': encoding } : {}),
      });
      expect(answer.status).toBe(200);
      expect(String(answer.headers['content-type'])).toMatch(/^multipart\/mixed/);
      expect(answer.headers['content-encoding']).toBe(encoding);
      const [initial, ...rest] = parts(answer);
      expect(initial).toMatchObject({ data: { region: { name: '德庆县' } }, hasNext: true });
      expect(JSON.stringify(initial?.data)).not.toContain('measures');
      const delivered = rest.flatMap((p) => p.incremental ?? []);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ path: ['region'], label: 'measures', data: { measures: { totalCount: 30 } } });
      expect(rest[rest.length - 1]?.hasNext).toBe(false);
    });
  }

  it('answers a client that does not take parts with one whole result', async () => {
    const { status, body } = await graphqlRequest(federation.gatewayUrl, deferred);
    expect(status).toBe(200);
    expect(body.data.region).toMatchObject({ name: '德庆县', measures: { totalCount: 30 } });
  });

  it('accepts @stream and delivers the list whole', async () => {
    const answer = await postGraphQL(federation.gatewayUrl, '{ region(code: "441226") { children @stream(initialCount: 1) { code } } }', {
      accept: 'multipart/mixed',
    });
    expect(answer.status).toBe(200);
    const all = parts(answer);
    expect(all[0]?.data).toMatchObject({ region: { children: expect.arrayContaining([{ code: expect.stringMatching(/^441226/) }]) } });
    expect((all[0]?.data as { region: { children: unknown[] } }).region.children.length).toBeGreaterThan(1);
  });
});
