import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';

const column = z.object({ name: z.string(), type: z.string(), notNull: z.boolean(), default: z.string().nullable() });

const table = z.object({
  name: z.string().min(1),
  /** The table's data (CSV with a header) for the `copy` format; absent for `pg_dump`, whose file holds everything. */
  file: z.string().optional(),
  rows: z.number().int().nonnegative(),
  checksum: z.string().regex(/^[0-9a-f]{32}$/),
  columns: z.array(column),
  primaryKey: z.array(z.string()),
});

const sequence = z.object({
  name: z.string(),
  table: z.string(),
  column: z.string(),
  lastValue: z.string().regex(/^-?\d+$/),
  isCalled: z.boolean(),
});

/** What one schema's backup holds and what restoring it must reproduce. */
export const backupManifest = z.object({
  manifestVersion: z.literal(1),
  schema: z.string().min(1),
  /** The subgraph that owns the schema (its migrations recreate it). */
  service: z.string().min(1),
  format: z.enum(['copy', 'pg_dump']),
  /** The custom-format archive of `pg_dump`, for that format. */
  dumpFile: z.string().optional(),
  serverVersion: z.string(),
  serverVersionNum: z.number().int(),
  /** The client tools that wrote a `pg_dump` backup (`pg_dump (PostgreSQL) 15.20 …`). */
  clientVersion: z.string().optional(),
  takenAt: z.string(),
  /** The schema's TypeORM migrations, oldest first: the level its tables were at. */
  migrations: z.array(z.string()),
  /** In load order: each after the tables it references. */
  tables: z.array(table),
  sequences: z.array(sequence),
  /** The id of the schema's change feed (measure_feed) when it has one; restoring gives it a new one. */
  feedId: z.string().optional(),
  /** The id of the catalog's public change feed (catalog_change_feed, in programme); restoring gives it a new one. */
  catalogFeedId: z.string().optional(),
});

export type BackupManifest = z.infer<typeof backupManifest>;
export type ManifestTable = BackupManifest['tables'][number];

export function writeManifest(dir: string, manifest: BackupManifest): void {
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and checks a schema's manifest; a missing or malformed one is named with what is wrong. */
export function readManifest(dir: string): BackupManifest {
  const path = join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the backup manifest ${path}: ${(error as Error).message}`);
  }
  const parsed = backupManifest.safeParse(raw);
  if (!parsed.success) throw new Error(`${path} is not a backup manifest: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
