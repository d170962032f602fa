import 'reflect-metadata';
import type { GraphQLError } from 'graphql';
import { AuthorizationError } from 'type-graphql';
import { formatSubgraphError, type AuthInfo } from '@hkp/subgraph-kit';
import {
  count,
  createInputSchema,
  idempotencyKeySchema,
  nameList,
  observationInputSchema,
  parseInput,
  updateInputSchema,
  type FieldProblem,
} from './measure-validation';
import { assertScopes, requiresScopesDirective, writeScopesOf } from './write-access';

const details = { stages: nameList('stages', { maxItems: 3 }).nullish(), pairedCounties: count('pairedCounties', 100).nullish() };
const create = createInputSchema(details);
const update = updateInputSchema(details);

const VALID = {
  title: '廣東省“百縣千鎮萬村高質量發展工程”教育行動方案(2023—2027年)',
  level: 'PROVINCE',
  issuer: '广东省教育厅',
  responsibleBody: '省教育厅',
  category: 'EDUCATION',
  periodStart: 2023,
  periodEnd: 2027,
  publishedOn: '2023-06',
  regionCodes: ['440000', '440604001', '440604001002'],
  points: ['到2025年,建成城乡教育共同体。'],
  targets: [
    {
      indicator: '城乡教育共同体',
      value: 5,
      unit: '个',
      year: 2025,
      comparator: 'AT_LEAST',
      baseline: { value: 1, year: 2022 },
      regionCode: '440600',
    },
  ],
  source: { document: '粤教发〔2023〕1号', excerpt: '……' },
  stages: ['基础教育'],
};

/** The field problems a parse reports, or [] when it passes. */
function problems(schema: Parameters<typeof parseInput>[0], value: unknown): FieldProblem[] {
  try {
    parseInput(schema, value, 'input');
    return [];
  } catch (error) {
    const e = error as GraphQLError;
    expect(e.extensions['code']).toBe('BAD_USER_INPUT');
    return e.extensions['fields'] as FieldProblem[];
  }
}

const pathsOf = (list: FieldProblem[]) => list.map((p) => p.path);

