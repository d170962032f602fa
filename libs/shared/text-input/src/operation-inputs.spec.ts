import { buildSchema, parse } from 'graphql';
import { findForbiddenInput, forbiddenInputError } from './operation-inputs';

const schema = buildSchema(`
  scalar DateTimeISO
  enum Department { EDUCATION HEALTH }
  input TargetInput { indicator: String! year: Int }
  input CreateInput { title: String! regionCodes: [ID!]! targets: [TargetInput!] publishedOn: DateTimeISO department: Department }
  input Filter { q: String regionCode: ID departments: [Department!] }
  type Query {
    measures(filter: Filter, first: Int): Int
    region(code: ID!): Int
    regionsByCodes(codes: [ID!]!): Int
  }
  type Mutation { create(input: CreateInput!, idempotencyKey: String): Int }
`);

const find = (query: string, variables?: Record<string, unknown>) => findForbiddenInput(schema, parse(query), variables);

describe('findForbiddenInput in literals', () => {
  it('finds a control character in an argument of an input object, with its path and field', () => {
    expect(find(String.raw`{ measures(filter: { q: "教育\u0000" }) }`)).toMatchObject({
      source: 'argument',
      name: 'filter',
      path: 'filter.q',
      owner: 'measures',
      position: 3,
      codePoint: 0,
      reason: 'control',
    });
  });

  it('walks lists of input objects', () => {
    const query = String.raw`mutation { create(input: { title: "ok", regionCodes: ["440600"], targets: [{ indicator: "学位" }, { indicator: "a\u0085" }] }) }`;
    expect(find(query)).toMatchObject({ path: 'input.targets[1].indicator', owner: 'create', codePoint: 0x85 });
  });

  it('lets line breaks through in a String but not in an ID, a custom scalar or a list of IDs', () => {
    expect(find(String.raw`mutation { create(input: { title: "第一行\n第二行\t\r", regionCodes: ["440600"] }) }`)).toBeUndefined();
    expect(find(String.raw`{ region(code: "440600\n") }`)).toMatchObject({ path: 'code', codePoint: 0x0a, position: 7 });
    expect(find(String.raw`mutation { create(input: { title: "t", regionCodes: ["440600"], publishedOn: "2025\t" }) }`)).toMatchObject({
      path: 'input.publishedOn',
    });
    expect(find(String.raw`{ regionsByCodes(codes: ["440600", "4406\r"]) }`)).toMatchObject({ path: 'codes[1]' });
  });

  it('finds literals inside fragments, and block strings', () => {
    expect(find(String.raw`{ ...F } fragment F on Query { region(code: "\u0007") }`)).toMatchObject({ path: 'code', owner: 'region' });
    expect(find('{ measures(filter: { q: """多行\u0001""" }) }')).toMatchObject({ path: 'filter.q', codePoint: 1 });
  });

  it('gives the literal for the location of the error', () => {
    const error = forbiddenInputError(find(String.raw`{ measures(filter: { q: "\u0000" }) }`)!);
    expect(error.locations).toEqual([{ line: 1, column: 25 }]);
  });
});

