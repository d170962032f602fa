import { buildSchema, parse } from 'graphql';
import { estimateQueryCost } from './query-cost';

const schema = buildSchema(`
  type Query {
    region(code: ID!): Region
    regions(first: Int = 20): RegionConnection!
    changes(first: Int = 200): [Change!]!
    version: String!
  }
  type Region { code: ID! name: String! children: [Region!]! measures(first: Int = 20): MeasureConnection! }
  type RegionConnection { nodes: [Region!]! edges: [RegionEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type RegionEdge { cursor: String! node: Region! }
  type PageInfo { hasNextPage: Boolean! }
  type MeasureConnection { nodes: [Measure!]! totalCount: Int! }
  interface Measure { id: ID! regions: [Region!]! }
  type HealthMeasure implements Measure { id: ID! regions: [Region!]! programmes: [String!]! }
  type Change { seq: String! }
`);

const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimateQueryCost(schema, parse(query), operationName, variables, { listSize: 10 });

describe('estimateQueryCost', () => {
  it('charges 1 per object and nothing for scalars, __typename and introspection', () => {
    expect(cost('{ version }')).toBe(0);
    expect(cost('{ region(code: "1") { code name __typename } }')).toBe(1);
    expect(cost('{ __schema { types { fields { name type { ofType { name } } } } } }')).toBe(0);
  });

  it('multiplies by the assumed size of lists without `first`', () => {
    // region 1 + children 10 + grandchildren 100
    expect(cost('{ region(code: "1") { children { children { name } } } }')).toBe(111);
  });

  it('sizes a connection by `first` (literal, variable or schema default) for its nodes and edges', () => {
    // regions 1 + nodes 100 × (1 + children 10)
    expect(cost('{ regions(first: 100) { nodes { children { name } } } }')).toBe(1 + 100 * 11);
    expect(
      cost('query($n: Int) { regions(first: $n) { nodes { name } edges { node { name } } pageInfo { hasNextPage } } }', { n: 5 }),
    ).toBe(1 + 5 + 5 * 2 + 1);
    expect(cost('{ regions { nodes { name } } }')).toBe(1 + 20);
    expect(cost('query($n: Int) { regions(first: $n) { nodes { name } } }', {})).toBe(1 + 20);
    expect(cost('{ changes { seq } }')).toBe(200);
    expect(cost('{ changes(first: 3) { seq } }')).toBe(3);
  });

  it('counts fragments and inline fragments like the fields they stand for', () => {
    const inline = cost('{ region(code: "1") { measures(first: 5) { nodes { ... on HealthMeasure { regions { name } } } } } }');
    const spread = cost('{ region(code: "1") { measures(first: 5) { nodes { ...M } } } } fragment M on HealthMeasure { regions { name } }');
    expect(inline).toBe(1 + 1 + 5 * (1 + 10));
    expect(spread).toBe(inline);
  });

  it('picks the named operation', () => {
    const doc = 'query A { version } query B { region(code: "1") { children { name } } }';
    expect(cost(doc, {}, 'A')).toBe(0);
    expect(cost(doc, {}, 'B')).toBe(11);
    expect(cost(doc, {})).toBe(0); // ambiguous without a name: validation refuses it anyway
  });

  it('stays fast for a fragment bomb (each fragment costed once)', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Region { children { name } }`
        : `fragment F${i} on Region { ...F${i + 1} children { ...F${i + 1} } }`,
    ).join('\n');
    const started = performance.now();
    const estimated = cost(`{ region(code: "1") { ...F0 } } ${fragments}`);
    expect(performance.now() - started).toBeLessThan(100);
    expect(estimated).toBeGreaterThan(1e20);
  });
});
