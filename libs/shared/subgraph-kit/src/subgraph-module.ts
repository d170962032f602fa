import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { Logger } from 'pino';
import { createSubgraphDataSource, initialiseAndMigrate, type SubgraphDataSource } from '@hkp/persistence';
import { buildFederatedSchema, type ReferenceResolvers } from './build-federated-schema';
import { scopeAuthChecker } from './auth';
import type { SubgraphContext } from './context';
import type { SubgraphHttpRoute } from './subgraph-server';
import type { GraphQLSchema } from 'graphql';

/**
 * Everything that makes a department's subgraph: the app's main.ts, the composer and the tests
 * all start from this one description, so they cannot drift apart.
 */
export interface SubgraphModule {
  /** Service name, as in the supergraph (`civil-affairs`). */
  name: string;
  /** The PostgreSQL schema it owns. */
  databaseSchema: string;
  defaultPort: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** PostgreSQL extensions its migrations use (created once per database, under a lock). */
  extensions?: string[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type; they load through the request's DataLoaders. */
  referenceResolvers?: ReferenceResolvers;
  /** Loads the data the service ships with, adding only what is missing (safe to run twice). */
  loadSeedData?: (dataSource: DataSource, logger: Logger) => Promise<void>;
  /** Work the service does besides answering requests (e.g. following change feeds); returns its stop. */
  startBackground?: (dataSource: DataSource, logger: Logger) => () => Promise<void>;
  /** HTTP routes of its own beside /graphql and /health (path → handler), e.g. a data version. */
  httpRoutes?: (dataSource: DataSource) => Record<string, SubgraphHttpRoute>;
  /** Per-request values for resolvers, built from the data source. */
  createContext: (dataSource: DataSource, base: SubgraphContext) => object;
}

/**
 * type-graphql insists on a PubSub once a schema has a subscription. Ours read their own sources
 * (`@Subscription({ subscribe })`, e.g. the catalog's change log), so topics are refused.
 */
const NO_TOPICS = {
  publish: () => {
    throw new Error('Subscriptions here read their own source: give @Subscription a subscribe function, not topics.');
  },
  subscribe: () => {
    throw new Error('Subscriptions here read their own source: give @Subscription a subscribe function, not topics.');
  },
};

/** Builds the subgraph schema without a database: what composition and SDL checks need. */
export function buildModuleSchema(module: SubgraphModule): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: module.resolvers,
      orphanedTypes: module.orphanedTypes,
      validate: { forbidUnknownValues: false },
      authChecker: scopeAuthChecker,
      pubSub: NO_TOPICS,
    },
    module.referenceResolvers,
  );
}

/** Opens the module's data source, migrates it and loads its seed data. */
export async function prepareModuleDatabase(
  module: SubgraphModule,
  url: string,
  logger: Logger,
  poolSize?: number,
): Promise<SubgraphDataSource> {
  const source = createSubgraphDataSource({
    url,
    schema: module.databaseSchema,
    entities: module.entities,
    migrations: module.migrations,
    applicationName: module.name,
    poolSize,
  });
  await initialiseAndMigrate(source.dataSource, module.databaseSchema, module.extensions ?? []);
  if (module.loadSeedData) await module.loadSeedData(source.dataSource, logger);
  return source;
}
