import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { educationSubgraph } from '@hkp/education';
import { prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { backUpSchemas } from './backup';
import { compareFingerprints, fingerprintAll, runDrill } from './drill';
import { restoreSchema } from './restore';
import { SESSION_NAME } from './session';

// What npm start did to a restore on its embedded PostgreSQL when it stopped the server under it:
// every session of the command ended with 57P01 (a fast shutdown, or pg_terminate_backend, as here).

const SCHEMA = educationSubgraph.databaseSchema;
/** The advisory lock the restore takes before migrating its staging schema (initialiseAndMigrate). */
const STAGING_LOCK = `SELECT pg_advisory_lock(hashtext('migrate:${SCHEMA}__restoring'))`;
let database: TestDatabase;
let admin: Client;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase('db_backup_ended');
  const { dataSource } = await prepareModuleDatabase(educationSubgraph, database.url, pino({ level: 'silent' }), 2);
  await dataSource.destroy();
  admin = new Client({ connectionString: database.url, application_name: 'db-backup-spec' });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'db-backup-ended-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Holds the restore at its staging lock, then ends every session of the command as a server shutdown would. */
async function endSessionsWhileRestoring(): Promise<void> {
  const sessions = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${SESSION_NAME}'`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await admin.query(`SELECT count(*)::int AS waiting ${sessions} AND wait_event_type = 'Lock'`);
    if (rows[0].waiting > 0) break;
    if (Date.now() > deadline) throw new Error('the restore never reached its staging lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await admin.query(`SELECT pg_terminate_backend(pid) ${sessions}`);
}

describe('a restore whose sessions PostgreSQL ends (npm start stopping its embedded server under it)', () => {
  it('fails with the reason and the live schema untouched, without crashing, and the next restore works', async () => {
    await backUpSchemas({ url: database.url, schemas: [{ schema: SCHEMA, service: educationSubgraph.name }], out: folder, format: 'copy' });
    const live = await fingerprintAll(database.url, [SCHEMA]);

    await admin.query(STAGING_LOCK);
    const restoring = restoreSchema({ url: database.url, dir: join(folder, SCHEMA), module: educationSubgraph, replace: true });
    const outcome = restoring.then(
      () => undefined,
      (error: Error) => error.message,
    );
    await endSessionsWhileRestoring();
    await admin.query(`SELECT pg_advisory_unlock_all()`);

    expect(await outcome).toMatch(
      /^Restoring "education" failed; the live schema is unchanged\. .*terminating connection due to administrator command.*PostgreSQL ended this command's session.*npm start waits for it/,
    );
    expect(compareFingerprints(live, await fingerprintAll(database.url, [SCHEMA]))).toEqual([]);

    await restoreSchema({ url: database.url, dir: join(folder, SCHEMA), module: educationSubgraph, replace: true });
    expect(compareFingerprints(live, await fingerprintAll(database.url, [SCHEMA]))).toEqual([]);
    const { rows } = await admin.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '%restoring'`);
    expect(rows).toEqual([]);
  });

  it('in a drill, names the schemas left dropped and the command that restores them from the kept backup', async () => {
    const live = await fingerprintAll(database.url, [SCHEMA]);
    const log: string[] = [];
    await admin.query(STAGING_LOCK);
    const drill = runDrill({
      url: database.url,
      subgraphs: [educationSubgraph],
      out: folder,
      format: 'copy',
      gateway: false,
      log: (m) => log.push(m),
    });
    const outcome = drill.then(
      () => undefined,
      (error: Error) => error.message,
    );
    await endSessionsWhileRestoring();
    await admin.query(`SELECT pg_advisory_unlock_all()`);

    expect(await outcome).toMatch(/terminating connection due to administrator command/);
    expect(log).toContain(`Drill FAILED while restoring; still dropped: ${SCHEMA}. The backup is kept in ${folder}:`);
    expect(log).toContain(`  npm run db:restore -- --from ${folder} --schema ${SCHEMA}`);

    // What that command does: the schema comes back as it was.
    await restoreSchema({ url: database.url, dir: join(folder, SCHEMA), module: educationSubgraph, replace: false });
    expect(compareFingerprints(live, await fingerprintAll(database.url, [SCHEMA]))).toEqual([]);
  });
});
