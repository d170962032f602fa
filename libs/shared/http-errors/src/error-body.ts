import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The codes of requests refused at the HTTP level, before GraphQL runs, by the gateway and the
 * subgraphs alike. Documented for partners in docs/errors.md: never rename one, only add.
 */
export const HttpErrorCode = {
  /** Malformed HTTP, a body that is not a GraphQL request, an unsupported method or media type. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** Nothing is served at this path. HTTP 404. */
  NOT_FOUND: 'NOT_FOUND',
  /** The body is over the service's limit. HTTP 413. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request line and headers together are over Node's header limit. HTTP 431. */
  REQUEST_HEADER_FIELDS_TOO_LARGE: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
} as const;
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Whether a client's x-request-id may be used as given (letters, digits, `._:-`, up to 128). */
export function isUsableRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}

/** The client's x-request-id when usable, else a new UUID: one id in every log line of a request. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return isUsableRequestId(value) ? value : randomUUID();
}

/** The JSON body of an error answered outside GraphQL: `{"errors":[{"message","extensions":{"code"}}]}`. */
export function errorBody(message: string, code: string, extensions: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] });
}

/** What a client that sent an unreadable media type is told, by the gateway and the subgraphs. */
export const UNSUPPORTED_MEDIA_TYPE_MESSAGE =
  'Send GraphQL as a POST with "Content-Type: application/json", or as a GET with the query in the URL.';

/** What a client that asked for a path nothing is served at is told, by the gateway and the subgraphs. */
export const NOT_FOUND_MESSAGE = 'Nothing is served at this path; GraphQL is served at /graphql.';

/**
 * Answers an error outside GraphQL with the client's request id (or a new one) like every other
 * answer; `x-request-id` already set on the response is kept.
 */
export function sendErrorBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const requestId = (res.getHeader('x-request-id') as string | undefined) ?? requestIdOf(req);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(body);
}
