import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createSchema, createYoga } from 'graphql-yoga';
import {
  COALESCE_WAIT_MS,
  createMemoryStore,
  createRedisStore,
  createResponseCacheFeature,
  isCacheableRequest,
  readResponseCacheConfig,
  type ResponseStore,
} from './response-cache';

const answer = (n: number) => ({ data: { region: { code: String(n) } } });

describe('readResponseCacheConfig', () => {
  it('is on for two seconds by default, off with 0, and refuses nonsense', () => {
    expect(readResponseCacheConfig({}).ttlMs).toBe(2000);
    expect(readResponseCacheConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: '0' }).ttlMs).toBe(0);
    expect(() => readResponseCacheConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: 'soon' })).toThrow(/GATEWAY_RESPONSE_CACHE_TTL_MS/);
  });

  it('keeps at most 64 MB of answers in memory unless GATEWAY_RESPONSE_CACHE_MB says otherwise', () => {
    expect(readResponseCacheConfig({}).maxBytes).toBe(64 * 2 ** 20);
    expect(readResponseCacheConfig({ GATEWAY_RESPONSE_CACHE_MB: '8' }).maxBytes).toBe(8 * 2 ** 20);
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
    await store.set('a', answer(1), 300, []);
    expect(await store.get('a')).toEqual(answer(1));
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await store.get('a')) ?? null).toBeNull();
  });

  it('starts a new generation when cleared, so a key made before a write is never asked again', async () => {
    const before = await store.generation();
    await store.invalidate();
    const after = await store.generation();
    expect(after).not.toBe(before);
    // A read that began before the write files its answer under the old generation's key ...
    await store.set(`${before}:q`, answer(1), 60_000, []);
    // ... which no request made after the write looks up.
    expect((await store.get(`${after}:q`)) ?? null).toBeNull();
  });

  it('evicts the answers filed under a tag a change names, and only those', async () => {
    await store.set('list', answer(1), 60_000, ['l:EDUCATION'], { feedId: 'f', seq: '4' });
    await store.set('measure', answer(2), 60_000, ['m:a'], { feedId: 'f', seq: '4' });
    await store.set('region', answer(3), 60_000, [], { feedId: 'f', seq: '4' });
    await store.evict(['any', 'm:b', 'l:EDUCATION'], { feedId: 'f', seq: '5' });
    expect((await store.get('list')) ?? null).toBeNull();
    expect(await store.get('measure')).toEqual(answer(2));
    expect(await store.get('region')).toEqual(answer(3));
    await store.evict(['any', 'm:a', 'l:HEALTH'], { feedId: 'f', seq: '6' });
    expect((await store.get('measure')) ?? null).toBeNull();
    expect(await store.get('region')).toEqual(answer(3));
  });

  it('keeps no answer of a read that began before a change evicted one of its tags', async () => {
    await store.evict(['m:a'], { feedId: 'f', seq: '7' });
    // Began at 6: it may hold the measure as it was before change 7.
    await store.set('early', answer(1), 60_000, ['m:a'], { feedId: 'f', seq: '6' });
    expect((await store.get('early')) ?? null).toBeNull();
    // Began at 7 (after the change), or read nothing change 7 evicted: kept.
    await store.set('late', answer(2), 60_000, ['m:a'], { feedId: 'f', seq: '7' });
    await store.set('other', answer(3), 60_000, ['m:b'], { feedId: 'f', seq: '6' });
    expect(await store.get('late')).toEqual(answer(2));
    expect(await store.get('other')).toEqual(answer(3));
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
      await a.set(`${generation}:q`, answer(7), 60_000, []);
      expect(await b.get(`${generation}:q`)).toEqual(answer(7));
      await b.invalidate();
      expect(await a.generation()).not.toBe(generation);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it("evicts on every replica, and refuses another replica's answer from before the change", async () => {
    const prefix = `hkp-test-response-${randomUUID()}`;
    const [a, b] = [
      createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined),
      createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined),
    ];
    try {
      await Promise.all([a.ready, b.ready]);
      await a.set('0:list', answer(1), 60_000, ['l:HEALTH'], { feedId: 'f', seq: '10' });
      await b.evict(['any', 'm:x', 'l:HEALTH'], { feedId: 'f', seq: '11' });
      expect((await a.get('0:list')) ?? null).toBeNull();
      // A read on replica a that began before change 11 (which b evicted first) ends after it.
      await a.set('0:list', answer(1), 60_000, ['l:HEALTH'], { feedId: 'f', seq: '10' });
      expect((await b.get('0:list')) ?? null).toBeNull();
      await a.set('0:list', answer(2), 60_000, ['l:HEALTH'], { feedId: 'f', seq: '11' });
      expect(await b.get('0:list')).toEqual(answer(2));
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('keeps in a tag only the answers of its last TTL, however long no change evicts it', async () => {
    const prefix = `hkp-test-response-${randomUUID()}`;
    const store = createRedisStore('redis://127.0.0.1:6379', prefix, () => undefined);
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      await store.ready;
      for (let i = 0; i < 5; i += 1) await store.set(`0:search-${i}`, answer(i), 50, ['l:HEALTH']);
      expect(await redis.zcard(`${prefix}:tag:l:HEALTH`)).toBe(5);
      await new Promise((resolve) => setTimeout(resolve, 120));
      await store.set('0:search-later', answer(9), 60_000, ['l:HEALTH']);
      expect(await redis.zrange(`${prefix}:tag:l:HEALTH`, 0, -1)).toEqual(['0:search-later'].map((key) => `${prefix}:${key}`));
      await store.evict(['l:HEALTH'], { feedId: 'f', seq: '1' });
      expect((await store.get('0:search-later')) ?? null).toBeNull();
    } finally {
      await store.dispose();
      await redis.quit();
    }
  });

  it('answers a miss, not an error, while Redis is away, and keeps nothing', async () => {
    const logged: string[] = [];
    const store = createRedisStore('redis://127.0.0.1:1', 'hkp-test-none', (message) => logged.push(message));
    try {
      const generation = await store.generation();
      expect(generation).toMatch(/^unavailable-/);
      await store.set(`${generation}:q`, answer(1), 60_000, []);
      expect((await store.get(`${generation}:q`)) ?? null).toBeNull();
      await expect(store.invalidate()).resolves.toBeUndefined();
      await expect(store.evict(['m:a'], { feedId: 'f', seq: '1' })).resolves.toBeUndefined();
    } finally {
      await store.dispose();
    }
  });
});

