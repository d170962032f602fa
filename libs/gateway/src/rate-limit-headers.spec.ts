import { rateLimitHeaders } from './rate-limit-headers';

describe('rateLimitHeaders', () => {
  it('writes the policy and the standing in the IETF RateLimit-Policy and RateLimit form', () => {
    expect(rateLimitHeaders({ policy: 'operations', quota: 300, windowSeconds: 60, remaining: 299, msBeforeReset: 41_200 })).toEqual({
      'ratelimit-policy': '"operations";q=300;w=60',
      ratelimit: '"operations";r=299;t=42',
    });
    // Over the allowance: nothing left (never negative), back at the end of the window.
    expect(rateLimitHeaders({ policy: 'refused', quota: 5, windowSeconds: 10, remaining: -3, msBeforeReset: 0 })).toEqual({
      'ratelimit-policy': '"refused";q=5;w=10',
      ratelimit: '"refused";r=0;t=0',
    });
  });
});
