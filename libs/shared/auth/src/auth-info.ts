/** Who is calling, as proven by a verified token; anonymous callers may only read. */
export interface AuthInfo {
  authenticated: boolean;
  subject: string | null;
  scopes: ReadonlySet<string>;
}

export const ANONYMOUS: AuthInfo = Object.freeze({ authenticated: false, subject: null, scopes: new Set<string>() });

/**
 * A token that is present but not acceptable (malformed, forged, unsigned, expired, meant for
 * another API). The message is safe to send to the caller: it never echoes the token or a key.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code = 'UNAUTHENTICATED';
}
