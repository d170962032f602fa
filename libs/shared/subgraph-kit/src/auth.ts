import type { IncomingMessage } from 'node:http';

/** Who is calling, as proven by a verified token; anonymous callers may only read. */
export interface AuthInfo {
  authenticated: boolean;
  subject: string | null;
  scopes: ReadonlySet<string>;
}

export const ANONYMOUS: AuthInfo = Object.freeze({ authenticated: false, subject: null, scopes: new Set<string>() });

/** Reads the caller from a request. Replaced by real token verification (see docs/security.md). */
export type Authenticator = (req: IncomingMessage) => Promise<AuthInfo>;

export function createSubgraphAuthenticator(): Authenticator {
  return async () => ANONYMOUS;
}

/** type-graphql's authChecker: a field guarded by @Authorized(scopes) needs any one of them. */
export function scopeAuthChecker({ context }: { context: { auth?: AuthInfo } }, scopes: string[]): boolean {
  const auth = context.auth ?? ANONYMOUS;
  if (!auth.authenticated) return false;
  return scopes.length === 0 || scopes.some((scope) => auth.scopes.has(scope));
}
