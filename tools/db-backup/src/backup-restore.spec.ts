import 'reflect-metadata';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import { prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { backUpSchemas } from './backup';
import { matchingClientTools, serverVersion, type BackupFormat } from './client-tools';
import { compareFingerprints, fingerprintAll } from './drill';
import { MANIFEST_FILE } from './manifest';
import { describeRestore, restoreSchema } from './restore';
import { codeMigrations } from './schema-migrations';

const SCHEMA = educationSubgraph.databaseSchema;
let database: TestDatabase;
let client: Client;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase('db_backup');
  const { dataSource } = await prepareModuleDatabase(educationSubgraph, database.url, pino({ level: 'silent' }), 2);
  await dataSource.destroy();
  client = new Client({ connectionString: database.url });
  await client.connect();
  // Rows numbered by a sequence (audit_log.id), one deleted: restoring must not hand its id out again.
  for (const id of ['a', 'b', 'c'])
    await client.query(
      `INSERT INTO ${SCHEMA}.audit_log (actor, scopes, action, measure_id, version, changes) VALUES ($1, '{education:write}', 'UPDATE', 'm', 1, '{}')`,
      [id],
    );
  await client.query(`DELETE FROM ${SCHEMA}.audit_log WHERE actor = 'c'`);
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'db-backup-spec-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const backUp = (format: BackupFormat) =>
  backUpSchemas({ url: database.url, schemas: [{ schema: SCHEMA, service: educationSubgraph.name }], out: folder, format });
const restore = (replace: boolean) => restoreSchema({ url: database.url, dir: join(folder, SCHEMA), module: educationSubgraph, replace });
const feedId = async () => (await client.query(`SELECT feed_id::text FROM ${SCHEMA}.measure_feed`)).rows[0].feed_id as string;

async function roundTrip(format: BackupFormat): Promise<void> {
  const before = await fingerprintAll(database.url, [SCHEMA]);
  const feedBefore = await feedId();
  const maxId = (await client.query(`SELECT max(id)::int AS id FROM ${SCHEMA}.audit_log`)).rows[0].id as number;
  expect((await backUp(format)).format).toBe(format);

  await expect(restore(false)).rejects.toThrow(/already has \d+ tables.*--replace/);

  // Changes after the backup, which the restore must undo.
  await client.query(`DELETE FROM ${SCHEMA}.targets WHERE id IN (SELECT id FROM ${SCHEMA}.targets LIMIT 3)`);
  await client.query(`UPDATE ${SCHEMA}.measures SET title = 'changed after the backup'`);
  const result = await restore(true);

  expect(compareFingerprints(before, await fingerprintAll(database.url, [SCHEMA]))).toEqual([]);
  expect(result.feedId).toEqual({ from: feedBefore, to: await feedId() });
  expect(result.feedId!.to).not.toBe(feedBefore);
  const { rows } = await client.query(
    `INSERT INTO ${SCHEMA}.audit_log (actor, scopes, action, measure_id, version, changes) VALUES ('d', '{}', 'UPDATE', 'm', 1, '{}') RETURNING id::int`,
  );
  expect(rows[0].id).toBeGreaterThan(maxId + 1); // after the deleted row's id too
  await client.query(`DELETE FROM ${SCHEMA}.audit_log WHERE actor = 'd'`);
}

describe('a department schema backed up, changed and restored', () => {
  it('comes back exactly in the COPY format (what the embedded PostgreSQL gets), with a new feed id and its sequence ahead', async () => {
    await roundTrip('copy');
  });

  it('comes back exactly with pg_dump and pg_restore when client tools of the server major are installed', async () => {
    if (!(await matchingClientTools(await serverVersion(client)))) return; // the COPY format covers this server
    await roundTrip('pg_dump');
  });

  it('is refused when a table does not load to its checksum, and the live schema is left as it was', async () => {
    await backUp('copy');
    const file = join(folder, SCHEMA, 'measures.csv');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/(\n[^,\n]+,)(\d+)/, (_all, head: string, version: string) => `${head}${Number(version) + 1}`),
    );
    await client.query(`UPDATE ${SCHEMA}.measures SET title = 'live title' WHERE id = (SELECT min(id) FROM ${SCHEMA}.measures)`);
    const live = await fingerprintAll(database.url, [SCHEMA]);

    await expect(restore(true)).rejects.toThrow(/live schema is unchanged.*Table measures does not match the backup/);
    expect(await fingerprintAll(database.url, [SCHEMA])).toEqual(live);
    const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '%restoring'`);
    expect(rows).toEqual([]);
  });

  it('is refused before anything changes when the backup was taken at migrations the code does not have', async () => {
    await backUp('copy');
    const path = join(folder, SCHEMA, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.migrations.push('AddSomethingNewer1999999999999');
    writeFileSync(path, JSON.stringify(manifest));
    const live = await fingerprintAll(database.url, [SCHEMA]);
    await expect(restore(true)).rejects.toThrow(/migrations the code does not have.*AddSomethingNewer1999999999999/);
    expect(await fingerprintAll(database.url, [SCHEMA])).toEqual(live);
  });

  it('comes back when its migrations ran in another order than the code lists them', async () => {
    // A migration added to the code with an older timestamp than some already applied (civil_affairs'
    // AddRegionPinyin1764000000002) runs last on an existing database; its backups list it last.
    const oldest = `(SELECT min(id) FROM ${SCHEMA}.migrations)`;
    const moved = (await client.query(`SELECT min(id)::int AS id FROM ${SCHEMA}.migrations`)).rows[0].id as number;
    await client.query(`UPDATE ${SCHEMA}.migrations SET id = (SELECT max(id) + 1 FROM ${SCHEMA}.migrations) WHERE id = ${oldest}`);
    try {
      await backUp('copy');
      const manifest = JSON.parse(readFileSync(join(folder, SCHEMA, MANIFEST_FILE), 'utf8')) as { migrations: string[] };
      expect(manifest.migrations.at(-1)).toBe(codeMigrations(educationSubgraph)[0]);
      const live = await fingerprintAll(database.url, [SCHEMA]);
      await client.query(`UPDATE ${SCHEMA}.measures SET title = 'changed after the backup'`);

      const result = await restore(true);
      expect(result.migrated).toEqual([]);
      expect(compareFingerprints(live, await fingerprintAll(database.url, [SCHEMA]))).toEqual([]);
    } finally {
      await client.query(`UPDATE ${SCHEMA}.migrations SET id = ${moved} WHERE id = (SELECT max(id) FROM ${SCHEMA}.migrations)`);
    }
  });

  it('never writes a backup over another', async () => {
    await backUp('copy');
    await expect(backUp('copy')).rejects.toThrow(/is not empty; a backup is never written over another/);
  });
});

describe('the programme schema backed up, its public feed advanced and restored', () => {
  const PROGRAMME = programmeSubgraph.databaseSchema;
  // What measureChangeFeed answers a partner (readCatalogChangeFeedHead's query).
  const publicFeed = async () =>
    (
      await client.query(
        `SELECT f.feed_id::text AS "feedId", (SELECT COALESCE(MAX(seq), 0) FROM ${PROGRAMME}.catalog_changes)::text AS "latestPosition"
           FROM ${PROGRAMME}.catalog_change_feed f`,
      )
    ).rows[0] as { feedId: string; latestPosition: string };
  const appendChange = (measureId: string) =>
    client.query(
      `INSERT INTO ${PROGRAMME}.catalog_changes (seq, measure_id, department, version, kind)
       SELECT COALESCE(MAX(seq), 0) + 1, $1, 'education', 1, 'UPSERT' FROM ${PROGRAMME}.catalog_changes`,
      [measureId],
    );

  beforeAll(async () => {
    const { dataSource } = await prepareModuleDatabase(programmeSubgraph, database.url, pino({ level: 'silent' }), 2);
    await dataSource.destroy();
  });

  it.each<BackupFormat>(['copy', 'pg_dump'])(
    'gives the catalog feed a new id in the %s format, so a partner who read past the restored end knows to copy again',
    async (format) => {
      if (format === 'pg_dump' && !(await matchingClientTools(await serverVersion(client)))) return; // the COPY format covers this server
      await appendChange(`before-${format}`);
      const backedUp = await publicFeed();
      await backUpSchemas({ url: database.url, schemas: [{ schema: PROGRAMME, service: programmeSubgraph.name }], out: folder, format });
      // A partner reads a change made after the backup: its position is then beyond the restored end.
      await appendChange(`after-${format}`);
      const partnerPosition = (await publicFeed()).latestPosition;

      const result = await restoreSchema({ url: database.url, dir: join(folder, PROGRAMME), module: programmeSubgraph, replace: true });

      const restored = await publicFeed();
      expect(restored.latestPosition).toBe(backedUp.latestPosition);
      expect(BigInt(partnerPosition)).toBeGreaterThan(BigInt(restored.latestPosition));
      expect(restored.feedId).not.toBe(backedUp.feedId);
      expect(result.catalogFeedId).toEqual({ from: backedUp.feedId, to: restored.feedId });
      expect(result.catalogFeedEnd).toBe(backedUp.latestPosition);
      expect(describeRestore(result).join('\n')).toContain(
        `has a new id (${backedUp.feedId} → ${restored.feedId}) and ends at seq ${backedUp.latestPosition}`,
      );
      // The catalog's rows otherwise come back as they were backed up.
      const { rows } = await client.query(`SELECT measure_id FROM ${PROGRAMME}.catalog_changes WHERE measure_id LIKE '%-${format}'`);
      expect(rows).toEqual([{ measure_id: `before-${format}` }]);
    },
  );
});
