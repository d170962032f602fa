import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError, getEnvOptionalStr } from '@hkp/util-env';
import { algorithmOf, pemFromEnv, readJwtConfig, type JwtAlgorithm } from './config';
import { loadDevKeyPair } from './dev-keys';
import { loadJose } from './jose-loader';

type Env = Record<string, string | undefined>;

export interface SigningKey {
  algorithm: JwtAlgorithm;
  /** PKCS#8 PEM, or the HS256 secret. */
  key: string;
  /** Where the key came from, for messages (never the key itself). */
  source: 'JWT_PRIVATE_KEY' | 'JWT_SECRET' | 'development key';
}

export interface TokenClaims {
  subject: string;
  scopes: readonly string[];
  ttlSeconds: number;
  issuer: string;
  audience: string;
}

function privateKeyFromEnv(value: string): KeyObject {
  try {
    return createPrivateKey(pemFromEnv(value));
  } catch {
    throw new ConfigError('JWT_PRIVATE_KEY is not a PEM private key (-----BEGIN PRIVATE KEY----- …).');
  }
}

/**
 * The key that signs tokens made here (tools, tests): JWT_PRIVATE_KEY, else JWT_SECRET, else the
 * development key. Refuses a key the services would not accept under the same environment.
 */
export function readSigningKey(env: Env = process.env): SigningKey {
  const privateKey = getEnvOptionalStr('JWT_PRIVATE_KEY', env);
  if (privateKey !== undefined) {
    if (getEnvOptionalStr('JWT_SECRET', env) !== undefined) throw new ConfigError('Set JWT_PRIVATE_KEY or JWT_SECRET, not both.');
    const key = privateKeyFromEnv(privateKey);
    const algorithm = algorithmOf(key, 'JWT_PRIVATE_KEY');
    if (getEnvOptionalStr('JWT_PUBLIC_KEY', env) !== undefined) {
      const verification = readJwtConfig(env);
      const derived = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
      if (verification.keys.kind === 'public-key' && derived !== verification.keys.pem) {
        throw new ConfigError('JWT_PRIVATE_KEY does not match JWT_PUBLIC_KEY: the services would refuse its tokens.');
      }
    }
    return { algorithm, key: key.export({ type: 'pkcs8', format: 'pem' }).toString(), source: 'JWT_PRIVATE_KEY' };
  }
  // Same rules as the services: HS256 only outside production, the development key only without other keys.
  const verification = readJwtConfig(env);
  if (verification.keys.kind === 'secret') return { algorithm: 'HS256', key: verification.keys.secret, source: 'JWT_SECRET' };
  if (verification.keys.kind === 'jwks' || verification.keys.source === 'JWT_PUBLIC_KEY') {
    const variable = verification.keys.kind === 'jwks' ? 'JWT_JWKS_URL' : 'JWT_PUBLIC_KEY';
    throw new ConfigError(
      `${variable} is set, so the services will not accept the development key; set JWT_PRIVATE_KEY to the matching private key.`,
    );
  }
  return { algorithm: 'ES256', key: loadDevKeyPair().privateKeyPem, source: 'development key' };
}

/**
 * A JWT with exactly `payload` as its claims: for tests that need claims an identity provider
 * might send but signToken never writes.
 */
export async function signClaims(payload: Record<string, unknown>, signingKey: SigningKey): Promise<string> {
  const jose = await loadJose();
  const key =
    signingKey.algorithm === 'HS256'
      ? new TextEncoder().encode(signingKey.key)
      : await jose.importPKCS8(signingKey.key, signingKey.algorithm);
  return new jose.SignJWT(payload).setProtectedHeader({ alg: signingKey.algorithm, typ: 'JWT' }).sign(key);
}

/** A signed JWT with `sub`, `scope` (space-separated), `iss`, `aud`, `iat` and `exp`. */
export function signToken(claims: TokenClaims, signingKey: SigningKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signClaims(
    {
      scope: claims.scopes.join(' '),
      sub: claims.subject,
      iss: claims.issuer,
      aud: claims.audience,
      iat: now,
      exp: now + claims.ttlSeconds,
    },
    signingKey,
  );
}
