import type { IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { clientError, GatewayErrorCode } from './client-errors';

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests a client may make per window. */
  points: number;
  windowSeconds: number;
  /** Shared counters for every replica; in memory (per process) when unset. */
  redisUrl?: string;
  keyPrefix: string;
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy: boolean;
}

const STARTUP_WAIT_MS = 2000;

export interface RateLimiter {
  plugin: GatewayPlugin;
  dispose(): Promise<void>;
}

interface ServerContextLike {
  req?: IncomingMessage;
  jwt?: { payload?: { sub?: unknown } };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Who to count a request against: the subject of a verified token (the auth feature puts the
 * payload on the context as `jwt`), else the client's address.
 */
export function clientKeyOf(context: ServerContextLike, request: Request, trustProxy: boolean): string {
  const subject = context.jwt?.payload?.sub;
  if (typeof subject === 'string' && subject !== '') return `sub:${subject}`;
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return `ip:${normaliseAddress(last)}`;
  }
  const address = context.req?.socket?.remoteAddress;
  return `ip:${address ? normaliseAddress(address) : 'unknown'}`;
}

export function rateLimitedError(result: RateLimiterRes, config: RateLimitConfig) {
  const retryAfter = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  return clientError(
    `Too many requests: this client may make ${config.points} requests every ${config.windowSeconds} s. Retry after ${retryAfter} s.`,
    GatewayErrorCode.RATE_LIMITED,
    429,
    { retryAfterSeconds: retryAfter, limit: config.points, windowSeconds: config.windowSeconds },
    { 'retry-after': String(retryAfter) },
  );
}

/**
 * Counts every GraphQL request (one point) per client, before it is parsed. With `redisUrl` the
 * counters live in Redis so all replicas share them; should Redis fail, each replica falls back
 * to counting in memory (an insurance limiter) instead of refusing or waving everything through.
 */
export function createRateLimiter(config: RateLimitConfig, log: (message: string, error?: unknown) => void = () => undefined): RateLimiter {
  const base = { points: config.points, duration: config.windowSeconds, keyPrefix: config.keyPrefix };
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract;
  // Until Redis first answers (at most STARTUP_WAIT_MS), requests wait for it rather than be
  // counted only in this replica's memory.
  let connecting: Promise<void> | undefined;
  if (config.redisUrl) {
    // Fail fast while Redis is away (no offline queue): the insurance limiter answers instead.
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, disconnectTimeout: 200 });
    let reported = false;
    redis.on('error', (error: unknown) => {
      if (!reported) log('rate limit store (Redis) unavailable; counting in memory until it is back', error);
      reported = true;
    });
    redis.on('ready', () => {
      reported = false;
    });
    limiter = new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
    const client = redis;
    connecting = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STARTUP_WAIT_MS);
      timer.unref();
      client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    }).then(() => {
      connecting = undefined;
    });
  } else {
    limiter = new RateLimiterMemory(base);
  }

  const plugin: GatewayPlugin = {
    onParams({ context, request, setResult }) {
      const key = clientKeyOf(context as ServerContextLike, request, config.trustProxy);
      return (connecting ?? Promise.resolve()).then(() => limiter.consume(key)).then(
        () => undefined,
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) {
            setResult({ errors: [rateLimitedError(rejection, config)] });
            return;
          }
          // Neither store answered: let the request through rather than fail every client.
          log('rate limiter failed; request let through', rejection);
        },
      );
    },
  };

  return {
    plugin,
    dispose: async () => {
      if (!redis) return;
      // quit() waits for the server; a client still (re)connecting is simply stopped.
      if (redis.status === 'ready') await redis.quit().catch(() => redis?.disconnect());
      else redis.disconnect();
    },
  };
}