describe('create input validation', () => {
  it('accepts a complete, valid measure and the smallest one', () => {
    expect(problems(create, VALID)).toEqual([]);
    expect(
      problems(create, { title: 'x', level: 'CITY', issuer: 'i', responsibleBody: 'r', category: 'CITY_PLAN', regionCodes: ['440600'] }),
    ).toEqual([]);
  });

  it('reports every problem at once, each with its path and a message a person can act on', () => {
    const found = problems(create, {
      ...VALID,
      title: '   ',
      level: 'TOWN',
      category: 'EDUCATON',
      regionCodes: ['440000', '450000', '4406', '440000'],
      periodStart: 1989,
      targets: [
        { ...VALID.targets[0], value: Number.POSITIVE_INFINITY },
        { indicator: '', value: Number.NaN, unit: '%' },
      ],
      publishedOn: '2023-02-30',
    });
    expect(pathsOf(found).sort()).toEqual(
      [
        'input.title',
        'input.level',
        'input.category',
        'input.regionCodes.1',
        'input.regionCodes.2',
        'input.regionCodes.3',
        'input.periodStart',
        'input.targets.0.value',
        'input.targets.1.indicator',
        'input.targets.1.value',
        'input.publishedOn',
      ].sort(),
    );
    const message = (path: string) => found.find((p) => p.path === path)?.message;
    expect(message('input.title')).toBe('title must not be empty.');
    expect(message('input.regionCodes.1')).toMatch(/"450000" is not a Guangdong division code.*starting with 44/);
    expect(message('input.periodStart')).toBe('periodStart must be a year from 1990 to 2100, got 1989.');
    expect(message('input.targets.0.value')).toBe('value must be a finite number, got Infinity.');
    expect(message('input.category')).toMatch(/"EDUCATON" is not one of the project's themes: INDUSTRY, .*DECISION/);
    expect(message('input.regionCodes.3')).toBe('Region 440000 is listed twice.');
    expect(message('input.publishedOn')).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD, a real date/);
  });

  it('puts the message of every problem into one readable error message', () => {
    try {
      parseInput(create, { ...VALID, title: 'x'.repeat(301) }, 'input');
      throw new Error('expected a validation error');
    } catch (error) {
      const e = error as GraphQLError;
      expect(e.message).toBe(
        'The input has a problem, nothing was saved: input.title: title may have at most 300 characters (it has 301).',
      );
      expect(e.extensions['fields']).toEqual([{ path: 'input.title', message: 'title may have at most 300 characters (it has 301).' }]);
    }
    try {
      parseInput(create, { ...VALID, title: '', periodEnd: 2020 }, 'input');
      throw new Error('expected a validation error');
    } catch (error) {
      expect((error as GraphQLError).message).toBe(
        'The input has 2 problems, nothing was saved: input.title: title must not be empty; input.periodEnd: periodEnd (2020) must not be before periodStart (2023).',
      );
    }
  });

  it('checks the period once the fields themselves are valid', () => {
    expect(problems(create, { ...VALID, periodStart: 2027, periodEnd: 2023 })).toEqual([
      { path: 'input.periodEnd', message: 'periodEnd (2023) must not be before periodStart (2027).' },
    ]);
    expect(problems(create, { ...VALID, periodStart: 2025, periodEnd: 2025 })).toEqual([]);
  });

  it('limits regions, points and targets, and knows the code lengths of towns and villages', () => {
    const codes = Array.from({ length: 51 }, (_, i) => `4406${String(i).padStart(2, '0')}`);
    expect(pathsOf(problems(create, { ...VALID, regionCodes: codes }))).toEqual(['input.regionCodes']);
    expect(pathsOf(problems(create, { ...VALID, regionCodes: [] }))).toEqual(['input.regionCodes']);
    expect(pathsOf(problems(create, { ...VALID, points: Array.from({ length: 101 }, () => 'p') }))).toEqual(['input.points']);
    expect(pathsOf(problems(create, { ...VALID, targets: Array.from({ length: 101 }, () => VALID.targets[0]) }))).toEqual([
      'input.targets',
    ]);
    expect(pathsOf(problems(create, { ...VALID, regionCodes: ['44060400', '4406040010', '440604001002'] }))).toEqual([
      'input.regionCodes.0',
      'input.regionCodes.1',
    ]);
  });

  it('validates years, dates, baselines and the department fields', () => {
    expect(pathsOf(problems(create, { ...VALID, periodEnd: 2101 }))).toEqual(['input.periodEnd']);
    expect(pathsOf(problems(create, { ...VALID, periodEnd: 2025.5 }))).toEqual(['input.periodEnd']);
    expect(problems(create, { ...VALID, publishedOn: '2024' })).toEqual([]);
    expect(problems(create, { ...VALID, publishedOn: '2024-02-29' })).toEqual([]);
    expect(pathsOf(problems(create, { ...VALID, publishedOn: '2023-13' }))).toEqual(['input.publishedOn']);
    expect(pathsOf(problems(create, { ...VALID, publishedOn: '23-01-01' }))).toEqual(['input.publishedOn']);
    expect(pathsOf(problems(create, { ...VALID, targets: [{ ...VALID.targets[0], baseline: { value: 1, year: 1800 } }] }))).toEqual([
      'input.targets.0.baseline.year',
    ]);
    expect(pathsOf(problems(create, { ...VALID, stages: ['a', 'a'] }))).toEqual(['input.stages']);
    expect(pathsOf(problems(create, { ...VALID, stages: ['a', 'b', 'c', 'd'] }))).toEqual(['input.stages']);
    expect(pathsOf(problems(create, { ...VALID, pairedCounties: -1 }))).toEqual(['input.pairedCounties']);
    expect(
      pathsOf(
        problems(create, {
          ...VALID,
          targets: [
            { ...VALID.targets[0], id: 't' },
            { ...VALID.targets[0], id: 't' },
          ],
        }),
      ),
    ).toEqual(['input.targets.1.id']);
  });

  it('names missing required fields', () => {
    const found = problems(create, { title: 'x' });
    expect(found.find((p) => p.path === 'input.level')?.message).toBe('level is required.');
    expect(pathsOf(found).sort()).toEqual(['input.category', 'input.issuer', 'input.level', 'input.regionCodes', 'input.responsibleBody']);
  });
});

