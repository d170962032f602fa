import { getEnvBool, getEnvNum } from '@hkp/util-env';
import { readCompressionConfig } from '../compression';

export interface ExportConfig {
  /** GATEWAY_EXPORTS: whether GET /export/measures.ndjson and /export/targets.csv are served. */
  enabled: boolean;
  /** Measures read per page of the `measures` query (at most the API's 100). */
  pageSize: number;
  /** Rate-limit points an export takes from its client's allowance (a revalidation answered 304 takes one). */
  cost: number;
  /** Exports this gateway streams at once; more are answered 503 with Retry-After. */
  maxConcurrent: number;
  /** GATEWAY_COMPRESSION, as for the GraphQL answers: the files are sent with brotli or gzip when the client takes one. */
  compress: boolean;
}

export const EXPORT_DEFAULTS = { pageSize: 50, cost: 30, maxConcurrent: 4 } as const;

/** The export settings from the environment (docs/exports.md lists the variables). */
export function readExportConfig(env: Record<string, string | undefined>): ExportConfig {
  return {
    enabled: getEnvBool('GATEWAY_EXPORTS', true, env),
    pageSize: getEnvNum('GATEWAY_EXPORT_PAGE_SIZE', EXPORT_DEFAULTS.pageSize, env, { min: 1, max: 100 }),
    cost: getEnvNum('GATEWAY_EXPORT_COST', EXPORT_DEFAULTS.cost, env, { min: 1 }),
    maxConcurrent: getEnvNum('GATEWAY_EXPORT_CONCURRENCY', EXPORT_DEFAULTS.maxConcurrent, env, { min: 1 }),
    compress: readCompressionConfig(env).enabled,
  };
}
