import { Client } from 'pg';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { SEARCH_KEY_VERSION } from '@hkp/chinese-text';
import { loadRegionsCounted, reloadRegions } from '@hkp/civil-affairs';
import { createSubgraphDataSource } from '@hkp/persistence';
import { LEVEL_RANK_VERSION, rebuildCatalogKeys, type CatalogKeyCounts } from '@hkp/programme';

export interface ReindexOptions {
  /** Rebuild every derived key, whatever version it records. */
  all?: boolean;
}

/** What a reindex did, per schema and kind of derived key. */
export interface ReindexReport {
  /** Catalog rows whose search keys and level rank were rebuilt. */
  catalog: ({ schema: string } & CatalogKeyCounts)[];
  /** Regions whose name keys were derived again (the whole division list, or 0 when current). */
  regions: { schema: string; regions: number }[];
  /** Schemas with a catalog that predates key versions: the programme service migrates them when it starts. */
  unmigrated: string[];
}

async function schemasOf(url: string): Promise<{ catalog: { schema: string; versioned: boolean }[]; regions: string[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const catalog = await client.query<{ schema: string; versioned: boolean }>(
      `SELECT table_schema AS schema, bool_or(column_name = 'search_keys_version') AS versioned
         FROM information_schema.columns WHERE table_name = 'catalog_measures' GROUP BY table_schema ORDER BY table_schema`,
    );
    const regions = await client.query<{ schema: string }>(
      `SELECT DISTINCT table_schema AS schema FROM information_schema.columns
        WHERE table_name = 'regions' AND column_name = 'name_key' ORDER BY table_schema`,
    );
    return { catalog: catalog.rows, regions: regions.rows.map((row) => row.schema) };
  } finally {
    await client.end();
  }
}

/** A data source on one schema (raw SQL names tables without one), open for the duration of `work`. */
async function inSchema<T>(url: string, schema: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const { dataSource } = createSubgraphDataSource({ url, schema, entities: [], migrations: [], applicationName: 'reindex', poolSize: 2 });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Brings every stored derived key in the database to this version of the code, in every schema
 * that holds some: the catalog's search keys and level ranks (rows recording an older version, or
 * all with `all`) and the regions' name keys (loaded again when the stored checksum is of another
 * file or key version, or always with `all`). Safe beside running services: each uses the locks
 * the services' own rebuilds use.
 */
export async function reindexDatabase(url: string, options: ReindexOptions = {}): Promise<ReindexReport> {
  const all = options.all ?? false;
  const found = await schemasOf(url);
  const logger = pino({ level: 'warn' });
  const report: ReindexReport = { catalog: [], regions: [], unmigrated: [] };
  for (const { schema, versioned } of found.catalog) {
    if (!versioned) {
      report.unmigrated.push(schema);
      continue;
    }
    const rebuilt = await inSchema(url, schema, (dataSource) => rebuildCatalogKeys(dataSource, { all }));
    report.catalog.push({ schema, ...rebuilt });
  }
  for (const schema of found.regions) {
    const regions = await inSchema(url, schema, (dataSource) => (all ? reloadRegions : loadRegionsCounted)(dataSource, logger));
    report.regions.push({ schema, regions });
  }
  return report;
}

/** The report as the command prints it: one line per schema and kind. */
export function describeReport(report: ReindexReport): string[] {
  const lines = [
    ...report.catalog.map(
      (c) =>
        `${c.schema}: catalog search keys rebuilt for ${c.searchKeys} measures (v${SEARCH_KEY_VERSION}), ` +
        `level ranks for ${c.levelRanks} (v${LEVEL_RANK_VERSION})`,
    ),
    ...report.regions.map((r) => `${r.schema}: region name keys rebuilt for ${r.regions} regions (v${SEARCH_KEY_VERSION})`),
    ...report.unmigrated.map(
      (schema) =>
        `${schema}: the catalog has no key versions yet; start the programme service once (it migrates the schema and rebuilds the keys)`,
    ),
  ];
  return lines.length > 0 ? lines : ['No catalog or regions in this database: nothing to reindex.'];
}
