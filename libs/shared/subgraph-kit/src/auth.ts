import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, AuthError, createVerifier, readJwtConfig, type AuthInfo } from '@hkp/auth';

export { ANONYMOUS, type AuthInfo } from '@hkp/auth';

/** Reads the caller from a request (see docs/security.md). */
export type Authenticator = (req: IncomingMessage) => Promise<AuthInfo>;

/**
 * Verifies the bearer token itself, with the same keys as the gateway: a subgraph reached
 * directly is no open door. The configuration is read here, at start, so a mistake stops the service.
 */
export function createSubgraphAuthenticator(env: Record<string, string | undefined> = process.env): Authenticator {
  const verifier = createVerifier(readJwtConfig(env));
  return (req) => verifier.verifyBearer(req.headers.authorization);
}

/** Rethrows an AuthError as the GraphQL error Apollo answers with 401 UNAUTHENTICATED. */
export function rethrowAsUnauthenticated(error: unknown): never {
  if (error instanceof AuthError) throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  throw error;
}

/**
 * type-graphql's authChecker: a field guarded by @Authorized(scopes) needs any one of them. It
 * throws rather than returning false so the caller gets UNAUTHENTICATED (no token) or FORBIDDEN
 * (token without the scope) instead of type-graphql's generic "Access denied". An arrow function
 * on purpose: type-graphql instantiates anything with a prototype as an AuthChecker class.
 */
export const scopeAuthChecker = ({ context }: { context: { auth?: AuthInfo } }, scopes: string[]): boolean => {
  const auth = context.auth ?? ANONYMOUS;
  if (!auth.authenticated) {
    throw new GraphQLError('This operation needs a token: send "Authorization: Bearer <token>".', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  if (scopes.length === 0 || scopes.some((scope) => auth.scopes.has(scope))) return true;
  throw new GraphQLError(`This operation needs the scope ${scopes.join(' or ')}.`, { extensions: { code: 'FORBIDDEN' } });
};
