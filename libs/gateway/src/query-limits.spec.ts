import { buildSchema, GraphQLError, parse, specifiedRules, validate, type ValidationContext, type ValidationRule } from 'graphql';
import { Lexer } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  countExpandedFields,
  countTokens,
  createTokenLimit,
  tooDeepVariable,
  createQueryLimitPlugins,
  queryTooComplex,
  type QueryLimitKind,
  type QueryLimits,
} from './query-limits';

const schema = buildSchema(`
  type Query { region(code: ID!): Region regions(first: Int = 20): [Region!]! }
  type Region { name: String! children: [Region!]! }
`);

const LIMITS: QueryLimits = {
  maxSelections: 12,
  maxDepth: 3,
  maxVariableDepth: 4,
  maxAliases: 2,
  maxTokens: 40,
  maxCost: 50,
  costListSize: 10,
  costListSizes: {},
  blockFieldSuggestions: true,
};

/** The validation rules the plugins add, run the way the gateway runs them. */
function validateWith(limits: QueryLimits, query: string): readonly GraphQLError[] {
  const rules: ValidationRule[] = [];
  const endHooks: ((payload: { valid: boolean; result: readonly GraphQLError[]; setResult: (r: GraphQLError[]) => void }) => void)[] = [];
  for (const plugin of createQueryLimitPlugins(limits)) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const end = (plugin.onValidate as any)?.({ addValidationRule: (rule: ValidationRule) => rules.push(rule) });
    if (typeof end === 'function') endHooks.push(end);
  }
  let result: readonly GraphQLError[] = validate(schema, parse(query), [...specifiedRules, ...rules]);
  for (const end of endHooks) end({ valid: result.length === 0, result, setResult: (r) => (result = r) });
  return result;
}

describe('countTokens', () => {
  it('counts lexical tokens and stops one past the maximum', () => {
    expect(countTokens('{ region(code: "1") { name } }', 100)).toBe(11);
    expect(countTokens('# only a comment', 100)).toBe(0);
    expect(countTokens('{ a b c d e f g h }', 3)).toBe(4);
  });

  it('leaves a document that does not lex to the parser', () => {
    expect(countTokens('{ "unterminated', 100)).toBe(1);
  });
});

describe('createTokenLimit', () => {
  /** How many tokens the lexer reads while `run` runs. */
  const tokensLexed = (run: () => void): number => {
    const advance = jest.spyOn(Lexer.prototype, 'advance');
    try {
      run();
      return advance.mock.calls.length;
    } finally {
      advance.mockRestore();
    }
  };

  it('tells texts within the limit (4 tokens) from texts over it, as countTokens does', () => {
    const within = createTokenLimit(4);
    expect(within('{ a b }')).toBe(true);
    expect(within('{ a b c }')).toBe(false);
    expect(within('# a comment only')).toBe(true);
  });

  it('lexes a text within the limit once, and one over it every time', () => {
    const within = createTokenLimit(4);
    expect(tokensLexed(() => expect(within('{ a b }')).toBe(true))).toBeGreaterThan(0);
    expect(tokensLexed(() => expect(within('{ a b }')).toBe(true))).toBe(0);
    // The same text in another string object, as each request's body gives it.
    expect(tokensLexed(() => expect(within(['{ a', 'b }'].join(' '))).toBe(true))).toBe(0);
    expect(tokensLexed(() => expect(within('{ a b c }')).toBe(false))).toBeGreaterThan(0);
    expect(tokensLexed(() => expect(within('{ a b c }')).toBe(false))).toBeGreaterThan(0);
  });

  it('keeps at most maxEntries texts of at most maxLength characters', () => {
    const within = createTokenLimit(4, 2, 7);
    within('{ a }');
    within('{ b }');
    within('{ c }'); // the set was full: emptied, then { c } kept
    expect(tokensLexed(() => within('{ c }'))).toBe(0);
    expect(tokensLexed(() => within('{ a }'))).toBeGreaterThan(0);
    within('{  long }'); // 9 characters: not kept
    expect(tokensLexed(() => within('{  long }'))).toBeGreaterThan(0);
  });
});

/** A document of `levels` fragments, each spreading the next two: 2^levels × 3 fields once expanded. */
function doublingFragments(levels: number): string {
  const fragments = ['fragment A0 on Region { name children { name } }', 'fragment B0 on Region { name children { name } }'];
  for (let i = 1; i <= levels; i += 1) {
    fragments.push(`fragment A${i} on Region { ...A${i - 1} ...B${i - 1} }`, `fragment B${i} on Region { ...A${i - 1} ...B${i - 1} }`);
  }
  return `{ region(code: "1") { ...A${levels} } } ${fragments.join(' ')}`;
}

