import Redis from 'ioredis';

/** How long a Redis command may take before the caller goes on without Redis. */
const COMMAND_TIMEOUT_MS = 100;
/** How long `ready` waits for the first connection. */
const STARTUP_WAIT_MS = 2000;

export interface RedisConnection {
  redis: Redis;
  /** Settles once Redis first answers, or after STARTUP_WAIT_MS without it. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The gateway's Redis client for shared state (rate limits, the response cache). It fails fast
 * while Redis is away or slow (no offline queue, a command timeout), so each user falls back to
 * its own answer (count in memory, answer without the cache) instead of waiting, and logs one
 * warning per outage.
 */
export function connectRedis(url: string, unavailableMessage: string, log: (message: string, error: unknown) => void): RedisConnection {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 1000,
    disconnectTimeout: 200,
  });
  let reported = false;
  redis.on('error', (error: unknown) => {
    if (!reported) log(unavailableMessage, error);
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STARTUP_WAIT_MS).unref();
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    redis,
    ready,
    close: async () => {
      // quit() waits for the server; a client still (re)connecting is simply stopped.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
