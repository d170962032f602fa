import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { Logger } from 'pino';
import { getEnvNum } from '@hkp/util-env';
import { CatalogChangeStream } from './catalog-change-stream';
import type { CatalogChangesContext } from './measure-changed.resolver';

const streams = new WeakMap<DataSource, CatalogChangeStream>();

/** The one change stream of a data source: the background work starts and stops it, requests follow it. */
export function catalogChangeStreamOf(dataSource: DataSource, logger: Logger): CatalogChangeStream {
  let stream = streams.get(dataSource);
  if (!stream) {
    const options = dataSource.options as PostgresConnectionOptions;
    stream = new CatalogChangeStream({
      connect: async () => {
        const client = new Client({ connectionString: options.url, application_name: `${options.applicationName ?? 'programme'}:changes` });
        await client.connect();
        return client;
      },
      schema: options.schema ?? 'public',
      db: dataSource,
      logger,
      pollIntervalMs: getEnvNum('CATALOG_CHANGES_POLL_MS', 5000, process.env, { min: 50 }),
    });
    streams.set(dataSource, stream);
  }
  return stream;
}

/** The part of a request's context that reads the catalog's changes. */
export function catalogChangesContext(dataSource: DataSource, logger: Logger): CatalogChangesContext {
  return { catalogChanges: { stream: catalogChangeStreamOf(dataSource, logger), db: dataSource } };
}
