import { randomUUID } from 'node:crypto';
import { createMemoryStore, createRedisStore, isCacheableRequest, readResponseCacheConfig, type ResponseStore } from './response-cache';

const answer = (n: number) => ({ data: { region: { code: String(n) } } });

describe('readResponseCacheConfig', () => {
  it('is on for two seconds by default, off with 0, and refuses nonsense', () => {
    expect(readResponseCacheConfig({}).ttlMs).toBe(2000);
    expect(readResponseCacheConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: '0' }).ttlMs).toBe(0);
    expect(() => readResponseCacheConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: 'soon' })).toThrow(/GATEWAY_RESPONSE_CACHE_TTL_MS/);
  });
});

describe('isCacheableRequest', () => {
  const request = (headers: Record<string, string>) => new Request('http://gateway/graphql', { method: 'POST', headers });
  it('caches anonymous reads only, and honours a client asking for a fresh answer', () => {
    expect(isCacheableRequest(request({}))).toBe(true);
    expect(isCacheableRequest(request({ authorization: 'Bearer x' }))).toBe(false);
    expect(isCacheableRequest(request({ 'cache-control': 'no-cache' }))).toBe(false);
    expect(isCacheableRequest(request({ 'cache-control': 'max-age=0, no-store' }))).toBe(false);
  });
});

describe.each([
  ['in memory', () => createMemoryStore(10)],
  ['in Redis', () => createRedisStore('redis://127.0.0.1:6379', `hkp-test-response-${randomUUID()}`, () => undefined)],
])('the response store %s', (_name, make) => {
  let store: ResponseStore;
  beforeEach(async () => {
    store = make();
    await store.ready;
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('keeps an answer for its TTL and forgets it after', async () => {
    await store.set('a', answer(1), [], 300);
    expect(await store.get('a')).toEqual(answer(1));
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await store.get('a')) ?? null).toBeNull();
  });

  it('starts a new generation when cleared, so a key made before a write is never asked again', async () => {
    const before = await store.generation();
    await store.invalidate([]);
    const after = await store.generation();
    expect(after).not.toBe(before);
    // A read that began before the write files its answer under the old generation's key ...
    await store.set(`${before}:q`, answer(1), [], 60_000);
    // ... which no request made after the write looks up.
    expect((await store.get(`${after}:q`)) ?? null).toBeNull();
  });
});

describe('the Redis store', () => {
  it('shares answers and their invalidation between replicas', async () => {
    const prefix = `hkp-test-response-${randomUUID()}`;
    const [a, b] = [
      createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined),
      createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined),
    ];
    try {
      await Promise.all([a.ready, b.ready]);
      const generation = await a.generation();
      await a.set(`${generation}:q`, answer(7), [], 60_000);
      expect(await b.get(`${generation}:q`)).toEqual(answer(7));
      await b.invalidate([]);
      expect(await a.generation()).not.toBe(generation);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('answers a miss, not an error, while Redis is away, and keeps nothing', async () => {
    const logged: string[] = [];
    const store = createRedisStore('redis://127.0.0.1:1', 'hkp-test-none', (message) => logged.push(message));
    try {
      const generation = await store.generation();
      expect(generation).toMatch(/^unavailable-/);
      await store.set(`${generation}:q`, answer(1), [], 60_000);
      expect((await store.get(`${generation}:q`)) ?? null).toBeNull();
      await expect(store.invalidate([])).resolves.toBeUndefined();
    } finally {
      await store.dispose();
    }
  });
});
