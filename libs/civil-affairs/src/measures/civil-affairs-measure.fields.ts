import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

/** CivilAffairsMeasure's own fields (the common ones come from the PolicyMeasure interface). */
export const civilAffairsFields = defineMeasureFields('civil-affairs', {
  beneficiaries: fields.nameList({ maxItems: 50, maxLength: 100, description: 'Who it helps: 困难群众, 特殊群体, 老年人 …' }),
});

export type CivilAffairsMeasure = InstanceType<typeof civilAffairsFields.MeasureType>;

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    CIVIL_AFFAIRS: CuratedDetails<typeof civilAffairsFields>;
  }
}
