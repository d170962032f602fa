import { join } from 'node:path';
import { getEnvBool, getEnvNum, getEnvOptionalStr, getEnvPort, getEnvStr, isProduction, workspaceRoot } from '@hkp/util-env';
import { readAuthConfig, type GatewayAuthConfig } from './gateway-auth';
import { readLimitsConfig, type GatewayLimitsConfig } from './gateway-limits';
import { readObservabilityConfig, type GatewayObservabilityConfig } from './gateway-observability';
import { readResponseCacheConfig, type ResponseCacheConfig } from './response-cache';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** Per-service URL overrides (`EDUCATION_URL=http://education:4000/graphql` in containers). */
  subgraphUrls: Record<string, string>;
  /** Milliseconds before a subgraph fetch is abandoned and reported as that service's error. */
  subgraphTimeoutMs: number;
  /** Per-subgraph overrides of subgraphTimeoutMs (`<NAME>_TIMEOUT_MS`, e.g. PROGRAMME_TIMEOUT_MS). */
  subgraphTimeouts: Record<string, number>;
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
}

export const SUBGRAPH_NAMES = ['programme', 'education', 'health', 'transport', 'finance', 'civil-affairs'] as const;

export function envPrefixOf(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * Hive's `upstreamTimeout` in its function form: the subgraph's own `<NAME>_TIMEOUT_MS` when set,
 * else SUBGRAPH_TIMEOUT_MS.
 */
export function upstreamTimeoutOf(config: Pick<GatewayConfig, 'subgraphTimeoutMs' | 'subgraphTimeouts'>): (payload: { subgraphName?: string }) => number {
  return ({ subgraphName }) => (subgraphName !== undefined ? config.subgraphTimeouts[subgraphName] : undefined) ?? config.subgraphTimeoutMs;
}

/** Reads and validates the gateway's configuration once at start. */
export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const subgraphUrls: Record<string, string> = {};
  const subgraphTimeouts: Record<string, number> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = getEnvOptionalStr(`${envPrefixOf(name)}_URL`, env);
    if (url) subgraphUrls[name] = url;
    const timeout = `${envPrefixOf(name)}_TIMEOUT_MS`;
    if (getEnvOptionalStr(timeout, env) !== undefined) subgraphTimeouts[name] = getEnvNum(timeout, 0, env, { min: 100 });
  }
  return {
    port: getEnvPort('GATEWAY_PORT', 4000, env),
    host: getEnvStr('HOST', '127.0.0.1', env),
    supergraphPath: getEnvStr('SUPERGRAPH_PATH', join(workspaceRoot(), 'supergraph.graphql'), env),
    subgraphUrls,
    subgraphTimeoutMs: getEnvNum('SUBGRAPH_TIMEOUT_MS', 10_000, env, { min: 100 }),
    subgraphTimeouts,
    drainDelayMs: getEnvNum('GATEWAY_DRAIN_DELAY_MS', 0, env, { min: 0 }),
    shutdownTimeoutMs: getEnvNum('GATEWAY_SHUTDOWN_TIMEOUT_MS', 15_000, env, { min: 0 }),
    // Off in production unless asked for: the explorer and introspection map the whole schema.
    explorer: getEnvBool('GATEWAY_EXPLORER', !isProduction(env), env),
    introspection: getEnvBool('GATEWAY_INTROSPECTION', !isProduction(env), env),
    auth: readAuthConfig(env),
    limits: readLimitsConfig(env),
    observability: readObservabilityConfig(env),
    responseCache: readResponseCacheConfig(env),
  };
}