describe('countExpandedFields', () => {
  it('counts every field as execution sees it: scalars, __typename, inline fragments, each spread where it is spread', () => {
    expect(countExpandedFields(parse('{ region(code: "1") { name __typename children { name } } }'), 100)).toEqual({ fields: 5 });
    expect(
      countExpandedFields(
        parse('{ region(code: "1") { ... on Region { name } ...R ...R } } fragment R on Region { name children { name } }'),
        100,
      ),
    ).toEqual({
      fields: 1 + 1 + 3 + 3,
    });
  });

  it('takes linear time for a fan-out of fragments whose expansion is astronomically large, and saturates one past the maximum', () => {
    expect(countExpandedFields(parse(doublingFragments(3)), 1000)).toEqual({ fields: 1 + 8 * 3 });
    const started = performance.now();
    // 2^200 × 3 fields once expanded; a naive walk would never finish.
    expect(countExpandedFields(parse(doublingFragments(200)), 2000)).toEqual({ fields: 2001 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a fragment cycle, even in a fragment no operation spreads; an unknown fragment counts nothing', () => {
    expect(
      countExpandedFields(parse('{ region(code: "1") { ...A } } fragment A on Region { name ...B } fragment B on Region { ...A }'), 100),
    ).toEqual({ cycle: 'A' });
    expect(countExpandedFields(parse('{ region(code: "1") { name } } fragment A on Region { ...A }'), 100)).toEqual({ cycle: 'A' });
    expect(countExpandedFields(parse('{ region(code: "1") { name ...Missing } }'), 100)).toEqual({ fields: 2 });
  });
});

describe('depth and aliases, counted in the one walk of a document', () => {
  /** What the gateway reported before, through graphql-armor's max-depth and max-aliases rules configured as it had them. */
  const armorErrors = (limits: QueryLimits, query: string): readonly GraphQLError[] => {
    const reportTo = (limit: QueryLimitKind, max: number) => (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error:\s*/, '');
      context?.reportError(queryTooComplex(message, limit, max, { found: Number(/found (\d+)/.exec(message)?.[1] ?? NaN) }));
    };
    const rules = [
      maxDepthRule({
        n: limits.maxDepth,
        flattenFragments: true,
        ignoreIntrospection: true,
        propagateOnRejection: false,
        onReject: [reportTo('depth', limits.maxDepth)],
      }),
      maxAliasesRule({
        n: limits.maxAliases,
        allowList: [],
        propagateOnRejection: false,
        onReject: [reportTo('aliases', limits.maxAliases)],
      }),
    ];
    return validate(schema, parse(query), [...specifiedRules, ...rules]);
  };
  const asSent = (errors: readonly GraphQLError[]) => errors.map((error) => ({ message: error.message, extensions: error.extensions }));

  const DOCUMENTS = [
    '{ a: region(code: "1") { b: name children { c: name } } }',
    '{ region(code: "1") { ...R ...R } } fragment R on Region { x: name children { ...S } } fragment S on Region { y: name children { name } }',
    'query A { region(code: "1") { ...R } } query B { r: region(code: "2") { ... on Region { ...R children { n: name } } } } fragment R on Region { children { children { name } } }',
    '{ __schema { types { f: fields { name } } } region(code: "1") { name } }',
    '{ region(code: "1") { ...Missing ...Missing a: name ...Missing } }',
    '{ region(code: "1") { ...Missing } } query Q { region(code: "1") { ...Missing b: name } }',
    `{ ${'region(code: "1") { children { children { children { children { name } } } } }'} }`,
    '{ region(code: "1") { ...A } } fragment A on Region { a: name ...B ...B } fragment B on Region { b: name c: children { name } }',
    '{ __typename }',
    '{ regions { ... on Region { ... on Region { a: name children { b: name } } } } }',
    '{ region(code: "1") { nope { deeper } } x: region(code: "2") { name } }',
  ];

  it.each(DOCUMENTS)('reports what graphql-armor reported, with the same numbers, in the same place: %s', (query) => {
    // Limits every operation is over, so each one's count is in an error.
    for (const limits of [
      { ...LIMITS, maxDepth: 0, maxAliases: 0, maxSelections: 1_000, blockFieldSuggestions: false },
      { ...LIMITS, maxDepth: 2, maxAliases: 1, maxSelections: 1_000, blockFieldSuggestions: false },
    ]) {
      expect(asSent(validateWith(limits, query))).toEqual(asSent(armorErrors(limits, query)));
    }
  });
});

describe('tooDeepVariable', () => {
  it('names the first variable nested deeper than the maximum, counting lists and objects alike, without recursion', () => {
    expect(tooDeepVariable({ a: { b: [1, { c: 'x' }] } }, 3)).toBeUndefined();
    expect(tooDeepVariable({ ok: 1, a: { b: [1, { c: ['x'] }] } }, 3)).toBe('a');
    expect(tooDeepVariable(undefined, 3)).toBeUndefined();
    expect(tooDeepVariable({ deep: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) }, 32)).toBe('deep');
  });
});

