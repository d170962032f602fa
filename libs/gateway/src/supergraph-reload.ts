import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createRequire } from 'node:module';
import type { Logger } from '@graphql-hive/logger';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import {
  buildASTSchema,
  getNamedType,
  isCompositeType,
  isNonNullType,
  Kind,
  parse,
  validateSchema,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ConfigError, getEnvNum, getEnvOptionalStr } from '@hkp/util-env';
import { subgraphEndpoints } from './subgraph-endpoints';

export interface SupergraphReloadConfig {
  /** Polled for the supergraph instead of SUPERGRAPH_PATH when set (a registry, a bucket, another gateway's artefact store). */
  url?: string;
  /** How often the file's modification time, or the URL's answer, is looked at. */
  pollIntervalMs: number;
  /** How long requests that started on the old supergraph may run on it after a switch. */
  drainTimeoutMs: number;
}

export function readSupergraphReloadConfig(env: Record<string, string | undefined>): SupergraphReloadConfig {
  const url = getEnvOptionalStr('SUPERGRAPH_URL', env);
  if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) {
    throw new ConfigError(`SUPERGRAPH_URL must be an http(s) URL of a supergraph file, not "${url}".`);
  }
  return {
    url,
    pollIntervalMs: getEnvNum('SUPERGRAPH_POLL_INTERVAL_MS', url === undefined ? 1000 : 10_000, env, { min: 100 }),
    drainTimeoutMs: getEnvNum('SUPERGRAPH_DRAIN_TIMEOUT_MS', 30_000, env, { min: 1 }),
  };
}

/** The first twelve hex digits of the supergraph's SHA-256: what logs and metrics call a version. */
export const supergraphHash = (sdl: string) => createHash('sha256').update(sdl).digest('hex').slice(0, 12);

interface QueryPlannerModule {
  QueryPlanner: new (supergraphSdl: string) => {
    plan(query: string, operationName: string | null, activeLabels: Set<string>, percentageValue: number): { node?: unknown };
  };
}

/**
 * The Rust planner the router runtime plans with, loaded from where the runtime loads it: a
 * supergraph it cannot plan is one the gateway cannot serve.
 */
let planner: QueryPlannerModule | undefined;
function queryPlanner(): QueryPlannerModule {
  planner ??= createRequire(require.resolve('@graphql-hive/router-runtime'))('@graphql-hive/router-query-planner') as QueryPlannerModule;
  return planner;
}

/**
 * An operation every supergraph can answer, to plan: the first root field that needs no argument,
 * with `__typename` under it, so the plan reaches a subgraph.
 */
function probeOperation(api: GraphQLSchema): string {
  const query = api.getQueryType();
  for (const field of Object.values(query?.getFields() ?? {})) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    return `query SupergraphProbe { ${field.name}${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''} }`;
  }
  return 'query SupergraphProbe { __typename }';
}

