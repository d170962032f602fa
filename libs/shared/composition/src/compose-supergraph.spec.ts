import { buildASTSchema, parse } from 'graphql';
import { CompositionError, composeSupergraph } from './compose-supergraph';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])';

const places = {
  name: 'places',
  url: 'http://127.0.0.1:4101/graphql',
  sdl: `${LINK}
    type Region @key(fields: "code") { code: ID! name: String! }
    type Query { region(code: ID!): Region }`,
};

const schools = {
  name: 'schools',
  url: 'http://127.0.0.1:4102/graphql',
  sdl: `${LINK}
    type Region @key(fields: "code") { code: ID! schoolCount: Int! }
    type School { name: String! region: Region! }
    type Query { schools: [School!]! }`,
};

describe('composeSupergraph', () => {
  it('composes two subgraphs sharing an entity into one supergraph that names both services', () => {
    const supergraph = composeSupergraph([places, schools]);
    expect(supergraph.endsWith('\n')).toBe(true);
    expect(supergraph).toMatch(/enum join__Graph/);
    expect(supergraph).toContain('@join__graph(name: "places", url: "http://127.0.0.1:4101/graphql")');
    expect(supergraph).toContain('@join__graph(name: "schools", url: "http://127.0.0.1:4102/graphql")');

    // The entity carries the fields of both subgraphs, and both root fields are there.
    const schema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
    const region = schema.getType('Region') as import('graphql').GraphQLObjectType;
    expect(Object.keys(region.getFields()).sort()).toEqual(['code', 'name', 'schoolCount']);
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual(['region', 'schools']);
  });

  it('is deterministic: the same input gives the same file (the committed supergraph can be checked)', () => {
    expect(composeSupergraph([places, schools])).toBe(composeSupergraph([places, schools]));
  });

  it('throws CompositionError listing the problem when two subgraphs give one field different types', () => {
    const a = {
      name: 'a',
      url: 'http://127.0.0.1:4201/graphql',
      sdl: `${LINK}\n type Thing { id: ID! size: Int }\n type Query { thing: Thing }`,
    };
    const b = {
      name: 'b',
      url: 'http://127.0.0.1:4202/graphql',
      sdl: `${LINK}\n type Thing { id: ID! size: String }\n type Query { things: [Thing] }`,
    };
    let caught: unknown;
    try {
      composeSupergraph([a, b]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CompositionError);
    const error = caught as CompositionError;
    // The operator learns which field, which types and which subgraphs.
    const typeClash = error.errors.find((e) => e.includes('"Thing.size"') && /incompatible/i.test(e));
    expect(typeClash).toBeDefined();
    expect(typeClash).toMatch(/"Int" in subgraph "a"/);
    expect(typeClash).toMatch(/"String" in subgraph "b"/);
    expect(error.errors.some((e) => /non-shareable/i.test(e) && e.includes('Thing.size'))).toBe(true);
    expect(error.message).toMatch(/^Supergraph composition failed:/);
    for (const line of error.errors) expect(error.message).toContain(`  - ${line}`);
  });

  it('composes the same shared field once it is @shareable with one type', () => {
    const a = {
      name: 'a',
      url: 'http://127.0.0.1:4201/graphql',
      sdl: `${LINK}\n type Thing @shareable { id: ID! size: Int }\n type Query { thing: Thing }`,
    };
    const b = {
      name: 'b',
      url: 'http://127.0.0.1:4202/graphql',
      sdl: `${LINK}\n type Thing @shareable { id: ID! size: Int }\n type Query { things: [Thing] }`,
    };
    expect(composeSupergraph([a, b])).toMatch(/type Thing/);
  });

  it('reports SDL that does not parse', () => {
    expect(() => composeSupergraph([{ name: 'broken', url: 'http://127.0.0.1:1/graphql', sdl: 'type Query {' }])).toThrow(/Syntax Error/);
  });
});
