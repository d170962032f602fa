import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { clientError, errorBody, GatewayErrorCode, sendErrorBody } from './client-errors';
import { connectRedis, type RedisConnection } from './redis-connection';
import { rateLimitHeaders, setRateLimitHeaders, type RateLimitPolicyName, type RateLimitStanding } from './rate-limit-headers';

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

/**
 * Set in the server context of operations the gateway runs itself (the exports' pages): the rate
 * limit does not count them, the export that runs them is charged instead (see `charge`).
 */
export const GATEWAY_OWN_REQUEST = 'hkpGatewayOwnRequest';

export interface RateLimiter {
  plugin: GatewayPlugin;
  /**
   * Takes `points` from the allowance of the client sending `req`, by its address (for routes
   * outside GraphQL, which take no token), and answers 429 (returning true) when they are not
   * left; `note` ends the refusal's message.
   */
  charge(req: IncomingMessage, res: ServerResponse, points: number, note: string): Promise<boolean>;
  /**
   * Runs first on every HTTP request to the GraphQL endpoint, before the body limit, CSRF
   * prevention and the token check: answers 429 (and returns true) to an address whose refused
   * requests used up the allowance, else arranges for a refusal to be counted.
   */
  screen(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  dispose(): Promise<void>;
}

interface ServerContextLike {
  req?: IncomingMessage;
  res?: ServerResponse;
  jwt?: { payload?: { sub?: unknown } };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The client's address: the last X-Forwarded-For entry behind a trusted proxy, else the socket's. */
export function addressKeyOf(remoteAddress: string | undefined, forwardedFor: string | null | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const last = forwardedFor
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last) return `ip:${normaliseAddress(last)}`;
  }
  return `ip:${remoteAddress ? normaliseAddress(remoteAddress) : 'unknown'}`;
}

/**
 * Who to count a request against: the subject of a verified token (the auth feature puts the
 * payload on the context as `jwt`), else the client's address.
 */
export function clientKeyOf(context: ServerContextLike, request: Request, trustProxy: boolean): string {
  const subject = context.jwt?.payload?.sub;
  if (typeof subject === 'string' && subject !== '') return `sub:${subject}`;
  return addressKeyOf(context.req?.socket?.remoteAddress, request.headers.get('x-forwarded-for'), trustProxy);
}

/** Where a client stands after `result`, for the RateLimit headers of the answer. */
function standingOf(result: RateLimiterRes, config: RateLimitConfig, policy: RateLimitPolicyName = 'operations'): RateLimitStanding {
  return {
    policy,
    quota: config.points,
    windowSeconds: config.windowSeconds,
    remaining: result.remainingPoints,
    msBeforeReset: result.msBeforeNext,
  };
}

/** What a client over its allowance is told: message, extensions, Retry-After and the RateLimit headers. */
function rateLimitedAnswer(result: RateLimiterRes, config: RateLimitConfig, policy: RateLimitPolicyName = 'operations') {
  const retryAfter = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  return {
    message: `Too many requests: this client may make ${config.points} requests every ${config.windowSeconds} s. Retry after ${retryAfter} s.`,
    extensions: { retryAfterSeconds: retryAfter, limit: config.points, windowSeconds: config.windowSeconds },
    headers: { 'retry-after': String(retryAfter), ...rateLimitHeaders({ ...standingOf(result, config, policy), remaining: 0 }) },
  };
}

export function rateLimitedError(result: RateLimiterRes, config: RateLimitConfig) {
  const { message, extensions, headers } = rateLimitedAnswer(result, config);
  return clientError(message, GatewayErrorCode.RATE_LIMITED, 429, extensions, headers);
}

/** A request the gateway refused before the rate limit's onParams: bad token, CSRF, 413, 415, bad JSON. */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429;
}

/**
 * Counts every GraphQL request (one point) per client, before it is parsed. Requests refused
 * before that point (a bad token's 401, CSRF's 403, 413, 415, unreadable bodies) never reach the
 * count, so they are counted apart, per address, in a second allowance of the same size: an
 * address that uses it up is answered 429 for the rest of the window, before its token is even
 * looked at — token guessing is limited like everything else. With `redisUrl` the
 * counters live in Redis so all replicas share them; should Redis fail, each replica falls back
 * to counting in memory (an insurance limiter) instead of refusing or waving everything through.
 */
