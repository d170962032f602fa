import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  checkPageSize,
  FEED_PAGE,
  pageSizeDescription,
  pageWindow,
  toConnection,
  userInputError,
  type PageWindow,
} from '@hkp/subgraph-kit';
import { assertKnownRegionCode, FACETED_CONNECTION_FIRST, RegionScope, type RegionRef } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';
import type { ProgrammeContext } from '../programme.context';
import { catalogSortShape, type CatalogFilter } from './catalog-query';
import { MeasureFilter, RegionMeasureFilter } from './measure-filter.input';
import { PolicyMeasureConnection, type CatalogConnection } from './measure-connection';
import { Department, PolicyMeasure, ProgrammeMeasure } from './policy-measure.type';

export { PolicyMeasureConnection };

@ObjectType('CatalogChange', { description: 'One change that reached the cross-department catalog.' })
export class CatalogChange {
  @Field({ description: 'Position in the feed; pass the last one you processed as "after".' })
  seq: string;

  @Field(() => ID)
  measureId: string;

  @Field(() => Department)
  department: Department;

  @Field(() => Int)
  version: number;

  @Field({ description: 'UPSERT or ARCHIVE.' })
  kind: string;

  @Field()
  changedAt: Date;

  @Field(() => PolicyMeasure, { nullable: true, description: 'The measure as it is now.' })
  measure?: PolicyMeasure;
}

function toCatalogFilter(filter: MeasureFilter | RegionMeasureFilter | undefined): CatalogFilter {
  if (!filter) return {};
  if (filter.year !== undefined && filter.year !== null && (filter.year < 1900 || filter.year > 2100)) {
    throw userInputError('"year" must be a calendar year such as 2025.', 'year');
  }
  const departments = [...(filter.departments ?? []), ...(filter.department ? [filter.department] : [])];
  return {
    departments: departments.length ? departments : null,
    levels: filter.level ? [filter.level] : null,
    categories: filter.categories?.length ? filter.categories : null,
    year: filter.year ?? null,
    regionLevel: filter.regionLevel ?? null,
    q: filter.q ?? null,
    scope: filter.scope ?? RegionScope.WITHIN,
  };
}

/** A page of the catalog; its facets, when asked for, count the same region and filter. */
async function catalogConnection(
  regionCode: string | null,
  filter: CatalogFilter,
  window: PageWindow,
  ctx: ProgrammeContext,
): Promise<CatalogConnection> {
  const page = await ctx.catalog.search(regionCode, filter, window);
  const connection = toConnection(page.rows, page.totalCount, window, (_, i) => page.keys[i]!);
  return { ...connection, listed: { regionCode, filter } };
}

@Resolver(() => PolicyMeasure)
export class MeasuresResolver {
  @Query(() => PolicyMeasureConnection, { description: 'Measures of every department, filtered, searched and a page at a time.' })
  async measures(
    @Arg('filter', () => MeasureFilter, { nullable: true }) filter: MeasureFilter | undefined,
    @Arg('first', () => Int, FACETED_CONNECTION_FIRST) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | undefined,
    @Ctx() ctx: ProgrammeContext,
  ) {
    const regionCode = filter?.regionCode?.trim() || null;
    if (regionCode) assertKnownRegionCode(regionCode, 'regionCode');
    const catalogFilter = toCatalogFilter(filter);
    return catalogConnection(regionCode, catalogFilter, pageWindow(first, after, catalogSortShape(catalogFilter)), ctx);
  }

  @Query(() => PolicyMeasure, {
    nullable: true,
    description:
      'One measure by id, as its concrete type (… on HealthMeasure), archived ones included; null without an error when no measure has the id (docs/errors.md, Unknown ids).',
  })
  measure(@Arg('id', () => ID) id: string, @Ctx() ctx: ProgrammeContext): Promise<PolicyMeasure | null> {
    return ctx.catalog.byId(id);
  }

  @Query(() => [CatalogChange], {
    nullable: true,
    description: 'The catalog change feed: every change after a position, oldest first. Poll with the last seq you processed.',
  })
  async measureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: FEED_PAGE.default,
      description: pageSizeDescription(FEED_PAGE, 'an empty list; measureChangeFeed gives the latest position'),
    })
    first: number,
    @Ctx() ctx: ProgrammeContext,
  ): Promise<CatalogChange[]> {
    if (!/^\d{1,18}$/.test(after))
      throw userInputError('"after" must be a seq from this feed (a whole number as a string), or "0".', 'after');
    const rows = await ctx.catalog.changesAfter(Number(after), checkPageSize(first, FEED_PAGE));
    return rows.map((r) =>
      Object.assign(new CatalogChange(), {
        seq: String(r.seq),
        measureId: r.measure_id,
        department: r.department as Department,
        version: r.version,
        kind: r.kind,
        changedAt: r.changed_at,
      }),
    );
  }
}

@Resolver(() => CatalogChange)
export class CatalogChangeResolver {
  @FieldResolver(() => PolicyMeasure, { nullable: true })
  measure(@Root() change: CatalogChange, @Ctx() ctx: ProgrammeContext): Promise<PolicyMeasure | null> {
    return ctx.catalog.byId(change.measureId);
  }
}

@Resolver(() => ProgrammeMeasure)
export class ProgrammeMeasureResolver {
  @FieldResolver(() => String, { nullable: true })
  async leadDepartment(@Root() measure: ProgrammeMeasure, @Ctx() ctx: ProgrammeContext): Promise<string | null> {
    const own = await ctx.measures.byId(measure.id);
    return (own?.details['leadDepartment'] as string | undefined) ?? null;
  }
}

@Resolver(() => ProgrammeRegion)
export class RegionMeasuresResolver {
  @FieldResolver(() => PolicyMeasureConnection, {
    nullable: true,
    description:
      'Measures of every department this region selects under filter.scope: by default (WITHIN) those for it or a region below it; APPLIES adds those for the regions above it and the whole province.',
  })
  async measures(
    @Root() region: RegionRef,
    @Arg('filter', () => RegionMeasureFilter, { nullable: true }) filter: RegionMeasureFilter | undefined,
    @Arg('first', () => Int, FACETED_CONNECTION_FIRST) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | undefined,
    @Ctx() ctx: ProgrammeContext,
  ) {
    const catalogFilter = toCatalogFilter(filter);
    return catalogConnection(region.code, catalogFilter, pageWindow(first, after, catalogSortShape(catalogFilter)), ctx);
  }
}
