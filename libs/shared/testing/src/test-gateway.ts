import { readGatewayConfig, startGateway, type RunningGateway } from '@hkp/gateway';

/**
 * The real gateway over a supergraph file, configured as in production from the environment plus
 * `env`, on 127.0.0.1 (a free port unless one is given). No response cache unless `env` sets one:
 * most tests count what each request makes the subgraphs do, which a cached answer would hide.
 */
export function startTestGateway(supergraphPath: string, env: Record<string, string> = {}, port = 0): Promise<RunningGateway> {
  return startGateway({
    ...readGatewayConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: '0', ...process.env, ...env }),
    port,
    host: '127.0.0.1',
    supergraphPath,
    subgraphUrls: {},
  });
}
