import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@hkp/util-env';
import { readGatewayConfig } from './gateway-config';
import { createLimitsFeature, readLimitsConfig } from './gateway-limits';

describe('readLimitsConfig', () => {
  it('has safe defaults', () => {
    expect(readLimitsConfig({})).toEqual({
      enabled: true,
      maxBodyBytes: 100_000,
      query: {
        maxSelections: 2000,
        maxDepth: 10,
        maxVariableDepth: 32,
        maxAliases: 30,
        maxTokens: 2000,
        maxCost: 10_000,
        costListSize: 10,
        blockFieldSuggestions: false,
      },
      rateLimit: { enabled: true, points: 300, windowSeconds: 60, redisUrl: undefined, keyPrefix: 'hkp:gateway:rate', trustProxy: false },
      persistedDocuments: undefined,
      csrfPrevention: true,
    });
    expect(readLimitsConfig({ NODE_ENV: 'production' }).query.blockFieldSuggestions).toBe(true);
  });

  it('reads every limit from the environment', () => {
    const config = readLimitsConfig({
      GATEWAY_MAX_BODY_BYTES: '2048',
      GATEWAY_MAX_SELECTIONS: '300',
      GATEWAY_MAX_DEPTH: '5',
      GATEWAY_MAX_VARIABLE_DEPTH: '6',
      GATEWAY_MAX_ALIASES: '3',
      GATEWAY_MAX_TOKENS: '100',
      GATEWAY_MAX_COST: '50',
      GATEWAY_COST_LIST_SIZE: '4',
      GATEWAY_FIELD_SUGGESTIONS: 'false',
      RATE_LIMIT_POINTS: '10',
      RATE_LIMIT_WINDOW_S: '1',
      REDIS_URL: 'redis://redis:6379',
      RATE_LIMIT_KEY_PREFIX: 'x',
      GATEWAY_TRUST_PROXY: 'true',
      PERSISTED_DOCUMENTS_PATH: '/etc/pd.json',
      PERSISTED_DOCUMENTS_ONLY: 'true',
      GATEWAY_CSRF_PREVENTION: 'false',
    });
    expect(config).toMatchObject({
      maxBodyBytes: 2048,
      query: {
        maxSelections: 300,
        maxDepth: 5,
        maxVariableDepth: 6,
        maxAliases: 3,
        maxTokens: 100,
        maxCost: 50,
        costListSize: 4,
        blockFieldSuggestions: true,
      },
      rateLimit: { points: 10, windowSeconds: 1, redisUrl: 'redis://redis:6379', keyPrefix: 'x', trustProxy: true },
      persistedDocuments: { path: '/etc/pd.json', only: true },
      csrfPrevention: false,
    });
  });

  it('refuses contradictory or wrong values with the variable’s name', () => {
    expect(() => readLimitsConfig({ PERSISTED_DOCUMENTS_ONLY: 'true' })).toThrow(ConfigError);
    expect(() => readLimitsConfig({ GATEWAY_MAX_DEPTH: 'deep' })).toThrow(/GATEWAY_MAX_DEPTH must be a number/);
    expect(() => readLimitsConfig({ RATE_LIMIT_POINTS: '0' })).toThrow(/RATE_LIMIT_POINTS must be at least 1/);
  });
});

describe('createLimitsFeature', () => {
  it('turns subgraph errors into named, coded errors and adds its plugins', async () => {
    const feature = createLimitsFeature({ ...readLimitsConfig({}), rateLimit: { ...readLimitsConfig({}).rateLimit, enabled: false } });
    expect(feature.runtimeOptions?.subgraphErrors).toEqual({ errorCode: 'SERVICE_UNAVAILABLE', subgraphNameProp: 'serviceName' });
    expect(feature.plugins?.length).toBeGreaterThan(5);
    expect(feature.handleHttp).toBeDefined();
    await feature.dispose?.();
  });
});

describe('readGatewayConfig', () => {
  it('turns the explorer and introspection off in production unless asked for', () => {
    // Production needs a real token key as well (see @hkp/auth).
    const JWT_PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const production = { NODE_ENV: 'production', JWT_PUBLIC_KEY };
    expect(readGatewayConfig({})).toMatchObject({ explorer: true, introspection: true });
    expect(readGatewayConfig(production)).toMatchObject({ explorer: false, introspection: false });
    expect(readGatewayConfig({ ...production, GATEWAY_EXPLORER: 'true', GATEWAY_INTROSPECTION: 'true' })).toMatchObject({
      explorer: true,
      introspection: true,
    });
  });
});
