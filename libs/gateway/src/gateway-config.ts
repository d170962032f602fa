import { join } from 'node:path';
import { ConfigError, getEnvBool, getEnvNum, getEnvPort, getEnvStr, isProduction, workspaceRoot } from '@hkp/util-env';
import { readAuthConfig, type GatewayAuthConfig } from './gateway-auth';
import { readCompressionConfig, type CompressionConfig } from './compression';
import { readCorsConfig, type CorsConfig } from './cors';
import { readDocumentCacheConfig, type DocumentCacheConfig } from './document-cache';
import { readLimitsConfig, type GatewayLimitsConfig } from './gateway-limits';
import { readObservabilityConfig, type GatewayObservabilityConfig } from './gateway-observability';
import { readResponseCacheConfig, type ResponseCacheConfig } from './response-cache';
import { readExportConfig, type ExportConfig } from './export/export-config';
import { subgraphVariablesOf } from './subgraph-overrides';
import { readSupergraphReloadConfig, type SupergraphReloadConfig } from './supergraph-reload';
import { readSubscriptionLimitsConfig, type SubscriptionLimitsConfig } from './subscription-limits';
import { readUsageReportingConfig, type UsageReportingConfig } from './usage-reporting';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** GATEWAY_CONTRACT: the contract of schema/contracts.json served (its supergraph.<name>.graphql), if any. */
  contract?: string;
  /** Whether GET /schema.graphql answers the client schema: for a contract always, else where introspection is on. */
  publishSchema: boolean;
  /** SUPERGRAPH_URL and how new supergraphs are looked for and switched to. */
  supergraphReload: SupergraphReloadConfig;
  /**
   * The `*_URL` and `*_TIMEOUT_MS` variables as set at start. `<NAME>_URL` and `<NAME>_TIMEOUT_MS`
   * are looked up here for every subgraph the served supergraph names, a reloaded one too
   * (readSubgraphOverrides).
   */
  subgraphEnv: Readonly<Record<string, string>>;
  /** Milliseconds before a subgraph fetch is abandoned and reported as that service's error. */
  subgraphTimeoutMs: number;
  /** Shutdown: how long /readiness answers 503 while requests are still taken (for load balancers to notice). */
  drainDelayMs: number;
  /** Shutdown: how long requests in flight may take to finish before their connections are closed. */
  shutdownTimeoutMs: number;
  explorer: boolean;
  introspection: boolean;
  auth: GatewayAuthConfig;
  limits: GatewayLimitsConfig;
  observability: GatewayObservabilityConfig;
  responseCache: ResponseCacheConfig;
  /** GATEWAY_CORS_ORIGINS: who may call the API from a browser, and with credentials. */
  cors: CorsConfig;
  compression: CompressionConfig;
  usage: UsageReportingConfig;
  /** GET /export/measures.ndjson and /export/targets.csv (docs/exports.md). */
  exports: ExportConfig;
  /** GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT and GATEWAY_MAX_SUBSCRIPTIONS: subscriptions open at once. */
  subscriptionLimits: SubscriptionLimitsConfig;
  /** GATEWAY_DOCUMENT_CACHE_MB and _ENTRIES: parsed documents kept, bounded by their size. */
  documentCache: DocumentCacheConfig;
}

/** Reads and validates the gateway's configuration once at start. */
export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const contract = readContract(env);
  const introspection = getEnvBool('GATEWAY_INTROSPECTION', !isProduction(env), env);
  return {
    port: getEnvPort('GATEWAY_PORT', 4000, env),
    host: getEnvStr('HOST', '127.0.0.1', env),
    // SUPERGRAPH_PATH wins (a file mounted elsewhere); else the contract's file beside supergraph.graphql.
    supergraphPath: getEnvStr(
      'SUPERGRAPH_PATH',
      join(workspaceRoot(), contract ? `supergraph.${contract}.graphql` : 'supergraph.graphql'),
      env,
    ),
    contract,
    publishSchema: contract !== undefined || introspection,
    supergraphReload: readSupergraphReloadConfig(env),
    subgraphEnv: subgraphVariablesOf(env),
    subgraphTimeoutMs: getEnvNum('SUBGRAPH_TIMEOUT_MS', 10_000, env, { min: 100 }),
    drainDelayMs: getEnvNum('GATEWAY_DRAIN_DELAY_MS', 0, env, { min: 0 }),
    shutdownTimeoutMs: getEnvNum('GATEWAY_SHUTDOWN_TIMEOUT_MS', 15_000, env, { min: 0 }),
    // Off in production unless asked for: the explorer and introspection map the whole schema.
    explorer: getEnvBool('GATEWAY_EXPLORER', !isProduction(env), env),
    introspection,
    auth: readAuthConfig(env),
    limits: readLimitsConfig(env),
    observability: readObservabilityConfig(env),
    responseCache: readResponseCacheConfig(env),
    cors: readCorsConfig(env),
    compression: readCompressionConfig(env),
    usage: readUsageReportingConfig(env),
    exports: readExportConfig(env),
    subscriptionLimits: readSubscriptionLimitsConfig(env),
    documentCache: readDocumentCacheConfig(env),
  };
}

/** GATEWAY_CONTRACT, checked to be a contract name (what `npm run compose` names files after). */
function readContract(env: Record<string, string | undefined>): string | undefined {
  const contract = env['GATEWAY_CONTRACT']?.trim();
  if (!contract) return undefined;
  if (!/^[a-z][a-z0-9-]*$/.test(contract)) {
    throw new ConfigError(`GATEWAY_CONTRACT must name a contract of schema/contracts.json (such as public), not "${contract}".`);
  }
  return contract;
}
