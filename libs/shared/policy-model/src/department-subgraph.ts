import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Query, Resolver, Root, type ClassType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { departmentByName, type FeedingDepartmentName } from '@hkp/departments';
import { ConnectionType, pageWindow, toConnection, userInputError, type SubgraphContext, type SubgraphModule } from '@hkp/subgraph-kit';
import { MeasureEntity, MeasureEventEntity, TargetEntity, TargetObservationEntity } from './entities/measure.entity';
import { MeasureChange, MeasureFeedPage } from './graphql/measure-change.type';
import { RegionListArgs } from './graphql/region-list-args';
import { defineRegionReference } from './graphql/region-reference.type';
import { departmentMeasureLoader } from './measure-seed';
import { MeasureStore } from './measure-store';
import { CreateMeasureTables1764000100000 } from './migrations/1764000100000-create-measure-tables';
import { CreateWriteTables1764000100001 } from './migrations/1764000100001-create-write-tables';
import { CreateMeasureFeed1764000100002 } from './migrations/1764000100002-create-measure-feed';
import { assertRegionCode } from './region-scope';
import { nudgeCatalog } from './writes/catalog-nudge';
import { MeasureCommands, type MeasureDetailsSpec, type MeasureWriteSpec } from './writes/measure-commands';
import type { DetailsShape } from './writes/measure-validation';
import { defineMeasureWriteSchema } from './writes/measure-write-schema';

export interface DepartmentContext extends SubgraphContext {
  measures: MeasureStore;
  /** Writes of the department's measures (checks scopes itself). */
  measureWrites: MeasureCommands;
}

/** A department's own fields on the write side: the input class, their rules, and the mapper to `details`. */
export interface DepartmentDetailsOptions<D extends object> {
  /** An `@InputType('<Type>DetailsInput')` class with the department's fields, all nullable; the create and update inputs extend it. */
  input: ClassType<D>;
  /** zod rules per field (see nameList, count … in measure-validation.ts). */
  shape: DetailsShape;
  toDetails: MeasureDetailsSpec<D>['toDetails'];
}

export interface DepartmentSubgraphOptions<T extends { id: string }, D extends object = object> {
  /** The department's manifest name, e.g. `education`: its service name, schema, port, code and field prefix come from the manifest. */
  name: FeedingDepartmentName;
  /** The department's measure type (`@key(fields: "id")`), with its own fields. */
  measureType: ClassType<T>;
  toMeasure: (entity: MeasureEntity) => T;
  /** The department's own fields for create/update (the common ones come from the factory). */
  details: DepartmentDetailsOptions<D>;
  /**
   * After a write committed: make the catalog read this department's feed now. Defaults to a
   * POST of `syncCatalog(source: <name>)` to the programme service (2 s limit, failures ignored).
   */
  catalogNudge?: (dataSource: DataSource, base: SubgraphContext) => () => Promise<boolean>;
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
export function createDepartmentSubgraph<T extends { id: string }, D extends object = object>(
  options: DepartmentSubgraphOptions<T, D>,
): SubgraphModule {
  const { measureType, toMeasure } = options;
  const { name, code, databaseSchema, port, fieldPrefix } = departmentByName(options.name);
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
    @Query(() => MeasureConnection, {
      nullable: true,
      name: `${fieldPrefix}Measures`,
      description: `This department's own measures, a page at a time.`,
    })
    async list(@Args() args: ListArgs, @Ctx() ctx: DepartmentContext) {
      if (args.regionCode) assertRegionCode(args.regionCode, 'regionCode');
      const { limit, offset } = pageWindow(args.first, args.after);
      const { rows, totalCount } = await ctx.measures.list({ regionCode: args.regionCode, limit, offset });
      return toConnection(rows.map(toMeasure), totalCount, offset);
    }

    @Directive('@inaccessible')
    @Query(() => MeasureFeedPage, {
      name: `${fieldPrefix}MeasureChanges`,
      description: "The change feed (outbox) after a position, oldest first, with the feed's id.",
    })
    async changes(
      @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
      @Arg('first', () => Int, { nullable: true, defaultValue: 200 }) first: number,
      @Ctx() ctx: DepartmentContext,
    ): Promise<MeasureFeedPage> {
      if (!/^\d{1,18}$/.test(after)) throw userInputError('"after" must be a feed position (a whole number as a string).', 'after');
      if (first < 1 || first > MAX_FEED_PAGE) throw userInputError(`"first" must be between 1 and ${MAX_FEED_PAGE}.`, 'first');
      const { feedId, latestSeq, events } = await ctx.measures.feed(Number(after), first);
      const changes = events.map((e: MeasureEventEntity) =>
        Object.assign(new MeasureChange(), {
          seq: String(e.seq),
          measureId: e.measureId,
          version: e.version,
          kind: e.kind,
          snapshot: JSON.stringify(e.snapshot),
        }),
      );
      return Object.assign(new MeasureFeedPage(), { feedId, latestSeq, changes });
    }
  }

  @Resolver(() => regionType)
  class RegionMeasuresResolver {
    @FieldResolver(() => [measureType], {
      nullable: true,
      name: `${fieldPrefix}Measures`,
      description: `${typeName}s touching this region or a region below it, the first \`first\` by id (\`${fieldPrefix}Measures(regionCode:)\` pages through all of them).`,
    })
    async measures(@Root() region: { code: string }, @Args() { first }: RegionListArgs, @Ctx() ctx: DepartmentContext): Promise<T[]> {
      return (await ctx.measures.touchingRegion(region.code, pageWindow(first, null).limit)).map(toMeasure);
    }
  }

  const writeSpec: MeasureWriteSpec<D> = {
    department: code,
    service: name,
    details: { shape: options.details.shape, toDetails: options.details.toDetails },
  };
  const writes = defineMeasureWriteSchema({
    measureType,
    typeName,
    fieldPrefix,
    service: name,
    detailsInput: options.details.input,
    toResult: ({ measure }) => toMeasure(measure),
  });
  const catalogNudge =
    options.catalogNudge ??
    ((_dataSource: DataSource, ctxBase: SubgraphContext) => () =>
      nudgeCatalog(name, { logger: ctxBase.logger, requestId: ctxBase.requestId, authorization: ctxBase.authorization }));

  const base = options.base ?? {};
  return {
    name,
    databaseSchema,
    defaultPort: port,
    entities: [MeasureEntity, TargetEntity, MeasureEventEntity, TargetObservationEntity, ...(options.extraEntities ?? [])],
    migrations: [
      CreateMeasureTables1764000100000,
      CreateWriteTables1764000100001,
      CreateMeasureFeed1764000100002,
      ...(options.extraMigrations ?? []),
    ],
    extensions: ['pg_trgm', ...(base.extensions ?? [])],
    resolvers: [DepartmentMeasureResolver, RegionMeasuresResolver, ...writes.resolvers, ...(options.extraResolvers ?? [])],
    orphanedTypes: [measureType, regionType, ...writes.orphanedTypes, ...(options.extraOrphanedTypes ?? [])],
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
      await departmentMeasureLoader(code)(dataSource, logger);
    },
    createContext: (dataSource, ctxBase) => ({
      measures: new MeasureStore(dataSource, ctxBase.loaders),
      measureWrites: new MeasureCommands(dataSource, writeSpec as MeasureWriteSpec<never>, {
        afterCommit: catalogNudge(dataSource, ctxBase),
      }),
      ...(options.extraContext?.(dataSource, ctxBase) ?? {}),
    }),
  };
}
