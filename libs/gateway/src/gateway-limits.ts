import { ConfigError, getEnvBool, getEnvNum, getEnvOptionalStr, getEnvStr, isProduction } from '@hkp/util-env';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { gatewayLogger } from './gateway-logger';
import type { IncomingMessage } from 'node:http';
import type { GatewayFeature } from './gateway-feature';
import { createBodyLimit } from '@hkp/http-errors';
import { useClientErrorHygiene } from './client-errors';
import { useCsrfPrevention } from './csrf';
import { persistedDocumentsOptions, type PersistedDocumentsConfig } from './persisted-documents';
import { createQueryLimitPlugins, type QueryLimits } from './query-limits';
import { createRateLimiter, type RateLimitConfig, type RateLimiter } from './rate-limit';
import { useSubgraphCallSignalRelease, type SubgraphTimeout } from './subgraph-call-signal';
import { useSubgraphFailureIsolation } from './subgraph-failures';
import { useKnownOperationTypes } from './known-operation-types';
import { useTextInputValidation } from './text-input';

export interface GatewayLimitsConfig {
  enabled: boolean;
  /** Largest request body accepted; larger ones get 413 before parsing. */
  maxBodyBytes: number;
  query: QueryLimits;
  rateLimit: RateLimitConfig;
  persistedDocuments?: PersistedDocumentsConfig;
  csrfPrevention: boolean;
}

export const LIMIT_DEFAULTS = {
  maxBodyBytes: 100_000,
  // As many fields as a document within the token limit could spell out without fragments.
  maxSelections: 2_000,
  maxDepth: 10,
  maxVariableDepth: 32,
  maxAliases: 30,
  maxTokens: 2_000,
  maxCost: 10_000,
  costListSize: 10,
  rateLimitPoints: 300,
  rateLimitWindowSeconds: 60,
  rateLimitKeyPrefix: 'hkp:gateway:rate',
} as const;