export function createRateLimiter(config: RateLimitConfig, log: (message: string, error?: unknown) => void = () => undefined): RateLimiter {
  const base = { points: config.points, duration: config.windowSeconds, keyPrefix: config.keyPrefix };
  let connection: RedisConnection | undefined;
  let limiter: RateLimiterAbstract;
  const refusalBase = { ...base, keyPrefix: `${config.keyPrefix}:refused` };
  let refusals: RateLimiterAbstract;
  // Until Redis first answers (or a short wait passes), requests wait for it rather than be
  // counted only in this replica's memory.
  let connecting: Promise<void> | undefined;
  if (config.redisUrl) {
    // Redis away or slow: the insurance limiter counts in memory instead.
    connection = connectRedis(config.redisUrl, 'rate limit store (Redis) unavailable; counting in memory until it is back', log);
    const storeClient = connection.redis;
    limiter = new RateLimiterRedis({ ...base, storeClient, insuranceLimiter: new RateLimiterMemory(base) });
    refusals = new RateLimiterRedis({ ...refusalBase, storeClient, insuranceLimiter: new RateLimiterMemory(refusalBase) });
    connecting = connection.ready.then(() => {
      connecting = undefined;
    });
  } else {
    limiter = new RateLimiterMemory(base);
    refusals = new RateLimiterMemory(refusalBase);
  }
  /** Requests that reached onParams: counted there, so not again as refusals. */
  const counted = new WeakSet<IncomingMessage>();

  const screen = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const key = addressKeyOf(req.socket?.remoteAddress, req.headers['x-forwarded-for']?.toString(), config.trustProxy);
    if (connecting) await connecting;
    let state: RateLimiterRes | null = null;
    try {
      state = await refusals.get(key);
    } catch {
      // Neither store answered: screen nobody out.
    }
    if (state && state.consumedPoints >= config.points) {
      const { message, extensions, headers } = rateLimitedAnswer(state, config, 'refused');
      sendErrorBody(req, res, 429, errorBody(message, GatewayErrorCode.RATE_LIMITED, extensions), headers);
      return true;
    }
    res.once('finish', () => {
      if (counted.has(req) || !isRefusal(res.statusCode)) return;
      refusals.consume(key).catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) log('rate limiter failed to count a refused request', rejection);
      });
    });
    return false;
  };

  const charge = async (req: IncomingMessage, res: ServerResponse, points: number, note: string): Promise<boolean> => {
    const key = addressKeyOf(req.socket?.remoteAddress, req.headers['x-forwarded-for']?.toString(), config.trustProxy);
    await connecting;
    try {
      setRateLimitHeaders(res, standingOf(await limiter.consume(key, points), config));
      return false;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        log('rate limiter failed; request let through', rejection);
        return false;
      }
      const { message, extensions, headers } = rateLimitedAnswer(rejection, config);
      sendErrorBody(req, res, 429, errorBody(`${message} ${note}`, GatewayErrorCode.RATE_LIMITED, extensions), headers);
      return true;
    }
  };

  const plugin: GatewayPlugin = {
    onParams({ context, request, setResult }) {
      if ((context as unknown as Record<string, unknown>)[GATEWAY_OWN_REQUEST] === true) return undefined;
      const serverContext = context as ServerContextLike;
      if (serverContext.req) counted.add(serverContext.req);
      const key = clientKeyOf(serverContext, request, config.trustProxy);
      const consume = () => limiter.consume(key);
      // Once the store is there, no promise of its own before the count.
      return (connecting ? connecting.then(consume) : consume()).then(
        // Every answer says where the client stands, not only a refusal.
        (result) => setRateLimitHeaders(serverContext.res, standingOf(result, config)),
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
    screen,
    charge,
    dispose: async () => {
      await connection?.close();
    },
  };
}
