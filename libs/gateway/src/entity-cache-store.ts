import { LRUCache } from 'lru-cache';
import { connectRedis } from './redis-connection';

/**
 * Where entity answers are kept: the JSON text of one entity (or `null`) per key. Text, not
 * objects: every call gets objects of its own, as from the subgraph's answer, since the runtime
 * merges other subgraphs' fields into the entities it is given.
 */
export interface EntityStore {
  /** The kept text per key (undefined: not kept, or the store could not be read). */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  /** Keeps the entries; never fails (an entry not kept is fetched again next time). */
  setMany(entries: [key: string, text: string][]): void;
  dispose(): Promise<void>;
}

/** One process's entries, the least recently used dropped beyond `maxEntries` or after `ttlMs`. */
export function createMemoryEntityStore(maxEntries: number, ttlMs: number): EntityStore & { memory: LRUCache<string, string> } {
  const memory = new LRUCache<string, string>({ max: maxEntries, ttl: ttlMs });
  return {
    memory,
    getMany: async (keys) => keys.map((key) => memory.get(key)),
    setMany: (entries) => {
      for (const [key, text] of entries) memory.set(key, text);
    },
    dispose: async () => memory.clear(),
  };
}

/**
 * Entries shared by every replica through Redis, under `keyPrefix`, each for `ttlMs`. Redis away or
 * slow (100 ms per command) is a miss, never an error: the entity is fetched from its subgraph.
 */
export function createRedisEntityStore(
  redisUrl: string,
  keyPrefix: string,
  ttlMs: number,
  log: (message: string, error: unknown) => void,
): EntityStore & { ready: Promise<void> } {
  const { redis, ready, close } = connectRedis(
    redisUrl,
    'entity cache store (Redis) unavailable; entities not kept in this process are fetched from their subgraph until it is back',
    log,
  );
  const ttl = String(Math.max(1, Math.round(ttlMs)));
  return {
    ready,
    getMany: async (keys) => {
      if (keys.length === 0) return [];
      try {
        const values = await redis.mget(keys.map((key) => `${keyPrefix}:${key}`));
        return values.map((value) => value ?? undefined);
      } catch {
        return keys.map(() => undefined);
      }
    },
    setMany: (entries) => {
      if (entries.length === 0) return;
      const pipeline = redis.pipeline();
      for (const [key, text] of entries) pipeline.set(`${keyPrefix}:${key}`, text, 'PX', ttl);
      pipeline.exec().catch(() => undefined);
    },
    dispose: close,
  };
}

/** The process's own entries first, then the shared ones (kept in the process once read). */
export function layeredEntityStore(local: EntityStore, shared: EntityStore | undefined): EntityStore {
  if (!shared) return local;
  return {
    getMany: async (keys) => {
      const values = await local.getMany(keys);
      const missing: number[] = [];
      values.forEach((value, i) => value === undefined && missing.push(i));
      if (missing.length === 0) return values;
      const found = await shared.getMany(missing.map((i) => keys[i]!));
      const learned: [string, string][] = [];
      found.forEach((value, j) => {
        if (value === undefined) return;
        values[missing[j]!] = value;
        learned.push([keys[missing[j]!]!, value]);
      });
      local.setMany(learned);
      return values;
    },
    setMany: (entries) => {
      local.setMany(entries);
      shared.setMany(entries);
    },
    dispose: async () => {
      await local.dispose();
      await shared.dispose();
    },
  };
}
