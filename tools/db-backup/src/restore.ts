import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { matchingClientTools, pgRestoreScript, runPsqlScript, serverVersion } from './client-tools';
import { connectSession, explainError } from './session';
import { copyIn } from './copy-stream';
import { readManifest, type BackupManifest, type ManifestTable } from './manifest';
import { codeMigrations, compareMigrations, migrateSchema } from './schema-migrations';
import {
  applyStableOutput,
  fingerprintSql,
  fingerprintTable,
  listTables,
  qualified,
  quoteIdent,
  schemaExists,
  STABLE_OUTPUT_SETTINGS,
  type TableInfo,
} from './schema-tables';

export interface RestoreOptions {
  url: string;
  /** The schema's backup folder (`<backup>/<schema>`, with manifest.json). */
  dir: string;
  /** The subgraph that owns the schema: its migrations build the tables. */
  module: SubgraphModule;
  /** Replace a schema that already has tables (its contents are lost). */
  replace: boolean;
  log?: (message: string) => void;
}

export interface RestoreResult {
  schema: string;
  format: BackupManifest['format'];
  tables: number;
  rows: number;
  /** Migrations newer than the backup, run after loading it. */
  migrated: string[];
  /** The department's change feed got a new id (see renewFeedId). */
  feedId?: { from: string; to: string };
  /** Where the catalog's public feed (measureChanges) now ends, for a restored programme. */
  catalogFeedEnd?: string;
  /**
   * The catalog's public feed got a new id (see RENEW_CATALOG_FEED_ID); `from` is absent for a
   * pg_dump backup whose manifest did not record it.
   */
  catalogFeedId?: { from?: string; to: string };
}

/** What a restore did, for the operator: a line each. */
export function describeRestore(result: RestoreResult): string[] {
  const lines = [`${result.schema}: restored ${result.tables} tables, ${result.rows} rows (${result.format}); counts and checksums match.`];
  if (result.migrated.length > 0) lines.push(`${result.schema}: then migrated to the code's level: ${result.migrated.join(', ')}.`);
  if (result.feedId)
    lines.push(
      `${result.schema}: its change feed has a new id (${result.feedId.from} → ${result.feedId.to}); the catalog in programme rebuilds this department from it on its next pass.`,
    );
  if (result.catalogFeedId)
    lines.push(
      `${result.schema}: the catalog's public feed (measureChanges, measureChanged, the Atom feed) has a new id (${result.catalogFeedId.from ?? 'not recorded'} → ${result.catalogFeedId.to}) and ends at seq ${result.catalogFeedEnd}; partners who follow it see the new feedId in measureChangeFeed and must copy again (README, "A consistent full copy").`,
    );
  else if (result.catalogFeedEnd !== undefined)
    lines.push(
      `${result.schema}: the catalog's public feed (measureChanges) now ends at seq ${result.catalogFeedEnd}; partners who had read further must continue from ${result.catalogFeedEnd}.`,
    );
  return lines;
}

/** How long the swap waits for the running service's transactions before giving up. */
const LOCK_TIMEOUT = `SET lock_timeout = '30s'`;

const migrateLock = (schema: string) => `SELECT pg_advisory_xact_lock(hashtext('migrate:' || ${literal(schema)}))`;

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A restored outbox is another history than the one the catalog followed from the backup on:
 * its seq numbers after the backup will be given to other changes. A new feed id tells the catalog
 * (programme) that its saved position means nothing any more, so it rebuilds the department
 * from the feed instead of skipping changes whose seq it believes it has read.
 */
const RENEW_FEED_ID = (schema: string) =>
  `UPDATE ${qualified(schema, 'measure_feed')} SET feed_id = gen_random_uuid(), created_at = now() RETURNING feed_id::text`;

/**
 * The catalog's public feed (measureChanges, measureChanged, the Atom feed) restored to a backup
 * ends earlier than partners may have read, and its positions after the backup will be given to
 * other changes. A new id is what tells a partner: it keeps the feed id with its position and
 * copies again when measureChangeFeed answers another (the README's copy recipe).
 */
