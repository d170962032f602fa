import 'reflect-metadata';
import { createInputSchema, parseInput } from '@hkp/policy-model';
import { healthFields } from './health-measure.fields';

// HealthMeasure's own fields as stored, written and curated: what 省卫生健康委's editors and the
// curation files rely on.

const COMMON = {
  title: '标题',
  level: 'PROVINCE',
  issuer: '省卫生健康委',
  responsibleBody: '省卫生健康委',
  category: 'HEALTH',
  regionCodes: ['440000'],
};

it('shows a stored plan structure with the parts it lacks as null, and no programmes as []', () => {
  expect(healthFields.toMeasure({ id: 'health-a', details: { structure: { overallGoals: 1, projects: 3 } } })).toEqual({
    id: 'health-a',
    structure: { overallGoals: 1, projects: 3, subProjects: null },
    programmes: [],
  });
  expect(() => healthFields.toMeasure({ id: 'health-b', details: { programmes: '万名医师下乡' } })).toThrow(
    /^Measure health-b: its stored details do not fit HealthMeasure \(programmes: /,
  );
});

it('answers a bad write with the paths and limits of the structure and programmes', () => {
  let fields: unknown;
  try {
    parseInput(
      createInputSchema(healthFields.writeShape),
      { ...COMMON, structure: { subProjects: 10_001 }, programmes: Array(51).fill('x') },
      'input',
    );
  } catch (error) {
    fields = (error as { extensions: { fields: unknown } }).extensions.fields;
  }
  expect(fields).toEqual([
    { path: 'input.structure.subProjects', message: 'structure.subProjects may be at most 10000.' },
    { path: 'input.programmes', message: 'programmes may have at most 50 entries (it has 51).' },
  ]);
});

it('replaces the whole structure on a write, storing only the parts given', () => {
  const current = { structure: { overallGoals: 1, projects: 3, subProjects: 16 }, programmes: ['县域医共体'] };
  expect(healthFields.toDetails({ structure: { projects: 4, subProjects: null } }, current)).toEqual({
    structure: { projects: 4 },
    programmes: ['县域医共体'],
  });
  expect(healthFields.toDetails({ structure: null }, current)).toEqual({ programmes: ['县域医共体'] });
});

it('accepts curated details without a structure but refuses an incomplete one', () => {
  expect(healthFields.curation.safeParse({ programmes: ['万名医师下乡'] }).success).toBe(true);
  expect(healthFields.curation.safeParse({ structure: { overallGoals: 1, projects: 3 } }).success).toBe(false);
});
