import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, buildSchema, isInterfaceType, isObjectType, parse } from 'graphql';
import { workspaceRoot } from '@hkp/util-env';
import { LIMIT_DEFAULTS } from './gateway-limits';
import { ASSUMED_LIST_SIZES, createCostEstimator, estimateQueryCost } from './query-cost';

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

  it('sizes a list without `first` by what it is known to hold (an interface entry covers its implementations)', () => {
    const sized = (query: string) =>
      estimateQueryCost(schema, parse(query), undefined, {}, { listSize: 10, listSizes: { 'Region.children': 3, 'Measure.regions': 2 } });
    expect(sized('{ region(code: "1") { children { children { name } } } }')).toBe(1 + 3 + 9);
    const tree = (query: string) =>
      estimateQueryCost(
        schema,
        parse(query),
        undefined,
        {},
        { listSize: 10, listSizes: { 'Region.children': 3, 'Region.children Region.children': 2 } },
      );
    // Directly under children, children are sized by the nested entry; elsewhere by their own.
    expect(tree('{ region(code: "1") { children { children { children { name } } } } }')).toBe(1 + 3 + 3 * 2 + 3 * 2 * 2);
    expect(tree('{ regions(first: 2) { nodes { children { name } } } }')).toBe(1 + 2 + 2 * 3);
    expect(
      sized('{ region(code: "1") { measures(first: 5) { nodes { regions { name } ... on HealthMeasure { regions { code } } } } } }'),
    ).toBe(1 + 1 + 5 * (1 + 2 + 2));
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

describe("the cost of this graph's operations", () => {
  const supergraph = buildASTSchema(parse(readFileSync(join(workspaceRoot(), 'supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
  const estimate = (query: string) =>
    estimateQueryCost(supergraph, parse(query), undefined, {}, { listSize: LIMIT_DEFAULTS.costListSize, listSizes: ASSUMED_LIST_SIZES });
  // The documented maxima: a connection or a region's list 100 items (subgraph-kit's MAX_PAGE_SIZE),
  // a change feed or audit trail 500 (policy-model's MAX_FEED_PAGE, and the catalog's measureChanges).
  const PAGE_MAX = 100;
  const FEED_MAX = 500;
  // What a portal page shows of a measure: the README's fields, and where it applies.
  const measure =
    'id title department targets { indicator value unit year comparator } funding { amount unit } source { excerpt label publisher } regions { code name }';
  const departmentLists = ['civilAffairs', 'education', 'finance', 'health', 'transport'];
  const fullPages: Record<string, string> = {
    'Query.measures': `{ measures(first: ${PAGE_MAX}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${measure} } } }`,
    'Query.regions': `{ regions(first: ${PAGE_MAX}) { nodes { code name level ancestors { code name } } } }`,
    'Query.measureChanges': `{ measureChanges(after: "0", first: ${FEED_MAX}) { seq measureId version kind changedAt measure { id title } } }`,
    'Region.measures': `{ region(code: "441226") { measures(first: ${PAGE_MAX}) { nodes { ${measure} } } } }`,
    'Region.fundingLines': `{ region(code: "441226") { fundingLines(first: ${PAGE_MAX}) { amount unit purpose measureId } } }`,
    ...Object.fromEntries(
      departmentLists.flatMap((d) => [
        [`Query.${d}Measures`, `{ ${d}Measures(first: ${PAGE_MAX}) { nodes { ${measure} } } }`],
        [
          `Query.${d}MeasureChanges`,
          `{ ${d}MeasureChanges(after: "0", first: ${FEED_MAX}) { feedId latestSeq changes { seq kind snapshot } } }`,
        ],
        [`Query.${d}MeasureAudit`, `{ ${d}MeasureAudit(first: ${FEED_MAX}) { at actor action measureId changes { field } } }`],
        [`Region.${d}Measures`, `{ region(code: "441226") { ${d}Measures(first: ${PAGE_MAX}) { ${measure} } } }`],
      ]),
    ),
    'Query.programmeMeasureAudit': `{ programmeMeasureAudit(first: ${FEED_MAX}) { at actor action measureId changes { field } } }`,
  };

  it('fits every example query of the README under the default limit', () => {
    const readme = readFileSync(join(workspaceRoot(), 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(examples.length).toBeGreaterThan(3);
    const over = examples.map((example) => ({ example, cost: estimate(example) })).filter(({ cost }) => cost > LIMIT_DEFAULTS.maxCost);
    expect(over).toEqual([]);
  });

  it('fits a page of every list at its maximum size with the fields a page shows', () => {
    const costs = Object.entries(fullPages).map(([list, query]) => ({ list, cost: estimate(query) }));
    expect(costs.filter(({ cost }) => cost > LIMIT_DEFAULTS.maxCost)).toEqual([]);
    // Sized by the page: a page of one costs less.
    for (const [list, query] of Object.entries(fullPages)) {
      expect({ list, smaller: estimate(query.replace(/first: \d+/, 'first: 1')) < estimate(query) }).toEqual({ list, smaller: true });
    }
  });

  it('knows a full page of every list the graph has with a `first` argument', () => {
    const lists: string[] = [];
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields()))
        if (field.args.some((a) => a.name === 'first')) lists.push(`${type.name}.${field.name}`);
    }
    expect(lists.sort()).toEqual(Object.keys(fullPages).sort());
  });

  it('prices nested lists by what they hold: abusive nesting is refused', () => {
    // 100 towns × up to 84 villages × their children.
    expect(estimate(`{ regions(first: ${PAGE_MAX}) { nodes { children { children { name } } } } }`)).toBeGreaterThan(
      LIMIT_DEFAULTS.maxCost,
    );
    // Every region of a page of measures with all of its villages.
    expect(estimate(`{ measures(first: ${PAGE_MAX}) { nodes { regions { children { name } } } } }`)).toBeGreaterThan(
      LIMIT_DEFAULTS.maxCost,
    );
    // A full page of regions, each with a full page of measures.
    expect(estimate(`{ regions(first: ${PAGE_MAX}) { nodes { measures(first: ${PAGE_MAX}) { nodes { id } } } } }`)).toBeGreaterThan(
      LIMIT_DEFAULTS.maxCost,
    );
  });
});

describe('createCostEstimator', () => {
  it('prices each request by its own size variables, and a missing one by the default, for one kept document', () => {
    const estimate = createCostEstimator({ listSize: 10 });
    const document = parse('query ($n: Int, $name: String) { regions(first: $n) { nodes { code name } } version @include(if: true) }');
    const of = (variables: Record<string, unknown>) => estimate(schema, document, undefined, variables);
    // connection 1 + n nodes
    expect(of({ n: 5 })).toBe(6);
    expect(of({ n: 50 })).toBe(51);
    expect(of({ n: 5, name: 'other' })).toBe(6);
    // No $n: the argument's default (20) applies; null sizes nothing, so the assumed size (10) does.
    expect(of({})).toBe(21);
    expect(of({ n: null })).toBe(11);
    expect(of({ n: 50 })).toBe(51);
  });

  it('keeps the estimates of the operations of one document apart', () => {
    const estimate = createCostEstimator({ listSize: 10 });
    const document = parse('query A { version } query B { region(code: "1") { children { name } } }');
    expect(estimate(schema, document, 'A', {})).toBe(0);
    expect(estimate(schema, document, 'B', {})).toBe(11);
    expect(estimate(schema, document, 'A', {})).toBe(0);
  });
});
