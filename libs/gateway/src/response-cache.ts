import { getOperationAST, Kind, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { hashSHA256 } from '@graphql-yoga/plugin-response-cache';
import { LRUCache } from 'lru-cache';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { GatewayPlugin, GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { gatewayLogger } from './gateway-logger';
import { getEnvNum, getEnvOptionalStr, getEnvStr } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';
import { connectRedis } from './redis-connection';
import { GATEWAY_OWN_REQUEST } from './rate-limit';
import { CatalogChangeFollower, type FeedPosition } from './response-cache-changes';
import { tagsOfAnswer, tagsOfChange, writesMeasure } from './response-cache-tags';

export interface ResponseCacheConfig {
  /** How long an answer is reused; 0 switches the cache off. Bounds staleness for changes the catalog does not record. */
  ttlMs: number;
  /** Answers kept per process (in-memory store). */
  maxEntries: number;
  /** What those answers may hold, in bytes (estimated from their JSON; in-memory store). */
  maxBytes: number;
  /** Shared store and eviction for every replica; in memory (per process) when unset. */
  redisUrl?: string;
  keyPrefix: string;
}

/**
 * The JSON body of a kept answer, made once per answer object (the in-memory store hands out the
 * same object on every hit; Redis hands out one per hit) rather than once per request: a hit is
 * answered with these bytes through Yoga's `stringify` of a result. Only answers Yoga would print
 * as they are (no errors, no `extensions.http`), which is all the store keeps.
 */
const serialised = new WeakMap<object, string>();
function bytesOf(answer: ExecutionResult): string | undefined {
  if (answer.errors?.length || (answer.extensions as { http?: unknown } | undefined)?.http) return undefined;
  let bytes = serialised.get(answer);
  if (bytes === undefined) {
    bytes = JSON.stringify(answer);
    serialised.set(answer, bytes);
  }
  return bytes;
}

export const RESPONSE_CACHE_DEFAULTS = { ttlMs: 2_000, maxEntries: 1_000, maxMegabytes: 64, keyPrefix: 'hkp:gateway:response' } as const;

/**
 * How long an eviction is remembered, to refuse the answer of a read that began before it and
 * ends after it: longer than any request runs (every subgraph call has its timeout).
 */
const EVICTION_MEMORY_MS = 10 * 60_000;

/** How long a write through this gateway waits for its change's eviction once the catalog has applied it. */
export const WRITE_EVICTION_WAIT_MS = 2_000;

/** How long an identical miss waits for the first one's answer before it runs itself. */
export const COALESCE_WAIT_MS = 5_000;

export function readResponseCacheConfig(env: Record<string, string | undefined>): ResponseCacheConfig {
  return {
    ttlMs: getEnvNum('GATEWAY_RESPONSE_CACHE_TTL_MS', RESPONSE_CACHE_DEFAULTS.ttlMs, env, { min: 0 }),
    maxEntries: getEnvNum('GATEWAY_RESPONSE_CACHE_MAX', RESPONSE_CACHE_DEFAULTS.maxEntries, env, { min: 1 }),
    maxBytes: getEnvNum('GATEWAY_RESPONSE_CACHE_MB', RESPONSE_CACHE_DEFAULTS.maxMegabytes, env, { min: 1 }) * 2 ** 20,
    redisUrl: getEnvOptionalStr('REDIS_URL', env),
    keyPrefix: getEnvStr('GATEWAY_RESPONSE_CACHE_KEY_PREFIX', RESPONSE_CACHE_DEFAULTS.keyPrefix, env),
  };
}

/**
 * The response cache's store. Every answer is filed under the generation that was current when
 * its request arrived (a new generation drops everything), with the tags of what it depends on
 * (response-cache-tags.ts), by which a catalog change evicts it.
 */
export interface ResponseStore {
  /** Settles once the store can answer (Redis connected), or after a short wait without it. */
  ready: Promise<void>;
  /** The current generation, read once per request, when its cache key is made. */
  generation(): Promise<string>;
  get(key: string): Promise<ExecutionResult | undefined>;
  /**
   * Keeps an answer for `ttlMs` under its tags, unless one of them was evicted by a change after
   * `since` (the feed position its request began at): that read may have seen the data before
   * the change. Without `since` (no catalog followed) nothing is checked.
   */
  set(key: string, answer: ExecutionResult, ttlMs: number, tags: string[], since?: FeedPosition): Promise<void>;
  /** Drops the answers tagged with any of `tags`, and remembers that `change` evicted them. */
  evict(tags: string[], change: FeedPosition): Promise<void>;
  /** Starts a new generation: every earlier answer is unreachable from then on. */
  invalidate(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Heap an answer kept in memory holds per byte of its JSON: the objects, and the printed text kept
 * beside them (`serialised`, two bytes a character).
 */
const HEAP_PER_JSON_BYTE = 4;

/**
 * One process's answers, at most `maxEntries` and about `maxBytes` of heap (by their JSON's
 * length): an answer within the cost limit can be megabytes, so a bound by count alone is not
 * one. Entries of past generations, and expired ones, fall out by size or age.
 */
export function createMemoryStore(maxEntries: number, maxBytes: number = RESPONSE_CACHE_DEFAULTS.maxMegabytes * 2 ** 20): ResponseStore {
  // Each entry is filed under its tags, to be dropped by them.
  const byTag = new Map<string, Set<string>>();
  const entries = new LRUCache<string, { answer: ExecutionResult; tags: string[] }>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: ({ answer }, key) => HEAP_PER_JSON_BYTE * (bytesOf(answer) ?? JSON.stringify(answer)).length + 2 * key.length,
    dispose: ({ tags }, key) => {
      for (const tag of tags) {
        const keys = byTag.get(tag);
        keys?.delete(key);
        if (keys?.size === 0) byTag.delete(tag);
      }
    },
  });
  const evicted = new Map<string, { feedId: string; seq: bigint; at: number }>();
  let generation = 0;
  const forget = (now: number) => {
    for (const [tag, mark] of evicted) if (now - mark.at > EVICTION_MEMORY_MS) evicted.delete(tag);
  };
  return {
    ready: Promise.resolve(),
    generation: async () => String(generation),
    get: async (key) => entries.get(key)?.answer,
    set: async (key, answer, ttlMs, tags, since) => {
      if (since) {
        const start = BigInt(since.seq);
        for (const tag of tags) {
          const mark = evicted.get(tag);
          if (mark && (mark.feedId !== since.feedId || mark.seq > start)) return;
        }
      }
      // An answer larger than the whole budget is not kept (lru-cache refuses it).
      entries.set(key, { answer, tags }, { ttl: Math.max(1, Math.round(ttlMs)) });
      if (!entries.has(key)) return;
      for (const tag of tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    evict: async (tags, change) => {
      // Marks first: an answer kept while the entries are dropped is refused by them.
      const now = Date.now();
      if (evicted.size > 10_000) forget(now);
      for (const tag of tags) evicted.set(tag, { feedId: change.feedId, seq: BigInt(change.seq), at: now });
      for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) entries.delete(key);
    },
    invalidate: async () => {
      generation += 1;
    },
    dispose: async () => undefined,
  };
}

/**
 * Keeps an answer and files it under each of its tags (a sorted set of entry keys per tag, scored
 * by when each entry expires: entries gone by TTL are trimmed at every add, so a tag that no change
 * evicts for days holds only the answers of its last TTL, not every answer ever kept), unless a change evicted one of its tags after the read began: the check and
 * the keeping are one step, so no eviction falls between them.
 */
const STORE_SCRIPT = `
local since = tonumber(ARGV[3])
for i = 6, #ARGV do
  local mark = redis.call('GET', ARGV[4] .. ARGV[i])
  if mark and tonumber(mark) > since then return 0 end
end
local ttl = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 6, #ARGV do
  local tagKey = ARGV[5] .. ARGV[i]
  redis.call('ZADD', tagKey, now + ttl, KEYS[1])
  redis.call('ZREMRANGEBYSCORE', tagKey, '-inf', now)
  if redis.call('PTTL', tagKey) < ttl then redis.call('PEXPIRE', tagKey, ttl) end
end
return 1`;

/** Drops every answer filed under the tags, and marks each tag evicted at the change's position. */
const EVICT_SCRIPT = `
local seq = tonumber(ARGV[1])
for i = 5, #ARGV do
  local tagKey = ARGV[3] .. ARGV[i]
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local members = redis.call('ZRANGEBYSCORE', tagKey, now, '+inf')
  for j = 1, #members, 500 do
    redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('DEL', tagKey)
  local markKey = ARGV[2] .. ARGV[i]
  local mark = redis.call('GET', markKey)
  if not mark or tonumber(mark) < seq then redis.call('SET', markKey, ARGV[1], 'PX', ARGV[4]) end
end
return 1`;

/**
 * Answers shared by every replica. The generation is a Redis counter (one INCR makes every
 * replica's answers unreachable); tags are sorted sets of entry keys, so a change evicted by one replica
 * is gone for all (each replica follows the catalog's changes too, and evicting twice is harmless).
 * Redis being away, or slow, is a cache miss, never an error. The scripts name keys they compute,
 * so the store needs one Redis (or a cluster slot for the prefix), as the rate limit does.
 */
export function createRedisStore(redisUrl: string, keyPrefix: string, log: (message: string, error: unknown) => void): ResponseStore {
  const { redis, ready, close } = connectRedis(
    redisUrl,
    'response cache store (Redis) unavailable; answering without the cache until it is back',
    log,
  );
  const generationKey = `${keyPrefix}:generation`;
  const entryKey = (key: string) => `${keyPrefix}:${key}`;
  const tagPrefix = `${keyPrefix}:tag:`;
  const markPrefix = (feedId: string) => `${keyPrefix}:evicted:${feedId}:`;
  const generation = async () => {
    await redis.incr(generationKey);
  };
  return {
    ready,
    // Unreadable generation: a key no answer is filed under, so the request runs and is not kept.
    generation: () =>
      redis.get(generationKey).then(
        (value) => value ?? '0',
        () => `unavailable-${Date.now()}-${Math.random()}`,
      ),
    get: async (key) => {
      try {
        const raw = await redis.get(entryKey(key));
        if (!raw) return undefined;
        // The stored text is the answer's body as it was printed: kept, not printed again.
        const answer = JSON.parse(raw) as ExecutionResult<Record<string, unknown>>;
        serialised.set(answer, raw);
        return answer;
      } catch {
        return undefined;
      }
    },
    set: async (key, answer, ttlMs, tags, since) => {
      if (key.startsWith('unavailable-')) return;
      try {
        const ms = String(Math.max(1, Math.round(ttlMs)));
        const body = bytesOf(answer) ?? JSON.stringify(answer);
        // No tag, no eviction to check: a plain SET.
        if (tags.length === 0) await redis.set(entryKey(key), body, 'PX', ms);
        else
          await redis.eval(
            STORE_SCRIPT,
            1,
            entryKey(key),
            body,
            ms,
            since?.seq ?? '0',
            markPrefix(since?.feedId ?? 'none'),
            tagPrefix,
            ...tags,
          );
      } catch {
        // Not cached this time.
      }
    },
    evict: async (tags, change) => {
      try {
        await redis.eval(EVICT_SCRIPT, 0, change.seq, markPrefix(change.feedId), tagPrefix, String(EVICTION_MEMORY_MS), ...tags);
      } catch (error) {
        // Every replica may still hold an answer the change altered: none of them is served again.
        log('response cache: a change could not be evicted in Redis; starting a new generation', error);
        await generation().catch((failed: unknown) =>
          log('response cache not invalidated (Redis); other replicas serve older answers until the TTL ends', failed),
        );
      }
    },
    invalidate: async () => {
      await generation().catch((error: unknown) =>
        log('response cache not invalidated (Redis); other replicas serve older answers until the TTL ends', error),
      );
    },
    dispose: close,
  };
}

/**
 * Anonymous reads only: an answer is shared by everyone who sends the same operation and
 * variables without a token. A request with a token (its answer may depend on who asks) or
 * with `Cache-Control: no-cache` / `no-store` always runs.
 */
export function isCacheableRequest(request: Request): boolean {
  if (request.headers.has('authorization')) return false;
  const cacheControl = request.headers.get('cache-control') ?? '';
  return !/\bno-(cache|store)\b/i.test(cacheControl);
}

/** The request's key: its generation, then a hash of what decides the answer. */
async function keyOf(
  store: ResponseStore,
  { query, variables, operationName }: { query?: string; variables?: Record<string, unknown>; operationName?: string },
): Promise<string> {
  const generation = await store.generation();
  return `${generation}:${await hashSHA256(JSON.stringify([query ?? '', variables ?? {}, operationName ?? null]))}`;
}

/**
 * Whether every root field of a mutation writes a measure, and so reaches the catalog (the
 * department's outbox → the catalog's change): its answers are evicted by that change. Any other
 * mutation (none in the graph today) starts a new generation when it completes.
 */
function reachesCatalog(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const fields = schema.getMutationType()?.getFields();
  return operation.selectionSet.selections.every((selection) => {
    if (selection.kind !== Kind.FIELD) return false;
    if (selection.name.value === '__typename') return true;
    const field = fields?.[selection.name.value];
    return field !== undefined && writesMeasure(schema, field);
  });
}

/** What the answer store needs of the catalog's change stream (see CatalogChangeFollower). */
export type ChangeFollower = Pick<CatalogChangeFollower, 'following' | 'hasCatalog' | 'current' | 'caughtUp'>;

/** Without a catalog to follow: every answer may be served and kept, mutations start a new generation. */
const NO_CATALOG: ChangeFollower = {
  following: () => true,
  hasCatalog: () => false,
  current: () => undefined,
  caughtUp: async () => undefined,
};

/**
 * Serves and keeps whole answers; the operation runs exactly as the client sent it. (The
 * library's useResponseCache adds `__typename` and id selections to every selection set to track
 * entities, which changes what the query planner plans and so the answer; tags are read from the
 * answer as the client selected it.)
 */
function useAnswerStore(store: ResponseStore, ttlMs: number, follower: ChangeFollower): GatewayPlugin {
  const pending = new WeakMap<object, { key: string; since: FeedPosition | undefined }>();
  // The first miss of a key runs; identical misses that arrive while it runs wait for its answer
  // (after a write evicted a popular page, every client asks for it at once) instead of each
  // parsing, planning and fetching it again. Settled when the first one's answer is kept, or when
  // its request ends without keeping one (errors, a refusal): the others then run as usual.
  const running = new Map<string, Promise<void>>();
  const settleOf = new WeakMap<Request, () => void>();
  const served = (hit: ExecutionResult) => {
    const bytes = bytesOf(hit);
    return {
      ...hit,
      ...(bytes === undefined ? {} : { stringify: () => bytes }),
      [Symbol.for('servedFromResponseCache')]: true,
    };
  };
  return {
    async onParams({ params, request, context, setParamsHandler }) {
      if (!isCacheableRequest(request)) return;
      // While the catalog's changes are not followed, no kept answer can be trusted.
      if (!follower.following()) return;
      // Taken before the generation: a change evicted after this may not be in the answer.
      const since = follower.current();
      // Variables too deep to hash (the limits refuse them first unless GATEWAY_LIMITS=false):
      // not cached, and the request goes on to get its own answer.
      const key = await keyOf(store, params).catch(() => undefined);
      if (key === undefined) return;
      let hit = await store.get(key);
      const first = hit ? undefined : running.get(key);
      if (first) {
        // A first request never released (a later hook failed) holds up its key once, not for ever.
        if (!(await waitAtMost(first, COALESCE_WAIT_MS)) && running.get(key) === first) running.delete(key);
        hit = await store.get(key);
      }
      // As the params handler, not a result: a hit answers only when no earlier hook (rate
      // limit, persisted documents only) refused the request. The symbol marks hits in traces.
      if (hit) {
        const answer = served(hit);
        setParamsHandler(() => answer);
        return;
      }
      pending.set(context, { key, since });
      if (!first && !running.has(key)) {
        let settle!: () => void;
        running.set(key, new Promise<void>((resolve) => (settle = resolve)));
        settleOf.set(request, () => {
          running.delete(key);
          settle();
        });
      }
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation === 'mutation') {
        // A write the catalog records is evicted when the catalog has applied it (evicting sooner
        // would let a read keep the catalog's older data again): waited for here, so that a write
        // through this gateway which the catalog applied before answering is seen by the next read.
        if (follower.hasCatalog() && reachesCatalog(args.schema, operation)) {
          return { onExecuteDone: () => follower.caughtUp(WRITE_EVICTION_WAIT_MS) };
        }
        return { onExecuteDone: () => store.invalidate() };
      }
      const request = pending.get(args.contextValue);
      if (operation?.operation !== 'query' || request === undefined) return undefined;
      return {
        onExecuteDone: ({ result }) => {
          // Answers with errors are never kept; neither are streamed (@defer) ones, nor any while
          // the catalog's changes are not followed, or followed since another feed.
          if (isAsyncIterable(result) || result.errors?.length || !follower.following()) return;
          if (follower.hasCatalog() && (!request.since || request.since.feedId !== follower.current()?.feedId)) return;
          const tags = follower.hasCatalog()
            ? tagsOfAnswer(args.schema, args.document, args.operationName, args.variableValues, result.data)
            : [];
          // Not awaited: the client need not wait for Redis; those waiting for this answer do.
          const kept = store.set(request.key, result, ttlMs, tags, request.since);
          const settle = settleOf.get(args.contextValue.request as Request);
          if (settle) {
            settleOf.delete(args.contextValue.request as Request);
            void Promise.resolve(kept).finally(settle);
          }
        },
      };
    },
    // Every request ends here, kept or not (errors, refusals before execution): release the waiters.
    onResultProcess({ request }) {
      const settle = settleOf.get(request);
      if (settle) {
        settleOf.delete(request);
        settle();
      }
    },
  };
}

/** Whether `promise` settled within `ms` (false: the time ran out first). */
function waitAtMost(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Reuses the answer to an anonymous read for a short time (GATEWAY_RESPONSE_CACHE_TTL_MS). A hit
 * is answered before parsing, planning and every subgraph call; answers with errors are never
 * kept. Each answer is tagged with the measures and lists of measures it read, and evicted (on
 * every replica with REDIS_URL) when the catalog applies a change to one of them, as the gateway
 * reads the catalog's change stream through `runtime`; mutations the catalog does not record, and
 * every mutation in a graph without the catalog (or without `runtime`), clear the cache when they
 * complete. Changes outside both (region data, a department's own tools in a graph without the
 * catalog) show within the TTL.
 */
export function createResponseCacheFeature(config: ResponseCacheConfig, runtime?: () => GatewayRuntime): GatewayFeature {
  if (config.ttlMs === 0) return { name: 'response-cache' };
  const logger = gatewayLogger();
  const log = (message: string, error?: unknown) => logger.warn({ error: (error as Error | undefined)?.message }, message);
  const store = config.redisUrl
    ? createRedisStore(config.redisUrl, config.keyPrefix, log)
    : createMemoryStore(config.maxEntries, config.maxBytes);
  const follower = runtime
    ? new CatalogChangeFollower({
        // The gateway's own request: not counted by the rate limit or the subscription caps.
        fetch: async (url, init) => runtime().fetch(new Request(url, init), { [GATEWAY_OWN_REQUEST]: true }),
        schema: async () => runtime().getSchema(),
        evict: (change, feedId) => store.evict(tagsOfChange(change), { feedId, seq: change.seq }),
        restart: () => store.invalidate(),
        log,
      })
    : undefined;
  return {
    name: 'response-cache',
    plugins: [
      useAnswerStore(store, config.ttlMs, follower ?? NO_CATALOG),
      // The runtime ends the stream when it is disposed (before the features are): stop, not reconnect.
      { onDispose: () => follower?.stop() },
    ],
    // Waits for the first attempt to open the stream (a programme service that is down fails it at
    // once), so that the first requests are already cached.
    start: async () => {
      await follower?.start(10_000);
    },
    dispose: async () => {
      await follower?.stop();
      await store.dispose();
    },
  };
}
