import { AuthError } from './auth-info';
import { checkClaims } from './claims';
import { CLAIM_LIMIT_DEFAULTS } from './config';

const NOW = 1_800_000_000;
const valid = { sub: 'partner-a', iat: NOW, exp: NOW + 600, scope: 'education:write' };

function refusal(claims: Record<string, unknown>, limits = CLAIM_LIMIT_DEFAULTS): string {
  try {
    checkClaims(claims, limits, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).message;
  }
  throw new Error('the claims were accepted');
}

describe('checkClaims', () => {
  it('accepts ordinary claims, scp as an array or a string, and no scopes at all', () => {
    expect(() => checkClaims(valid, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
    expect(() => checkClaims({ ...valid, scope: undefined, scp: ['finance:write', 'openid'] }, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
    expect(() => checkClaims({ ...valid, scp: 'transport:write' }, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
    expect(() => checkClaims({ sub: 'a', iat: NOW, exp: NOW + 60 }, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
  });

  it('needs a non-empty string subject of at most JWT_MAX_SUBJECT_LENGTH characters', () => {
    expect(refusal({ ...valid, sub: '' })).toBe('The token\'s "sub" claim is empty.');
    expect(refusal({ ...valid, sub: '   ' })).toBe('The token\'s "sub" claim is empty.');
    expect(refusal({ ...valid, sub: 42 })).toBe('The token\'s "sub" claim must be a string.');
    expect(refusal({ ...valid, sub: 'x'.repeat(5000) })).toBe('The token\'s "sub" claim is longer than 256 characters.');
    expect(() => checkClaims({ ...valid, sub: 'x'.repeat(256) }, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
    expect(refusal({ ...valid, sub: 'x'.repeat(11) }, { ...CLAIM_LIMIT_DEFAULTS, maxSubjectLength: 10 })).toMatch(
      /longer than 10 characters/,
    );
  });

  it('bounds the lifetime: exp − iat, or exp − now without iat', () => {
    const day = 24 * 3600;
    expect(() => checkClaims({ ...valid, exp: NOW + day }, CLAIM_LIMIT_DEFAULTS, NOW)).not.toThrow();
    expect(refusal({ ...valid, exp: NOW + 1000 * 365 * day })).toBe(
      `The token lives ${1000 * 365 * day} seconds (exp − iat); this API accepts at most 86400.`,
    );
    // Issued long ago and still valid for a day: exp − iat counts, not what is left.
    expect(refusal({ ...valid, iat: NOW - day, exp: NOW + day })).toMatch(/lives 172800 seconds \(exp − iat\)/);
    expect(refusal({ sub: 'a', exp: NOW + 2 * day })).toBe('The token lives 172800 seconds (exp − now); this API accepts at most 86400.');
    expect(refusal({ ...valid, exp: NOW + 601 }, { ...CLAIM_LIMIT_DEFAULTS, maxLifetimeSeconds: 600 })).toMatch(/at most 600/);
  });

  it('needs "scope" to be a space-separated string and "scp" an array of strings', () => {
    expect(refusal({ ...valid, scope: ['admin'] })).toBe(
      'The token\'s "scope" claim must be a space-separated string, not an array or object.',
    );
    expect(refusal({ ...valid, scp: ['finance:write', 42] })).toBe('The token\'s "scp" claim must be an array of strings.');
    expect(refusal({ ...valid, scp: { admin: true } })).toBe('The token\'s "scp" claim must be an array of strings.');
  });

  it('bounds the number of scopes (scope and scp together) and the length of each', () => {
    const many = Array.from({ length: 51 }, (_, i) => `s${i}`);
    expect(refusal({ ...valid, scope: many.join(' ') })).toBe('The token carries 51 scopes; this API accepts at most 50.');
    expect(refusal({ ...valid, scope: many.slice(0, 30).join(' '), scp: many.slice(30) })).toMatch(/carries 51 scopes/);
    expect(refusal({ ...valid, scope: `education:write ${'x'.repeat(129)}` })).toBe('A scope in the token is longer than 128 characters.');
    expect(refusal({ ...valid, scope: 'a b c' }, { ...CLAIM_LIMIT_DEFAULTS, maxScopes: 2 })).toMatch(
      /carries 3 scopes; this API accepts at most 2/,
    );
  });
});
