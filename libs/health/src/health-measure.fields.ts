import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

/** HealthMeasure's own fields (the common ones come from the PolicyMeasure interface). */
export const healthFields = defineMeasureFields('health', {
  structure: fields.object(
    'HealthPlanStructure',
    {
      overallGoals: fields.count({ max: 1_000 }),
      projects: fields.count({ max: 1_000 }),
      subProjects: fields.count({ max: 10_000 }),
    },
    {
      description: 'How a plan is organised, e.g. 1 overall goal, 3 projects, 16 sub-projects.',
      inputDescription: 'Replaces the whole structure; null removes it.',
      optional: true,
    },
  ),
  programmes: fields.nameList({
    maxItems: 50,
    maxLength: 100,
    description: 'Named programmes it runs: 万名医师下乡, 县域医共体 …',
    optional: true,
  }),
});

export type HealthMeasure = InstanceType<typeof healthFields.MeasureType>;

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    HEALTH: CuratedDetails<typeof healthFields>;
  }
}
