import type { ClassType } from 'type-graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { SubgraphContext, SubgraphModule } from '@hkp/subgraph-kit';
import { MeasureEntity, MeasureEventEntity, TargetEntity, TargetObservationEntity } from './entities/measure.entity';
import type { FieldsShape, MeasureFields } from './fields/measure-fields';
import { departmentMeasureLoader } from './measure-seed';
import { departmentMeasureOperations, type DepartmentContext } from './measure-operations';
import { MeasureStore } from './measure-store';
import { CreateMeasureTables1764000100000 } from './migrations/1764000100000-create-measure-tables';
import { CreateWriteTables1764000100001 } from './migrations/1764000100001-create-write-tables';
import { CreateMeasureFeed1764000100002 } from './migrations/1764000100002-create-measure-feed';
import { nudgeCatalog } from './writes/catalog-nudge';
import { MeasureCommands, type MeasureWriteSpec } from './writes/measure-commands';

export interface DepartmentSubgraphOptions<S extends FieldsShape, C extends Record<string, z.ZodType>> {
  /** The department's own fields (they name the department: its service, schema, port and code come from the manifest). */
  fields: MeasureFields<S, C>;
  /** Its resolvers: its measures' queries and mutations, its Region fields, and any others. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's type of a resolver class
  resolvers: [Function, ...Function[]];
  /** The Region class its Region fields extend (civil-affairs passes the Region it owns). */
  regionType: ClassType<{ code: string }>;
  /** Its entities' reference resolvers; a Region stub (key only) is there unless given. */
  referenceResolvers: NonNullable<SubgraphModule['referenceResolvers']>;
  /**
   * After a write committed: make the catalog read this department's feed now. Defaults to a
   * POST of `syncCatalog(source: <name>)` to the programme service (2 s limit, failures ignored).
   */
  catalogNudge?: (dataSource: DataSource, base: SubgraphContext) => () => Promise<boolean>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  /** Run after the measure tables' migrations. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** Request values of its own next to `measures` and `measureWrites`. */
  context?: (dataSource: DataSource, base: SubgraphContext) => object;
  /** Seed data of its own, loaded before its measures. */
  seed?: (dataSource: DataSource, logger: Logger) => Promise<unknown>;
  /** HTTP routes of its own beside /graphql and /health (civil-affairs: /region-version). */
  httpRoutes?: SubgraphModule['httpRoutes'];
}

/**
 * A department's subgraph from its fields and resolvers: the measure tables and their
 * migrations, the context its resolvers read (`measures`, `measureWrites`), its measures' seed,
 * and its measure type as an entity.
 */
export function defineDepartmentSubgraph<S extends FieldsShape, C extends Record<string, z.ZodType>>(
  options: DepartmentSubgraphOptions<S, C>,
): SubgraphModule {
  const { fields } = options;
  const { name, code, databaseSchema, port } = fields.department;
  const operations = departmentMeasureOperations(fields);
  const writeSpec: MeasureWriteSpec<object> = {
    department: code,
    service: name,
    details: { shape: fields.writeShape, toDetails: (input, current) => fields.toDetails(input, current) },
  };
  const catalogNudge =
    options.catalogNudge ??
    ((_dataSource: DataSource, base: SubgraphContext) => () =>
      nudgeCatalog(name, { logger: base.logger, requestId: base.requestId, authorization: base.authorization }));

  return {
    name,
    databaseSchema,
    defaultPort: port,
    entities: [MeasureEntity, TargetEntity, MeasureEventEntity, TargetObservationEntity, ...(options.entities ?? [])],
    migrations: [
      CreateMeasureTables1764000100000,
      CreateWriteTables1764000100001,
      CreateMeasureFeed1764000100002,
      ...(options.migrations ?? []),
    ],
    extensions: ['pg_trgm'],
    resolvers: options.resolvers,
    orphanedTypes: [fields.MeasureType, options.regionType, ...operations.orphanedTypes, ...(options.orphanedTypes ?? [])],
    referenceResolvers: {
      Region: { __resolveReference: (reference: { code: string }) => reference },
      ...options.referenceResolvers,
    },
    loadSeedData: async (dataSource, logger) => {
      await options.seed?.(dataSource, logger);
      await departmentMeasureLoader(code)(dataSource, logger);
    },
    httpRoutes: options.httpRoutes,
    createContext: (dataSource, base): Omit<DepartmentContext, keyof SubgraphContext> => ({
      measures: new MeasureStore(dataSource, base.loaders),
      measureWrites: new MeasureCommands(dataSource, writeSpec as MeasureWriteSpec<never>, {
        afterCommit: catalogNudge(dataSource, base),
      }),
      ...(options.context?.(dataSource, base) ?? {}),
    }),
  };
}