/** Every limit from the environment (docs/operations.md lists the variables). */
export function readLimitsConfig(env: Record<string, string | undefined>): GatewayLimitsConfig {
  const whole = { min: 1 };
  const persistedPath = getEnvOptionalStr('PERSISTED_DOCUMENTS_PATH', env);
  const persistedOnly = getEnvBool('PERSISTED_DOCUMENTS_ONLY', false, env);
  if (persistedOnly && !persistedPath) {
    throw new ConfigError(
      'PERSISTED_DOCUMENTS_ONLY=true needs PERSISTED_DOCUMENTS_PATH, the JSON file of { "<id>": "<query>" } to accept.',
    );
  }
  const persistedClients = (getEnvOptionalStr('PERSISTED_DOCUMENTS_CLIENTS', env) ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (persistedClients.length > 0 && !persistedPath) {
    throw new ConfigError('PERSISTED_DOCUMENTS_CLIENTS needs PERSISTED_DOCUMENTS_PATH, the manifest those clients are held to.');
  }
  return {
    enabled: getEnvBool('GATEWAY_LIMITS', true, env),
    maxBodyBytes: getEnvNum('GATEWAY_MAX_BODY_BYTES', LIMIT_DEFAULTS.maxBodyBytes, env, { min: 1024 }),
    query: {
      maxSelections: getEnvNum('GATEWAY_MAX_SELECTIONS', LIMIT_DEFAULTS.maxSelections, env, whole),
      maxDepth: getEnvNum('GATEWAY_MAX_DEPTH', LIMIT_DEFAULTS.maxDepth, env, whole),
      maxVariableDepth: getEnvNum('GATEWAY_MAX_VARIABLE_DEPTH', LIMIT_DEFAULTS.maxVariableDepth, env, whole),
      maxAliases: getEnvNum('GATEWAY_MAX_ALIASES', LIMIT_DEFAULTS.maxAliases, env, { min: 0 }),
      maxTokens: getEnvNum('GATEWAY_MAX_TOKENS', LIMIT_DEFAULTS.maxTokens, env, whole),
      maxCost: getEnvNum('GATEWAY_MAX_COST', LIMIT_DEFAULTS.maxCost, env, whole),
      costListSize: getEnvNum('GATEWAY_COST_LIST_SIZE', LIMIT_DEFAULTS.costListSize, env, whole),
      // Suggestions help developers; in production they would map a schema whose introspection is off.
      blockFieldSuggestions: !getEnvBool('GATEWAY_FIELD_SUGGESTIONS', !isProduction(env), env),
    },
    rateLimit: {
      enabled: getEnvBool('RATE_LIMIT_ENABLED', true, env),
      points: getEnvNum('RATE_LIMIT_POINTS', LIMIT_DEFAULTS.rateLimitPoints, env, whole),
      windowSeconds: getEnvNum('RATE_LIMIT_WINDOW_S', LIMIT_DEFAULTS.rateLimitWindowSeconds, env, whole),
      redisUrl: getEnvOptionalStr('REDIS_URL', env),
      keyPrefix: getEnvStr('RATE_LIMIT_KEY_PREFIX', LIMIT_DEFAULTS.rateLimitKeyPrefix, env),
      trustProxy: getEnvBool('GATEWAY_TRUST_PROXY', false, env),
    },
    persistedDocuments: persistedPath ? { path: persistedPath, only: persistedOnly, clients: persistedClients } : undefined,
    csrfPrevention: getEnvBool('GATEWAY_CSRF_PREVENTION', true, env),
  };
}

/** Where the runtime serves GraphQL (Hive's default `graphqlEndpoint`). */
const GRAPHQL_PATH = '/graphql';

function isGraphQLPath(req: IncomingMessage): boolean {
  return (req.url ?? '/').split('?')[0] === GRAPHQL_PATH;
}

/**
 * Depth, token, alias and cost limits, body size, rate limits, persisted documents, CSRF
 * prevention, and keeping a failed subgraph's error inside its own fields. Every refusal happens
 * before any subgraph is called and carries a stable `extensions.code` (docs/errors.md).
 */
export function createLimitsFeature(
  config: GatewayLimitsConfig,
  subgraphTimeout?: SubgraphTimeout,
): GatewayFeature & { rateLimiter?: RateLimiter } {
  // Always on: they protect clients from the gateway's internals rather than limit them, and an
  // allow-list of documents is a security decision that GATEWAY_LIMITS=false must not undo.
  const plugins: GatewayPlugin[] = [
    useClientErrorHygiene(),
    // Before the failure isolation, which so wraps it and names the service of a call timed out.
    useSubgraphCallSignalRelease(subgraphTimeout),
    useSubgraphFailureIsolation(),
    useTextInputValidation(),
    useKnownOperationTypes(),
  ];
  const runtimeOptions: GatewayFeature['runtimeOptions'] = {
    subgraphErrors: { errorCode: 'SERVICE_UNAVAILABLE', subgraphNameProp: 'serviceName' },
    ...(config.persistedDocuments ? { persistedDocuments: persistedDocumentsOptions(config.persistedDocuments) } : {}),
  };
  if (!config.enabled) return { name: 'limits', plugins, runtimeOptions };

  const log = gatewayLogger();
  const rateLimiter = config.rateLimit.enabled
    ? createRateLimiter(config.rateLimit, (message, error) => log.warn({ error: (error as Error)?.message }, message))
    : undefined;
  // The rate limit counts first (onParams, before parsing), then the query limits refuse.
  if (rateLimiter) plugins.push(rateLimiter.plugin);
  if (config.csrfPrevention) plugins.push(useCsrfPrevention());
  plugins.push(...createQueryLimitPlugins(config.query));

  const bodyLimit = createBodyLimit(config.maxBodyBytes);
  return {
    name: 'limits',
    runtimeOptions,
    plugins,
    // The exports charge their clients' allowance with it.
    rateLimiter,
    handleHttp: async (req, res) => {
      // Refusals (413 here, CSRF and bad tokens later) are counted too; see createRateLimiter.
      if (rateLimiter && isGraphQLPath(req) && (await rateLimiter.screen(req, res))) return true;
      return bodyLimit(req, res);
    },
    dispose: async () => {
      await rateLimiter?.dispose();
    },
  };
}
