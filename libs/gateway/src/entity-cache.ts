import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Counter, type Registry } from 'prom-client';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { ConfigError, getEnvBool, getEnvNum, getEnvOptionalStr, getEnvStr } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';
import { gatewayLogger } from './gateway-logger';
import { createShapeMemo, type EntityFetchShape, type VersionedEntity } from './entity-cache-documents';
import { createMemoryEntityStore, createRedisEntityStore, layeredEntityStore, type EntityStore } from './entity-cache-store';

type Env = Record<string, string | undefined>;

export interface EntityCacheConfig {
  enabled: boolean;
  /** The subgraph whose entities are kept, and which serves their version. */
  subgraph: string;
  /** The entity type kept (the version endpoint must name the same). */
  type: string;
  /** The version endpoint's path on the subgraph's origin. */
  versionPath: string;
  /**
   * The staleness bound: an entry is served only under a version whose read started at most this
   * long ago, so a change to the regions is served at most this long after its commit. The version
   * is read every quarter of it.
   */
  maxStaleMs: number;
  /** Entries kept per process. */
  maxEntries: number;
  /** How long an entry is kept (in the process and in Redis), whatever the version. */
  ttlMs: number;
  /** Entries shared by every replica; per process only when unset. */
  redisUrl?: string;
  keyPrefix: string;
}

export const ENTITY_CACHE_DEFAULTS = {
  subgraph: 'civil-affairs',
  type: 'Region',
  versionPath: '/region-version',
  maxStaleMs: 2_000,
  maxEntries: 10_000,
  ttlMs: 3_600_000,
  keyPrefix: 'hkp:gateway:entities',
} as const;

/** GATEWAY_ENTITY_CACHE and its settings, checked at start. */
export function readEntityCacheConfig(env: Env = process.env): EntityCacheConfig {
  const versionPath = getEnvStr('GATEWAY_ENTITY_CACHE_VERSION_PATH', ENTITY_CACHE_DEFAULTS.versionPath, env);
  if (!versionPath.startsWith('/')) {
    throw new ConfigError(
      `GATEWAY_ENTITY_CACHE_VERSION_PATH must be a path starting with /, such as /region-version, not "${versionPath}".`,
    );
  }
  const type = getEnvStr('GATEWAY_ENTITY_CACHE_TYPE', ENTITY_CACHE_DEFAULTS.type, env);
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(type))
    throw new ConfigError(`GATEWAY_ENTITY_CACHE_TYPE must be a GraphQL type name, not "${type}".`);
  const whole = (name: string, fallback: number, min: number) => {
    const value = getEnvNum(name, fallback, env, { min });
    if (!Number.isInteger(value)) throw new ConfigError(`${name} must be a whole number, got ${value}.`);
    return value;
  };
  return {
    enabled: getEnvBool('GATEWAY_ENTITY_CACHE', true, env),
    subgraph: getEnvStr('GATEWAY_ENTITY_CACHE_SUBGRAPH', ENTITY_CACHE_DEFAULTS.subgraph, env),
    type,
    versionPath,
    maxStaleMs: whole('GATEWAY_ENTITY_CACHE_MAX_STALE_MS', ENTITY_CACHE_DEFAULTS.maxStaleMs, 200),
    maxEntries: whole('GATEWAY_ENTITY_CACHE_MAX', ENTITY_CACHE_DEFAULTS.maxEntries, 1),
    ttlMs: whole('GATEWAY_ENTITY_CACHE_TTL_MS', ENTITY_CACHE_DEFAULTS.ttlMs, 1_000),
    redisUrl: getEnvOptionalStr('REDIS_URL', env),
    keyPrefix: getEnvStr('GATEWAY_ENTITY_CACHE_KEY_PREFIX', ENTITY_CACHE_DEFAULTS.keyPrefix, env),
  };
}

/** What the version endpoint answered last, and when the read that got it started. */
interface KnownVersion {
  version: string;
  entity: VersionedEntity;
  readAt: number;
}

/**
 * Reads the version from the subgraph every quarter of `maxStaleMs` (each read abandoned after
 * `maxStaleMs`). A version is trusted for `maxStaleMs` after the read that got it started: after a change
 * is committed, no entry of the version before it is served more than `maxStaleMs` later, even when
 * reads fail (the subgraph away, the database unreadable) or the event loop lags: then nothing is
 * served from the cache until a read succeeds again. Three reads in a row may fail or be late
 * before the cache stops answering.
 */
