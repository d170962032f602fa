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
  let other: ResponseStore;
  beforeEach(async () => {
    store = make();
    other = store;
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

  it('drops every answer when cleared', async () => {
    await store.set('a', answer(1), [], 60_000);
    await store.set('b', answer(2), [], 60_000);
    await other.clear();
    expect((await store.get('a')) ?? null).toBeNull();
    expect((await store.get('b')) ?? null).toBeNull();
    await store.set('a', answer(3), [], 60_000);
    expect(await store.get('a')).toEqual(answer(3));
  });
});

describe('the Redis store', () => {
  it('shares answers and their invalidation between replicas', async () => {
    const prefix = `hkp-test-response-${randomUUID()}`;
    const [a, b] = [createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined), createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined)];
    try {
      await Promise.all([a.ready, b.ready]);
      await a.set('q', answer(7), [], 60_000);
      expect(await b.get('q')).toEqual(answer(7));
      await b.clear();
      expect((await a.get('q')) ?? null).toBeNull();
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('answers a miss, not an error, while Redis is away', async () => {
    const logged: string[] = [];
    const store = createRedisStore('redis://127.0.0.1:1', 'hkp-test-none', (message) => logged.push(message));
    try {
      await store.set('q', answer(1), [], 60_000);
      expect((await store.get('q')) ?? null).toBeNull();
      await expect(store.clear()).resolves.toBeUndefined();
    } finally {
      await store.dispose();
    }
  });
});
