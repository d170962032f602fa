import { ArgsType, Field, Int } from 'type-graphql';
import { AUDIT_PAGE, FEED_PAGE, PAGE, pageSizeDescription } from '@hkp/subgraph-kit';
import { RegionScope } from './measure-enums';

// The `first` argument of each kind of list, with the kind's bounds in its description; every
// list of a kind uses these (subgraph-kit's PAGE, FEED_PAGE, AUDIT_PAGE check the same bounds).

/** `first` of a connection: 0 asks for its totalCount alone. */
export const CONNECTION_FIRST = {
  nullable: true,
  defaultValue: PAGE.default,
  description: pageSizeDescription(PAGE, 'no nodes, only totalCount'),
} as const;

/** `first` of a connection with facets (`measures`, `Region.measures`): 0 asks for the counts alone. */
export const FACETED_CONNECTION_FIRST = {
  nullable: true,
  defaultValue: PAGE.default,
  description: pageSizeDescription(PAGE, 'no nodes, only totalCount and facets: the counts for a filter sidebar'),
} as const;

/** `first` of a list a department adds to a region. */
export const REGION_LIST_FIRST = {
  nullable: true,
  defaultValue: PAGE.default,
  description: pageSizeDescription(PAGE, 'an empty list'),
} as const;

/** `first` of a department's change feed: 0 asks for the feed's id and latest position alone. */
export const DEPARTMENT_FEED_FIRST = {
  nullable: true,
  defaultValue: FEED_PAGE.default,
  description: pageSizeDescription(FEED_PAGE, 'no changes, only feedId and latestSeq'),
} as const;

/** `first` of a department's audit trail. */
export const AUDIT_FIRST = {
  nullable: true,
  defaultValue: AUDIT_PAGE.default,
  description: pageSizeDescription(AUDIT_PAGE, 'no entries; an unknown measure is still NOT_FOUND'),
} as const;

/**
 * `first` of a list a department adds to a region (`Region.healthMeasures`, `Region.fundingLines`):
 * a bounded page, so the gateway's cost estimate (which reads `first`) matches what is fetched.
 */
@ArgsType()
export class RegionListArgs {
  @Field(() => Int, REGION_LIST_FIRST)
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
