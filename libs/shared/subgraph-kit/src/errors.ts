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

/**
 * Apollo Server `formatError`: client errors pass with their code; anything else (SQL, bugs) is
 * logged by the caller and replaced by a generic message, so internals never leave the service.
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
  return {
    message: 'Internal error. The service logged it under this request id.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
