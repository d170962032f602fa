import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, getEnvNum, getEnvOptionalStr } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';
import { PREFLIGHT_HEADERS } from './csrf';
import { QUERY_COST_HEADER } from './query-limits';
import { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER } from './rate-limit-headers';

export interface CorsConfig {
  /**
   * Origins whose pages may call the API with credentials (cookies, HTTP authentication). Unset:
   * any origin may call it, without credentials (a bearer token in Authorization still works).
   */
  origins?: readonly string[];
  /** How long a browser may reuse a preflight's answer. */
  maxAgeSeconds: number;
}

export const CORS_DEFAULTS = { maxAgeSeconds: 600 } as const;

/**
 * Response headers browser code may read besides the CORS-safelisted ones (Last-Modified,
 * Content-Type …): tracing, back-off, the cost of what it asked, and the entity tag it revalidates
 * an export (or the published schema) with.
 */
export const EXPOSED_HEADERS = ['x-request-id', 'retry-after', RATE_LIMIT_POLICY_HEADER, RATE_LIMIT_HEADER, QUERY_COST_HEADER, 'etag'];

/** Request headers the API reads, which a browser asks leave to send. */
export const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'cache-control',
  'x-request-id',
  'x-client-name',
  'x-client-version',
  // Revalidating an export (If-None-Match, else If-Modified-Since) or the published schema.
  'if-none-match',
  'if-modified-since',
  // A fetch-based event-stream client resuming a subscription after a disconnect.
  'last-event-id',
  ...PREFLIGHT_HEADERS,
];

const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** GATEWAY_CORS_ORIGINS (comma-separated origins such as https://portal.gd.gov.cn) and GATEWAY_CORS_MAX_AGE_S. */
export function readCorsConfig(env: Record<string, string | undefined>): CorsConfig {
  const list = getEnvOptionalStr('GATEWAY_CORS_ORIGINS', env);
  const origins = list
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(checkedOrigin);
  return {
    ...(origins && origins.length > 0 ? { origins } : {}),
    maxAgeSeconds: getEnvNum('GATEWAY_CORS_MAX_AGE_S', CORS_DEFAULTS.maxAgeSeconds, env, { min: 0 }),
  };
}

/** An origin as browsers send it: scheme, host and port only, lower case, no trailing slash. */
function checkedOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '').toLowerCase() || url.origin === 'null') {
    throw new ConfigError(
      `GATEWAY_CORS_ORIGINS must list origins such as https://portal.example.org (scheme, host and port, no path), separated by commas; "${value}" is not one.`,
    );
  }
  return url.origin;
}

/**
 * Cross-origin access for browser portals, on every route the gateway serves. Without an allow-list
 * any origin may read answers (`Access-Control-Allow-Origin: *`, never with credentials); with one,
 * the listed origins are answered with their own origin and credentials, others get no CORS
 * headers (their browsers keep the answer from them). Preflights are answered here, before the
 * rate limit and the body limit, and may be cached by the browser for `maxAgeSeconds`.
 */
export function createCorsFeature(config: CorsConfig): GatewayFeature {
  const listed = config.origins ? new Set(config.origins) : undefined;

  /** The CORS headers for a request from `origin`, or none when it is not allowed. */
  const headersFor = (origin: string): Record<string, string> | undefined => {
    if (!listed) return { 'access-control-allow-origin': '*' };
    if (!listed.has(origin)) return undefined;
    return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
  };

  const handleHttp = (req: IncomingMessage, res: ServerResponse): boolean => {
    // The answer depends on Origin whenever origins are told apart.
    if (listed) res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (typeof origin !== 'string') return false;
    const allowed = headersFor(origin);
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      res.writeHead(204, {
        ...allowed,
        ...(allowed
          ? {
              'access-control-allow-methods': ALLOWED_METHODS,
              'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
              'access-control-max-age': String(config.maxAgeSeconds),
            }
          : {}),
        'content-length': '0',
      });
      res.end();
      return true;
    }
    if (allowed) {
      for (const [name, value] of Object.entries(allowed)) res.setHeader(name, value);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    }
    return false;
  };

  // The runtime's own CORS (any origin, with credentials) is replaced by this one.
  return { name: 'cors', runtimeOptions: { cors: false }, handleHttp };
}
