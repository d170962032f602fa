import Redis from 'ioredis';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin as YogaPlugin } from 'graphql-yoga';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { gatewayLogger } from './gateway-logger';
import { getEnvNum, getEnvOptionalStr, getEnvStr } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';

export interface ResponseCacheConfig {
  /** How long an answer is reused; 0 switches the cache off. Bounds staleness for writes made elsewhere. */
  ttlMs: number;
  /** Answers kept per process (in-memory store). */
  maxEntries: number;
  /** Shared store and invalidation for every replica; in memory (per process) when unset. */
  redisUrl?: string;
  keyPrefix: string;
}

const STARTUP_WAIT_MS = 2000;

export const RESPONSE_CACHE_DEFAULTS = { ttlMs: 2_000, maxEntries: 1_000, keyPrefix: 'hkp:gateway:response' } as const;

export function readResponseCacheConfig(env: Record<string, string | undefined>): ResponseCacheConfig {
  return {
    ttlMs: getEnvNum('GATEWAY_RESPONSE_CACHE_TTL_MS', RESPONSE_CACHE_DEFAULTS.ttlMs, env, { min: 0 }),
    maxEntries: getEnvNum('GATEWAY_RESPONSE_CACHE_MAX', RESPONSE_CACHE_DEFAULTS.maxEntries, env, { min: 1 }),
    redisUrl: getEnvOptionalStr('REDIS_URL', env),
    keyPrefix: getEnvStr('GATEWAY_RESPONSE_CACHE_KEY_PREFIX', RESPONSE_CACHE_DEFAULTS.keyPrefix, env),
  };
}

/** The response cache's store, plus dropping every answer at once (after a write). */
export interface ResponseStore extends Cache {
  /** Settles once the store can answer (Redis connected), or after a short wait without it. */
  ready: Promise<void>;
  clear(): Promise<void>;
  dispose(): Promise<void>;
}

/** One process's answers; `clear` starts a fresh map, so a write is never followed by an older answer. */
export function createMemoryStore(maxEntries: number): ResponseStore {
  let inner = createInMemoryCache({ max: maxEntries });
  return {
    ready: Promise.resolve(),
    get: (key) => inner.get(key),
    set: (key, value, entities, ttl) => inner.set(key, value, entities, ttl),
    // A write drops everything (below); entity-level invalidation would miss new list members.
    invalidate: () => {
      inner = createInMemoryCache({ max: maxEntries });
    },
    clear: async () => {
      inner = createInMemoryCache({ max: maxEntries });
    },
    dispose: async () => undefined,
  };
}

/**
 * Answers shared by every replica. Keys carry a generation number that a write increments, so one
 * INCR invalidates every answer on every replica. Redis being away is a cache miss, never an error.
 */
export function createRedisStore(redisUrl: string, keyPrefix: string, log: (message: string, error: unknown) => void): ResponseStore {
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, disconnectTimeout: 200, lazyConnect: false });
  let reported = false;
  redis.on('error', (error: unknown) => {
    if (!reported) log('response cache store (Redis) unavailable; answering without the cache until it is back', error);
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  // Commands fail fast while Redis is away (no offline queue), so wait for the first connection.
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STARTUP_WAIT_MS).unref();
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const generationKey = `${keyPrefix}:generation`;
  const entryKey = async (key: string) => `${keyPrefix}:${(await redis.get(generationKey)) ?? '0'}:${key}`;
  return {
    ready,
    get: async (key) => {
      try {
        const raw = await redis.get(await entryKey(key));
        return raw ? (JSON.parse(raw) as ExecutionResult<Record<string, unknown>>) : undefined;
      } catch {
        return undefined;
      }
    },
    set: async (key, value, _entities, ttl) => {
      try {
        const ms = Number.isFinite(ttl) ? Math.max(1, Math.round(ttl)) : RESPONSE_CACHE_DEFAULTS.ttlMs;
        await redis.set(await entryKey(key), JSON.stringify(value), 'PX', ms);
      } catch {
        // Not cached this time.
      }
    },
    invalidate: async () => {
      await redis.incr(generationKey).catch(() => undefined);
    },
    clear: async () => {
      await redis.incr(generationKey).catch(() => undefined);
    },
    dispose: async () => {
      redis.disconnect();
    },
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

/**
 * Every onParams hook runs and the last result set wins, so a cached answer set as a result could
 * override an earlier refusal (rate limit, persisted documents only). Served as the params
 * handler instead, a hit answers only when no hook refused the request.
 */
function answerHitsLast(plugin: YogaPlugin): YogaPlugin {
  const onParams = plugin.onParams;
  if (!onParams) return plugin;
  return {
    ...plugin,
    onParams: (payload) => onParams({ ...payload, setResult: (result) => payload.setParamsHandler(() => result) }),
  };
}

/** After any mutation through this gateway, no earlier answer is served again. */
function useClearAfterMutation(store: ResponseStore): GatewayPlugin {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return undefined;
      return {
        onExecuteDone: async () => {
          await store.clear();
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
export function createResponseCacheFeature(config: ResponseCacheConfig): GatewayFeature {
  if (config.ttlMs === 0) return { name: 'response-cache' };
  const logger = gatewayLogger();
  const log = (message: string, error: unknown) => logger.warn({ error: (error as Error)?.message }, message);
  const store = config.redisUrl ? createRedisStore(config.redisUrl, config.keyPrefix, log) : createMemoryStore(config.maxEntries);
  const cache = useResponseCache({
    session: () => null,
    enabled: (request) => isCacheableRequest(request),
    cache: store,
    ttl: config.ttlMs,
    invalidateViaMutation: false,
  });
  return {
    name: 'response-cache',
    // Yoga's plugin type names Yoga's context; the gateway's extends it.
    plugins: [answerHitsLast(cache) as unknown as GatewayPlugin, useClearAfterMutation(store)],
    dispose: () => store.dispose(),
  };
}
