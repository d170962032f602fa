import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Query, Resolver, Root, type ClassType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { ConnectionType, pageWindow, toConnection, userInputError, type SubgraphContext, type SubgraphModule } from '@hkp/subgraph-kit';
import { MeasureEntity, MeasureEventEntity, TargetEntity } from './entities/measure.entity';
import type { DepartmentCode } from './generated-measure';
import { MeasureChange } from './graphql/measure-change.type';
import { defineRegionReference } from './graphql/region-reference.type';
import { departmentMeasureLoader } from './measure-seed';
import { MeasureStore } from './measure-store';
import { CreateMeasureTables1764000100000 } from './migrations/1764000100000-create-measure-tables';
import { assertRegionCode } from './region-scope';

export interface DepartmentContext extends SubgraphContext {
  measures: MeasureStore;
}

export interface DepartmentSubgraphOptions<T extends { id: string }> {
  /** Service name, e.g. `education`. */
  name: string;
  databaseSchema: string;
  defaultPort: number;
  department: DepartmentCode;
  /** Prefix of the department's root fields: `education` → `educationMeasures`. */
  fieldPrefix: string;
  /** The department's measure type (`@key(fields: "id")`), with its own fields. */
  measureType: ClassType<T>;
  toMeasure: (entity: MeasureEntity) => T;
  /** The Region class the department extends (civil-affairs passes its own Region). */
  regionType?: ClassType<{ code: string }>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  extraResolvers?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  extraOrphanedTypes?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  extraEntities?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  extraMigrations?: Function[];
  extraReferenceResolvers?: SubgraphModule['referenceResolvers'];
  extraContext?: (dataSource: DataSource, base: SubgraphContext) => object;
  extraSeed?: SubgraphModule['loadSeedData'];
  base?: Partial<SubgraphModule>;
}

export const MAX_FEED_PAGE = 500;

/**
 * The part every department's subgraph shares: its measure type as an entity, a paginated list
 * of its measures, its change feed, and the measures added to Region. A department supplies
 * its own type and fields; this keeps the seven services alike without copying code.
 */
export function createDepartmentSubgraph<T extends { id: string }>(options: DepartmentSubgraphOptions<T>): SubgraphModule {
  const { measureType, toMeasure, fieldPrefix } = options;
  const ownRegionStub = !options.regionType;
  const regionType = options.regionType ?? defineRegionReference();
  const typeName = measureType.name;
  const MeasureConnection = ConnectionType(() => measureType, typeName);

  @ArgsType()
  class ListArgs {
    @Field(() => ID, { nullable: true, description: 'Only measures touching this region or a region below it.' })
    regionCode?: string;

    @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100.' })
    first?: number;

    @Field({ nullable: true, description: 'The endCursor of the previous page.' })
    after?: string;
  }

  @Resolver(() => measureType)
  class DepartmentMeasureResolver {
    @Query(() => MeasureConnection, { name: `${fieldPrefix}Measures`, description: `This department's own measures, a page at a time.` })
    async list(@Args() args: ListArgs, @Ctx() ctx: DepartmentContext) {
      if (args.regionCode) assertRegionCode(args.regionCode, 'regionCode');
      const { limit, offset } = pageWindow(args.first, args.after);
      const { rows, totalCount } = await ctx.measures.list({ regionCode: args.regionCode, limit, offset });
      return toConnection(rows.map(toMeasure), totalCount, offset);
    }

    @Directive('@inaccessible')
    @Query(() => [MeasureChange], { name: `${fieldPrefix}MeasureChanges`, description: 'The change feed (outbox) after a position, oldest first.' })
    async changes(
      @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
      @Arg('first', () => Int, { nullable: true, defaultValue: 200 }) first: number,
      @Ctx() ctx: DepartmentContext,
    ): Promise<MeasureChange[]> {
      if (!/^\d{1,18}$/.test(after)) throw userInputError('"after" must be a feed position (a whole number as a string).', 'after');
      if (first < 1 || first > MAX_FEED_PAGE) throw userInputError(`"first" must be between 1 and ${MAX_FEED_PAGE}.`, 'first');
      const events: MeasureEventEntity[] = await ctx.measures.changesAfter(Number(after), first);
      return events.map((e) => Object.assign(new MeasureChange(), { seq: String(e.seq), measureId: e.measureId, version: e.version, kind: e.kind, snapshot: JSON.stringify(e.snapshot) }));
    }
  }

  @Resolver(() => regionType)
  class RegionMeasuresResolver {
    @FieldResolver(() => [measureType], { name: `${fieldPrefix}Measures`, description: `${typeName}s touching this region or a region below it.` })
    async measures(@Root() region: { code: string }, @Ctx() ctx: DepartmentContext): Promise<T[]> {
      return (await ctx.measures.touchingRegion(region.code)).map(toMeasure);
    }
  }

  const base = options.base ?? {};
  return {
    name: options.name,
    databaseSchema: options.databaseSchema,
    defaultPort: options.defaultPort,
    entities: [MeasureEntity, TargetEntity, MeasureEventEntity, ...(options.extraEntities ?? [])],
    migrations: [CreateMeasureTables1764000100000, ...(options.extraMigrations ?? [])],
    extensions: ['pg_trgm', ...(base.extensions ?? [])],
    resolvers: [DepartmentMeasureResolver, RegionMeasuresResolver, ...(options.extraResolvers ?? [])],
    orphanedTypes: [measureType, regionType, ...(options.extraOrphanedTypes ?? [])],
    referenceResolvers: {
      [typeName]: {
        async __resolveReference(reference: { id: string }, ctx: DepartmentContext) {
          const entity = await ctx.measures.byId(reference.id);
          return entity ? toMeasure(entity) : null;
        },
      },
      ...(ownRegionStub ? { Region: { __resolveReference: (reference: { code: string }) => reference } } : {}),
      ...(options.extraReferenceResolvers ?? {}),
    },
    loadSeedData: async (dataSource, logger) => {
      await options.extraSeed?.(dataSource, logger);
      await departmentMeasureLoader(options.department)(dataSource, logger);
    },
    createContext: (dataSource, ctxBase) => ({
      measures: new MeasureStore(dataSource, ctxBase.loaders),
      ...(options.extraContext?.(dataSource, ctxBase) ?? {}),
    }),
  };
}
