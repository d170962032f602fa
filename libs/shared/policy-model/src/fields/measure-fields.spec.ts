import 'reflect-metadata';
import { printSchema } from 'graphql';
import { Arg, buildSchema, Query, registerEnumType, Resolver } from 'type-graphql';
import { z } from 'zod';
import { createInputSchema, parseInput, updateInputSchema } from '../writes/measure-validation';
import { defineMeasureFields, fields } from './measure-fields';

// One declaration of a department's own fields gives its GraphQL types, the stored-row parser, the
// write rules and merge, and the curation rule. Declared here for 'health' (its manifest entry
// names the type); the health lib itself is not loaded by this spec.

enum Colour {
  RED = 'RED',
  GREEN = 'GREEN',
}
registerEnumType(Colour, { name: 'Colour' });

const declared = defineMeasureFields(
  'health',
  {
    structure: fields.object(
      'PlanShape',
      { goals: fields.count({ max: 10 }), projects: fields.count({ max: 1_000 }) },
      { description: 'How a plan is organised.', inputDescription: 'Replaces the whole shape; null removes it.', optional: true },
    ),
    programmes: fields.nameList({ maxItems: 2, maxLength: 5, description: 'Named programmes.' }),
    colours: fields.enumList(Colour, { each: 'colour', inputDescription: 'Colours it uses.' }),
    lead: fields.text({ maxLength: 10, description: 'Who leads it.', optional: true }),
  },
  { curatedOnly: { notes: z.array(z.string()).optional() } },
);

const create = createInputSchema(declared.writeShape);
const update = updateInputSchema(declared.writeShape);
const COMMON = {
  title: '标题',
  level: 'PROVINCE',
  issuer: '省卫生健康委',
  responsibleBody: '省卫生健康委',
  category: 'HEALTH',
  regionCodes: ['440000'],
};

function problems(schema: z.ZodType, value: unknown): { path: string; message: string }[] {
  try {
    parseInput(schema, value, 'input');
  } catch (error) {
    return (error as { extensions: { fields: { path: string; message: string }[] } }).extensions.fields;
  }
  throw new Error('expected the input to be refused');
}

describe('GraphQL types', () => {
  it('gives the measure type and the input with the declared names, nullability and descriptions', async () => {
    @Resolver()
    class Probe {
      @Query(() => declared.MeasureType, { nullable: true })
      measure(@Arg('input', () => declared.DetailsInput) _input: object): null {
        return null;
      }
    }
    const sdl = printSchema(await buildSchema({ resolvers: [Probe], validate: false }));
    expect(sdl).toContain(`"""How a plan is organised."""
type PlanShape {
  goals: Int
  projects: Int
}`);
    expect(sdl).toMatch(
      /type HealthMeasure \{\n {2}id: ID!\n {2}structure: PlanShape\n\n {2}"""Named programmes\."""\n {2}programmes: \[String!\]\n {2}colours: \[Colour!\]\n\n {2}"""Who leads it\."""\n {2}lead: String\n\}/,
    );
    expect(sdl).toContain('"""Replaces the whole shape; null removes it."""\n  structure: PlanShapeInput');
    expect(sdl).toContain('"""Named programmes. (at most 2)."""\n  programmes: [String!]');
    expect(sdl).toContain('"""Colours it uses."""\n  colours: [Colour!]');
  });
});

describe('stored rows', () => {
  it('shows absent fields as null or [] and keeps what is stored', () => {
    expect(declared.toMeasure({ id: 'health-a', details: {} })).toEqual({
      id: 'health-a',
      structure: null,
      programmes: [],
      colours: [],
      lead: null,
    });
    const measure = declared.toMeasure({
      id: 'health-b',
      details: { structure: { goals: 1 }, programmes: ['甲'], colours: ['RED'], notes: ['kept apart'] },
    });
    expect(measure).toMatchObject({ structure: { goals: 1, projects: null }, programmes: ['甲'], colours: ['RED'], lead: null });
    expect(measure).toBeInstanceOf(declared.MeasureType);
  });

  it('refuses a row that does not fit, naming the measure and the field', () => {
    expect(() => declared.toMeasure({ id: 'health-c', details: { colours: ['BLUE'] } })).toThrow(
      /^Measure health-c: its stored details do not fit HealthMeasure \(colours\.0: /,
    );
    expect(() => declared.toMeasure({ id: 'health-d', details: { structure: { goals: 'one' } } })).toThrow(/structure\.goals/);
  });
});

describe('writes', () => {
  it('checks each field with the message and path of its rule', () => {
    expect(
      problems(create, {
        ...COMMON,
        structure: { goals: 11, projects: -1 },
        programmes: ['甲', '甲'],
        colours: ['RED', 'BLUE'],
        lead: '',
      }),
    ).toEqual([
      { path: 'input.structure.goals', message: 'structure.goals may be at most 10.' },
      { path: 'input.structure.projects', message: 'structure.projects cannot be negative.' },
      { path: 'input.programmes', message: 'programmes lists a name twice.' },
      { path: 'input.colours.1', message: 'each colour must be one of RED, GREEN.' },
      { path: 'input.lead', message: 'lead must not be empty.' },
    ]);
    expect(problems(update, { colours: ['RED', 'RED'] })).toEqual([{ path: 'input.colours', message: 'colours lists a colour twice.' }]);
    expect(parseInput(update, { structure: null, programmes: null }, 'input')).toEqual({ structure: null, programmes: null });
  });

  it('merges a write into the stored details: left out keeps, null removes, empty parts are not stored, other keys stay', () => {
    const current = { programmes: ['甲'], lead: '省卫生健康委', notes: ['curated'] };
    expect(declared.toDetails({ structure: { goals: 2, projects: null }, lead: null }, current)).toEqual({
      programmes: ['甲'],
      structure: { goals: 2 },
      notes: ['curated'],
    });
    expect(current).toEqual({ programmes: ['甲'], lead: '省卫生健康委', notes: ['curated'] });
  });
});

describe('curation', () => {
  it('accepts the fields as curated, optional ones left out, and the curated-only parts', () => {
    expect(declared.curation.safeParse({ programmes: ['甲'], colours: ['GREEN'], notes: ['a'] }).success).toBe(true);
    expect(declared.curation.safeParse({ structure: { goals: 1, projects: 3 }, programmes: [], colours: [], lead: null }).success).toBe(
      true,
    );
  });

  it('refuses a missing required field, a misspelt one and an incomplete object', () => {
    const paths = (value: unknown) => declared.curation.safeParse(value).error?.issues.map((i) => [i.code, i.path.join('.')]);
    expect(paths({ colours: [] })).toEqual([['invalid_type', 'programmes']]);
    expect(paths({ programmes: [], colours: [], colour: [] })).toEqual([['unrecognized_keys', '']]);
    expect(paths({ programmes: [' '], colours: [], structure: { goals: 1 } })).toEqual([
      ['invalid_type', 'structure.projects'],
      ['too_small', 'programmes.0'],
    ]);
  });
});
