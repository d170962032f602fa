import { createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError, getEnvNum, getEnvOptionalStr, getEnvStr, isProduction } from '@hkp/util-env';
import { loadDevKeyPair } from './dev-keys';

type Env = Record<string, string | undefined>;

export type JwtAlgorithm = 'RS256' | 'ES256' | 'HS256';

/** Where the keys that verify tokens come from. Never a private key. */
export type VerificationKeys =
  | { kind: 'jwks'; url: string }
  | { kind: 'public-key'; pem: string; source: 'JWT_PUBLIC_KEY' | 'development key' }
  | { kind: 'secret'; secret: string };

/** Bounds on what a validly signed token may claim; a token outside them is refused. */
export interface ClaimLimits {
  /** Characters in `sub` (JWT_MAX_SUBJECT_LENGTH). */
  maxSubjectLength: number;
  /** `exp` − `iat` (or `exp` − now without `iat`), in seconds (JWT_MAX_LIFETIME_S). */
  maxLifetimeSeconds: number;
  /** Scopes in `scope` and `scp` together (JWT_MAX_SCOPES). */
  maxScopes: number;
  /** Characters in one scope (JWT_MAX_SCOPE_LENGTH). */
  maxScopeLength: number;
}

export interface JwtConfig {
  keys: VerificationKeys;
  algorithms: JwtAlgorithm[];
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  claimLimits: ClaimLimits;
}

export const CLAIM_LIMIT_DEFAULTS: ClaimLimits = {
  maxSubjectLength: 256,
  // An access token is re-issued often; a day covers a working session and bounds a leaked one.
  maxLifetimeSeconds: 24 * 3600,
  maxScopes: 50,
  maxScopeLength: 128,
};

/** Reads JWT_MAX_SUBJECT_LENGTH, JWT_MAX_LIFETIME_S, JWT_MAX_SCOPES and JWT_MAX_SCOPE_LENGTH. */
export function readClaimLimits(env: Env = process.env): ClaimLimits {
  const positive = { min: 1 };
  return {
    maxSubjectLength: getEnvNum('JWT_MAX_SUBJECT_LENGTH', CLAIM_LIMIT_DEFAULTS.maxSubjectLength, env, positive),
    maxLifetimeSeconds: getEnvNum('JWT_MAX_LIFETIME_S', CLAIM_LIMIT_DEFAULTS.maxLifetimeSeconds, env, positive),
    maxScopes: getEnvNum('JWT_MAX_SCOPES', CLAIM_LIMIT_DEFAULTS.maxScopes, env, positive),
    maxScopeLength: getEnvNum('JWT_MAX_SCOPE_LENGTH', CLAIM_LIMIT_DEFAULTS.maxScopeLength, env, positive),
  };
}

export const DEFAULT_ISSUER = 'hkp-dev';
export const DEFAULT_AUDIENCE = 'hkp-policy-graph';
const CLOCK_TOLERANCE_SECONDS = 30;
const MIN_SECRET_LENGTH = 32;
const KEY_VARIABLES = ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_SECRET'] as const;

/** PEM from an environment variable; container env files often carry newlines as `\n`. */
export function pemFromEnv(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

/** RS256 for RSA keys, ES256 for P-256 keys; anything else is a configuration mistake. */
export function algorithmOf(key: KeyObject, variable: string): 'RS256' | 'ES256' {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new ConfigError(`${variable} is an RSA key shorter than 2048 bits.`);
    return 'RS256';
  }
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new ConfigError(`${variable} must be an RSA key (RS256) or a P-256 EC key (ES256), got ${type ?? 'an unknown key type'}.`);
}

function publicKeyFromEnv(value: string): { pem: string; algorithm: 'RS256' | 'ES256' } {
  const text = pemFromEnv(value);
  if (/PRIVATE KEY/.test(text)) throw new ConfigError('JWT_PUBLIC_KEY holds a private key; give the services only the public key.');
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new ConfigError('JWT_PUBLIC_KEY is not a PEM public key (-----BEGIN PUBLIC KEY----- …).');
  }
  return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), algorithm: algorithmOf(key, 'JWT_PUBLIC_KEY') };
}

function jwksUrlFromEnv(value: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`JWT_JWKS_URL must be a URL, got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('JWT_JWKS_URL must be an http(s) URL.');
  // The keys decide who may write; fetched over plain HTTP they could be swapped on the way.
  if (production && url.protocol !== 'https:') throw new ConfigError('JWT_JWKS_URL must use https when NODE_ENV=production.');
  return url.toString();
}

/**
 * Reads and validates how tokens are verified, once at start. Exactly one of JWT_JWKS_URL,
 * JWT_PUBLIC_KEY or JWT_SECRET (HS256, refused in production); with none outside production,
 * the local development key pair in `.data/dev-jwt/`.
 */
export function readJwtConfig(env: Env = process.env): JwtConfig {
  const production = isProduction(env);
  const given = KEY_VARIABLES.filter((name) => getEnvOptionalStr(name, env) !== undefined);
  if (given.length > 1) throw new ConfigError(`Set only one of ${KEY_VARIABLES.join(', ')}; found ${given.join(' and ')}.`);
  const issuer = getEnvStr('JWT_ISSUER', DEFAULT_ISSUER, env);
  const audience = getEnvStr('JWT_AUDIENCE', DEFAULT_AUDIENCE, env);
  const common = { issuer, audience, clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS, claimLimits: readClaimLimits(env) };

  const jwksUrl = getEnvOptionalStr('JWT_JWKS_URL', env);
  if (jwksUrl !== undefined) {
    return { ...common, keys: { kind: 'jwks', url: jwksUrlFromEnv(jwksUrl, production) }, algorithms: ['RS256', 'ES256'] };
  }
  const publicKey = getEnvOptionalStr('JWT_PUBLIC_KEY', env);
  if (publicKey !== undefined) {
    const { pem, algorithm } = publicKeyFromEnv(publicKey);
    return { ...common, keys: { kind: 'public-key', pem, source: 'JWT_PUBLIC_KEY' }, algorithms: [algorithm] };
  }
  // Not trimmed: a secret is used byte for byte.
  const secret = env['JWT_SECRET'];
  if (secret !== undefined && secret.trim() !== '') {
    if (production)
      throw new ConfigError(
        'JWT_SECRET (HS256) is refused when NODE_ENV=production: every service holding it could forge tokens. Use JWT_JWKS_URL or JWT_PUBLIC_KEY.',
      );
    if (secret.length < MIN_SECRET_LENGTH) throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters for HS256.`);
    return { ...common, keys: { kind: 'secret', secret }, algorithms: ['HS256'] };
  }
  if (production)
    throw new ConfigError(
      'No token verification key: set JWT_JWKS_URL or JWT_PUBLIC_KEY (the development key is not used when NODE_ENV=production).',
    );
  return { ...common, keys: { kind: 'public-key', pem: loadDevKeyPair().publicKeyPem, source: 'development key' }, algorithms: ['ES256'] };
}

/** One line for start-up logs: where keys come from, never a key or secret. */
export function describeJwtConfig(config: JwtConfig): string {
  const keys =
    config.keys.kind === 'jwks'
      ? `JWKS ${config.keys.url}`
      : config.keys.kind === 'secret'
        ? 'JWT_SECRET (development only)'
        : config.keys.source;
  return `tokens verified with ${keys} (${config.algorithms.join(', ')}), issuer "${config.issuer}", audience "${config.audience}"`;
}
