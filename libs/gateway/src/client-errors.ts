import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { errorBody, HttpErrorCode, NOT_FOUND_MESSAGE, UNSUPPORTED_MEDIA_TYPE_MESSAGE } from '@hkp/http-errors';

/**
 * The error codes the gateway itself gives (the subgraphs' own codes are in
 * libs/shared/subgraph-kit/src/errors.ts). Documented for partners in docs/errors.md: never
 * rename one, only add.
 */
export const GatewayErrorCode = {
  /** BAD_REQUEST, NOT_FOUND, PAYLOAD_TOO_LARGE, REQUEST_HEADER_FIELDS_TOO_LARGE: shared with the subgraphs. */
  ...HttpErrorCode,
  /** Depth, alias, token or cost limit exceeded; `extensions.limit` says which. HTTP 400. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** Too many requests from this client in the window. HTTP 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A browser-simple request (GET, form or text/plain POST) without a preflight header. HTTP 403. */
  CSRF_PREVENTED: 'CSRF_PREVENTED',
  /** The persisted document id is not in the gateway's list. HTTP 400. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** The gateway only runs persisted documents and the request sent a query text. HTTP 400. */
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  /** A subscription sent without `Accept: text/event-stream`. HTTP 406. */
  EVENT_STREAM_REQUIRED: 'EVENT_STREAM_REQUIRED',
  /** A subgraph was down, slow or answered nonsense; `extensions.serviceName` names it. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/**
 * A GraphQL error the client caused, with a stable code and the HTTP status it answers with.
 * Yoga reads `extensions.http` for the status and headers and removes it from the body.
 */
export function clientError(
  message: string,
  code: GatewayErrorCode,
  status: number,
  extensions: GraphQLErrorExtensions = {},
  headers?: Record<string, string>,
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status, ...(headers ? { headers } : {}) } } });
}

// The HTTP-level error bodies are shared with the subgraphs.
export { errorBody, sendErrorBody } from '@hkp/http-errors';

// Extensions that describe the gateway's internals (a subgraph request, an original exception).
const INTERNAL_EXTENSIONS = ['originalError', 'stacktrace', 'exception', 'request', 'response'];

interface MutableError {
  extensions?: Record<string, unknown>;
}

// graphql-js's message when a variable's value does not fit its type ("Variable "$input" got
// invalid value …"); it comes without a code.
const INVALID_VARIABLE = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /;

/**
 * A request whose variables do not fit their types never runs: give it BAD_USER_INPUT and 400, as
 * the GraphQL-over-HTTP spec asks of a request error, instead of a code-less 200.
 */
function codeVariableErrors(result: { data?: unknown; errors?: readonly unknown[] }): void {
  if (result.data !== undefined && result.data !== null) return;
  for (const error of result.errors ?? []) {
    const graphqlError = error as { message?: string; extensions?: Record<string, unknown> };
    if (!graphqlError.message || !INVALID_VARIABLE.test(graphqlError.message) || graphqlError.extensions?.['code']) continue;
    Object.assign(graphqlError, { extensions: { ...graphqlError.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}

function scrub(errors: readonly unknown[] | undefined): void {
  for (const error of errors ?? []) {
    const extensions = (error as MutableError | null)?.extensions;
    if (!extensions || typeof extensions !== 'object') continue;
    for (const key of INTERNAL_EXTENSIONS) {
      if (key in extensions) delete extensions[key];
    }
    // A body that is not JSON, or no body, is a bad request for every media type: Yoga answers it
    // 200 under `Accept: application/json` (a GraphQL-over-HTTP "MAY"); the spec's SHOULD is 400.
    const http = extensions['http'] as { spec?: boolean; status?: number } | undefined;
    if (extensions['code'] === GatewayErrorCode.BAD_REQUEST && http?.spec && (http.status ?? 400) >= 400) http.spec = false;
  }
}

const EMPTY_ANSWER_BODIES: Record<number, string> = {
  404: errorBody(NOT_FOUND_MESSAGE, GatewayErrorCode.NOT_FOUND),
  415: errorBody(UNSUPPORTED_MEDIA_TYPE_MESSAGE, GatewayErrorCode.BAD_REQUEST),
};

/**
 * Removes what only helps the gateway's own developers from every error a client sees (Yoga puts
 * the JSON parser's `originalError` on a bad body, Hive the subgraph `request` on upstream errors)
 * and answers request errors (BAD_REQUEST) with their 4xx status whatever the Accept header.
 */
export function useClientErrorHygiene(): GatewayPlugin {
  return {
    // Yoga answers a content type it cannot read (415) and a path it does not serve (404) with
    // an empty body; give them one that says why.
    onResponse({ response, setResponse, fetchAPI }) {
      if (response.headers.get('content-type')) return;
      const body = EMPTY_ANSWER_BODIES[response.status];
      if (body === undefined) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
    },
    onResultProcess({ result }) {
      if (Array.isArray(result)) {
        for (const item of result) {
          codeVariableErrors(item);
          scrub(item.errors);
        }
      } else if (!(Symbol.asyncIterator in (result as object))) {
        codeVariableErrors(result as { data?: unknown; errors?: readonly unknown[] });
        scrub((result as { errors?: readonly unknown[] }).errors);
      }
    },
  };
}
