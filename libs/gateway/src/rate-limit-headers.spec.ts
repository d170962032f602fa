import type { ServerResponse } from 'node:http';
import { rateLimitHeaders, setRateLimitHeaders, type RateLimitStanding } from './rate-limit-headers';

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

describe('setRateLimitHeaders', () => {
  const standing: RateLimitStanding = { policy: 'operations', quota: 300, windowSeconds: 60, remaining: 12, msBeforeReset: 1_001 };
  const response = (headersSent: boolean) => {
    const set: Record<string, string> = {};
    const res = { headersSent, setHeader: (name: string, value: string) => (set[name] = value) } as unknown as ServerResponse;
    return { res, set };
  };

  it('puts the same headers as rateLimitHeaders on an answer not yet sent', () => {
    const { res, set } = response(false);
    setRateLimitHeaders(res, standing);
    expect(set).toEqual(rateLimitHeaders(standing));
    expect(set).toEqual({ 'ratelimit-policy': '"operations";q=300;w=60', ratelimit: '"operations";r=12;t=2' });
  });

  it('leaves an answer already sent, and no answer at all, alone', () => {
    const { res, set } = response(true);
    setRateLimitHeaders(res, standing);
    expect(set).toEqual({});
    expect(() => setRateLimitHeaders(undefined, standing)).not.toThrow();
  });
});
