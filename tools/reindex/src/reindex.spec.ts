import { Client } from 'pg';
import { normaliseForSearch, SEARCH_KEY_VERSION } from '@hkp/chinese-text';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { LEVEL_RANK_VERSION, programmeSubgraph } from '@hkp/programme';
import { prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createTestDatabase, silentLogger, type TestDatabase } from '@hkp/testing';
import { describeReport, reindexDatabase } from './reindex';

// `npm run reindex` on a database where the programme and civil-affairs services have migrated
// and loaded their schemas, with keys made to look as an older version stored them.

const PROGRAMME = programmeSubgraph.databaseSchema;
const CIVIL_AFFAIRS = civilAffairsSubgraph.databaseSchema;

let db: TestDatabase;
let client: Client;
let regionCount: number;

beforeAll(async () => {
  db = await createTestDatabase('reindex');
  for (const module of [programmeSubgraph, civilAffairsSubgraph]) {
    const { dataSource } = await prepareModuleDatabase(module, db.url, silentLogger());
    await dataSource.destroy();
  }
  client = new Client({ connectionString: db.url });
  await client.connect();
  regionCount = Number((await client.query(`SELECT count(*) AS n FROM "${CIVIL_AFFAIRS}".regions`)).rows[0].n);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Two catalog rows as a release before key versions left them: keys of no use, version 0. */
async function storeOlderCatalogRows(): Promise<void> {
  await client.query(`TRUNCATE "${PROGRAMME}".catalog_measures`);
  await client.query(
    `INSERT INTO "${PROGRAMME}".catalog_measures (id, department, version, responsible_body, category, level, level_rank, issuer, title,
       original_title, points, region_codes, region_scope, years, targets, source, search_title, search_text, updated_at)
     SELECT id, 'EDUCATION', 1, '省教育厅', 'EDUCATION', level, 9, '广东省教育厅', title, original_title, '["建設鄉村學校"]'::jsonb,
            '{440600}', '{440000,440600}', '{}', '[{"indicator": "覆蓋率"}]'::jsonb, '{}'::jsonb, '', '', now()
       FROM (VALUES ('m-1', 'CITY', '教育行动方案', '教育行動方案'), ('m-2', 'COUNTY', '乡村教师', '鄉村教師')) AS m(id, level, title, original_title)`,
  );
}

const catalogRows = async () =>
  (
    await client.query(
      `SELECT id, search_title, search_text, level_rank, search_keys_version, level_rank_version FROM "${PROGRAMME}".catalog_measures ORDER BY id`,
    )
  ).rows;

it('rebuilds stale catalog keys and region name keys in every schema, then finds nothing stale', async () => {
  await storeOlderCatalogRows();
  // Region keys of an older normalisation: the seed's checksum records another key version.
  await client.query(`UPDATE "${CIVIL_AFFAIRS}".regions SET name_key = ''`);
  await client.query(`UPDATE "${CIVIL_AFFAIRS}".seed_state SET checksum = 'name_key v0' WHERE dataset = 'regions'`);

  const report = await reindexDatabase(db.url);
  expect(report).toEqual({
    catalog: [{ schema: PROGRAMME, searchKeys: 2, levelRanks: 2 }],
    regions: [{ schema: CIVIL_AFFAIRS, regions: regionCount }],
    unmigrated: [],
  });
  expect(describeReport(report)).toEqual([
    `${PROGRAMME}: catalog search keys rebuilt for 2 measures (v${SEARCH_KEY_VERSION}), level ranks for 2 (v${LEVEL_RANK_VERSION})`,
    `${CIVIL_AFFAIRS}: region name keys rebuilt for ${regionCount} regions (v${SEARCH_KEY_VERSION})`,
  ]);

  const rows = await catalogRows();
  expect(rows).toMatchObject([
    { id: 'm-1', search_title: '教育行动方案 教育行动方案 jiaoyuxingdongfangan', level_rank: 1, search_keys_version: SEARCH_KEY_VERSION },
    { id: 'm-2', search_title: '乡村教师 乡村教师 xiangcunjiaoshi', level_rank: 2, level_rank_version: LEVEL_RANK_VERSION },
  ]);
  // From the row's published points and indicators, normalised.
  expect(rows[1].search_text).toContain('建设乡村学校');
  expect(rows[1].search_text).toContain('覆盖率');
  // And the row's region (440600) in characters, pinyin and initials.
  for (const key of ['佛山市', 'foshanshi', 'fss']) expect(rows[1].search_text).toContain(key);
  const regions = (await client.query(`SELECT name, name_key FROM "${CIVIL_AFFAIRS}".regions`)).rows as {
    name: string;
    name_key: string;
  }[];
  expect(regions.filter((r) => r.name_key !== normaliseForSearch(r.name))).toEqual([]);

  // A second run finds everything current.
  expect(await reindexDatabase(db.url)).toEqual({
    catalog: [{ schema: PROGRAMME, searchKeys: 0, levelRanks: 0 }],
    regions: [{ schema: CIVIL_AFFAIRS, regions: 0 }],
    unmigrated: [],
  });
}, 120_000);

it('with `all`, rebuilds every key whatever version it records', async () => {
  await client.query(`UPDATE "${PROGRAMME}".catalog_measures SET search_text = 'damaged'`);
  await client.query(`UPDATE "${CIVIL_AFFAIRS}".regions SET name_key = 'damaged' WHERE code = '440600'`);
  const report = await reindexDatabase(db.url, { all: true });
  expect(report.catalog).toEqual([{ schema: PROGRAMME, searchKeys: 2, levelRanks: 2 }]);
  expect(report.regions).toEqual([{ schema: CIVIL_AFFAIRS, regions: regionCount }]);
  expect((await catalogRows()).map((row) => row.search_text)).not.toContain('damaged');
  const [foshan] = (await client.query(`SELECT name_key FROM "${CIVIL_AFFAIRS}".regions WHERE code = '440600'`)).rows;
  expect(foshan.name_key).toBe('佛山市');
}, 120_000);

it('names a catalog that predates key versions instead of failing', async () => {
  await client.query(`CREATE SCHEMA old_programme`);
  await client.query(`CREATE TABLE old_programme.catalog_measures (id text PRIMARY KEY, search_text text NOT NULL)`);
  try {
    const report = await reindexDatabase(db.url);
    expect(report.unmigrated).toEqual(['old_programme']);
    expect(describeReport(report)).toContain(
      'old_programme: the catalog has no key versions yet; start the programme service once (it migrates the schema and rebuilds the keys)',
    );
  } finally {
    await client.query(`DROP SCHEMA old_programme CASCADE`);
  }
});
