import type { DataSource } from 'typeorm';
import pino from 'pino';
import { normaliseForSearch, SEARCH_KEY_VERSION } from '@hkp/chinese-text';
import { envPrefixOf, FEEDING_DEPARTMENTS } from '@hkp/departments';
import { createSubgraphDataSource, type SubgraphDataSource } from '@hkp/persistence';
import type { MeasureSnapshot } from '@hkp/policy-model';
import { LoaderRegistry, prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createTestDatabase, graphqlRequest, silentLogger, startTestSubgraph, type TestDatabase } from '@hkp/testing';
import { programmeSubgraph } from '../programme.subgraph';
import { applyChange, searchTextOf } from './catalog-apply';
import { rebuildCatalogKeys, startCatalogKeyRebuild } from './catalog-key-rebuild';
import { CURRENT_CATALOG_KEYS, LEVEL_RANK_VERSION, type CatalogKeyDerivation } from './catalog-keys';
import { CatalogRepository } from './catalog-repository';

// The rebuild of the catalog's stored keys on real PostgreSQL, in the programme module's own
// schema migrated as the service migrates it. A "newer release" is a derivation passed in: a
// normalisation that also expands the programme's short name, with a higher version.

let db: TestDatabase;
let database: SubgraphDataSource;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('catalog_keys');
  database = await prepareModuleDatabase(programmeSubgraph, db.url, silentLogger());
  dataSource = database.dataSource;
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE catalog_measures, catalog_changes, catalog_feed_cursors');
});

const FULL_NAME = '百县千镇万村高质量发展工程';

/** A later normalisation: 百千万工程 is also found by the project's full name. */
const NEWER_SEARCH: CatalogKeyDerivation = {
  ...CURRENT_CATALOG_KEYS,
  searchKeyVersion: SEARCH_KEY_VERSION + 1,
  normalise: (text) => normaliseForSearch(text).replaceAll('百千万工程', `百千万工程 ${FULL_NAME}`),
};

/** A later ranking: counties' measures first. */
const COUNTIES_FIRST: CatalogKeyDerivation = {
  ...CURRENT_CATALOG_KEYS,
  levelRankVersion: LEVEL_RANK_VERSION + 1,
  levelRank: (level) => ({ COUNTY: 0, CITY: 1, PROVINCE: 2 })[level] ?? 3,
};

const origin = { name: 'education', department: 'EDUCATION' };

function snapshot(id: string, overrides: Partial<MeasureSnapshot> = {}): MeasureSnapshot {
  return {
    id,
    version: 1,
    department: 'EDUCATION',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    title: `推进百千万工程教育行动${id}`,
    originalTitle: `推進百千萬工程教育行動${id}`,
    points: ['到2025年建成城鄉教育共同體。'],
    pointsNormalised: ['到2025年建成城乡教育共同体。'],
    periodStart: 2023,
    periodEnd: 2025,
    publishedOn: null,
    regionCodes: ['440600'],
    targets: [],
    source: { document: 'test', documentTitle: 'test', excerpt: '' },
    archived: false,
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Stores measures as the catalog's feed sync does (current keys), in one transaction. */
async function store(snapshots: MeasureSnapshot[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const s of snapshots)
      await applyChange(manager, { seq: '1', measureId: s.id, version: 1, kind: 'UPSERT', snapshot: s }, origin, silentLogger());
  });
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `m-${String(i).padStart(4, '0')}`);

async function search(q: string | null): Promise<string[]> {
  const page = await new CatalogRepository(dataSource, new LoaderRegistry()).search(null, q === null ? {} : { q }, {
    limit: 100,
    after: null,
  });
  return page.rows.map((m) => m.id);
}

interface StoredKeys {
  id: string;
  search_title: string;
  search_text: string;
  search_keys_version: number;
  level_rank: number;
  level_rank_version: number;
  xmin: string;
}

const storedKeys = (): Promise<StoredKeys[]> =>
  dataSource.query(
    `SELECT id, search_title, search_text, search_keys_version, level_rank, level_rank_version, xmin::text FROM catalog_measures ORDER BY id`,
  );