function isSupergraph(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph');
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

/**
 * Why a supergraph cannot be served, or null when it can: it parses, is a supergraph (a
 * join__Graph naming its subgraphs), its client-facing schema builds and is valid, and the query
 * planner plans a probe operation over it.
 */
export function supergraphProblem(sdl: string): string | null {
  let document: DocumentNode;
  try {
    document = parse(sdl, { noLocation: true });
  } catch (error) {
    return `it is not GraphQL: ${firstLine(error)}`;
  }
  if (!isSupergraph(document)) return 'it is not a supergraph (no join__Graph enum: a subgraph schema or another file?)';
  if (subgraphEndpoints(sdl).length === 0) return 'it names no subgraph with a URL (join__Graph is empty)';
  let api: GraphQLSchema;
  try {
    api = buildASTSchema(transformSupergraphToPublicSchema(document));
  } catch (error) {
    return `its schema does not build: ${firstLine(error)}`;
  }
  const invalid = validateSchema(api);
  if (invalid.length > 0) return `its schema is not valid: ${invalid.map((e) => e.message).join('; ')}`;
  const probe = probeOperation(api);
  try {
    const plan = new (queryPlanner().QueryPlanner)(sdl).plan(probe, 'SupergraphProbe', new Set(), 0);
    if (plan.node === undefined && !probe.includes('{ __typename }')) return `the query planner made an empty plan for ${probe}`;
  } catch (error) {
    return `the query planner cannot plan ${probe}: ${firstLine(error)}`;
  }
  return null;
}

export type ReloadResult = 'applied' | 'rejected' | 'unreachable';

/**
 * The supergraph the gateway serves, and how it changes: the file at SUPERGRAPH_PATH (its
 * modification time, watched) or the document at SUPERGRAPH_URL (polled, with If-None-Match when
 * the server gives an ETag). A new supergraph is checked (supergraphProblem) before it is served;
 * one that fails is logged and counted, and the previous one stays. The runtime reads `current()`
 * each time it is asked to reload.
 */
export class SupergraphSource {
  private sdl = '';
  private hash = '';
  private etag: string | undefined;
  private checking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watching = false;
  private readonly reloads: Counter<'result'>;
  private readonly loadedAt: Gauge;
  private readonly info: Gauge<'hash' | 'source'>;

  constructor(
    private readonly path: string,
    private readonly config: SupergraphReloadConfig,
    private readonly log: Logger,
    registry: Registry,
  ) {
    this.reloads = new Counter({
      name: 'gateway_supergraph_reload_total',
      help: 'New supergraphs the gateway found, by result: applied, rejected (not a servable supergraph: the old one is kept), unreachable (could not be read)',
      labelNames: ['result'],
      registers: [registry],
    });
    for (const result of ['applied', 'rejected', 'unreachable'] satisfies ReloadResult[]) this.reloads.inc({ result }, 0);
    this.loadedAt = new Gauge({
      name: 'gateway_supergraph_loaded_timestamp_seconds',
      help: 'When the supergraph being served was loaded (Unix time)',
      registers: [registry],
    });
    this.info = new Gauge({
      name: 'gateway_supergraph_info',
      help: 'The supergraph being served: 1 for its hash (first 12 hex digits of its SHA-256) and source',
      labelNames: ['hash', 'source'],
      registers: [registry],
    });
  }

  /** Where supergraphs come from, as logs name it. */
  get source(): string {
    return this.config.url ?? this.path;
  }

  /** The supergraph being served (validated). */
  current(): string {
    return this.sdl;
  }

  currentHash(): string {
    return this.hash;
  }

  /** Reads and checks the first supergraph; the gateway does not start without a servable one. */
  async load(): Promise<void> {
    // Nothing is served yet, so no If-None-Match is sent: the answer has a body.
    const text = (await this.read())!;
    const problem = supergraphProblem(text);
    if (problem !== null) throw new ConfigError(`The supergraph at ${this.source} cannot be served: ${problem}.`);
    this.apply(text);
  }

  /** Looks for a new supergraph every pollIntervalMs and calls `onChange` once one is being served. */
  watch(onChange: () => Promise<unknown> | unknown): void {
    const check = () => {
      this.checking ??= this.check(onChange).finally(() => (this.checking = undefined));
      return this.checking;
    };
    if (this.config.url === undefined) {
      this.watching = true;
      watchFile(this.path, { interval: this.config.pollIntervalMs }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) void check();
      });
    } else {
      this.timer = setInterval(() => void check(), this.config.pollIntervalMs);
      this.timer.unref();
    }
  }

  /** Stops looking and waits for a check under way. */
  async stop(): Promise<void> {
    if (this.watching) unwatchFile(this.path);
    this.watching = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  private apply(text: string): void {
    this.sdl = text;
    this.hash = supergraphHash(text);
    this.info.reset();
    this.info.set({ hash: this.hash, source: this.config.url === undefined ? 'file' : 'url' }, 1);
    this.loadedAt.set(Date.now() / 1000);
  }

  /** The text at the source, or null when it has not changed (304 Not Modified). */
  private async read(): Promise<string | null> {
    if (this.config.url === undefined) return readFileSync(this.path, 'utf8');
    const response = await fetch(this.config.url, {
      headers: this.etag !== undefined && this.sdl !== '' ? { 'if-none-match': this.etag } : {},
      signal: AbortSignal.timeout(Math.max(5000, this.config.pollIntervalMs)),
    });
    if (response.status === 304) return null;
    if (!response.ok) throw new Error(`${this.config.url} answered HTTP ${response.status}`);
    const text = await response.text();
    this.etag = response.headers.get('etag') ?? undefined;
    return text;
  }

  private async check(onChange: () => Promise<unknown> | unknown): Promise<void> {
    let text: string | null;
    try {
      text = await this.read();
    } catch (error) {
      this.reloads.inc({ result: 'unreachable' });
      this.log.error(
        { source: this.source, serving: this.hash },
        `The supergraph at ${this.source} could not be read (${firstLine(error)}); still serving ${this.hash}.`,
      );
      return;
    }
    if (text === null || text === this.sdl) return;
    let problem = supergraphProblem(text);
    if (problem !== null && this.config.url === undefined) {
      // A file seen while it is being written: look once more before calling it invalid.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const again = readFileSync(this.path, 'utf8');
      if (again !== text) {
        text = again;
        if (text === this.sdl) return;
        problem = supergraphProblem(text);
      }
    }
    if (problem !== null) {
      this.reloads.inc({ result: 'rejected' });
      this.log.error(
        { source: this.source, rejected: supergraphHash(text), serving: this.hash, problem },
        `The new supergraph at ${this.source} is not served: ${problem.replace(/\.$/, '')}. Still serving ${this.hash}.`,
      );
      return;
    }
    const previous = this.hash;
    this.apply(text);
    this.reloads.inc({ result: 'applied' });
    await onChange();
    this.log.info({ source: this.source, hash: this.hash, previous }, `Serving the new supergraph ${this.hash} from ${this.source}.`);
  }
}
