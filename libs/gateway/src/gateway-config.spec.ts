import { ConfigError } from '@hkp/util-env';
import { readGatewayConfig } from './gateway-config';

describe('subgraph variables', () => {
  it('keeps every *_URL and *_TIMEOUT_MS as set at start, for the supergraph to name', () => {
    const config = readGatewayConfig({
      SUBGRAPH_TIMEOUT_MS: '4000',
      PROGRAMME_TIMEOUT_MS: '20000',
      AGRICULTURE_URL: 'http://agriculture/graphql',
      LOG_LEVEL: 'info',
    });
    expect(config.subgraphTimeoutMs).toBe(4000);
    expect(config.subgraphEnv).toEqual({
      SUBGRAPH_TIMEOUT_MS: '4000',
      PROGRAMME_TIMEOUT_MS: '20000',
      AGRICULTURE_URL: 'http://agriculture/graphql',
    });
  });

  it('defaults SUBGRAPH_TIMEOUT_MS to 10 s and refuses a value that is not a number of milliseconds, naming it', () => {
    expect(readGatewayConfig({}).subgraphTimeoutMs).toBe(10000);
    expect(() => readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
    expect(() => readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '5' })).toThrow(/SUBGRAPH_TIMEOUT_MS/);
  });
});