const RENEW_CATALOG_FEED_ID = (schema: string) => {
  const table = qualified(schema, 'catalog_change_feed');
  return `WITH restored AS (SELECT feed_id FROM ${table})
    UPDATE ${table} SET feed_id = gen_random_uuid(), created_at = now() FROM restored
    RETURNING restored.feed_id::text AS "from", ${table}.feed_id::text AS "to"`;
};

/**
 * Restores one schema from its backup, all or nothing: the tables are built and loaded in a
 * staging schema (copy format) or inside one psql transaction (pg_dump format), checked against
 * the manifest's row counts and checksums, and only then put in place of the live schema.
 */
export async function restoreSchema(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const manifest = readManifest(options.dir);
  const { schema } = manifest;
  if (schema !== options.module.databaseSchema)
    throw new Error(`${options.dir} holds schema "${schema}", not "${options.module.databaseSchema}" of ${options.module.name}.`);
  const { pending } = compareMigrations(manifest.migrations, codeMigrations(options.module), schema);
  for (const table of manifest.tables) {
    if (table.file && !existsSync(join(options.dir, table.file))) throw new Error(`The backup lacks ${join(options.dir, table.file)}.`);
  }

  const client = await connectSession(options.url);
  let result: RestoreResult;
  try {
    await applyStableOutput(client);
    if (await schemaExists(client, schema)) {
      const tables = await listTables(client, schema);
      if (tables.length > 0 && !options.replace)
        throw new Error(
          `Schema "${schema}" already has ${tables.length} tables. Restoring replaces everything in it: add --replace (stop ${options.module.name} first, see docs/operations.md).`,
        );
    }
    result =
      manifest.format === 'copy'
        ? await restoreCopyFormat(client, options, manifest, log)
        : await restorePgDumpFormat(client, options, manifest, log);
  } finally {
    await client.end();
  }
  if (pending.length > 0) {
    log(`${schema}: running ${pending.length} migration(s) newer than the backup: ${pending.join(', ')}`);
    await migrateSchema(options.module, options.url, schema);
  }
  return { ...result, migrated: pending };
}

async function restoreCopyFormat(
  client: Client,
  options: RestoreOptions,
  manifest: BackupManifest,
  log: (message: string) => void,
): Promise<RestoreResult> {
  const { schema } = manifest;
  const staging = `${schema}__restoring`;
  const serverNum = (await serverVersion(client)).num;
  await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(staging)} CASCADE`); // left by an interrupted restore
  try {
    log(`${schema}: building its tables in ${staging} with ${manifest.migrations.length} migration(s)…`);
    await migrateSchema(options.module, options.url, staging, manifest.migrations);
    await createTablesOutsideMigrations(client, staging, manifest.tables, await listTables(client, staging));

    await client.query('BEGIN');
    const built = await listTables(client, staging);
    // The migrations insert rows of their own (the migrations list, the feed's first id): the backup's replace them.
    await client.query(`TRUNCATE ${built.map((t) => qualified(staging, t.name)).join(', ')}`);
    // HEADER MATCH (PostgreSQL 15+) also checks that each file's columns are the table's, by name and order.
    const header = serverNum >= 150000 ? 'MATCH' : 'true';
    for (const table of manifest.tables) {
      const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      await copyIn(
        client,
        `COPY ${qualified(staging, table.name)} (${columns}) FROM STDIN WITH (FORMAT csv, HEADER ${header})`,
        createReadStream(join(options.dir, table.file!)),
      ).catch((error: Error) => {
        throw new Error(`Loading ${table.name} failed: ${error.message}`);
      });
    }
    for (const s of manifest.sequences)
      await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [qualified(staging, s.name), s.lastValue, s.isCalled]);
    for (const table of manifest.tables) assertMatches(table, await fingerprintTable(client, staging, table.name));
    const feedId = await renewFeedId(client, staging, manifest);
    const catalogFeedId = await renewCatalogFeedId(client, staging, manifest);
    await client.query('COMMIT');

    // The swap: one short transaction, so the service sees the old schema or the restored one.
    await client.query('BEGIN');
    await client.query(LOCK_TIMEOUT);
    await client.query(migrateLock(schema));
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await client.query(`ALTER SCHEMA ${quoteIdent(staging)} RENAME TO ${quoteIdent(schema)}`);
    await client.query('COMMIT');
    return summary(manifest, feedId, catalogFeedId, await catalogFeedEnd(client, schema, manifest));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(staging)} CASCADE`).catch(() => undefined);
    throw new Error(`Restoring "${schema}" failed; the live schema is unchanged. ${explainError(error)}`);
  }
}

