import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Stable error codes that clients may branch on. Documented for partners in docs/errors.md;
 * never rename one, only add.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
}

export function notFoundError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

// Codes a client caused or may act on; their messages are safe to show.
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * type-graphql's own auth errors in this API's codes: its AuthenticationError already says
 * UNAUTHENTICATED; its AuthorizationError says UNAUTHORIZED, which here is FORBIDDEN (signed in,
 * but without the scope).
 */
const TYPE_GRAPHQL_CODES: Record<string, ErrorCode> = {
  UNAUTHORIZED: ErrorCode.FORBIDDEN,
};

// Node's socket errors, as pg reports a server it cannot reach.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// PostgreSQL SQLSTATEs of a server that is away: class 08 (connection exception), shutdowns and
// restarts (57P01–57P03: also pg_terminate_backend), too many connections.
const SQLSTATE = /^(08\w{3}|57P0[1-3]|53300)$/;
// pg's and TypeORM's own messages for a connection that is gone or never came.
const CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|ConnectionIsNotSet|Connection with .* database is not established|connect ECONNREFUSED/i;
const TYPEORM_CONNECTION_ERRORS = new Set([
  'ConnectionIsNotSetError',
  'CannotExecuteNotConnectedError',
  'CannotConnectAlreadyConnectedError',
]);

/**
 * Whether an error means the service's database cannot be reached (refused, terminated, timed out,
 * shutting down), looking through GraphQL's `originalError`, TypeORM's `driverError` and `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current) && seen.size < 8;) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      originalError?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
    if (typeof e.name === 'string' && TYPEORM_CONNECTION_ERRORS.has(e.name)) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return true;
    const errors = (current as { errors?: unknown }).errors; // AggregateError (IPv4 and IPv6 both refused)
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = e.originalError ?? e.driverError ?? e.cause;
  }
  return false;
}

/**
 * Apollo Server `formatError`: client errors pass with their code; anything else (SQL, bugs) is
 * logged by the caller and replaced by a generic message, so internals never leave the service.
 * A database that cannot be reached is SERVICE_UNAVAILABLE (retry later) rather than internal.
 * type-graphql's argument validation arrives as BAD_USER_INPUT with the failing fields.
 */
export function formatSubgraphError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { exposeInternals: boolean; onInternal?: (error: unknown) => void },
): GraphQLFormattedError {
  const given = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  const code = TYPE_GRAPHQL_CODES[given] ?? given;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (CLIENT_CODES.has(code)) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  options.onInternal?.(error);
  if (options.exposeInternals) return formatted;
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the service is up but its database is not. Clients may retry; the gateway adds serviceName.
    return {
      message: 'The service cannot reach its database; try again later.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: 'database_unavailable' },
    };
  }
  return {
    message: 'Internal error. The service logged it under this request id.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
