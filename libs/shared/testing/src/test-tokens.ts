import { generateKeyPairSync } from 'node:crypto';
import { signClaims, signToken, type SigningKey, type TokenClaims } from '@hkp/auth';

function ecKeyPair() {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export interface TestTokenIssuer {
  /** The PEM the gateway and subgraphs verify with (JWT_PUBLIC_KEY). */
  publicKey: string;
  signing: SigningKey;
  /** A token with these scopes, signed by this issuer's key. */
  token(scopes: string[], overrides?: Partial<TokenClaims>): Promise<string>;
  /** The same claims signed by a key nobody trusts. */
  forged(scopes: string[], overrides?: Partial<TokenClaims>): Promise<string>;
  /** A token with the services' issuer and audience, issued now, and `claims` as given (they win). */
  withClaims(claims: Record<string, unknown>): Promise<string>;
}

/** The Authorization header carrying `token` as a bearer token; no header for an anonymous caller (no token). */
export function bearerHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/** A fresh ES256 key pair and a signer with the services' default issuer and audience. */
export function createTestTokenIssuer(subject = 'test-partner'): TestTokenIssuer {
  const keys = ecKeyPair();
  const signing: SigningKey = { algorithm: 'ES256', key: keys.privateKey, source: 'JWT_PRIVATE_KEY' };
  const claims = (scopes: string[], overrides: Partial<TokenClaims>): TokenClaims => ({
    subject,
    scopes,
    ttlSeconds: 600,
    issuer: 'hkp-dev',
    audience: 'hkp-policy-graph',
    ...overrides,
  });
  return {
    publicKey: keys.publicKey,
    signing,
    token: (scopes, overrides = {}) => signToken(claims(scopes, overrides), signing),
    forged: (scopes, overrides = {}) => signToken(claims(scopes, overrides), { ...signing, key: ecKeyPair().privateKey }),
    withClaims: (given) => {
      const now = Math.floor(Date.now() / 1000);
      return signClaims({ iss: 'hkp-dev', aud: 'hkp-policy-graph', iat: now, exp: now + 600, ...given }, signing);
    },
  };
}
