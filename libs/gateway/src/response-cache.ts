import { getOperationAST, type ExecutionResult } from 'graphql';
import { createInMemoryCache, hashSHA256, type Cache } from '@graphql-yoga/plugin-response-cache';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { GatewayPlugin, GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { gatewayLogger } from './gateway-logger';
import { getEnvNum, getEnvOptionalStr, getEnvStr } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';
import { connectRedis } from './redis-connection';

export interface ResponseCacheConfig {
  /** How long an answer is reused; 0 switches the cache off. Bounds staleness for writes made elsewhere. */
  ttlMs: number;
  /** Answers kept per process (in-memory store). */
  maxEntries: number;
  /** Shared store and invalidation for every replica; in memory (per process) when unset. */
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

export const RESPONSE_CACHE_DEFAULTS = { ttlMs: 2_000, maxEntries: 1_000, keyPrefix: 'hkp:gateway:response' } as const;

export function readResponseCacheConfig(env: Record<string, string | undefined>): ResponseCacheConfig {
  return {
    ttlMs: getEnvNum('GATEWAY_RESPONSE_CACHE_TTL_MS', RESPONSE_CACHE_DEFAULTS.ttlMs, env, { min: 0 }),
    maxEntries: getEnvNum('GATEWAY_RESPONSE_CACHE_MAX', RESPONSE_CACHE_DEFAULTS.maxEntries, env, { min: 1 }),
    redisUrl: getEnvOptionalStr('REDIS_URL', env),
    keyPrefix: getEnvStr('GATEWAY_RESPONSE_CACHE_KEY_PREFIX', RESPONSE_CACHE_DEFAULTS.keyPrefix, env),
  };
}

/**
 * The response cache's store. Every answer is filed under the generation that was current when its
 * request arrived, and a write starts a new generation: a read that began before a write and ends
 * after it files its (older) answer where no later request looks.
 */
export interface ResponseStore extends Cache {
  /** Settles once the store can answer (Redis connected), or after a short wait without it. */
  ready: Promise<void>;
  /** The current generation, read once per request, when its cache key is made. */
  generation(): Promise<string>;
  /** `invalidate` (whatever entities it is given) starts a new generation: every earlier answer is unreachable from then on. */
  dispose(): Promise<void>;
}

/** One process's answers; entries of past generations fall out by TTL or size. */
export function createMemoryStore(maxEntries: number): ResponseStore {
  const entries = createInMemoryCache({ max: maxEntries });
  let generation = 0;
  return {
    ready: Promise.resolve(),
    generation: async () => String(generation),
    get: (key) => entries.get(key),
    set: (key, value, entities, ttl) => entries.set(key, value, entities, ttl),
    // Entity-level invalidation would miss new list members: a write starts a new generation.
    invalidate: () => {
      generation += 1;
    },
    dispose: async () => undefined,
  };
}

/**
 * Answers shared by every replica. The generation is a Redis counter that a write increments, so
 * one INCR invalidates every answer on every replica. Redis being away, or slow, is a cache miss,
 * never an error.
 */
export function createRedisStore(redisUrl: string, keyPrefix: string, log: (message: string, error: unknown) => void): ResponseStore {
  const { redis, ready, close } = connectRedis(
    redisUrl,
    'response cache store (Redis) unavailable; answering without the cache until it is back',
    log,
  );
  const generationKey = `${keyPrefix}:generation`;
  const entryKey = (key: string) => `${keyPrefix}:${key}`;
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
    set: async (key, value, _entities, ttl) => {
      if (key.startsWith('unavailable-')) return;
      try {
        const ms = Number.isFinite(ttl) ? Math.max(1, Math.round(ttl)) : RESPONSE_CACHE_DEFAULTS.ttlMs;
        await redis.set(entryKey(key), JSON.stringify(value), 'PX', ms);
      } catch {
        // Not cached this time.
      }
    },
    invalidate: async () => {
      await redis
        .incr(generationKey)
        .catch((error: unknown) =>
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
 * Serves and keeps whole answers; the operation runs exactly as the client sent it. (The
 * library's useResponseCache adds `__typename` and id selections to every selection set to track
 * entities, which changes what the query planner plans and so the answer; a new generation per
 * write needs no entity tracking.)
 */
function useAnswerStore(store: ResponseStore, ttlMs: number): GatewayPlugin {
  const keyByContext = new WeakMap<object, string>();
  return {
    async onParams({ params, request, context, setParamsHandler }) {
      if (!isCacheableRequest(request)) return;
      // Variables too deep to hash (the limits refuse them first unless GATEWAY_LIMITS=false):
      // not cached, and the request goes on to get its own answer.
      const key = await keyOf(store, params).catch(() => undefined);
      if (key === undefined) return;
      const hit = await store.get(key);
      // As the params handler, not a result: a hit answers only when no earlier hook (rate
      // limit, persisted documents only) refused the request. The symbol marks hits in traces.
      if (hit) {
        const bytes = bytesOf(hit);
        setParamsHandler(() => ({
          ...hit,
          ...(bytes === undefined ? {} : { stringify: () => bytes }),
          [Symbol.for('servedFromResponseCache')]: true,
        }));
      } else keyByContext.set(context, key);
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      // After any mutation through this gateway, no earlier answer is served again.
      if (operation === 'mutation') return { onExecuteDone: () => store.invalidate([]) };
      const key = keyByContext.get(args.contextValue);
      if (operation !== 'query' || key === undefined) return undefined;
      return {
        onExecuteDone: ({ result }) => {
          // Answers with errors are never kept; neither are streamed (@defer) ones. Not awaited:
          // the client need not wait for Redis.
          if (!isAsyncIterable(result) && !result.errors?.length) void store.set(key, result, [], ttlMs);
        },
      };
    },
  };
}

/**
 * Reuses the answer to an anonymous read for a short time (GATEWAY_RESPONSE_CACHE_TTL_MS). A hit
 * is answered before parsing, planning and every subgraph call; answers with errors are never
 * kept; any mutation through the gateway clears the cache (on every replica with REDIS_URL);
 * changes made elsewhere (another gateway without Redis, a department's own tools) show within
 * the TTL.
 */
export function createResponseCacheFeature(config: ResponseCacheConfig, _runtime?: () => GatewayRuntime): GatewayFeature {
  if (config.ttlMs === 0) return { name: 'response-cache' };
  const logger = gatewayLogger();
  const log = (message: string, error: unknown) => logger.warn({ error: (error as Error)?.message }, message);
  const store = config.redisUrl ? createRedisStore(config.redisUrl, config.keyPrefix, log) : createMemoryStore(config.maxEntries);
  return {
    name: 'response-cache',
    plugins: [useAnswerStore(store, config.ttlMs)],
    dispose: () => store.dispose(),
  };
}
