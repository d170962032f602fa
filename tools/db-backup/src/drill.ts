import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { getEnvPort } from '@hkp/util-env';
import { backUpSchemas } from './backup';
import { connectSession } from './session';
import type { BackupFormat } from './client-tools';
import { readManifest } from './manifest';
import { codeMigrations, compareMigrations } from './schema-migrations';
import { describeRestore, restoreSchema } from './restore';
import { applyStableOutput, fingerprintSchema, quoteIdent, type TableFingerprint } from './schema-tables';

export interface DrillOptions {
  url: string;
  subgraphs: SubgraphModule[];
  /** Where the backup goes; a temporary folder (removed when the drill passes) by default. */
  out?: string;
  format: BackupFormat | 'auto';
  /** The gateway to ask before and after; undefined: the local one if it answers; false: none. */
  gateway?: string | false;
  log: (message: string) => void;
}

type Fingerprints = Record<string, Record<string, TableFingerprint>>;

/** Read through the gateway before and after: regions (civil-affairs), one department, the catalog and the programme. */
export const DRILL_QUERY = `{
  regions(first: 50) { totalCount nodes { code name } }
  educationMeasures(first: 50) { totalCount nodes { id version title } }
  measures(first: 100) { totalCount nodes { id version department title } }
  programme { milestones { year goal } }
}`;

/** Every table of every schema, from one snapshot. */
export async function fingerprintAll(url: string, schemas: string[]): Promise<Fingerprints> {
  const client = await connectSession(url);
  try {
    await applyStableOutput(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result: Fingerprints = {};
    for (const schema of schemas) result[schema] = await fingerprintSchema(client, schema);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

/**
 * Tables that change by design after a restore, compared by row count only: every restored change
 * feed (a department's, and the catalog's public one) has a new id (see restore.ts), and a running
 * programme then moves its catalog positions to the departments' new feeds.
 */
const RENEWED_BY_RESTORE = ['measure_feed', 'catalog_feed_cursors', 'catalog_change_feed'];

/** Differences between two pictures of the schemas. */
export function compareFingerprints(before: Fingerprints, after: Fingerprints): string[] {
  const problems: string[] = [];
  for (const [schema, tables] of Object.entries(before)) {
    for (const [table, was] of Object.entries(tables)) {
      const now = after[schema]?.[table];
      if (!now) problems.push(`${schema}.${table} is missing after the restore`);
      else if (now.rows !== was.rows) problems.push(`${schema}.${table}: ${was.rows} rows before, ${now.rows} after`);
      else if (!RENEWED_BY_RESTORE.includes(table) && now.checksum !== was.checksum)
        problems.push(`${schema}.${table}: checksum ${was.checksum} before, ${now.checksum} after`);
    }
    for (const table of Object.keys(after[schema] ?? {}))
      if (!(table in tables)) problems.push(`${schema}.${table} appeared with the restore`);
  }
  return problems;
}

async function askGateway(url: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    // no-cache: the answer must come from the subgraphs, not the gateway's response cache.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache', 'x-request-id': 'db-drill' },
    body: JSON.stringify({ query: DRILL_QUERY }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length)
    throw new Error(`the gateway answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ')}`);
  return body.data;
}

/**
 * Backs up every schema, drops them, restores them, and checks that every table holds what it held
 * (row counts and checksums) and, with a gateway running, that it answers the same query the same.
 */
export async function runDrill(options: DrillOptions): Promise<boolean> {
  const { log } = options;
  const schemas = options.subgraphs.map((m) => m.databaseSchema);
  const gateway =
    options.gateway === false ? undefined : (options.gateway ?? `http://localhost:${getEnvPort('GATEWAY_PORT', 4000)}/graphql`);
  let answerBefore: unknown;
  if (gateway) {
    try {
      answerBefore = await askGateway(gateway);
      log(`Gateway ${gateway} answers; its answer is compared after the restore.`);
    } catch (error) {
      if (options.gateway) throw new Error(`The gateway ${gateway} did not answer the drill's query: ${(error as Error).message}`);
      log(`No gateway answers at ${gateway} (${(error as Error).message}); comparing the tables only.`);
    }
  }

  const before = await fingerprintAll(options.url, schemas);
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'hkp-db-drill-'));
  const started = Date.now();
  const backup = await backUpSchemas({
    url: options.url,
    schemas: options.subgraphs.map((m) => ({ schema: m.databaseSchema, service: m.name })),
    out,
    format: options.format,
    log,
  });
  const backedUp = Date.now();

  // Never drop what could not be restored: every backup must fit the code's migrations first.
  for (const module of options.subgraphs)
    compareMigrations(readManifest(join(out, module.databaseSchema)).migrations, codeMigrations(module), module.databaseSchema);
  log(`Dropping ${schemas.join(', ')}…`);
  const client = await connectSession(options.url);
  try {
    await client.query('BEGIN');
    await client.query(`SET lock_timeout = '30s'`);
    for (const schema of schemas) await client.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }

  const left = [...options.subgraphs];
  try {
    for (const module of options.subgraphs) {
      const result = await restoreSchema({ url: options.url, dir: join(out, module.databaseSchema), module, replace: false, log });
      for (const line of describeRestore(result)) log(line);
      left.shift();
    }
  } catch (error) {
    const names = left.map((m) => m.databaseSchema).join(' --schema ');
    log(`Drill FAILED while restoring; still dropped: ${left.map((m) => m.databaseSchema).join(', ')}. The backup is kept in ${out}:`);
    log(`  npm run db:restore -- --from ${out} --schema ${names}`);
    throw error;
  }
  const restored = Date.now();

  const after = await fingerprintAll(options.url, schemas);
  const problems = compareFingerprints(before, after);
  const tables = Object.values(before).reduce((sum, t) => sum + Object.keys(t).length, 0);
  const rows = Object.values(before).reduce((sum, t) => sum + Object.values(t).reduce((s, f) => s + f.rows, 0), 0);
  log(
    `${schemas.length} schemas, ${tables} tables, ${rows} rows: backup ${((backedUp - started) / 1000).toFixed(1)} s (${backup.format}), restore ${((restored - backedUp) / 1000).toFixed(1)} s.`,
  );

  if (answerBefore !== undefined && gateway) {
    // The catalog rebuilds each restored department from its renewed feed on its next pass.
    const deadline = Date.now() + 60_000;
    let answerAfter: unknown;
    let lastError = '';
    while (Date.now() < deadline) {
      answerAfter = await askGateway(gateway).catch((error: Error) => ((lastError = error.message), undefined));
      if (isDeepStrictEqual(answerAfter, answerBefore)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (isDeepStrictEqual(answerAfter, answerBefore)) log('The gateway answers the drill query as before.');
    else problems.push(`the gateway's answer differs from before after 60 s${lastError ? ` (last error: ${lastError})` : ''}`);
  }

  if (problems.length > 0) {
    for (const problem of problems) log(`MISMATCH ${problem}`);
    log(`Drill FAILED; the backup is kept in ${out}.`);
    return false;
  }
  log(`Drill passed: every table matches its backup${options.out ? `; the backup is in ${out}` : ''}.`);
  if (!options.out) rmSync(out, { recursive: true, force: true });
  return true;
}
