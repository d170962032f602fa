import { GraphQLError } from 'graphql';
import type { GatewayConfigSupergraph, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  createInlineSigningKeyProvider,
  createRemoteJwksSigningKeyProvider,
  useJWT,
  type ExtractTokenFunction,
  type GetSigningKeyFunction,
} from '@graphql-mesh/plugin-jwt-auth';
import { AuthError, createVerifier, readJwtConfig, scopesFromClaims, type JwtConfig, type TokenVerifier } from '@hkp/auth';
import { useGenericAuth } from '@envelop/generic-auth';
import type { GatewayFeature } from './gateway-feature';
import { useStableDocuments } from './stable-documents';
import { useAuthorizationVerdicts } from './authorization-verdicts';

export interface GatewayAuthConfig {
  /** The same keys, issuer and audience as the subgraphs (see @hkp/auth). */
  jwt: JwtConfig;
}

export function readAuthConfig(env: Record<string, string | undefined>): GatewayAuthConfig {
  return { jwt: readJwtConfig(env) };
}

/** Where generic auth keeps the caller (its default `contextFieldName`). */
const CURRENT_USER = 'currentUser';

type GenericAuthOptions = NonNullable<GatewayConfigSupergraph['genericAuth']>;
type ValidateUser = NonNullable<Extract<GenericAuthOptions, { mode: 'protect-granular' }>['validateUser']>;

function authError(
  message: string,
  code: 'UNAUTHENTICATED' | 'FORBIDDEN',
  where: { nodes?: GraphQLError['nodes']; path?: readonly (string | number)[] } = {},
  extensions: Record<string, unknown> = {},
) {
  return new GraphQLError(message, {
    ...where,
    extensions: { ...extensions, code, http: { status: code === 'UNAUTHENTICATED' ? 401 : 403 } },
  });
}

/**
 * Finds the bearer token for Hive's JWT plugin after checking it with the verifier the subgraphs
 * use. On its own the plugin answers a malformed token 400, a key id missing from the JWKS 500,
 * accepts tokens without `exp` and gives no error code; checked here, every bad token is one
 * 401 UNAUTHENTICATED with a safe message, and gateway and subgraphs agree on what is valid.
 */
function verifiedBearerToken(verifier: TokenVerifier): ExtractTokenFunction {
  return async ({ request }) => {
    const header = request.headers.get('authorization');
    try {
      if (!(await verifier.verifyBearer(header)).authenticated) return undefined;
    } catch (error) {
      if (error instanceof AuthError) throw authError(error.message, 'UNAUTHENTICATED');
      throw error;
    }
    return { prefix: 'Bearer', token: header!.trim().split(/ +/)[1]! };
  };
}

