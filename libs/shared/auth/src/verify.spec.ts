import { generateKeyPairSync } from 'node:crypto';
import { ANONYMOUS, AuthError } from './auth-info';
import { readJwtConfig } from './config';
import { loadJose } from './jose-loader';
import { signClaims, signToken, type SigningKey } from './sign';
import { createVerifier } from './verify';

function ecKeyPair() {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const keys = ecKeyPair();
const env = { JWT_PUBLIC_KEY: keys.publicKey };
const signing: SigningKey = { algorithm: 'ES256', key: keys.privateKey, source: 'JWT_PRIVATE_KEY' };
const claims = { subject: 'partner-a', scopes: ['education:write'], ttlSeconds: 600, issuer: 'hkp-dev', audience: 'hkp-policy-graph' };
const verifier = createVerifier(readJwtConfig(env));
const bearer = (token: string) => `Bearer ${token}`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(header: string): Promise<AuthError> {
  const error = await verifier.verifyBearer(header).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('verifyBearer', () => {
  it('treats a request without a token as anonymous', async () => {
    await expect(verifier.verifyBearer(undefined)).resolves.toBe(ANONYMOUS);
    await expect(verifier.verifyBearer('')).resolves.toBe(ANONYMOUS);
  });

  it('accepts a valid token and reads its subject and scopes', async () => {
    const auth = await verifier.verifyBearer(bearer(await signToken(claims, signing)));
    expect(auth).toEqual({ authenticated: true, subject: 'partner-a', scopes: new Set(['education:write']) });
  });

  it('refuses an expired token, allowing 30 s of clock skew', async () => {
    const jose = await loadJose();
    const key = await jose.importPKCS8(keys.privateKey, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const tokenExpiredAgo = (seconds: number) =>
      new jose.SignJWT({ scope: '' })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('partner-a')
        .setIssuer('hkp-dev')
        .setAudience('hkp-policy-graph')
        .setIssuedAt(now - 3600)
        .setExpirationTime(now - seconds)
        .sign(key);
    expect((await rejection(bearer(await tokenExpiredAgo(120)))).message).toBe('The token has expired.');
    await expect(verifier.verifyBearer(bearer(await tokenExpiredAgo(10)))).resolves.toMatchObject({ authenticated: true });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expect((await rejection(bearer(await signToken({ ...claims, audience: 'another-api' }, signing)))).message).toMatch(/audience/);
    expect((await rejection(bearer(await signToken({ ...claims, issuer: 'someone-else' }, signing)))).message).toMatch(/issuer/);
  });

  it('refuses a token signed with another key (forged signature)', async () => {
    const other = ecKeyPair();
    const forged = await signToken(claims, { ...signing, key: other.privateKey });
    expect((await rejection(bearer(forged))).message).toBe('The token signature is not valid.');
    // A valid header and signature glued to a changed payload fails the same way.
    const [header, , signature] = (await signToken(claims, signing)).split('.');
    const tampered = `${header}.${b64({ sub: 'partner-a', scope: 'admin', iss: 'hkp-dev', aud: 'hkp-policy-graph', exp: 9999999999 })}.${signature}`;
    expect((await rejection(bearer(tampered))).message).toBe('The token signature is not valid.');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', scope: 'admin', iss: 'hkp-dev', aud: 'hkp-policy-graph', exp: now + 600 })}.`;
    expect((await rejection(bearer(unsigned))).message).toMatch(/algorithm this API accepts/);
  });

  it('refuses HS256 signed with the public key as secret (algorithm confusion)', async () => {
    const confused = await signToken(claims, { algorithm: 'HS256', key: keys.publicKey, source: 'JWT_SECRET' });
    expect((await rejection(bearer(confused))).message).toMatch(/algorithm this API accepts/);
  });

  it('refuses malformed headers and tokens without echoing them', async () => {
    expect((await rejection('Basic dXNlcjpwYXNz')).message).toMatch(/Bearer <token>/);
    expect((await rejection('Bearer')).message).toMatch(/Bearer <token>/);
    const garbage = await rejection('Bearer not-a-jwt');
    expect(garbage.message).toBe('The token is malformed.');
    expect(garbage.message).not.toContain('not-a-jwt');
  });

  it('requires exp and sub', async () => {
    const jose = await loadJose();
    const key = await jose.importPKCS8(keys.privateKey, 'ES256');
    const base = () => new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer('hkp-dev').setAudience('hkp-policy-graph');
    expect((await rejection(bearer(await base().setSubject('a').sign(key)))).message).toMatch(/"exp"/);
    expect((await rejection(bearer(await base().setExpirationTime('5m').sign(key)))).message).toMatch(/"sub"/);
  });

  it('refuses validly signed tokens with lenient claims, saying which claim and why', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signed = (payload: Record<string, unknown>, exp = now + 600) =>
      signClaims({ ...payload, iss: 'hkp-dev', aud: 'hkp-policy-graph', iat: now, exp }, signing);
    expect((await rejection(bearer(await signed({ sub: '' })))).message).toBe('The token\'s "sub" claim is empty.');
    expect((await rejection(bearer(await signed({ sub: 'x'.repeat(5000) })))).message).toMatch(/"sub" claim is longer than 256 characters/);
    expect((await rejection(bearer(await signed({ sub: 'a' }, now + 1000 * 365 * 86400)))).message).toMatch(
      /this API accepts at most 86400/,
    );
    expect((await rejection(bearer(await signed({ sub: 'a', scope: ['admin'] })))).message).toMatch(
      /"scope" claim must be a space-separated string/,
    );
    // The limits come from the configuration.
    const strict = createVerifier(readJwtConfig({ ...env, JWT_MAX_LIFETIME_S: '300' }));
    await expect(strict.verifyBearer(bearer(await signToken(claims, signing)))).rejects.toThrow(/this API accepts at most 300/);
  });

  it('verifies HS256 with JWT_SECRET outside production', async () => {
    const secret = 'a-development-secret-of-at-least-32-chars';
    const hs = createVerifier(readJwtConfig({ JWT_SECRET: secret }));
    const token = await signToken(claims, { algorithm: 'HS256', key: secret, source: 'JWT_SECRET' });
    await expect(hs.verifyBearer(bearer(token))).resolves.toMatchObject({ subject: 'partner-a' });
    // An ES256 token is not accepted where HS256 is configured, and vice versa.
    await expect(hs.verifyBearer(bearer(await signToken(claims, signing)))).rejects.toBeInstanceOf(AuthError);
  });
});
