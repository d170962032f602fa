import { Field, InputType, Int } from 'type-graphql';
import { count, mergeDetails, nameList, type DepartmentDetailsOptions } from '@hkp/policy-model';

/** The fields of EducationMeasure a write sets (next to the common ones of Create/UpdateEducationMeasureInput). */
@InputType('EducationMeasureDetailsInput')
export class EducationMeasureDetailsInput {
  @Field(() => [String], { nullable: true, description: 'Stages of education it concerns: 基础教育, 职业教育, 高等教育 … (at most 20).' })
  stages?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Universities and colleges paired with counties (百校联百县).' })
  pairedInstitutions?: number | null;

  @Field(() => Int, { nullable: true, description: 'Counties those institutions are paired with.' })
  pairedCounties?: number | null;
}

export const educationDetails: DepartmentDetailsOptions<EducationMeasureDetailsInput> = {
  input: EducationMeasureDetailsInput,
  shape: {
    stages: nameList('stages', { maxItems: 20, maxLength: 50 }).nullish(),
    pairedInstitutions: count('pairedInstitutions', 10_000).nullish(),
    pairedCounties: count('pairedCounties', 1_000).nullish(),
  },
  toDetails: (input, current) => mergeDetails(current, input, ['stages', 'pairedInstitutions', 'pairedCounties']),
};
