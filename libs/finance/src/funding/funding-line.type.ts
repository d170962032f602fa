import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { RegionRef } from '@hkp/policy-model';
import { FinanceRegion } from '../region.ref';

@ObjectType('FundingLine', { description: 'Money a document gives for a measure in a region.' })
export class FundingLine {
  @Field(() => ID)
  id: string;

  @Field(() => Float, { description: 'The amount in `unit` (1万亿元 is 10000 亿元).' })
  amount: number;

  @Field({ description: '亿元, 万元 …' })
  unit: string;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field()
  purpose: string;

  @Field(() => FinanceRegion)
  region: RegionRef;

  @Field(() => ID, { description: 'The measure it funds.' })
  measureId: string;

  @Field({ description: 'The sentence of the source document that states it.' })
  excerpt: string;
}

/**
 * Finance's view of the PolicyMeasure interface (@interfaceObject): it adds `funding` to every
 * measure of every department without knowing their concrete types.
 */
@Directive('@key(fields: "id")')
@Directive('@interfaceObject')
@ObjectType('PolicyMeasure')
export class FundedMeasure {
  @Field(() => ID)
  id: string;
}