async function restorePgDumpFormat(
  client: Client,
  options: RestoreOptions,
  manifest: BackupManifest,
  log: (message: string) => void,
): Promise<RestoreResult> {
  const { schema } = manifest;
  const server = await serverVersion(client);
  if (!(await matchingClientTools(server)))
    throw new Error(
      `This backup was written by pg_dump; restoring it needs pg_restore and psql of PostgreSQL ${Math.floor(server.num / 10000)} or newer on PATH.`,
    );
  const archive = join(options.dir, manifest.dumpFile ?? `${schema}.dump`);
  if (!existsSync(archive)) throw new Error(`The backup lacks ${archive}.`);
  for (const name of options.module.extensions ?? []) await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`);
  log(`${schema}: restoring ${archive} with pg_restore in one transaction…`);
  // The archive's own DDL: it is what the manifest's migrations built (checked above), so the
  // tables are the ones this code expects; its data, sequences and indexes come with it.
  const restore = pgRestoreScript(archive);
  const verify = manifest.tables.map(
    (t) => `DO $verify$ DECLARE r record; BEGIN
  ${fingerprintSql(schema, t.name)} INTO r;
  IF r.rows <> ${t.rows} OR r.checksum <> ${literal(t.checksum)} THEN
    RAISE EXCEPTION 'table %: % rows, checksum % after loading; the backup has ${t.rows} rows, checksum ${t.checksum}', ${literal(t.name)}, r.rows, r.checksum;
  END IF;
END $verify$;\n`,
  );
  const renew =
    (manifest.feedId === undefined ? '' : `${RENEW_FEED_ID(schema)};\n`) +
    (hasCatalogFeed(manifest) ? `${RENEW_CATALOG_FEED_ID(schema)};\n` : '');
  await runPsqlScript(options.url, [
    `${LOCK_TIMEOUT};\n${migrateLock(schema)};\nDROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE;\n`,
    restore.script,
    async () => {
      await restore.done;
      return `${STABLE_OUTPUT_SETTINGS.join(';\n')};\nSET search_path = public;\n${verify.join('')}${renew}`;
    },
  ]);
  const feedId = await readFeedId(client, schema, manifest);
  const catalogFeedId = await readCatalogFeedId(client, schema, manifest);
  return summary(manifest, feedId, catalogFeedId, await catalogFeedEnd(client, schema, manifest));
}

/**
 * Tables a service creates at run time rather than in a migration (`seed_state`, which records
 * which seed data was loaded, so a restored department is not seeded over) are created from the
 * manifest's columns. Every other table must match the backup's columns exactly.
 */
async function createTablesOutsideMigrations(client: Client, staging: string, wanted: ManifestTable[], built: TableInfo[]): Promise<void> {
  for (const table of built) {
    if (!wanted.some((t) => t.name === table.name))
      throw new Error(`The migrations create table ${table.name}, which the backup does not have.`);
  }
  for (const table of wanted) {
    const existing = built.find((t) => t.name === table.name);
    if (existing) {
      const shape = (columns: { name: string; type: string }[]) => columns.map((c) => `${c.name} ${c.type}`).join(', ');
      if (shape(existing.columns) !== shape(table.columns))
        throw new Error(
          `Table ${table.name} built by the migrations has columns (${shape(existing.columns)}), the backup (${shape(table.columns)}).`,
        );
      continue;
    }
    if (table.columns.some((c) => c.default?.includes('nextval(')))
      throw new Error(`Table ${table.name} is not created by the migrations and numbers its rows with a sequence: it cannot be rebuilt.`);
    const columns = table.columns.map(
      (c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${c.default}` : ''}`,
    );
    if (table.primaryKey.length > 0) columns.push(`PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`);
    await client.query(`CREATE TABLE ${qualified(staging, table.name)} (${columns.join(', ')})`);
  }
}

function assertMatches(table: ManifestTable, loaded: { rows: number; checksum: string }): void {
  if (loaded.rows !== table.rows || loaded.checksum !== table.checksum)
    throw new Error(
      `Table ${table.name} does not match the backup after loading: ${loaded.rows} rows, checksum ${loaded.checksum}; the manifest has ${table.rows} rows, checksum ${table.checksum}.`,
    );
}

async function renewFeedId(client: Client, staging: string, manifest: BackupManifest): Promise<RestoreResult['feedId']> {
  if (manifest.feedId === undefined) return undefined;
  const { rows } = await client.query<{ feed_id: string }>(RENEW_FEED_ID(staging));
  return { from: manifest.feedId, to: rows[0]!.feed_id };
}

async function readFeedId(client: Client, schema: string, manifest: BackupManifest): Promise<RestoreResult['feedId']> {
  if (manifest.feedId === undefined) return undefined;
  const { rows } = await client.query<{ feed_id: string }>(`SELECT feed_id::text FROM ${qualified(schema, 'measure_feed')}`);
  return { from: manifest.feedId, to: rows[0]!.feed_id };
}

/** A programme backup taken after its public feed had an id (migration CreateCatalogChangeFeed). */
function hasCatalogFeed(manifest: BackupManifest): boolean {
  return manifest.tables.some((t) => t.name === 'catalog_change_feed');
}

async function renewCatalogFeedId(client: Client, staging: string, manifest: BackupManifest): Promise<RestoreResult['catalogFeedId']> {
  if (!hasCatalogFeed(manifest)) return undefined;
  const { rows } = await client.query<{ from: string; to: string }>(RENEW_CATALOG_FEED_ID(staging));
  if (rows.length !== 1)
    throw new Error(`catalog_change_feed holds ${rows.length} rows after loading; the catalog's feed has exactly one id.`);
  return rows[0]!;
}

async function readCatalogFeedId(client: Client, schema: string, manifest: BackupManifest): Promise<RestoreResult['catalogFeedId']> {
  if (!hasCatalogFeed(manifest)) return undefined;
  const { rows } = await client.query<{ feed_id: string }>(`SELECT feed_id::text FROM ${qualified(schema, 'catalog_change_feed')}`);
  return { from: manifest.catalogFeedId, to: rows[0]!.feed_id };
}

async function catalogFeedEnd(client: Client, schema: string, manifest: BackupManifest): Promise<string | undefined> {
  if (!manifest.tables.some((t) => t.name === 'catalog_changes')) return undefined;
  const { rows } = await client.query<{ end: string }>(
    `SELECT COALESCE(MAX(seq), 0)::text AS "end" FROM ${qualified(schema, 'catalog_changes')}`,
  );
  return rows[0]!.end;
}

function summary(
  manifest: BackupManifest,
  feedId: RestoreResult['feedId'],
  catalogFeedId: RestoreResult['catalogFeedId'],
  catalogEnd: string | undefined,
): RestoreResult {
  return {
    schema: manifest.schema,
    format: manifest.format,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
    migrated: [],
    feedId,
    catalogFeedEnd: catalogEnd,
    catalogFeedId,
  };
}
