import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Client } from 'pg';
import { chooseFormat, libpqEnvironment, runTool, serverVersion, type BackupFormat } from './client-tools';
import { connectSession } from './session';
import { copyOut } from './copy-stream';
import { writeManifest, type BackupManifest } from './manifest';
import {
  appliedMigrations,
  applyStableOutput,
  fingerprintTable,
  listSequences,
  listTables,
  qualified,
  quoteIdent,
  schemaExists,
} from './schema-tables';

/** The id kept in a feed table: `measure_feed` (a department's) or `catalog_change_feed` (the catalog's public one). */
async function feedIdOf(client: Client, schema: string, table: string): Promise<string | undefined> {
  const { rows } = await client.query<{ feed_id: string }>(`SELECT feed_id::text FROM ${qualified(schema, table)}`);
  return rows[0]?.feed_id;
}

export interface SchemaToBackUp {
  schema: string;
  /** The subgraph that owns it. */
  service: string;
}

export interface BackupOptions {
  url: string;
  schemas: SchemaToBackUp[];
  /** Each schema goes into `<out>/<schema>/`. */
  out: string;
  format: BackupFormat | 'auto';
  log?: (message: string) => void;
}

export interface BackupResult {
  format: BackupFormat;
  reason: string;
  manifests: BackupManifest[];
}

/**
 * Backs up the schemas from one REPEATABLE READ snapshot, so every table of every schema is taken
 * at the same moment (the catalog's positions match the departments' feeds). The manifest's row
 * counts and checksums come from the same snapshot as the data.
 */
export async function backUpSchemas(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const client = await connectSession(options.url);
  try {
    await applyStableOutput(client);
    const server = await serverVersion(client);
    const { format, tools, reason } = await chooseFormat(options.format, server);
    log(`Format: ${format} (${reason}).`);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = format === 'pg_dump' ? (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id : '';
    const takenAt = new Date().toISOString();
    const manifests: BackupManifest[] = [];
    for (const { schema, service } of options.schemas) {
      if (!(await schemaExists(client, schema))) throw new Error(`Schema "${schema}" does not exist in this database: nothing to back up.`);
      const dir = join(options.out, schema);
      if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty; a backup is never written over another.`);
      mkdirSync(dir, { recursive: true });
      const tables: BackupManifest['tables'] = [];
      for (const table of await listTables(client, schema)) {
        const fingerprint = await fingerprintTable(client, schema, table.name);
        let file: string | undefined;
        if (format === 'copy') {
          file = `${table.name}.csv`;
          const sink = createWriteStream(join(dir, file));
          const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
          await copyOut(client, `COPY ${qualified(schema, table.name)} (${columns}) TO STDOUT WITH (FORMAT csv, HEADER true)`, sink);
          sink.end();
          await finished(sink);
        }
        tables.push({ name: table.name, file, ...fingerprint, columns: table.columns, primaryKey: table.primaryKey });
      }
      let dumpFile: string | undefined;
      if (format === 'pg_dump') {
        dumpFile = `${schema}.dump`;
        const { connection, env } = libpqEnvironment(options.url);
        await runTool(
          'pg_dump',
          [
            `--snapshot=${snapshot}`,
            `--schema=${schema}`,
            '--format=custom',
            '--no-owner',
            '--no-privileges',
            `--file=${join(dir, dumpFile)}`,
            connection,
          ],
          env,
        );
      }
      const manifest: BackupManifest = {
        manifestVersion: 1,
        schema,
        service,
        format,
        dumpFile,
        serverVersion: server.text,
        serverVersionNum: server.num,
        clientVersion: tools?.version,
        takenAt,
        migrations: await appliedMigrations(client, schema),
        tables,
        sequences: await listSequences(client, schema),
        feedId: tables.some((t) => t.name === 'measure_feed') ? await feedIdOf(client, schema, 'measure_feed') : undefined,
        catalogFeedId: tables.some((t) => t.name === 'catalog_change_feed')
          ? await feedIdOf(client, schema, 'catalog_change_feed')
          : undefined,
      };
      writeManifest(dir, manifest);
      manifests.push(manifest);
      const rows = tables.reduce((sum, t) => sum + t.rows, 0);
      log(`${schema}: ${tables.length} tables, ${rows} rows, ${manifest.migrations.length} migrations → ${dir}`);
    }
    await client.query('COMMIT');
    return { format, reason, manifests };
  } finally {
    await client.end();
  }
}
