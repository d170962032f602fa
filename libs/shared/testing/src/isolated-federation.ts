import type { SubgraphModule } from '@hkp/subgraph-kit';
import { overrideProcessEnv } from './process-env';
import { createTestDatabase, type TestDatabase } from './test-database';
import { startTestFederation, type TestFederation, type TestFederationOptions } from './test-federation';
import type { TestTokenIssuer } from './test-tokens';

/** Where the services look for a key to verify tokens with; a trusted issuer's key replaces them all. */
const TOKEN_KEY_VARIABLES = ['JWT_PUBLIC_KEY', 'JWT_JWKS_URL', 'JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE'];

export interface IsolatedFederationOptions extends TestFederationOptions {
  /** Process environment the subgraphs start with (`undefined` removes a variable); stop() restores it. */
  env?: Record<string, string | undefined>;
  /**
   * The gateway and every subgraph verify tokens with this issuer's key only (JWT_PUBLIC_KEY; no
   * JWKS URL, shared secret, or other issuer and audience than the services' defaults).
   */
  trustedIssuer?: TestTokenIssuer;
}

export interface IsolatedFederation extends TestFederation {
  /** The database of this federation alone. */
  database: TestDatabase;
  /** Stops the federation, drops its database and restores the process environment. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole federation of `modules` (see startTestFederation) on a fresh database named after
 * `databasePrefix`, with the process environment and token key the test asks for.
 */
export async function startIsolatedFederation(
  databasePrefix: string,
  modules: SubgraphModule[],
  { env = {}, trustedIssuer, gatewayEnv = {} }: IsolatedFederationOptions = {},
): Promise<IsolatedFederation> {
  const tokenEnv: Record<string, string | undefined> = trustedIssuer
    ? { ...Object.fromEntries(TOKEN_KEY_VARIABLES.map((name) => [name, undefined])), JWT_PUBLIC_KEY: trustedIssuer.publicKey }
    : {};
  const restoreEnv = overrideProcessEnv({ ...tokenEnv, ...env });
  let database: TestDatabase | undefined;
  let federation: TestFederation | undefined;
  const stopAll = async () => {
    try {
      await federation?.stop();
    } finally {
      await database?.drop();
      restoreEnv();
    }
  };
  try {
    database = await createTestDatabase(databasePrefix);
    federation = await startTestFederation(modules, database.url, {
      gatewayEnv: trustedIssuer ? { JWT_PUBLIC_KEY: trustedIssuer.publicKey, ...gatewayEnv } : gatewayEnv,
    });
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    ...federation,
    database,
    stop: () => {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
