import { buildSchema, GraphQLError, parse, specifiedRules, validate, type ValidationRule } from 'graphql';
import { countTokens, createQueryLimitPlugins, type QueryLimits } from './query-limits';

const schema = buildSchema(`
  type Query { region(code: ID!): Region regions(first: Int = 20): [Region!]! }
  type Region { name: String! children: [Region!]! }
`);

const LIMITS: QueryLimits = { maxDepth: 3, maxAliases: 2, maxTokens: 40, maxCost: 50, costListSize: 10, blockFieldSuggestions: true };

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

describe('createQueryLimitPlugins', () => {
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

  it('refuses a document over the token limit before it is parsed', () => {
    const results: unknown[] = [];
    for (const plugin of createQueryLimitPlugins(LIMITS)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (plugin.onParams as any)?.({ params: { query: `{ ${'region(code: "1") { name } '.repeat(10)} }` }, setResult: (r: unknown) => results.push(r) });
    }
    expect(results).toHaveLength(1);
    expect((results[0] as { errors: GraphQLError[] }).errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 40 });
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
});
