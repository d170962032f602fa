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

describe('GATEWAY_CONTRACT', () => {
  it("serves the contract's supergraph file and publishes its schema even with introspection off", () => {
    const config = readGatewayConfig({ GATEWAY_CONTRACT: 'public', GATEWAY_INTROSPECTION: 'false' });
    expect(config.supergraphPath).toMatch(/[\\/]supergraph\.public\.graphql$/);
    expect(config.contract).toBe('public');
    expect([config.introspection, config.publishSchema]).toEqual([false, true]);
    // SUPERGRAPH_PATH still says where the file is (a mounted volume).
    expect(readGatewayConfig({ GATEWAY_CONTRACT: 'public', SUPERGRAPH_PATH: '/etc/hkp/public.graphql' }).supergraphPath).toBe(
      '/etc/hkp/public.graphql',
    );
  });

  it('publishes the whole schema only where introspection is on', () => {
    expect(readGatewayConfig({ GATEWAY_INTROSPECTION: 'false' }).publishSchema).toBe(false);
    expect(readGatewayConfig({ GATEWAY_INTROSPECTION: 'true' }).publishSchema).toBe(true);
    expect(readGatewayConfig({}).supergraphPath).toMatch(/[\\/]supergraph\.graphql$/);
  });

  it('refuses a value that cannot name a contract', () => {
    expect(() => readGatewayConfig({ GATEWAY_CONTRACT: '../supergraph' })).toThrow(ConfigError);
    expect(() => readGatewayConfig({ GATEWAY_CONTRACT: 'Public' })).toThrow(/GATEWAY_CONTRACT must name a contract/);
  });
});
