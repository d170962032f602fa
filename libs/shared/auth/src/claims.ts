import { z } from 'zod';
import { AuthError } from './auth-info';
import type { ClaimLimits } from './config';
import { scopesListedIn } from './scopes';

/**
 * The shape and bounds of a verified token's claims (jose has checked signature, `iss`, `aud`,
 * `exp`). A validly signed token may still be one no identity provider should issue: an empty or
 * huge subject, a lifetime of centuries, scopes of the wrong shape or without end. The lifetime and
 * scope bounds are checked by `boundsIssue` once the shape is known good.
 */
function claimsSchema(limits: ClaimLimits) {
  return z.object({
    sub: z
      .string({ error: 'The token\'s "sub" claim must be a string.' })
      .refine((sub) => sub.trim() !== '', { error: 'The token\'s "sub" claim is empty.' })
      .refine((sub) => sub.length <= limits.maxSubjectLength, {
        error: `The token's "sub" claim is longer than ${limits.maxSubjectLength} characters.`,
      }),
    exp: z.number(),
    iat: z.number({ error: 'The token\'s "iat" claim must be a number of seconds.' }).optional(),
    scope: z.string({ error: 'The token\'s "scope" claim must be a space-separated string, not an array or object.' }).optional(),
    // A string too, as some identity providers send `scp`.
    scp: z.union([z.array(z.string()), z.string()], { error: 'The token\'s "scp" claim must be an array of strings.' }).optional(),
  });
}

type ClaimsSchema = ReturnType<typeof claimsSchema>;

/** One schema per limits object: building a zod schema costs far more than running it, and this runs per request. */
const schemas = new WeakMap<ClaimLimits, ClaimsSchema>();

function schemaFor(limits: ClaimLimits): ClaimsSchema {
  let schema = schemas.get(limits);
  if (schema === undefined) {
    schema = claimsSchema(limits);
    schemas.set(limits, schema);
  }
  return schema;
}

/** The first bound (lifetime, scope count, scope length) that well-shaped claims break, if any. */
function boundsIssue(claims: z.infer<ClaimsSchema>, limits: ClaimLimits, nowSeconds: number): string | undefined {
  const lifetime = claims.exp - (claims.iat ?? nowSeconds);
  if (lifetime > limits.maxLifetimeSeconds) {
    const measured = claims.iat === undefined ? 'exp − now' : 'exp − iat';
    return `The token lives ${lifetime} seconds (${measured}); this API accepts at most ${limits.maxLifetimeSeconds}.`;
  }
  const scopes = [...scopesListedIn(claims.scope), ...scopesListedIn(claims.scp)];
  if (scopes.length > limits.maxScopes) {
    return `The token carries ${scopes.length} scopes; this API accepts at most ${limits.maxScopes}.`;
  }
  if (scopes.some((scope) => scope.length > limits.maxScopeLength)) {
    return `A scope in the token is longer than ${limits.maxScopeLength} characters.`;
  }
  return undefined;
}

/** Refuses a verified payload outside `limits` with an AuthError saying which claim and why. */
export function checkClaims(
  payload: Readonly<Record<string, unknown>>,
  limits: ClaimLimits,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const result = schemaFor(limits).safeParse(payload);
  if (!result.success) throw new AuthError(result.error.issues[0]?.message ?? "The token's claims are not accepted.");
  const issue = boundsIssue(result.data, limits, nowSeconds);
  if (issue !== undefined) throw new AuthError(issue);
}
