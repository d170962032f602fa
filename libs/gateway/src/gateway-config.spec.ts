import { ConfigError } from '@hkp/util-env';
import { readGatewayConfig, upstreamTimeoutOf } from './gateway-config';

describe('subgraph timeouts', () => {
  it('takes SUBGRAPH_TIMEOUT_MS for every subgraph, and <NAME>_TIMEOUT_MS for the ones that set it', () => {
    const config = readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '4000', PROGRAMME_TIMEOUT_MS: '20000', CIVIL_AFFAIRS_TIMEOUT_MS: '1500' });
    expect(config.subgraphTimeouts).toEqual({ programme: 20000, 'civil-affairs': 1500 });
    const timeout = upstreamTimeoutOf(config);
    expect(timeout({ subgraphName: 'programme' })).toBe(20000);
    expect(timeout({ subgraphName: 'civil-affairs' })).toBe(1500);
    expect(timeout({ subgraphName: 'health' })).toBe(4000);
    expect(timeout({})).toBe(4000);
  });

  it('defaults to 10 s and refuses a value that is not a number of milliseconds, naming the variable', () => {
    expect(upstreamTimeoutOf(readGatewayConfig({}))({ subgraphName: 'health' })).toBe(10000);
    expect(() => readGatewayConfig({ HEALTH_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
    expect(() => readGatewayConfig({ HEALTH_TIMEOUT_MS: '5' })).toThrow(/HEALTH_TIMEOUT_MS/);
  });
});
