import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Kind, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ADMIN_SCOPE, AuthError, createVerifier, type JwtConfig } from '@hkp/auth';
import { errorBody, sendErrorBody } from '@hkp/http-errors';
import { ANONYMOUS_CLIENT, coordinatesOf, documentHash, normaliseDocument, type UsageOperation, type UsageReport } from '@hkp/schema-usage';
import { getEnvBool, getEnvNum } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';
import { gatewayLogger } from './gateway-logger';
import { askPrimary, givePartToPrimary, isGatewayWorker, USAGE_KIND } from './worker-messages';

export interface UsageReportingConfig {
  enabled: boolean;
  /** Distinct (client, operation) pairs counted at most between two exports; more are counted as dropped. */
  maxOperations: number;
  /** Documents whose coordinates are kept (least recently used out). */
  documentCacheSize: number;
  /**
   * What the counted operations' texts may hold, in bytes (UTF-16), and what the kept documents'
   * may: a document can be 100 KB (a 90 KB operation name is one token), so a bound by count
   * alone let distinct documents fill the heap.
   */
  maxBytes: number;
  documentCacheBytes: number;
}

export function readUsageReportingConfig(env: Record<string, string | undefined>): UsageReportingConfig {
  return {
    enabled: getEnvBool('GATEWAY_USAGE', true, env),
    maxOperations: getEnvNum('GATEWAY_USAGE_MAX_OPERATIONS', 5000, env, { min: 1 }),
    documentCacheSize: getEnvNum('GATEWAY_USAGE_DOCUMENT_CACHE', 1000, env, { min: 1 }),
    maxBytes: getEnvNum('GATEWAY_USAGE_MAX_MB', 32, env, { min: 1 }) * 2 ** 20,
    documentCacheBytes: getEnvNum('GATEWAY_USAGE_DOCUMENT_CACHE_MB', 16, env, { min: 1 }) * 2 ** 20,
  };
}

/** Where an admin reads (GET) or reads and restarts (POST) the counts. */
export const USAGE_PATH = '/usage';

/** What is known of a document once: its normalised text, hash and, per operation, the coordinates it selects. */
interface DocumentFacts {
  schema: GraphQLSchema;
  /** What this entry holds (its key, texts and coordinates), in bytes, as counted against the budgets. */
  bytes: number;
  document: string;
  hash: string;
  coordinates: string[];
  name: string;
}

const CLIENT_PART = /[^\w.@/:+-]/g;
/** A header value as a bounded label: clients choose it, so it is cut and cleaned. */
const cleanPart = (value: string | null, max: number) => value?.trim().replace(CLIENT_PART, '_').slice(0, max) || undefined;

/** `x-client-name`/`x-client-version` (`portal@2.3.1`), else the verified token's subject, else `anonymous`. */
export function clientOf(headers: { get(name: string): string | null }, subject: unknown): string {
  const name = cleanPart(headers.get('x-client-name'), 64);
  if (name) {
    const version = cleanPart(headers.get('x-client-version'), 32);
    return version ? `${name}@${version}` : name;
  }
  if (typeof subject === 'string' && subject.trim() !== '') return subject.trim().slice(0, 128);
  return ANONYMOUS_CLIENT;
}

/** The executed operation and the fragments it may spread, as a document of its own. */
function selectedOperation(document: DocumentNode, operationName: string | null | undefined): { name: string; document: DocumentNode } {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((d) => !operationName || d.name?.value === operationName) ?? operations[0];
  return {
    name: operation?.name?.value ?? '(anonymous)',
    document: {
      ...document,
      definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
    },
  };
}

/** Bytes of a string in V8's two-byte form (what a string with Chinese text takes). */
const bytesOf = (text: string) => 2 * text.length;

/**
 * Field-level usage by client and operation, counted in memory since the gateway started or the
 * last export that restarted the counts (the gateway keeps no history: operators export dated
 * reports, docs/schema-changes.md). Coordinates are worked out once per distinct document.
 */
export class UsageCounter {
  // Least recently used out, by count and by size; one document over the whole budget is not kept
  // (lru-cache refuses it without displacing the others) and is worked out each time it is counted.
  private readonly facts: LRUCache<string, DocumentFacts>;
  private counts = new Map<string, UsageOperation>();
  private countedBytes = 0;
  private from = new Date();
  private dropped = 0;
  private warnedFull = false;

  constructor(private readonly config: UsageReportingConfig) {
    this.facts = new LRUCache({
      max: config.documentCacheSize,
      maxSize: config.documentCacheBytes,
      sizeCalculation: (facts) => facts.bytes,
    });
  }

  private factsOf(key: string, document: DocumentNode, operationName: string | null | undefined, schema: GraphQLSchema): DocumentFacts {
    const known = this.facts.get(key);
    if (known && known.schema === schema) return known;
    const normalised = normaliseDocument(document);
    const selected = selectedOperation(document, operationName);
    const coordinates = [...coordinatesOf(selected.document, schema)].sort();
    const facts: DocumentFacts = {
      schema,
      bytes: bytesOf(key) + bytesOf(normalised) + bytesOf(selected.name) + coordinates.reduce((sum, c) => sum + bytesOf(c) + 16, 0),
      document: normalised,
      hash: documentHash(normalised),
      name: selected.name,
      coordinates,
    };
    this.facts.set(key, facts);
    return facts;
  }

