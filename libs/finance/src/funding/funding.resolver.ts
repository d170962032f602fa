import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RegionRef } from '@hkp/policy-model';
import { FinanceRegion } from '../region.ref';
import type { FinanceContext } from '../finance.context';
import { FundedMeasure, FundingLine } from './funding-line.type';

@Resolver(() => FundedMeasure)
export class MeasureFundingResolver {
  @FieldResolver(() => [FundingLine], { nullable: true, description: 'Funding the documents give for this measure.' })
  funding(@Root() measure: FundedMeasure, @Ctx() ctx: FinanceContext): Promise<FundingLine[]> {
    return ctx.funding.forMeasure(measure.id);
  }
}

@Resolver(() => FinanceRegion)
export class RegionFundingResolver {
  @FieldResolver(() => [FundingLine], { nullable: true, description: 'Funding lines for this region or a region below it.' })
  fundingLines(@Root() region: RegionRef, @Ctx() ctx: FinanceContext): Promise<FundingLine[]> {
    return ctx.funding.inRegion(region.code);
  }
}
