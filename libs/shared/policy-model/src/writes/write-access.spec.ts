import type { GraphQLError } from 'graphql';
import { ANONYMOUS, type AuthInfo } from '@hkp/subgraph-kit';
import { assertScopes, requiresScopesDirective, writeScopesOf } from './write-access';

// Who may write a department's measures: its own write scope or the command office's admin.

const scopes = writeScopesOf('civil-affairs');
const caller = (subject: string | null, ...held: string[]): AuthInfo => ({ authenticated: true, subject, scopes: new Set(held) });

function refusal(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

it("needs the department's write scope or admin, and names the actor the audit log records", () => {
  expect(scopes).toEqual(['civil-affairs:write', 'admin']);
  expect(assertScopes(caller('editor@mz', 'civil-affairs:write'), scopes)).toBe('editor@mz');
  expect(assertScopes(caller('office@bqw', 'admin'), scopes)).toBe('office@bqw');
  expect(assertScopes(caller(null, 'admin'), scopes)).toBe('unnamed-client');
});

it('refuses a caller without a token with UNAUTHENTICATED', () => {
  for (const auth of [ANONYMOUS, undefined]) {
    const error = refusal(() => assertScopes(auth, scopes));
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  }
});

it('refuses a token without the scope with FORBIDDEN, naming the scopes needed and held', () => {
  const error = refusal(() => assertScopes(caller('editor@wsjkw', 'health:write', 'civil-affairs:read'), scopes));
  expect(error.extensions).toEqual({ code: 'FORBIDDEN', requiredScopes: ['civil-affairs:write', 'admin'] });
  expect(error.message).toBe(
    'Your token may not do this: it needs one of the scopes "civil-affairs:write" or "admin", and it has "civil-affairs:read", "health:write".',
  );
});

it('states the rule for the gateway as @requiresScopes, any one scope', () => {
  expect(requiresScopesDirective(scopes)).toBe('@requiresScopes(scopes: [["civil-affairs:write"], ["admin"]])');
});