describe('update input validation', () => {
  it('accepts any subset of fields and null for optional ones', () => {
    expect(problems(update, { title: '新标题' })).toEqual([]);
    expect(problems(update, { periodEnd: null, stages: null })).toEqual([]);
  });

  it('refuses an empty update and null for a field a measure must have', () => {
    expect(problems(update, {})).toEqual([{ path: 'input', message: 'Nothing to update: give at least one field to change.' }]);
    expect(problems(update, { title: null })).toEqual([
      { path: 'input.title', message: 'title cannot be null (on an update, leave it out to keep the current value).' },
    ]);
    expect(pathsOf(problems(update, { regionCodes: ['440600', '44060'] }))).toEqual(['input.regionCodes.1']);
  });
});

describe('observation and idempotency key validation', () => {
  it('checks the observed value and date', () => {
    expect(parseInput(observationInputSchema, { value: 72.5, observedOn: '2024-12', note: ' 统计公报 ' }, 'input')).toEqual({
      value: 72.5,
      observedOn: '2024-12',
      note: '统计公报',
    });
    expect(pathsOf(problems(observationInputSchema, { value: Number.NaN, observedOn: '2024-12-32' }))).toEqual([
      'input.value',
      'input.observedOn',
    ]);
  });

  it('takes printable keys of up to 200 characters', () => {
    expect(() => parseInput(idempotencyKeySchema, '6f1c3c4e-6a55-4c1e-9f2c-1d9e3f8f9a10', 'idempotencyKey')).not.toThrow();
    for (const bad of ['', 'has space', 'x'.repeat(201), '键']) {
      expect(() => parseInput(idempotencyKeySchema, bad, 'idempotencyKey')).toThrow(/idempotencyKey/);
    }
  });
});

describe('write access', () => {
  const editor: AuthInfo = { authenticated: true, subject: 'editor', scopes: new Set(['education:write']) };
  const reader: AuthInfo = { authenticated: true, subject: 'reader', scopes: new Set(['health:write']) };
  const admin: AuthInfo = { authenticated: true, subject: 'office', scopes: new Set(['admin']) };
  const anonymous: AuthInfo = { authenticated: false, subject: null, scopes: new Set() };
  const scopes = writeScopesOf('education');

  const codeOf = (fn: () => unknown): unknown => {
    try {
      fn();
      return 'OK';
    } catch (error) {
      return (error as GraphQLError).extensions['code'];
    }
  };

  it('tells an anonymous caller to sign in and a caller without the scope that it may not', () => {
    expect(scopes).toEqual(['education:write', 'admin']);
    expect(codeOf(() => assertScopes(anonymous, scopes))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertScopes(undefined, scopes))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertScopes(reader, scopes))).toBe('FORBIDDEN');
    expect(assertScopes(editor, scopes)).toBe('editor');
    expect(assertScopes(admin, scopes)).toBe('office');
    expect(() => assertScopes(reader, scopes)).toThrow(
      'it needs one of the scopes "education:write" or "admin", and it has "health:write"',
    );
  });

  it('states the rule for the supergraph', () => {
    expect(requiresScopesDirective(scopes)).toBe('@requiresScopes(scopes: [["education:write"], ["admin"]])');
  });

  it("answers type-graphql's AuthorizationError as FORBIDDEN", () => {
    const error = new AuthorizationError();
    const result = formatSubgraphError(error.toJSON(), error, { exposeInternals: false });
    expect(result.extensions?.['code']).toBe('FORBIDDEN');
    expect(result.message).toBe(error.message);
  });
});
