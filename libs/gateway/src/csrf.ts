import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { clientError, GatewayErrorCode } from './client-errors';

/** Content types a browser sends cross-origin without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** Any one of these headers proves the request was preflighted (a browser cannot add it silently). */
export const PREFLIGHT_HEADERS = ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'];

export function isPreflighted(headers: Headers): boolean {
  const contentType = headers.get('content-type')?.toLowerCase().trim();
  if (contentType && !SIMPLE_CONTENT_TYPES.some((simple) => contentType.startsWith(simple))) return true;
  return PREFLIGHT_HEADERS.some((name) => headers.has(name));
}

/**
 * CSRF prevention (the rule of Apollo Server's and Yoga's csrfPrevention, with a stable error
 * code): a request a browser may send from another site without a preflight — a GET, or a POST
 * whose content type is form, multipart or text — is refused unless it carries one of
 * PREFLIGHT_HEADERS. JSON POSTs are always preflighted, so they pass.
 */
export function useCsrfPrevention(): GatewayPlugin {
  return {
    onRequestParse({ request }) {
      if (isPreflighted(request.headers)) return;
      throw clientError(
        `This request could be a cross-site request forgery: send JSON with "Content-Type: application/json", or add one of the headers ${PREFLIGHT_HEADERS.join(', ')} (any value).`,
        GatewayErrorCode.CSRF_PREVENTED,
        403,
      );
    },
  };
}
