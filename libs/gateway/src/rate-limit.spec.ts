import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { clientKeyOf, createRateLimiter, type RateLimitConfig, type RateLimiter } from './rate-limit';

const request = (headers: Record<string, string> = {}) => new Request('http://gateway/graphql', { headers });
const from = (remoteAddress: string) => ({ req: { socket: { remoteAddress } } as unknown as IncomingMessage });

describe('clientKeyOf', () => {
  it('counts a verified token by its subject, else the address', () => {
    expect(clientKeyOf({ ...from('10.0.0.1'), jwt: { payload: { sub: 'partner-42' } } }, request(), false)).toBe('sub:partner-42');
    expect(clientKeyOf({ ...from('10.0.0.1'), jwt: { payload: {} } }, request(), false)).toBe('ip:10.0.0.1');
    expect(clientKeyOf(from('::ffff:127.0.0.1'), request(), false)).toBe('ip:127.0.0.1');
    expect(clientKeyOf({}, request(), false)).toBe('ip:unknown');
  });

  it('believes X-Forwarded-For only behind a trusted proxy, and then only its last hop', () => {
    const forwarded = request({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9' });
    expect(clientKeyOf(from('10.0.0.1'), forwarded, false)).toBe('ip:10.0.0.1');
    expect(clientKeyOf(from('10.0.0.1'), forwarded, true)).toBe('ip:203.0.113.9');
  });
});

describe('createRateLimiter', () => {
  const limiters: RateLimiter[] = [];
  afterAll(async () => {
    for (const limiter of limiters) await limiter.dispose();
  });

  const make = (config: Partial<RateLimitConfig>) => {
    const limiter = createRateLimiter({
      enabled: true,
      points: 3,
      windowSeconds: 60,
      keyPrefix: `test-${randomUUID()}`,
      trustProxy: false,
      ...config,
    });
    limiters.push(limiter);
    return limiter;
  };

  /** Sends one request through the plugin; the error it answered, if any. */
  async function send(limiter: RateLimiter, address = '10.0.0.1'): Promise<GraphQLError | undefined> {
    let refused: GraphQLError | undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (limiter.plugin.onParams as any)({
      context: from(address),
      request: request(),
      setResult: (result: { errors: GraphQLError[] }) => (refused = result.errors[0]),
    });
    return refused;
  }

  it('refuses the request after `points` with RATE_LIMITED, HTTP 429 and Retry-After', async () => {
    const limiter = make({});
    for (let i = 0; i < 3; i += 1) expect(await send(limiter)).toBeUndefined();
    const refused = await send(limiter);
    expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, windowSeconds: 60, http: { status: 429 } });
    const headers = (refused?.extensions['http'] as { headers: Record<string, string> }).headers;
    expect(Number(headers['retry-after'])).toBeGreaterThan(55);
    expect(refused?.extensions['retryAfterSeconds']).toBe(Number(headers['retry-after']));
    expect(await send(limiter, '10.0.0.2')).toBeUndefined();
  });

  it('shares counts between limiters through Redis', async () => {
    const keyPrefix = `test-${randomUUID()}`;
    const [a, b] = [make({ redisUrl: 'redis://127.0.0.1:6379', keyPrefix }), make({ redisUrl: 'redis://127.0.0.1:6379', keyPrefix })];
    expect([await send(a), await send(b), await send(a)]).toEqual([undefined, undefined, undefined]);
    expect((await send(b))?.extensions['code']).toBe('RATE_LIMITED');
  });

  it('still limits, in memory, when Redis cannot be reached', async () => {
    const warnings: string[] = [];
    const limiter = createRateLimiter(
      { enabled: true, points: 2, windowSeconds: 60, keyPrefix: 'unreachable', trustProxy: false, redisUrl: 'redis://127.0.0.1:1' },
      (message) => warnings.push(message),
    );
    limiters.push(limiter);
    expect(await send(limiter)).toBeUndefined();
    expect(await send(limiter)).toBeUndefined();
    expect((await send(limiter))?.extensions['code']).toBe('RATE_LIMITED');
    expect(warnings.join('\n')).toMatch(/Redis/);
  }, 15_000);
});
