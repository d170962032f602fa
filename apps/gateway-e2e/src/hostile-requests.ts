import fc from 'fast-check';

// Generators of hostile GraphQL requests for the gateway's fuzz test: each yields the JSON body of
// one request (fragment fan-out and cycles, deep nesting, wide selections, huge and deeply nested
// variables, unusual unicode, mangled text), printed briefly when fast-check reports it.

/** An array nested `depth` deep: written into the body as text (too deep for ordinary recursion). */
class DeepArray {
  constructor(readonly depth: number) {}
  toJSON(): string {
    return `\u0000deep:${this.depth}`;
  }
}

/**
 * One request's JSON body, printed briefly when fast-check reports a counterexample (the seed and
 * path reproduce it in full).
 */
function requestBody(request: object): { body: string } {
  const body = JSON.stringify(request).replace(
    /"\\u0000deep:(\d+)"/g,
    (_, depth: string) => `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}`,
  );
  return { body, [fc.toStringMethod]: () => `${body.length} bytes: ${body.slice(0, 300)}` } as { body: string };
}

// Generators. Each yields the JSON body of one request.
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const regionField = fc.constantFrom('code', 'name', 'level', 'areaName', '__typename', 'nope');

/** Fragments each spreading `fan` fragments of the level below: fan^levels fields once expanded. */
const fragmentFanOut = fc
  .record({
    levels: fc.integer({ min: 1, max: 40 }),
    fan: fc.integer({ min: 1, max: 4 }),
    leaf: fc.array(regionField, { minLength: 1, maxLength: 4 }),
  })
  .map(({ levels, fan, leaf }) => {
    const names = 'ABCD'.slice(0, fan).split('');
    const fragments = names.map((n) => `fragment ${n}0 on Region { ${leaf.join(' ')} }`);
    for (let i = 1; i <= levels; i += 1) {
      for (const n of names) fragments.push(`fragment ${n}${i} on Region { ${names.map((m) => `...${m}${i - 1}`).join(' ')} }`);
    }
    return { query: `{ region(code: "440600") { ${names.map((n) => `...${n}${levels}`).join(' ')} } } ${fragments.join(' ')}` };
  });

/** Fragments spreading each other at random, cycles included, nested in lists. */
const fragmentGraph = fc.array(fc.array(fc.nat({ max: 9 }), { maxLength: 4 }), { minLength: 1, maxLength: 10 }).map((edges) => {
  const fragments = edges.map(
    (targets, i) => `fragment F${i} on Region { name children { ${targets.map((t) => `...F${t % edges.length}`).join(' ')} code } }`,
  );
  return { query: `{ regions(first: 5) { nodes { ...F0 } } } ${fragments.join(' ')}` };
});

const deepNesting = fc.record({ depth: fc.integer({ min: 1, max: 3000 }), braces: fc.boolean() }).map(({ depth, braces }) => ({
  query: braces
    ? `{ region(code: "440600") ${'{ children '.repeat(depth)}{ name }${' }'.repeat(depth)} }`
    : `${'{'.repeat(depth)}${'}'.repeat(depth)}`,
}));

const wideSelection = fc
  .record({ width: fc.integer({ min: 1, max: 20_000 }), field: regionField, alias: fc.boolean() })
  .map(({ width, field, alias }) => ({
    query: `{ region(code: "440600") { ${Array.from({ length: width }, (_, i) => (alias ? `a${i}: ${field}` : field)).join(' ')} } }`,
  }));

/** Variables large, deeply nested, of the wrong type, or with unusual text. */
const hostileVariables = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 2000 }),
    fc.integer({ min: 1, max: 40_000 }).map((depth) => new DeepArray(depth)),
    fc.integer({ min: 1, max: 90_000 }).map((length) => 'x'.repeat(length)),
    fc.array(fc.string({ unit: 'grapheme-composite', maxLength: 20 }), { maxLength: 3000 }),
    fc.anything({ maxDepth: 6 }),
  )
  .chain((value) =>
    fc.constantFrom(
      { query: 'query($q: String) { measures(filter: { q: $q }, first: 5) { totalCount } }', variables: { q: value } },
      { query: 'query($f: MeasureFilter) { measures(filter: $f, first: 5) { totalCount } }', variables: { f: value } },
      { query: 'query($c: ID!) { region(code: $c) { name } }', variables: { c: value } },
      { query: 'query($n: Int) { measures(first: $n) { totalCount } }', variables: { n: value } },
    ),
  );

/** Arguments and names made of any text: control characters, lone surrogates, RTL marks, emoji. */
const unusualText = fc
  .string({ unit: 'binary', maxLength: 200 })
  .chain((text) =>
    fc.constantFrom(
      { query: `{ region(code: ${JSON.stringify(text)}) { name } }` },
      { query: `{ measures(filter: { q: ${JSON.stringify(text)} }, first: 3) { nodes { id } } }` },
      { query: `{ ${text} }` },
      { query: `query ${text} { __typename }` },
    ),
  );

/** A valid operation with characters deleted, repeated or inserted at random places. */
const mangled = fc
  .record({
    base: fc.constantFrom(
      '{ region(code: "440600") { name children { name } } }',
      'query Q($n: Int = 5) { measures(first: $n) { nodes { id title ... on EducationMeasure { stages } } } }',
      'mutation { __typename }',
      'subscription { __typename }',
      '{ __schema { types { name fields { name } } } }',
    ),
    edits: fc.array(fc.record({ at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 3 }), drop: fc.nat({ max: 3 }) }), {
      maxLength: 6,
    }),
  })
  .map(({ base, edits }) => {
    let query = base;
    for (const { at, text, drop } of edits) {
      const i = at % (query.length + 1);
      query = query.slice(0, i) + text + query.slice(i + drop);
    }
    return { query };
  });

const operationName = fc.option(name, { nil: undefined });
export const hostileRequest = fc
  .tuple(fc.oneof(fragmentFanOut, fragmentGraph, deepNesting, wideSelection, hostileVariables, unusualText, mangled), operationName)
  .map(([body, operation]) => requestBody(operation === undefined ? body : { ...body, operationName: operation }));