  /** Counts one execution. `text` is the document as the client sent it, when known (the cache key). */
  record(client: string, document: DocumentNode, operationName: string | null | undefined, schema: GraphQLSchema, text?: string): void {
    const facts = this.factsOf(`${operationName ?? ''}\n${text ?? print(document)}`, document, operationName, schema);
    const key = `${client}\n${facts.hash}\n${facts.name}`;
    const counted = this.counts.get(key);
    if (counted) {
      counted.count += 1;
      return;
    }
    // The same text may be shared with the kept facts; counted here in full, as it outlives them.
    const bytes = bytesOf(key) + bytesOf(facts.document) + facts.coordinates.length * 16;
    if (this.counts.size >= this.config.maxOperations || this.countedBytes + bytes > this.config.maxBytes) {
      this.dropped += 1;
      if (!this.warnedFull) {
        this.warnedFull = true;
        gatewayLogger().warn(
          { maxOperations: this.config.maxOperations, maxBytes: this.config.maxBytes },
          `Usage counting is full (${this.config.maxOperations} client operations, or ${Math.round(this.config.maxBytes / 2 ** 20)} MB of their texts, since ${this.from.toISOString()}): new ones are counted as dropped until the next export (GATEWAY_USAGE_MAX_OPERATIONS, GATEWAY_USAGE_MAX_MB).`,
        );
      }
      return;
    }
    this.countedBytes += bytes;
    this.counts.set(key, {
      client,
      name: facts.name,
      hash: facts.hash,
      document: facts.document,
      count: 1,
      coordinates: facts.coordinates,
    });
  }

  /** The counts since `from`; with `restart`, counting starts again at `to`. */
  report(restart = false): UsageReport {
    const to = new Date();
    const report: UsageReport = {
      from: this.from.toISOString(),
      to: to.toISOString(),
      operations: [...this.counts.values()].map((o) => ({ ...o })).sort((a, b) => b.count - a.count),
      ...(this.dropped > 0 ? { dropped: this.dropped } : {}),
    };
    if (restart) {
      this.counts = new Map();
      this.countedBytes = 0;
      this.from = to;
      this.dropped = 0;
      this.warnedFull = false;
    }
    return report;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Counts what every executed operation selects, by client, and answers the counts at /usage to a
 * token with the admin scope: GET reads them, POST reads them and starts counting again (an
 * export: `npm run usage:export`).
 */
export function createUsageFeature(config: UsageReportingConfig, jwt: JwtConfig): GatewayFeature {
  if (!config.enabled) return { name: 'usage' };
  const counter = new UsageCounter(config);
  const verifier = createVerifier(jwt);
  // One of GATEWAY_WORKERS: /usage answers every worker's counts, merged by the primary.
  const report = (restart: boolean): Promise<UsageReport> =>
    isGatewayWorker() ? askPrimary<UsageReport>(USAGE_KIND, { restart }) : Promise.resolve(counter.report(restart));
  if (isGatewayWorker()) givePartToPrimary(USAGE_KIND, (payload) => counter.report((payload as { restart?: boolean }).restart === true));

  const plugin: GatewayPlugin = {
    onExecute({ args }) {
      const context = args.contextValue as {
        request?: Request;
        jwt?: { payload?: { sub?: unknown } };
        params?: { query?: unknown };
      };
      const query = context.params?.query;
      counter.record(
        clientOf(context.request?.headers ?? new Headers(), context.jwt?.payload?.sub),
        args.document,
        args.operationName,
        args.schema,
        typeof query === 'string' ? query : undefined,
      );
    },
  };

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const header = req.headers.authorization;
    let scopes: ReadonlySet<string>;
    try {
      const caller = await verifier.verifyBearer(header);
      if (!caller.authenticated) {
        sendErrorBody(
          req,
          res,
          401,
          errorBody('Usage reports need a token with the admin scope: send "Authorization: Bearer <token>".', 'UNAUTHENTICATED'),
        );
        return;
      }
      scopes = caller.scopes;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      sendErrorBody(req, res, 401, errorBody(error.message, 'UNAUTHENTICATED'));
      return;
    }
    if (!scopes.has(ADMIN_SCOPE)) {
      sendErrorBody(req, res, 403, errorBody('Usage reports need a token with the admin scope.', 'FORBIDDEN'));
      return;
    }
    // Drain a POST's body (none is expected) so the connection can be kept alive.
    req.resume();
    sendJson(res, 200, await report(req.method === 'POST'));
  };

  return {
    name: 'usage',
    plugins: [plugin],
    handleHttp: (req, res) => {
      if ((req.url ?? '/').split('?')[0] !== USAGE_PATH) return false;
      return answer(req, res).then(
        () => true,
        (error: unknown) => {
          gatewayLogger().error({ error: String(error) }, 'A usage report could not be answered.');
          if (!res.headersSent)
            sendJson(res, 500, {
              errors: [{ message: 'The usage report could not be made.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
            });
          return true;
        },
      );
    },
  };
}
