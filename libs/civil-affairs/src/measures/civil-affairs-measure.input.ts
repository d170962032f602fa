import { Field, InputType } from 'type-graphql';
import { mergeDetails, nameList, type DepartmentDetailsOptions } from '@hkp/policy-model';

/** The fields of CivilAffairsMeasure a write sets (next to the common ones of Create/UpdateCivilAffairsMeasureInput). */
@InputType('CivilAffairsMeasureDetailsInput')
export class CivilAffairsMeasureDetailsInput {
  @Field(() => [String], { nullable: true, description: 'Who it helps: 困难群众, 特殊群体, 老年人 … (at most 50).' })
  beneficiaries?: string[] | null;
}

export const civilAffairsDetails: DepartmentDetailsOptions<CivilAffairsMeasureDetailsInput> = {
  input: CivilAffairsMeasureDetailsInput,
  shape: { beneficiaries: nameList('beneficiaries', { maxItems: 50, maxLength: 100 }).nullish() },
  toDetails: (input, current) => mergeDetails(current, input, ['beneficiaries']),
};
