import type { ServerResponse } from 'node:http';

/** The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers): the policy, and where the client stands. */
export const RATE_LIMIT_POLICY_HEADER = 'ratelimit-policy';
export const RATE_LIMIT_HEADER = 'ratelimit';

/** The policy of a client's operations, and that of requests refused before they are counted. */
export type RateLimitPolicyName = 'operations' | 'refused';

export interface RateLimitStanding {
  policy: RateLimitPolicyName;
  /** Points per window. */
  quota: number;
  windowSeconds: number;
  /** Points left in this window. */
  remaining: number;
  /** Milliseconds until the window starts again. */
  msBeforeReset: number;
}

/**
 * `RateLimit-Policy: "operations";q=300;w=60` and `RateLimit: "operations";r=299;t=42`: what the
 * client may send, how much it has left and in how many seconds it gets its quota back.
 */
export function rateLimitHeaders(standing: RateLimitStanding): Record<string, string> {
  return { [RATE_LIMIT_POLICY_HEADER]: policyValue(standing), [RATE_LIMIT_HEADER]: standingValue(standing) };
}

const policyValue = (standing: RateLimitStanding) => `"${standing.policy}";q=${standing.quota};w=${standing.windowSeconds}`;
const standingValue = (standing: RateLimitStanding) =>
  `"${standing.policy}";r=${Math.max(0, standing.remaining)};t=${Math.max(0, Math.ceil(standing.msBeforeReset / 1000))}`;

/** Puts the headers on an answer not yet sent (a refusal written earlier keeps its own); on every answer, so without an object of them. */
export function setRateLimitHeaders(res: ServerResponse | undefined, standing: RateLimitStanding): void {
  if (!res || res.headersSent) return;
  res.setHeader(RATE_LIMIT_POLICY_HEADER, policyValue(standing));
  res.setHeader(RATE_LIMIT_HEADER, standingValue(standing));
}
