import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@hkp/subgraph-kit';

/**
 * `first` of a list a department adds to a region (`Region.healthMeasures`, `Region.fundingLines`):
 * a bounded page, so the gateway's cost estimate (which reads `first`) matches what is fetched.
 */
@ArgsType()
export class RegionListArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `How many, at most ${MAX_PAGE_SIZE}.` })
  first?: number;
}