/** Whether a request carries an Authorization header with anything in it (the verifier's anonymous is none or blank). */
const sendsAuthorization = (request: Request | undefined): boolean => {
  const header = request?.headers.get('authorization');
  return header != null && header.trim() !== '';
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPlugin = GatewayPlugin<any>;
type Hook = (payload: Record<string, unknown>) => unknown;

/**
 * The JWT plugin with nothing to do left out of anonymous requests: without an Authorization
 * header it finds no token (the verifier answers anonymous) and leaves the context as it is, so
 * its token lookup (an async extractor, its promises, three weak-set entries) is skipped then.
 * Its subgraph hook is left out too: it only forwards the payload or token, which this gateway
 * does not (`forward` off).
 */
function onlyWithAuthorization(jwtPlugin: AnyPlugin): AnyPlugin {
  const skipAnonymous = (added: AnyPlugin): AnyPlugin => {
    const onRequestParse = added.onRequestParse as Hook | undefined;
    const onContextBuilding = added.onContextBuilding as Hook | undefined;
    return {
      ...added,
      ...(onRequestParse && {
        onRequestParse: ((payload: { request?: Request }) =>
          !payload.request || sendsAuthorization(payload.request) ? onRequestParse(payload) : undefined) as never,
      }),
      ...(onContextBuilding && {
        onContextBuilding: ((payload: { context: { request?: Request } }) =>
          !payload.context.request || sendsAuthorization(payload.context.request) ? onContextBuilding(payload) : undefined) as never,
      }),
    };
  };
  const { onSubgraphExecute: _forwardsNothing, ...rest } = jwtPlugin as AnyPlugin & { onSubgraphExecute?: unknown };
  return {
    ...rest,
    onPluginInit(init) {
      jwtPlugin.onPluginInit?.({ ...init, addPlugin: (added) => init.addPlugin(skipAnonymous(added) as never) });
    },
  };
}

function signingKeyProvider(config: JwtConfig): GetSigningKeyFunction {
  const keys = config.keys;
  if (keys.kind === 'jwks') return createRemoteJwksSigningKeyProvider({ jwksUri: keys.url });
  return createInlineSigningKeyProvider(keys.kind === 'secret' ? keys.secret : keys.pem);
}

/**
 * @authenticated and @requiresScopes for Hive's generic auth: no token → 401 UNAUTHENTICATED,
 * a token without the scope → 403 FORBIDDEN (its default gives both one code and 401).
 * `scopes` lists alternatives, each a set of scopes needed together.
 */
const validateUser: ValidateUser = (params) => {
  const { user, userScopes, parentType, field, fieldNode, path, fieldAuthArgs, typeAuthArgs, fieldScopes, typeScopes } = params;
  const rules = [typeScopes, fieldScopes].filter((rule): rule is string[][] => !!rule?.length);
  const policies = !!(params.typePolicies?.length || params.fieldPolicies?.length);
  if (!fieldAuthArgs && !typeAuthArgs && rules.length === 0 && !policies) return undefined;
  const coordinate = `${parentType.name}.${field.name}`;
  const where = { nodes: [fieldNode], path };
  if (user == null) return authError(`${coordinate} needs a token: send "Authorization: Bearer <token>".`, 'UNAUTHENTICATED', where);
  // @policy is not used in this graph; should one appear, refuse rather than ignore it.
  if (policies) return authError(`${coordinate} is guarded by a @policy the gateway does not evaluate.`, 'FORBIDDEN', where);
  for (const rule of rules) {
    if (!rule.some((together) => together.every((scope) => userScopes.includes(scope)))) {
      // requiredScopes as the services give it: each entry is enough on its own (scopes needed
      // together are one entry, space-separated as in a token's scope claim).
      return authError(
        `${coordinate} needs the scope ${rule.map((together) => together.join(' and ')).join(' or ')}.`,
        'FORBIDDEN',
        where,
        {
          requiredScopes: rule.map((together) => together.join(' ')),
        },
      );
    }
  }
  return undefined;
};

/**
 * JWT verification and the schema's @authenticated / @requiresScopes rules. Anonymous callers
 * may read; a bad token is refused before planning; a forbidden operation fails validation, so
 * no subgraph is called. The Authorization header goes on to the subgraphs, which verify it again.
 */
export function createAuthFeature(config: GatewayAuthConfig): GatewayFeature {
  const { jwt } = config;
  return {
    name: 'auth',
    plugins: [
      // The plugin's bundled typings carry their own copy of Hive's Logger class, hence the cast.
      onlyWithAuthorization(
        useJWT({
          signingKeyProviders: [signingKeyProvider(jwt)],
          tokenLookupLocations: [verifiedBearerToken(createVerifier(jwt))],
          tokenVerification: {
            algorithms: jwt.algorithms,
            issuer: jwt.issuer,
            audience: jwt.audience,
            clockTolerance: jwt.clockToleranceSeconds,
          },
          reject: { missingToken: false, invalidToken: true },
          // Subgraphs trust only the token they verify themselves, not claims the gateway copies.
          forward: { payload: false, token: false },
        }) as unknown as GatewayPlugin,
      ),
      // The schema's @authenticated / @requiresScopes, checked before any subgraph is called;
      // decided once per document and kind of caller (anonymous, or the scopes held).
      useAuthorizationVerdicts(
        useGenericAuth<Record<string, unknown>, Record<string, unknown>>({
          mode: 'protect-granular',
          contextFieldName: CURRENT_USER,
          resolveUserFn: (context) => (context['jwt'] as { payload?: Record<string, unknown> } | undefined)?.payload ?? null,
          // Called for anonymous requests too, with no payload.
          extractScopes: (payload) => (payload ? scopesFromClaims(payload) : []),
          validateUser,
        }) as unknown as GatewayPlugin,
        (context) => {
          const user = context[CURRENT_USER] as Record<string, unknown> | null | undefined;
          return user == null ? 'anonymous' : `scopes ${[...scopesFromClaims(user)].sort().join(' ')}`;
        },
      ),
      // After the check above, which rebuilds the document: keeps query plans cached.
      useStableDocuments(),
    ],
    runtimeOptions: {
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
      },
    },
  };
}
