import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { QueryCounter } from './query-counter';

export interface SubgraphDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  applicationName: string;
  poolSize?: number;
}

export interface SubgraphDataSource {
  dataSource: DataSource;
  queries: QueryCounter;
}

export function createSubgraphDataSource(options: SubgraphDataSourceOptions): SubgraphDataSource {
  const queries = new QueryCounter();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['query', 'error'],
    logger: queries,
    applicationName: options.applicationName,
    extra: {
      // Raw SQL in migrations and loaders names tables without a schema: they land in ours.
      options: `-c search_path=${options.schema},public`,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // A dropped connection is replaced by the pool; keep sockets alive behind NAT and proxies.
      keepAlive: true,
    },
  });
  return { dataSource, queries };
}

/**
 * Opens the data source and brings its schema up to date. An advisory lock keyed by the schema
 * name makes replicas that start together run the migrations once.
 */
export async function initialiseAndMigrate(dataSource: DataSource, schema: string, extensions: string[] = []): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (extensions.length > 0) {
      // Extensions are per database; services starting together must not race to create them.
      await runner.query(`SELECT pg_advisory_lock(hashtext('create-extensions'))`);
      try {
        for (const name of extensions) await runner.query(`CREATE EXTENSION IF NOT EXISTS "${name.replace(/"/g, '""')}"`);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('create-extensions'))`);
      }
    }
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrate:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
