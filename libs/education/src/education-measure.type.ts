import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { MeasureEntity } from '@hkp/policy-model';

@Directive('@key(fields: "id")')
@ObjectType('EducationMeasure', {
  description: 'A measure of 省教育厅. Common fields (title, targets …) come from the PolicyMeasure interface.',
})
export class EducationMeasure {
  @Field(() => ID)
  id: string;

  @Field(() => [String], { nullable: true, description: 'Stages of education it concerns: 基础教育, 职业教育, 高等教育 …' })
  stages: string[];

  @Field(() => Int, { nullable: true, description: 'Universities and colleges paired with counties (百校联百县).' })
  pairedInstitutions: number | null;

  @Field(() => Int, { nullable: true, description: 'Counties those institutions are paired with.' })
  pairedCounties: number | null;
}

export function toEducationMeasure(entity: MeasureEntity): EducationMeasure {
  const details = entity.details as { stages?: string[]; pairedInstitutions?: number; pairedCounties?: number };
  return Object.assign(new EducationMeasure(), {
    id: entity.id,
    stages: details.stages ?? [],
    pairedInstitutions: details.pairedInstitutions ?? null,
    pairedCounties: details.pairedCounties ?? null,
  });
}