describe('findForbiddenInput in variables', () => {
  const CREATE = 'mutation Create($input: CreateInput!, $key: String) { create(input: $input, idempotencyKey: $key) }';

  it('finds a character in a variable, with the path inside it', () => {
    const input = { title: '标题', regionCodes: ['440600'], targets: [{ indicator: '学位', year: 2025 }, { indicator: '\ud800' }] };
    expect(find(CREATE, { input })).toMatchObject({
      source: 'variable',
      name: 'input',
      path: 'input.targets[1].indicator',
      reason: 'unpaired-surrogate',
      codePoint: 0xd800,
    });
    expect(find(CREATE, { input: { title: 'ok', regionCodes: ['440600'] }, key: 'k\u0000' })).toMatchObject({ path: 'key' });
  });

  it('holds variables to the same kinds as literals', () => {
    const query = 'query ($filter: Filter, $code: ID!) { measures(filter: $filter) region(code: $code) }';
    expect(find(query, { filter: { q: '第一\n第二' }, code: '440600' })).toBeUndefined();
    expect(find(query, { filter: { q: 'ok', regionCode: '4406\n' }, code: '440600' })).toMatchObject({ path: 'filter.regionCode' });
    expect(find(query, { filter: { departments: ['EDUCATION', 'HEALTH\t'] }, code: '440600' })).toMatchObject({
      path: 'filter.departments[1]',
    });
  });

  it('reads a single value given for a list as its one item', () => {
    expect(find('query ($codes: [ID!]!) { regionsByCodes(codes: $codes) }', { codes: '\u0000' })).toMatchObject({ path: 'codes' });
    const withTargets = { title: 't', regionCodes: '440600', targets: { indicator: '\u001b' } };
    expect(find(CREATE, { input: withTargets })).toMatchObject({ path: 'input.targets.indicator' });
  });

  it('checks a default value when the variable is not given', () => {
    expect(find(String.raw`query ($q: String = "\u0000") { measures(filter: { q: $q }) }`)).toMatchObject({
      source: 'variable',
      name: 'q',
      path: 'q',
    });
    expect(find(String.raw`query ($q: String = "\u0000") { measures(filter: { q: $q }) }`, { q: 'given' })).toBeUndefined();
  });

  it('accepts valid text: Chinese, emoji, numbers and nulls', () => {
    const input = {
      title: '佛山市县域高中扩容提质专项行动 🎓',
      regionCodes: ['440600'],
      targets: [{ indicator: '新增高中学位', year: 2026 }],
      publishedOn: null,
    };
    expect(find(CREATE, { input, key: '3f1c0a52-6a51-4c8e-9d9e-2d2f7f3c4b11' })).toBeUndefined();
  });

  it('leaves undeclared variables and fields not in the type to coercion', () => {
    expect(find('query ($code: ID!) { region(code: $code) }', { code: '440600', other: '\u0000' })).toBeUndefined();
    expect(find(CREATE, { input: { title: 't', regionCodes: [], unknown: '\u0000' } })).toBeUndefined();
  });

  it('checks only the variables of the operation that runs, by its name', () => {
    const document = parse('query A($x: ID) { region(code: $x) } query B($x: String) { measures(filter: { q: $x }) }');
    expect(findForbiddenInput(schema, document, { x: 'a\nb' }, 'B')).toBeUndefined();
    expect(findForbiddenInput(schema, document, { x: 'a\nb' }, 'A')).toMatchObject({
      source: 'variable',
      name: 'x',
      kind: 'code',
      codePoint: 0x0a,
    });
  });

  it('keeps the verdict on literals per schema, and checks the variables on every call', () => {
    const document = parse('query ($q: String) { measures(filter: { q: $q, regionCode: "a\\nb" }) }');
    expect(findForbiddenInput(schema, document, { q: 'ok' })).toMatchObject({ source: 'argument', path: 'filter.regionCode' });
    expect(findForbiddenInput(schema, document, { q: '\u0000' })).toMatchObject({ source: 'variable', path: 'q' });
    const reloaded = buildSchema('input Filter { q: String regionCode: String } type Query { measures(filter: Filter): Int }');
    expect(findForbiddenInput(reloaded, document, { q: 'ok' })).toBeUndefined();
  });

  it('walks a value nested deeper than the call stack goes (a 100 kB body can nest 50,000 lists)', () => {
    let nested: unknown = '\u0000';
    for (let depth = 0; depth < 50_000; depth += 1) nested = [nested];
    expect(find('query ($codes: [ID!]) { regionsByCodes(codes: $codes) }', { codes: nested })?.path).toBe(`codes${'[0]'.repeat(50_000)}`);
  });

  it('walks a large input to its last item', () => {
    const codes = Array.from({ length: 100_000 }, () => '440600');
    codes.push('\u0000');
    expect(find('query ($codes: [ID!]!) { regionsByCodes(codes: $codes) }', { codes })).toMatchObject({ path: 'codes[100000]' });
  });
});

describe('forbiddenInputError', () => {
  it('is BAD_USER_INPUT with HTTP 400, naming the variable, the path, the position and the code point', () => {
    const error = forbiddenInputError(
      find('query ($input: CreateInput!) { create(input: $input) }', { input: { title: '教育\u0000', regionCodes: [] } })!,
    );
    expect(error.message).toBe(
      'The variable $input at input.title contains the control character U+0000 at character 3. Remove it: text may hold tabs and line breaks, but no other control characters.',
    );
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.title',
      source: 'variable',
      position: 3,
      codePoint: 'U+0000',
      http: { status: 400 },
    });
  });

  it('names the argument and the field it belongs to, and what an id may hold', () => {
    const error = forbiddenInputError(find(String.raw`{ measures(filter: { regionCode: "a\nb" }) }`)!);
    expect(error.message).toBe(
      'The argument filter.regionCode of measures contains the control character U+000A at character 2. Remove it: ids, codes and dates hold no control characters, not even tabs or line breaks.',
    );
    expect(error.extensions).toMatchObject({ field: 'filter.regionCode', source: 'argument' });
  });

  it('says how to send valid Unicode for an unpaired surrogate (the GraphQL parser already refuses one in a literal)', () => {
    const error = forbiddenInputError(find('query ($code: ID!) { region(code: $code) }', { code: '44\udc00' })!);
    expect(error.message).toBe(
      'The variable $code contains an unpaired UTF-16 surrogate (U+DC00) at character 3, which is not Unicode text. Send valid UTF-8; in JSON, a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF escape.',
    );
  });
});
