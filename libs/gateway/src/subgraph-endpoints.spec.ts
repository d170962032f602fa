import { composeSupergraph } from '@hkp/composition';
import { subgraphEndpoints } from './subgraph-endpoints';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])';

describe('subgraphEndpoints', () => {
  it('reads every subgraph of a composed supergraph with the URL it was composed with', () => {
    const supergraph = composeSupergraph([
      {
        name: 'civil-affairs',
        url: 'http://127.0.0.1:4006/graphql',
        sdl: `${LINK}\n type Region @key(fields: "code") { code: ID! name: String }\n type Query { region(code: ID!): Region }`,
      },
      {
        name: 'education',
        url: 'http://education:4000/graphql',
        sdl: `${LINK}\n type Region @key(fields: "code") { code: ID! schools: Int }\n type Query { schools: Int }`,
      },
    ]);
    const endpoints = subgraphEndpoints(supergraph);
    expect(endpoints).toHaveLength(2);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        { graph: 'CIVIL_AFFAIRS', name: 'civil-affairs', url: 'http://127.0.0.1:4006/graphql' },
        { graph: 'EDUCATION', name: 'education', url: 'http://education:4000/graphql' },
      ]),
    );
  });

  it('skips graph values without a name or URL and answers [] for a schema without join__Graph', () => {
    const sdl = `
      directive @join__graph(name: String!, url: String!) on ENUM_VALUE
      enum join__Graph {
        A @join__graph(name: "a", url: "http://a/graphql")
        B
        C @join__graph(name: "c")
      }
      type Query { x: Int }`;
    expect(subgraphEndpoints(sdl)).toEqual([{ graph: 'A', name: 'a', url: 'http://a/graphql' }]);
    expect(subgraphEndpoints('type Query { x: Int }')).toEqual([]);
  });

  it('fails loudly on a supergraph file that does not parse', () => {
    expect(() => subgraphEndpoints('enum join__Graph {')).toThrow(/Syntax Error/);
  });
});
