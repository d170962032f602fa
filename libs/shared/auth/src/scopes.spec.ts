import { DEPARTMENTS } from '@hkp/departments';
import { SCOPES, scopesFromClaims, writeScopeFor } from './scopes';

describe('scopes', () => {
  it('lists the write scope of every department and admin', () => {
    expect(SCOPES).toEqual([...DEPARTMENTS.map((d) => `${d.name}:write`), 'admin']);
    expect(SCOPES).toContain('education:write');
    expect(writeScopeFor('civil-affairs')).toBe('civil-affairs:write');
    expect(() => writeScopeFor('gateway')).toThrow(/No write scope for "gateway"/);
  });

  it('reads OAuth "scope" strings and "scp" arrays or strings', () => {
    expect(scopesFromClaims({ scope: 'education:write  health:write' })).toEqual(['education:write', 'health:write']);
    expect(scopesFromClaims({ scp: ['finance:write', 42] })).toEqual(['finance:write']);
    expect(scopesFromClaims({ scope: 'openid', scp: 'transport:write' })).toEqual(['openid', 'transport:write']);
    expect(scopesFromClaims({})).toEqual([]);
    expect(scopesFromClaims({ scope: { nested: true } })).toEqual([]);
  });

  it('gives admin every scope', () => {
    expect(new Set(scopesFromClaims({ scope: 'admin' }))).toEqual(new Set(SCOPES));
  });
});