export class VersionPoller {
  private known: KnownVersion | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly urlOf: () => string | undefined,
    private readonly type: string,
    private readonly maxStaleMs: number,
    private readonly log: { warn(message: string): void; info(message: string): void },
    private readonly now: () => number = Date.now,
  ) {}

  /** The version entries may be served under now, with the fields it covers; undefined: none. */
  current(): KnownVersion | undefined {
    const known = this.known;
    return known && this.now() - known.readAt <= this.maxStaleMs ? known : undefined;
  }

  /** One read; resolves when it has succeeded or failed. */
  async poll(): Promise<void> {
    const url = this.urlOf();
    const readAt = this.now();
    try {
      if (!url) throw new Error('the subgraph is not in the supergraph');
      // A read that takes longer gives a version already too old to serve under.
      const response = await fetch(url, { signal: AbortSignal.timeout(this.maxStaleMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const body = (await response.json()) as { type?: unknown; version?: unknown; fields?: unknown };
      if (body.type !== this.type) throw new Error(`${url} gives the version of ${String(body.type)}, not of ${this.type}`);
      if (typeof body.version !== 'string' || !Array.isArray(body.fields) || !body.fields.every((f) => typeof f === 'string')) {
        throw new Error(`${url} answered no version and fields`);
      }
      const fields = body.fields as string[];
      const previous = this.known?.entity;
      // The same object while the fields stay the same: the shapes worked out for it stay valid.
      const entity =
        previous && previous.fields.size === fields.length && fields.every((f) => previous.fields.has(f))
          ? previous
          : { type: this.type, fields: new Set(fields) };
      // A slower read that started earlier never replaces a later one.
      if (!this.known || readAt >= this.known.readAt) this.known = { version: body.version, entity, readAt };
      if (this.failing) this.log.info(`entity cache: the ${this.type} version can be read again; entities are served from the cache`);
      this.failing = false;
    } catch (error) {
      // A supergraph without the subgraph has nothing to cache: no warning.
      if (!this.failing && url) {
        this.log.warn(
          `entity cache: the ${this.type} version cannot be read (${(error as Error).message}); ${this.type} entities are fetched uncached until it can`,
        );
      }
      this.failing = true;
    }
  }

  start(): Promise<void> {
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.poll().finally(loop), this.maxStaleMs / 4);
      this.timer.unref();
    };
    return this.poll().finally(loop);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

interface Representation {
  __typename?: unknown;
}

const isAsyncIterable = (value: unknown): boolean => value !== null && typeof value === 'object' && Symbol.asyncIterator in value;

/**
 * Answers an `_entities` call of the shape given from the store where it can, asking the subgraph
 * only for the representations not kept (all of them: the call as it came), and keeps what a clean
 * answer brings. Entities are kept per subgraph, version, selection and representation, so calls
 * of other requests and other plans share them. An answer with errors is passed on and nothing of
 * it kept; when only part of the call was asked and that part failed with errors for some entities,
 * the whole call is made as it came and its answer passed on, so errors read as without the cache.
 */
export async function answerEntityCall(
  request: ExecutionRequest,
  executor: Executor,
  shape: EntityFetchShape,
  keyPrefix: string,
  store: EntityStore,
  type: string,
  count?: (kept: number, asked: number) => void,
): Promise<ExecutionResult | undefined> {
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  // Representations and their key text, per variable; anything unexpected: not for the cache.
  const texts = new Map<string, string[]>();
  for (const variable of shape.variables) {
    const representations = variables[variable];
    if (!Array.isArray(representations)) return undefined;
    const keys: string[] = [];
    for (const representation of representations as Representation[]) {
      if (representation === null || typeof representation !== 'object' || representation.__typename !== type) return undefined;
      keys.push(JSON.stringify(representation));
    }
    texts.set(variable, keys);
  }
  const keysOf = shape.fields.map((field) => texts.get(field.variable)!.map((text) => `${keyPrefix}:${field.selection}:${text}`));
  const values = await store.getMany(keysOf.flat());
  if (count) {
    let kept = 0;
    for (const value of values) if (value !== undefined) kept += 1;
    count(kept, values.length - kept);
  }

  // Per variable: the positions of its representations some field has no entry for.
  const missing = new Map<string, number[]>(shape.variables.map((v) => [v, []]));
  const missingSeen = new Map<string, Set<number>>(shape.variables.map((v) => [v, new Set()]));
  let offset = 0;
  for (const [f, field] of shape.fields.entries()) {
    const count = keysOf[f]!.length;
    for (let i = 0; i < count; i++) {
      if (values[offset + i] === undefined && !missingSeen.get(field.variable)!.has(i)) {
        missingSeen.get(field.variable)!.add(i);
        missing.get(field.variable)!.push(i);
      }
    }
    offset += count;
  }

  const data: Record<string, unknown[]> = {};
  const anyMissing = [...missing.values()].some((positions) => positions.length > 0);
  if (anyMissing) {
    const whole = shape.variables.every((v) => missing.get(v)!.length === texts.get(v)!.length);
    const asked: ExecutionRequest = whole
      ? request
      : {
          ...request,
          variables: {
            ...variables,
            ...Object.fromEntries(shape.variables.map((v) => [v, missing.get(v)!.map((i) => (variables[v] as unknown[])[i])])),
          },
        };
    const result = (await executor(asked)) as ExecutionResult;
    if (isAsyncIterable(result)) return result;
    const answered = result.data as Record<string, unknown> | null | undefined;
    const clean =
      !result.errors?.length &&
      answered != null &&
      shape.fields.every((field) => {
        const entities = answered[field.responseKey];
        return Array.isArray(entities) && entities.length === missing.get(field.variable)!.length;
      });
    if (!clean) {
      // Nothing kept. A part that failed entity by entity is asked again whole, for the errors'
      // paths and the answer to be what the call gets without the cache.
      if (whole || answered == null) return result;
      return (await executor(request)) as ExecutionResult;
    }
    const fresh: [string, string][] = [];
    offset = 0;
    for (const [f, field] of shape.fields.entries()) {
      const entities = answered[field.responseKey] as unknown[];
      missing.get(field.variable)!.forEach((position, j) => {
        const text = JSON.stringify(entities[j] ?? null);
        values[offset + position] = text;
        fresh.push([keysOf[f]![position]!, text]);
      });
      offset += keysOf[f]!.length;
    }
    store.setMany(fresh);
  }
  offset = 0;
  for (const [f, field] of shape.fields.entries()) {
    const count = keysOf[f]!.length;
    const entities = new Array<unknown>(count);
    for (let i = 0; i < count; i++) entities[i] = JSON.parse(values[offset + i]!);
    data[field.responseKey] = entities;
    offset += count;
  }
  return { data };
}

/**
 * Keeps the answers of `_entities` calls to one subgraph for its versioned type (Region, from
 * civil-affairs) and answers repeats without calling it. See answerEntityCall and VersionPoller.
 */
export function useEntityCache(
  config: EntityCacheConfig,
  poller: VersionPoller,
  store: EntityStore,
  count?: (kept: number, asked: number) => void,
): GatewayPlugin {
  const shapeOf = createShapeMemo();
  return {
    onSubgraphExecute({ subgraphName, executionRequest, executor, setExecutor }) {
      if (subgraphName !== config.subgraph) return;
      const known = poller.current();
      if (!known) return;
      const shape = shapeOf(executionRequest.document, known.entity);
      if (!shape) return;
      const keyPrefix = `${subgraphName}:${known.version}`;
      setExecutor(
        async (request: ExecutionRequest) =>
          (await answerEntityCall(request, executor, shape, keyPrefix, store, config.type, count)) ??
          (executor(request) as Promise<ExecutionResult>),
      );
    },
  };
}

/**
 * The entity cache (GATEWAY_ENTITY_CACHE, on by default): the answers of civil-affairs to
 * `_entities` calls for Region fields that depend on the regions alone, kept per region version
 * (GET /region-version, read every quarter of GATEWAY_ENTITY_CACHE_MAX_STALE_MS), in the process and, with
 * REDIS_URL, in Redis for every replica. Its subgraph's URL is looked up at each read (a reload
 * may move it).
 */
export function createEntityCacheFeature(
  config: EntityCacheConfig,
  subgraphUrlOf: (name: string) => string | undefined,
  registry?: Registry,
): GatewayFeature {
  if (!config.enabled) return { name: 'entity-cache' };
  const log = gatewayLogger();
  // Label children resolved once: no label object per call.
  const entities = registry
    ? new Counter({
        name: 'gateway_entity_cache_entities_total',
        help: 'Entities of cacheable _entities calls: answered from the entity cache (kept) or asked of the subgraph (asked)',
        labelNames: ['result'],
        registers: [registry],
      })
    : undefined;
  const keptCounter = entities?.labels('kept');
  const askedCounter = entities?.labels('asked');
  const count = entities
    ? (kept: number, asked: number) => {
        if (kept > 0) keptCounter!.inc(kept);
        if (asked > 0) askedCounter!.inc(asked);
      }
    : undefined;
  const poller = new VersionPoller(
    () => {
      const url = subgraphUrlOf(config.subgraph);
      return url === undefined ? undefined : new URL(config.versionPath, url).toString();
    },
    config.type,
    config.maxStaleMs,
    { warn: (message) => log.warn(message), info: (message) => log.info(message) },
  );
  const local = createMemoryEntityStore(config.maxEntries, config.ttlMs);
  const shared = config.redisUrl
    ? createRedisEntityStore(`${config.redisUrl}`, config.keyPrefix, config.ttlMs, (message, error) => log.warn({ err: error }, message))
    : undefined;
  const store = layeredEntityStore(local, shared);
  return {
    name: 'entity-cache',
    plugins: [useEntityCache(config, poller, store, count)],
    start: async () => {
      await shared?.ready;
      await poller.start();
    },
    dispose: async () => {
      poller.stop();
      await store.dispose();
    },
  };
}