describe('the response store in memory, within its bytes', () => {
  // An answer of about 40 KB of JSON: ~160 KB as kept (objects and printed text).
  const large = (n: number) => ({
    data: { measures: Array.from({ length: 400 }, (_, i) => ({ id: `${n}-${i}`, title: '城乡区域协调发展'.repeat(5) })) },
  });

  it('keeps answers up to GATEWAY_RESPONSE_CACHE_MB, the least recently used out first, and their tags with them', async () => {
    const store = createMemoryStore(1_000, 1_000_000);
    for (let n = 0; n < 20; n++) await store.set(`k${n}`, large(n), 60_000, [`m:${n}`]);
    const kept = [];
    for (let n = 0; n < 20; n++) if (await store.get(`k${n}`)) kept.push(n);
    // Room for a handful, not twenty: the most recent ones.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 20 - kept.length + i));
    // A kept answer is still evicted by its tag.
    await store.evict([`m:${kept[0]}`], { feedId: 'f', seq: '1' });
    expect((await store.get(`k${kept[0]}`)) ?? null).toBeNull();
    await store.dispose();
  });

  it('keeps no answer larger than the whole budget, and keeps the others', async () => {
    const store = createMemoryStore(1_000, 50_000);
    await store.set('small', answer(1), 60_000, []);
    await store.set('huge', large(1), 60_000, ['m:1']);
    expect((await store.get('huge')) ?? null).toBeNull();
    expect(await store.get('small')).toEqual(answer(1));
    await store.dispose();
  });
});

describe('identical misses', () => {
  /** A Yoga server with the response cache (no catalog: answers kept until a mutation) over a slow field that counts its runs. */
  function server(resolve: () => unknown) {
    const runs = { count: 0 };
    const feature = createResponseCacheFeature({ ttlMs: 2_000, maxEntries: 100, maxBytes: 2 ** 20, keyPrefix: 'unused' });
    const yoga = createYoga({
      logging: false,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      plugins: feature.plugins as any[],
      schema: createSchema({
        typeDefs: 'type Query { page(n: Int): String }',
        resolvers: {
          Query: {
            page: async () => {
              runs.count += 1;
              await new Promise((r) => setTimeout(r, 100));
              return resolve();
            },
          },
        },
      }),
    });
    const ask = (n: number) =>
      Promise.resolve(
        yoga.fetch('http://gateway/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'query Page($n: Int) { page(n: $n) }', variables: { n } }),
        }),
      ).then((response) => response.text());
    return { runs, ask, dispose: () => feature.dispose?.() };
  }

  it('are answered by the first one: ten clients asking at once make the operation run once, and all get its answer', async () => {
    const { runs, ask, dispose } = server(() => 'the page');
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => ask(1)));
      expect(new Set(answers)).toEqual(new Set(['{"data":{"page":"the page"}}']));
      expect(runs.count).toBe(1);
      // Another key is not held back by it.
      await Promise.all([ask(2), ask(3)]);
      expect(runs.count).toBe(3);
    } finally {
      await dispose();
    }
  });

  it('run each on their own when the first answer is not kept (it has errors)', async () => {
    const { runs, ask, dispose } = server(() => {
      throw new Error('the subgraph failed');
    });
    try {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 4 }, () => ask(1)));
      for (const answer of answers) expect(JSON.parse(answer).errors).toHaveLength(1);
      expect(runs.count).toBe(4);
      // Released when the first answer was not kept, not when their wait for it ran out.
      expect(Date.now() - started).toBeLessThan(COALESCE_WAIT_MS);
    } finally {
      await dispose();
    }
  });
});