/** A logger at info level whose lines the test reads back. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

describe('catalog keys stored by an older version', () => {
  it('records the versions it derived the keys with when a change is applied', async () => {
    await store([snapshot('m-1')]);
    expect(await storedKeys()).toMatchObject([{ search_keys_version: SEARCH_KEY_VERSION, level_rank_version: LEVEL_RANK_VERSION }]);
  });

  it('are rebuilt in the background after a start with a newer normalisation, and search finds by the new key', async () => {
    const measures = ids(5).map((id) => snapshot(id));
    await store(measures);
    await store([snapshot('m-other', { title: '乡村教师队伍建设', originalTitle: '鄉村教師隊伍建設' })]);
    expect(await search(FULL_NAME)).toEqual([]);

    const { logger, lines } = capture();
    const rebuild = startCatalogKeyRebuild(dataSource, logger, { keys: NEWER_SEARCH, batchSize: 2 });
    expect(await rebuild.finished).toEqual({ searchKeys: 6, levelRanks: 0 });

    expect(await search(FULL_NAME)).toEqual(ids(5));
    const stored = await storedKeys();
    expect(stored.map((row) => row.search_keys_version)).toEqual(Array(6).fill(SEARCH_KEY_VERSION + 1));
    for (const m of measures) {
      const keys = searchTextOf(m, NEWER_SEARCH.normalise);
      expect(stored.find((row) => row.id === m.id)).toMatchObject({ search_title: keys.title, search_text: keys.text });
    }
    // The start says what it found and what it did.
    expect(lines.map((line) => [line['msg'], line['stale'] ?? line['rebuilt']])).toEqual([
      ['catalog keys stored by an older version; rebuilding them in the background', { searchKeys: 6, levelRanks: 0 }],
      ['rebuilt the stale catalog keys', { searchKeys: 6, levelRanks: 0 }],
    ]);
  });

  it('leaves rows already at the version alone: a second start updates nothing', async () => {
    await store(ids(4).map((id) => snapshot(id)));
    expect(await rebuildCatalogKeys(dataSource, { keys: NEWER_SEARCH })).toEqual({ searchKeys: 4, levelRanks: 0 });
    const before = await storedKeys();

    const { logger, lines } = capture();
    expect(await startCatalogKeyRebuild(dataSource, logger, { keys: NEWER_SEARCH }).finished).toEqual({ searchKeys: 0, levelRanks: 0 });
    expect(await rebuildCatalogKeys(dataSource, { keys: NEWER_SEARCH })).toEqual({ searchKeys: 0, levelRanks: 0 });
    // Not one row version written (xmin changes with every update).
    expect(await storedKeys()).toEqual(before);
    expect(lines).toEqual([]);
    // And the current code does not take rows rebuilt by a newer release back to older keys.
    expect(await rebuildCatalogKeys(dataSource)).toEqual({ searchKeys: 0, levelRanks: 0 });
    expect(await search(FULL_NAME)).toHaveLength(4);
  });

  it('rebuilds level ranks under a newer ranking, and lists follow it', async () => {
    await store([
      snapshot('a-province', { level: 'PROVINCE' }),
      snapshot('b-city', { level: 'CITY' }),
      snapshot('c-county', { level: 'COUNTY' }),
    ]);
    expect(await search(null)).toEqual(['a-province', 'b-city', 'c-county']);
    expect(await rebuildCatalogKeys(dataSource, { keys: COUNTIES_FIRST })).toEqual({ searchKeys: 0, levelRanks: 3 });
    expect(await search(null)).toEqual(['c-county', 'b-city', 'a-province']);
    expect((await storedKeys()).map((row) => row.level_rank_version)).toEqual(Array(3).fill(LEVEL_RANK_VERSION + 1));
  });

  it('with `all`, rebuilds every row whatever version it records', async () => {
    await store(ids(3).map((id) => snapshot(id)));
    await dataSource.query(`UPDATE catalog_measures SET search_text = 'damaged', level_rank = 9`);
    expect(await rebuildCatalogKeys(dataSource)).toEqual({ searchKeys: 0, levelRanks: 0 });
    expect(await rebuildCatalogKeys(dataSource, { all: true, batchSize: 2 })).toEqual({ searchKeys: 3, levelRanks: 3 });
    expect((await storedKeys()).map((row) => [row.search_text, row.level_rank])).toEqual(
      ids(3).map((id) => [searchTextOf(snapshot(id)).text, 0]),
    );
  });

  it('shares the work between two replicas rebuilding at once: every row once, every key right', async () => {
    const measures = ids(300).map((id, i) => snapshot(id, { level: ['PROVINCE', 'CITY', 'COUNTY'][i % 3]! }));
    await store(measures);
    const newer = { ...NEWER_SEARCH, levelRankVersion: COUNTIES_FIRST.levelRankVersion, levelRank: COUNTIES_FIRST.levelRank };
    const replica = createSubgraphDataSource({
      url: db.url,
      schema: programmeSubgraph.databaseSchema,
      entities: [],
      migrations: [],
      applicationName: 'programme-replica',
    }).dataSource;
    await replica.initialize();
    try {
      const [first, second] = await Promise.all([
        rebuildCatalogKeys(dataSource, { keys: newer, batchSize: 10 }),
        rebuildCatalogKeys(replica, { keys: newer, batchSize: 10 }),
      ]);
      expect(first.searchKeys + second.searchKeys).toBe(300);
      expect(first.levelRanks + second.levelRanks).toBe(300);
    } finally {
      await replica.destroy();
    }
    const stored = await storedKeys();
    for (const m of measures) {
      const keys = searchTextOf(m, newer.normalise);
      expect(stored.find((row) => row.id === m.id)).toMatchObject({
        search_title: keys.title,
        search_text: keys.text,
        search_keys_version: newer.searchKeyVersion,
        level_rank: newer.levelRank(m.level),
        level_rank_version: newer.levelRankVersion,
      });
    }
  });

  it('interrupted, leaves each row as it was or fully rebuilt, and the next run finishes the rest', async () => {
    const measures = ids(30).map((id) => snapshot(id));
    await store(measures);
    // Fails in the second batch of 10 (two normalisations per row: title and text).
    let calls = 0;
    const failing: CatalogKeyDerivation = {
      ...NEWER_SEARCH,
      normalise: (text) => {
        calls += 1;
        if (calls > 25) throw new Error('interrupted');
        return NEWER_SEARCH.normalise(text);
      },
    };
    await expect(rebuildCatalogKeys(dataSource, { keys: failing, batchSize: 10 })).rejects.toThrow('interrupted');

    const stored = await storedKeys();
    for (const m of measures) {
      const row = stored.find((r) => r.id === m.id)!;
      const keys = row.search_keys_version === SEARCH_KEY_VERSION ? searchTextOf(m) : searchTextOf(m, NEWER_SEARCH.normalise);
      expect(row).toMatchObject({ search_title: keys.title, search_text: keys.text });
    }
    expect(stored.filter((row) => row.search_keys_version === SEARCH_KEY_VERSION + 1)).toHaveLength(10);

    expect(await rebuildCatalogKeys(dataSource, { keys: NEWER_SEARCH, batchSize: 10 })).toEqual({ searchKeys: 20, levelRanks: 0 });
    expect(await search(FULL_NAME)).toHaveLength(30);
  });
});

describe('the programme service', () => {
  const urlVariables = FEEDING_DEPARTMENTS.map((d) => `${envPrefixOf(d.name)}_URL`);
  const saved = urlVariables.map((name) => process.env[name]);

  beforeAll(() => {
    // No department feed is reachable: the catalog holds the office's own measures only.
    for (const name of urlVariables) process.env[name] = 'http://127.0.0.1:9/graphql';
  });

  afterAll(() => {
    urlVariables.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
  });

  async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('rebuilds keys stored by an older version when it starts, and its search finds by them', async () => {
    const first = await startTestSubgraph(programmeSubgraph, db.url);
    let count = 0;
    try {
      count = await waitFor(
        async () => Number((await dataSource.query(`SELECT count(*) AS n FROM catalog_measures`))[0].n),
        (n) => n > 0,
        'the catalog to follow the office feed',
      );
    } finally {
      await first.stop();
    }
    // Keys an older release stored: nothing the current normalisation makes, version 0.
    await dataSource.query(`UPDATE catalog_measures SET search_title = '', search_text = '', search_keys_version = 0`);
    const query = `query Find($q: String!) { measures(filter: { q: $q }) { totalCount nodes { id } } }`;
    const restarted = await startTestSubgraph(programmeSubgraph, db.url);
    try {
      const found = await waitFor(
        async () => (await graphqlRequest<{ measures: { totalCount: number } }>(restarted.url, query, { q: '湛江' })).body,
        (body) => (body.data?.measures.totalCount ?? 0) > 0,
        'search to find by the rebuilt keys',
      );
      expect(found.errors).toBeUndefined();
      // Keys this version brought: the region's name in pinyin and its initials find the same measures.
      for (const q of ['zhanjiang', 'zjs']) {
        const byPinyin = await waitFor(
          async () => (await graphqlRequest<{ measures: { totalCount: number } }>(restarted.url, query, { q })).body,
          (body) => (body.data?.measures.totalCount ?? 0) > 0,
          `search to find ${q} by the rebuilt keys`,
        );
        expect(byPinyin.errors).toBeUndefined();
      }
      await waitFor(
        async () =>
          Number(
            (await dataSource.query(`SELECT count(*) AS n FROM catalog_measures WHERE search_keys_version = $1`, [SEARCH_KEY_VERSION]))[0]
              .n,
          ),
        (n) => n === count,
        'every row to be rebuilt',
      );
    } finally {
      await restarted.stop();
    }
  }, 60_000);
});
