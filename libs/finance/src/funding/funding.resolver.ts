import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RegionListArgs, type RegionRef } from '@hkp/policy-model';
import { pageSize } from '@hkp/subgraph-kit';
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
  @FieldResolver(() => [FundingLine], {
    nullable: true,
    description: 'Funding lines for this region or a region below it, the first `first` by id.',
  })
  fundingLines(@Root() region: RegionRef, @Args() { first }: RegionListArgs, @Ctx() ctx: FinanceContext): Promise<FundingLine[]> {
    return ctx.funding.inRegion(region.code, pageSize(first));
  }
}