describe('createQueryLimitPlugins', () => {
  /** The parsed document as the gateway's parse hooks leave it: the document, or the refusal. */
  const afterParse = (limits: QueryLimits, query: string): unknown => {
    let result: unknown = parse(query);
    for (const plugin of createQueryLimitPlugins(limits)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const after = (plugin.onParse as any)?.({});
      if (typeof after === 'function') after({ result, replaceParseResult: (r: unknown) => (result = r) });
    }
    return result;
  };

  it('refuses a document over the expanded field limit right after parsing, and a fragment cycle', () => {
    const refused = afterParse(LIMITS, doublingFragments(2)) as GraphQLError;
    expect(refused).toBeInstanceOf(GraphQLError);
    expect(refused.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'selections', max: 12, http: { status: 400 } });
    expect(refused.message).toMatch(/more than 12 fields once its fragments are expanded/);
    expect(afterParse(LIMITS, doublingFragments(1))).toHaveProperty('kind', 'Document'); // 1 + 2 × 3 fields
    const cycle = afterParse(LIMITS, '{ region(code: "1") { ...A } } fragment A on Region { ...A }') as GraphQLError;
    expect(cycle.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', fragment: 'A', http: { status: 400 } });
  });

  it('reports depth and alias limits as QUERY_TOO_COMPLEX validation errors with the limit and HTTP 400', () => {
    const [deep] = validateWith(LIMITS, '{ region(code: "1") { children { children { children { name } } } } }');
    expect(deep?.message).toBe('Query depth limit of 3 exceeded, found 5.');
    expect(deep?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 3, found: 5, http: { status: 400 } });

    const [aliased] = validateWith(LIMITS, '{ a: region(code: "1") { name } b: region(code: "2") { name } c: region(code: "3") { name } }');
    expect(aliased?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 2, found: 3 });
    expect(validateWith(LIMITS, '{ a: region(code: "1") { name } b: region(code: "2") { name } }')).toEqual([]);
  });

  it('does not count fragments as depth, nor introspection', () => {
    expect(validateWith(LIMITS, '{ region(code: "1") { ...R } } fragment R on Region { children { name } }')).toEqual([]);
    expect(validateWith(LIMITS, '{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual([]);
  });

  it('hides field suggestions when asked to, and only then', () => {
    const [hidden] = validateWith(LIMITS, '{ region(code: "1") { nam } }');
    expect(hidden?.message).toBe('Cannot query field "nam" on type "Region".');
    const [shown] = validateWith({ ...LIMITS, blockFieldSuggestions: false }, '{ region(code: "1") { nam } }');
    expect(shown?.message).toMatch(/Did you mean "name"\?/);
  });

  it('refuses variables nested over the limit before anything else reads them', () => {
    const results: { errors: GraphQLError[] }[] = [];
    let params: { query: string; variables?: unknown } = { query: 'query($f: [Int]) { __typename }', variables: { f: [[[[[1]]]]] } };
    for (const plugin of createQueryLimitPlugins(LIMITS)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (plugin.onParams as any)?.({
        params,
        setParams: (p: typeof params) => (params = p),
        setResult: (r: { errors: GraphQLError[] }) => results.push(r),
      });
    }
    expect(results[0]?.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', variable: 'f', maxDepth: 4, http: { status: 400 } });
    expect(params.variables).toEqual({});
  });

  it('refuses a document over the token limit before it is parsed', () => {
    const results: unknown[] = [];
    for (const plugin of createQueryLimitPlugins(LIMITS)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (plugin.onParams as any)?.({
        params: { query: `{ ${'region(code: "1") { name } '.repeat(10)} }` },
        setResult: (r: unknown) => results.push(r),
      });
    }
    expect(results).toHaveLength(1);
    expect((results[0] as { errors: GraphQLError[] }).errors[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'tokens',
      max: 40,
    });
  });

  it('refuses an operation over the cost limit before it executes, with its variables', () => {
    const run = (first: number) => {
      const stopped: unknown[] = [];
      for (const plugin of createQueryLimitPlugins(LIMITS)) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (plugin.onExecute as any)?.({
          args: { schema, document: parse('query($n: Int) { regions(first: $n) { children { name } } }'), variableValues: { n: first } },
          setResultAndStopExecution: (r: unknown) => stopped.push(r),
        });
      }
      return stopped as { errors: GraphQLError[] }[];
    };
    expect(run(2)).toEqual([]); // 2 × (1 + 10) = 22
    const [refused] = run(5); // 5 × 11 = 55
    expect(refused?.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 50, cost: 55 });
  });

  it('reports the estimate and the limit in extensions.cost and the x-query-cost header', () => {
    const request = new Request('http://gateway/graphql');
    let done: ((payload: { result: unknown; setResult: (r: unknown) => void }) => void) | undefined;
    let response = new Response('{}');
    for (const plugin of createQueryLimitPlugins(LIMITS)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const hooks = (plugin.onExecute as any)?.({
        args: { schema, document: parse('{ regions(first: 2) { children { name } } }'), contextValue: { request } },
        setResultAndStopExecution: () => undefined,
      });
      if (hooks?.onExecuteDone) done = hooks.onExecuteDone;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (plugin.onResponse as any)?.({ request, response, setResponse: (r: Response) => (response = r) });
    }
    let answered: unknown;
    done?.({ result: { data: { regions: [] } }, setResult: (r) => (answered = r) });
    expect(answered).toEqual({ data: { regions: [] }, extensions: { cost: { estimated: 22, limit: 50 } } });
    expect(response.headers.get('x-query-cost')).toBe('22');
  });
});
