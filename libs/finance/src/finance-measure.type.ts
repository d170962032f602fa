import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { MeasureEntity } from '@hkp/policy-model';

@Directive('@key(fields: "id")')
@ObjectType('FinanceMeasure', {
  description: 'A measure of the finance, financial-regulation and tax authorities. Common fields come from the PolicyMeasure interface.',
})
export class FinanceMeasure {
  @Field(() => ID)
  id: string;

  @Field(() => [String], { nullable: true, description: 'Instruments it uses: 融资, 贷款, 债券, 税收优惠, 专项资金 …' })
  instruments: string[];
}

export function toFinanceMeasure(entity: MeasureEntity): FinanceMeasure {
  const details = entity.details as { instruments?: string[] };
  return Object.assign(new FinanceMeasure(), { id: entity.id, instruments: details.instruments ?? [] });
}
