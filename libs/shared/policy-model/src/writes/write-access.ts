import { GraphQLError } from 'graphql';
import { Authorized, Directive } from 'type-graphql';
import { ADMIN_SCOPE, writeScopeFor } from '@hkp/auth';
import { ANONYMOUS, ErrorCode, type AuthInfo } from '@hkp/subgraph-kit';

/** The scopes that let a token write a department's measures: its own, or `admin` (the command office). */
export function writeScopesOf(service: string): string[] {
  return [writeScopeFor(service), ADMIN_SCOPE];
}

export function unauthenticatedError(): GraphQLError {
  return new GraphQLError('You need to sign in: send a bearer token with a write scope to change measures.', {
    extensions: { code: ErrorCode.UNAUTHENTICATED },
  });
}

export function forbiddenError(scopes: readonly string[], auth: AuthInfo): GraphQLError {
  const held = [...auth.scopes].sort();
  return new GraphQLError(
    `Your token may not do this: it needs one of the scopes ${scopes.map((s) => `"${s}"`).join(' or ')}, and it has ${held.length ? held.map((s) => `"${s}"`).join(', ') : 'none'}.`,
    { extensions: { code: ErrorCode.FORBIDDEN, requiredScopes: [...scopes] } },
  );
}

export function conflictError(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code: ErrorCode.CONFLICT } });
}

/** Who the audit log names: the token's subject. */
export function actorOf(auth: AuthInfo): string {
  return auth.subject ?? 'unnamed-client';
}

/**
 * Throws UNAUTHENTICATED for an anonymous caller and FORBIDDEN for one without any of `scopes`;
 * returns the actor. The commands call it themselves, so no path around the resolvers skips it.
 */
export function assertScopes(auth: AuthInfo | undefined, scopes: readonly string[]): string {
  const caller = auth ?? ANONYMOUS;
  if (!caller.authenticated) throw unauthenticatedError();
  if (!scopes.some((scope) => caller.scopes.has(scope))) throw forbiddenError(scopes, caller);
  return actorOf(caller);
}

/** `@requiresScopes(scopes: [["education:write"], ["admin"]])`: any one of the scopes. */
export function requiresScopesDirective(scopes: readonly string[]): string {
  return `@requiresScopes(scopes: [${scopes.map((scope) => `[${JSON.stringify(scope)}]`).join(', ')}])`;
}

/**
 * Guards a write field: `@Authorized(scopes)` (the kit's authChecker answers UNAUTHENTICATED
 * without a token and FORBIDDEN without one of the scopes, before arguments are read) and the
 * `@requiresScopes` directive that states the rule in the supergraph for the gateway. The
 * commands check the scopes again, so no other path skips the rule.
 */
export function RequireScopes(scopes: readonly string[]): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    Authorized([...scopes])(target, propertyKey, descriptor);
    Directive(requiresScopesDirective(scopes))(target, propertyKey, descriptor);
  };
}
