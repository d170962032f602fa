import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { MeasureEntity } from '@hkp/policy-model';

@Directive('@key(fields: "id")')
@ObjectType('CivilAffairsMeasure', { description: 'A measure of 省民政厅. Common fields come from the PolicyMeasure interface.' })
export class CivilAffairsMeasure {
  @Field(() => ID)
  id: string;

  @Field(() => [String], { nullable: true, description: 'Who it helps: 困难群众, 特殊群体, 老年人 …' })
  beneficiaries: string[];
}

export function toCivilAffairsMeasure(entity: MeasureEntity): CivilAffairsMeasure {
  const details = entity.details as { beneficiaries?: string[] };
  return Object.assign(new CivilAffairsMeasure(), { id: entity.id, beneficiaries: details.beneficiaries ?? [] });
}
