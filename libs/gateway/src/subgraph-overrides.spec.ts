import { ConfigError } from '@hkp/util-env';
import { misspelledSubgraphVariables, readSubgraphOverrides } from './subgraph-overrides';

describe('readSubgraphOverrides', () => {
  it('reads <NAME>_URL and <NAME>_TIMEOUT_MS for exactly the subgraphs named, whatever they are', () => {
    const env = {
      AGRICULTURE_URL: 'http://agriculture:4000/graphql',
      CIVIL_AFFAIRS_TIMEOUT_MS: '1500',
      HEALTH_URL: 'http://health/graphql',
    };
    expect(readSubgraphOverrides(['agriculture', 'civil-affairs', 'finance'], env)).toEqual(
      new Map([
        ['agriculture', { url: 'http://agriculture:4000/graphql', timeoutMs: undefined }],
        ['civil-affairs', { url: undefined, timeoutMs: 1500 }],
        ['finance', { url: undefined, timeoutMs: undefined }],
      ]),
    );
  });

  it('refuses a URL that is not http(s) and a timeout under 100 ms, naming the variable', () => {
    expect(() => readSubgraphOverrides(['agriculture'], { AGRICULTURE_URL: 'agriculture:4000' })).toThrow(ConfigError);
    expect(() => readSubgraphOverrides(['agriculture'], { AGRICULTURE_URL: 'ftp://agriculture/graphql' })).toThrow(/AGRICULTURE_URL/);
    expect(() => readSubgraphOverrides(['agriculture'], { AGRICULTURE_TIMEOUT_MS: 'soon' })).toThrow(/AGRICULTURE_TIMEOUT_MS/);
    expect(() => readSubgraphOverrides(['agriculture'], { AGRICULTURE_TIMEOUT_MS: '5' })).toThrow(
      /AGRICULTURE_TIMEOUT_MS must be at least 100/,
    );
    // A bad value for a subgraph the supergraph does not name stops nothing.
    expect(readSubgraphOverrides(['health'], { AGRICULTURE_URL: 'nonsense' }).get('health')).toEqual({
      url: undefined,
      timeoutMs: undefined,
    });
  });

  it('with onError, reports each bad value and leaves only it out', () => {
    const errors: string[] = [];
    const overrides = readSubgraphOverrides(
      ['agriculture', 'forestry'],
      { AGRICULTURE_URL: 'nonsense', AGRICULTURE_TIMEOUT_MS: '500', FORESTRY_URL: 'https://forestry/graphql' },
      (e) => errors.push(e.message),
    );
    expect(errors).toEqual([expect.stringMatching(/^AGRICULTURE_URL must be an http\(s\) URL/)]);
    expect(overrides.get('agriculture')).toEqual({ url: undefined, timeoutMs: 500 });
    expect(overrides.get('forestry')).toEqual({ url: 'https://forestry/graphql', timeoutMs: undefined });
  });
});

describe('misspelledSubgraphVariables', () => {
  const names = ['programme', 'education', 'health', 'transport', 'finance', 'civil-affairs', 'a'];

  it('names a variable a letter or two from a subgraph’s own, with the one meant', () => {
    const env = {
      EDUCATON_URL: 'http://x/graphql',
      CIVIL_AFFAIR_TIMEOUT_MS: '500',
      HEALT_URL: 'http://x/graphql',
      PROGRAMEM_URL: 'http://x/graphql',
    };
    expect(misspelledSubgraphVariables(names, env)).toEqual([
      { variable: 'EDUCATON_URL', meant: 'EDUCATION_URL' },
      { variable: 'CIVIL_AFFAIR_TIMEOUT_MS', meant: 'CIVIL_AFFAIRS_TIMEOUT_MS' },
      { variable: 'HEALT_URL', meant: 'HEALTH_URL' },
      { variable: 'PROGRAMEM_URL', meant: 'PROGRAMME_URL' },
    ]);
  });

  it('leaves alone the subgraphs’ own variables and the environment’s other URLs and timeouts', () => {
    const env = {
      EDUCATION_URL: 'http://education/graphql',
      A_URL: 'http://a/graphql',
      CIVIL_AFFAIRS_TIMEOUT_MS: '500',
      DATABASE_URL: 'postgres://db',
      TEST_DATABASE_URL: 'postgres://db',
      REDIS_URL: 'redis://redis',
      JWT_JWKS_URL: 'https://sso/jwks',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
      B_URL: 'http://b/graphql',
      SUBGRAPH_TIMEOUT_MS: '4000',
      GATEWAY_SHUTDOWN_TIMEOUT_MS: '15000',
      FINANCE_PORT: '4005',
    };
    expect(misspelledSubgraphVariables(names, env)).toEqual([]);
  });
});
