import type { JWTPayload, JWTVerifyOptions } from 'jose';
import { ANONYMOUS, AuthError, type AuthInfo } from './auth-info';
import { checkClaims } from './claims';
import { readJwtConfig, type JwtConfig } from './config';
import { loadJose } from './jose-loader';
import { scopesFromClaims } from './scopes';

export interface TokenVerifier {
  /** No header → ANONYMOUS; a token that does not verify → AuthError. */
  verifyBearer(authorizationHeader: string | null | undefined): Promise<AuthInfo>;
}

const BEARER = /^Bearer +(\S+) *$/i;

/** Safe messages for jose's error codes; codes not here are server-side trouble (JWKS down). */
function authErrorFor(code: string, claim: string | undefined): AuthError | undefined {
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new AuthError('The token has expired.');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') return new AuthError('The token is not meant for this API (audience).');
      if (claim === 'iss') return new AuthError('The token was not issued by the accepted issuer.');
      if (claim === 'nbf') return new AuthError('The token is not valid yet.');
      return new AuthError(`The token's "${claim ?? 'unknown'}" claim is missing or not accepted.`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new AuthError('The token signature is not valid.');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new AuthError('The token is not signed with an algorithm this API accepts.');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new AuthError('The token is signed with a key this API does not know.');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new AuthError('The token is malformed.');
    default:
      return undefined;
  }
}

/**
 * Verifies bearer tokens with the configured keys (jose): signature, `iss`, `aud`, `exp`, `sub`;
 * then the claims' shape and bounds (checkClaims).
 */
export function createVerifier(config: JwtConfig): TokenVerifier {
  const options: JWTVerifyOptions = {
    algorithms: config.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  // Keys are imported (or the JWKS client made) on first use, once.
  let verify: Promise<(token: string) => Promise<JWTPayload>> | undefined;
  const verifier = () =>
    (verify ??= loadJose().then(async (jose) => {
      const keys = config.keys;
      if (keys.kind === 'jwks') {
        const jwks = jose.createRemoteJWKSet(new URL(keys.url));
        return async (token: string) => (await jose.jwtVerify(token, jwks, options)).payload;
      }
      const key = keys.kind === 'secret' ? new TextEncoder().encode(keys.secret) : await jose.importSPKI(keys.pem, config.algorithms[0]!);
      return async (token: string) => (await jose.jwtVerify(token, key, options)).payload;
    }));

  return {
    async verifyBearer(header) {
      if (header === undefined || header === null || header.trim() === '') return ANONYMOUS;
      const token = BEARER.exec(header)?.[1];
      if (!token) throw new AuthError('Send the token as "Authorization: Bearer <token>".');
      let payload: JWTPayload;
      try {
        payload = await (await verifier())(token);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const authError = typeof code === 'string' ? authErrorFor(code, (error as { claim?: string }).claim) : undefined;
        if (authError) throw authError;
        throw error;
      }
      checkClaims(payload, config.claimLimits);
      return { authenticated: true, subject: payload.sub ?? null, scopes: new Set(scopesFromClaims(payload)) };
    },
  };
}

let defaultVerifier: TokenVerifier | undefined;

/** Verifies with the configuration in process.env, read on first call and kept. */
export function verifyBearer(authorizationHeader: string | null | undefined): Promise<AuthInfo> {
  defaultVerifier ??= createVerifier(readJwtConfig(process.env));
  return defaultVerifier.verifyBearer(authorizationHeader);
}
