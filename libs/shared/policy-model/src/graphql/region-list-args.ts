import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@hkp/subgraph-kit';
import { RegionScope } from './measure-enums';

/**
 * `first` of a list a department adds to a region (`Region.healthMeasures`, `Region.fundingLines`):
 * a bounded page, so the gateway's cost estimate (which reads `first`) matches what is fetched.
 */
@ArgsType()
export class RegionListArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `How many, at most ${MAX_PAGE_SIZE}.` })
  first?: number;
}

/** `first` and `scope` of the measures a department adds to a region (`Region.healthMeasures`). */
@ArgsType()
export class RegionMeasureListArgs extends RegionListArgs {
  @Field(() => RegionScope, {
    nullable: true,
    defaultValue: RegionScope.WITHIN,
    description:
      'WITHIN: for this region or below it; APPLIES: for this region, the regions above it and the whole province; AT: for exactly this region.',
  })
  scope?: RegionScope;
}
