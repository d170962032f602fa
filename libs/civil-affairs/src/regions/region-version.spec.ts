import { buildModuleSchema, type StartedSubgraph } from '@hkp/subgraph-kit';
import { baseUrlOf, createTestDatabase, silentLogger, startTestSubgraph, type TestDatabase } from '@hkp/testing';
import { isObjectType } from 'graphql';
import { civilAffairsSubgraph } from '../civil-affairs.subgraph';
import { loadRegions, reloadRegions } from './region-seed';
import {
  bumpRegionVersion,
  NOT_REGION_DATA,
  REGION_DATA_FIELDS,
  REGION_VERSION_PATH,
  readRegionVersion,
  type RegionVersionAnswer,
} from './region-version';

// The region version changes with every committed change to the regions that the code makes (the
// seed load, a reload, the derived-key rebuild), in the same transaction, and is served at
// /region-version for the gateway's entity cache.

let db: TestDatabase;
let started: StartedSubgraph;

beforeAll(async () => {
  db = await createTestDatabase('civil_affairs_region_version');
  started = await startTestSubgraph(civilAffairsSubgraph, db.url);
});

afterAll(async () => {
  await started?.stop();
  await db?.drop();
});

const version = async () => (await readRegionVersion(started.database.dataSource)).version;

it('serves the current version and the Region fields it covers at /region-version, never cached', async () => {
  const response = await fetch(`${baseUrlOf(started.url)}${REGION_VERSION_PATH}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as RegionVersionAnswer;
  expect(body).toEqual({ type: 'Region', version: await version(), changedAt: expect.any(String), fields: [...REGION_DATA_FIELDS] });
  expect(body.version).toMatch(/^\d+-[0-9a-f-]{36}$/);
});

it('is bumped by a load that changes the regions, and not by a start that finds them current', async () => {
  const dataSource = started.database.dataSource;
  const before = await version();
  // What every restart does: the same file and key version, nothing written.
  await loadRegions(dataSource, silentLogger());
  expect(await version()).toBe(before);
  // A rebuild of the derived keys (npm run reindex -- --all) and a changed search-key version.
  await reloadRegions(dataSource, silentLogger());
  const afterReload = await version();
  expect(afterReload).not.toBe(before);
  await loadRegions(dataSource, silentLogger(), 999);
  expect(await version()).not.toBe(afterReload);
  // Left at key version 999: the tests below read the version and single rows only.
});

it('changes in the transaction that changes the regions: a rolled-back change leaves it, a committed one bumps it', async () => {
  const dataSource = started.database.dataSource;
  const before = await version();
  await expect(
    dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE regions SET name = '佛山' WHERE code = '440600'`);
      await bumpRegionVersion(manager);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(await version()).toBe(before);

  // Seen by another connection only once committed, together with the change.
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE regions SET name = '佛山' WHERE code = '440600'`);
    await bumpRegionVersion(manager);
    expect(await version()).toBe(before);
  });
  const changed = await version();
  expect(changed).not.toBe(before);
  const [{ name }] = (await dataSource.query(`SELECT name FROM regions WHERE code = '440600'`)) as { name: string }[];
  expect(name).toBe('佛山');
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE regions SET name = '佛山市' WHERE code = '440600'`);
    await bumpRegionVersion(manager);
  });
  expect(await version()).not.toBe(changed);
});

it('is restored with the regions it goes with: loading both tables leaves the loaded version', async () => {
  // What a restore does (npm run db:restore loads region_version, then regions, and checks both
  // against the backup's checksums): no trigger changes the version under it.
  const dataSource = started.database.dataSource;
  const before = await version();
  await dataSource.transaction(async (manager) => {
    await manager.query(`CREATE TEMP TABLE saved_regions ON COMMIT DROP AS SELECT * FROM regions WHERE code = '440600'`);
    await manager.query(`DELETE FROM regions WHERE code = '440600'`);
    await manager.query(`INSERT INTO regions SELECT * FROM saved_regions`);
  });
  expect(await version()).toBe(before);
});

it('covers every Region field of this service: each is region data or named as not', async () => {
  const region = (await buildModuleSchema(civilAffairsSubgraph)).getType('Region');
  if (!isObjectType(region)) throw new Error('Region is not an object type');
  expect(Object.keys(region.getFields()).sort()).toEqual([...REGION_DATA_FIELDS, ...NOT_REGION_DATA].sort());
  // A region-data field reads only regions: it takes no arguments.
  for (const name of REGION_DATA_FIELDS) expect(region.getFields()[name]!.args).toEqual([]);
});
