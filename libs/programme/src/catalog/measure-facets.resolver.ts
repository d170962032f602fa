import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ProgrammeContext } from '../programme.context';
import { PolicyMeasureConnection, type CatalogConnection } from './measure-connection';
import { MeasureFacets, toMeasureFacets } from './measure-facets.type';

@Resolver(() => PolicyMeasureConnection)
export class MeasureFacetsResolver {
  @FieldResolver(() => MeasureFacets, {
    description:
      'Counts of the measures matching the filter (the whole list, not this page) by department, level, year, category and region level. One statement, whatever the page size.',
  })
  async facets(@Root() connection: CatalogConnection, @Ctx() ctx: ProgrammeContext): Promise<MeasureFacets> {
    return toMeasureFacets(await ctx.catalog.facets(connection.listed.regionCode, connection.listed.filter));
  }
}
