import { readGatewayConfig, startGateway, subgraphVariablesOf, type RunningGateway } from '@hkp/gateway';

/**
 * The real gateway over a supergraph file, configured as in production from the environment plus
 * `env`, on 127.0.0.1 (a free port unless one is given). No response cache and no entity cache
 * unless `env` sets them: most tests count what each request makes the subgraphs do, which a cached
 * answer would hide.
 * `<NAME>_URL` and `<NAME>_TIMEOUT_MS` come from `env` only: the process environment's
 * `<NAME>_URL` tell the test federation's subgraphs where each other are, not this gateway.
 */
export function startTestGateway(supergraphPath: string, env: Record<string, string> = {}, port = 0): Promise<RunningGateway> {
  const merged = { GATEWAY_RESPONSE_CACHE_TTL_MS: '0', GATEWAY_ENTITY_CACHE: 'false', ...process.env, ...env };
  const config = readGatewayConfig(merged);
  return startGateway({ ...config, port, host: '127.0.0.1', supergraphPath, subgraphEnv: subgraphVariablesOf(env) }, merged);
}
