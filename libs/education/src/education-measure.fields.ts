import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

/** EducationMeasure's own fields (the common ones come from the PolicyMeasure interface). */
export const educationFields = defineMeasureFields(
  'education',
  {
    stages: fields.nameList({
      maxItems: 20,
      maxLength: 50,
      description: 'Stages of education it concerns: 基础教育, 职业教育, 高等教育 …',
    }),
    pairedInstitutions: fields.count({
      max: 10_000,
      description: 'Universities and colleges paired with counties (百校联百县).',
      optional: true,
    }),
    pairedCounties: fields.count({ max: 1_000, description: 'Counties those institutions are paired with.', optional: true }),
  },
  { description: 'A measure of 省教育厅. Common fields (title, targets …) come from the PolicyMeasure interface.' },
);

export type EducationMeasure = InstanceType<typeof educationFields.MeasureType>;

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    EDUCATION: CuratedDetails<typeof educationFields>;
  }
}
