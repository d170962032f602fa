import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@hkp/util-env';
import { CLAIM_LIMIT_DEFAULTS, DEFAULT_AUDIENCE, DEFAULT_ISSUER, describeJwtConfig, readJwtConfig } from './config';
import { loadDevKeyPair } from './dev-keys';
import { readSigningKey } from './sign';

const SECRET = 'a-development-secret-of-at-least-32-chars';
const pems = (type: 'ec' | 'rsa') =>
  type === 'ec'
    ? generateKeyPairSync('ec', {
        namedCurve: 'prime256v1',
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      })
    : generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });

describe('readJwtConfig', () => {
  it('refuses HS256 in production, with a clear reason', () => {
    expect(() => readJwtConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET })).toThrow(ConfigError);
    expect(() => readJwtConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET })).toThrow(
      /JWT_SECRET \(HS256\) is refused when NODE_ENV=production/,
    );
    expect(readJwtConfig({ JWT_SECRET: SECRET }).algorithms).toEqual(['HS256']);
  });

  it('refuses a short secret, two key sources at once, and production without keys', () => {
    expect(() => readJwtConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => readJwtConfig({ JWT_SECRET: SECRET, JWT_PUBLIC_KEY: pems('ec').publicKey })).toThrow(/Set only one of/);
    expect(() => readJwtConfig({ NODE_ENV: 'production' })).toThrow(/set JWT_JWKS_URL or JWT_PUBLIC_KEY/);
  });

  it('takes the algorithm from the public key, and accepts PEM with escaped newlines', () => {
    expect(readJwtConfig({ JWT_PUBLIC_KEY: pems('ec').publicKey }).algorithms).toEqual(['ES256']);
    const rsa = pems('rsa').publicKey;
    expect(readJwtConfig({ JWT_PUBLIC_KEY: rsa.replace(/\n/g, '\\n') })).toMatchObject({
      algorithms: ['RS256'],
      keys: { kind: 'public-key', pem: rsa },
    });
  });

  it('refuses a private key or garbage in JWT_PUBLIC_KEY', () => {
    expect(() => readJwtConfig({ JWT_PUBLIC_KEY: pems('ec').privateKey })).toThrow(/holds a private key/);
    expect(() => readJwtConfig({ JWT_PUBLIC_KEY: 'hello' })).toThrow(/not a PEM public key/);
  });

  it('checks the JWKS URL (https in production)', () => {
    expect(readJwtConfig({ JWT_JWKS_URL: 'https://id.example.gov.cn/.well-known/jwks.json' })).toMatchObject({
      keys: { kind: 'jwks' },
      algorithms: ['RS256', 'ES256'],
    });
    expect(() => readJwtConfig({ JWT_JWKS_URL: 'not a url' })).toThrow(/must be a URL/);
    expect(() => readJwtConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'http://id.internal/jwks' })).toThrow(/https/);
  });

  it('defaults issuer and audience, and describes itself without secrets', () => {
    const config = readJwtConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({ issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 30 });
    expect(describeJwtConfig(config)).not.toContain(SECRET);
    expect(readJwtConfig({ JWT_SECRET: SECRET, JWT_ISSUER: 'gd-id', JWT_AUDIENCE: 'x' })).toMatchObject({ issuer: 'gd-id', audience: 'x' });
  });
});

describe('claim limits', () => {
  it('default to a 256-character subject, a 24 h lifetime, 50 scopes of 128 characters, and read JWT_MAX_*', () => {
    expect(readJwtConfig({ JWT_SECRET: SECRET }).claimLimits).toEqual({
      maxSubjectLength: 256,
      maxLifetimeSeconds: 86400,
      maxScopes: 50,
      maxScopeLength: 128,
    });
    const env = {
      JWT_SECRET: SECRET,
      JWT_MAX_SUBJECT_LENGTH: '64',
      JWT_MAX_LIFETIME_S: '3600',
      JWT_MAX_SCOPES: '5',
      JWT_MAX_SCOPE_LENGTH: '40',
    };
    expect(readJwtConfig(env).claimLimits).toEqual({ maxSubjectLength: 64, maxLifetimeSeconds: 3600, maxScopes: 5, maxScopeLength: 40 });
    expect(CLAIM_LIMIT_DEFAULTS.maxLifetimeSeconds).toBe(86400);
  });

  it('refuses a limit that is not a positive number, naming the variable', () => {
    expect(() => readJwtConfig({ JWT_SECRET: SECRET, JWT_MAX_LIFETIME_S: '0' })).toThrow(/JWT_MAX_LIFETIME_S must be at least 1/);
    expect(() => readJwtConfig({ JWT_SECRET: SECRET, JWT_MAX_SCOPES: 'many' })).toThrow(/JWT_MAX_SCOPES must be a number/);
  });
});

describe('development key pair', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'hkp-dev-jwt-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is created once and then reused, the private key readable only by its owner', () => {
    const first = loadDevKeyPair(root);
    expect(first.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    expect(loadDevKeyPair(root)).toEqual(first);
    expect(statSync(join(first.dir, 'private.pem')).mode & 0o077).toBe(0);
    expect(readFileSync(join(root, '.data', 'dev-jwt', 'public.pem'), 'utf8')).toBe(first.publicKeyPem);
  });
});

describe('readSigningKey', () => {
  it('signs with JWT_PRIVATE_KEY only when it matches JWT_PUBLIC_KEY', () => {
    const a = pems('ec');
    const b = pems('ec');
    expect(readSigningKey({ JWT_PRIVATE_KEY: a.privateKey, JWT_PUBLIC_KEY: a.publicKey })).toMatchObject({
      algorithm: 'ES256',
      source: 'JWT_PRIVATE_KEY',
    });
    expect(() => readSigningKey({ JWT_PRIVATE_KEY: a.privateKey, JWT_PUBLIC_KEY: b.publicKey })).toThrow(/does not match/);
    expect(() => readSigningKey({ JWT_PUBLIC_KEY: a.publicKey })).toThrow(/set JWT_PRIVATE_KEY/);
    expect(readSigningKey({ JWT_SECRET: SECRET })).toMatchObject({ algorithm: 'HS256' });
  });
});
