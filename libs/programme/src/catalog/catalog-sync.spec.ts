import type { DataSource } from 'typeorm';
import type { DepartmentCode, MeasureSnapshot } from '@hkp/policy-model';
import { LoaderRegistry, prepareModuleDatabase } from '@hkp/subgraph-kit';
import type { SubgraphDataSource } from '@hkp/persistence';
import pino from 'pino';
import { createTestDatabase, silentLogger, type TestDatabase } from '@hkp/testing';
import { programmeSubgraph } from '../programme.subgraph';
import type { FeedChange } from './catalog-apply';
import { CatalogRepository } from './catalog-repository';
import type { ChangeSource } from './catalog-sources';
import { CatalogSync, FEED_PAGE } from './catalog-sync';

// The catalog's sync against real PostgreSQL (the programme module's own schema, migrated as the
// service migrates it). The department feed is a fake in memory: it stands for another service's
// outbox, which is not what is under test here.

let db: TestDatabase;
let database: SubgraphDataSource;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('catalog_sync');
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

function snapshot(id: string, version: number, overrides: Partial<MeasureSnapshot> = {}): MeasureSnapshot {
  return {
    id,
    version,
    department: 'EDUCATION',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    title: `测试措施${id} 第${version}版`,
    originalTitle: `測試措施${id} 第${version}版`,
    points: ['到2025年建成城乡教育共同体。'],
    pointsNormalised: ['到2025年建成城乡教育共同体。'],
    periodStart: 2023,
    periodEnd: 2025,
    publishedOn: null,
    regionCodes: ['440600'],
    targets: [],
    source: { document: 'test', documentTitle: 'test', excerpt: '到2025年建成城乡教育共同体。' },
    archived: false,
    updatedAt: new Date(Date.UTC(2024, 0, version)).toISOString(),
    ...overrides,
  };
}

let seq = 0;
function change(id: string, version: number, kind: 'UPSERT' | 'ARCHIVE' = 'UPSERT', overrides: Partial<MeasureSnapshot> = {}): FeedChange {
  seq += 1;
  return { seq: String(seq), measureId: id, version, kind, snapshot: snapshot(id, version, overrides) };
}

/** A department's feed in memory: the changes after a position, oldest first, a page at a time. */
class FakeFeed implements ChangeSource {
  readonly calls: { after: string; first: number }[] = [];
  /** Set to make the next fetches fail, as an unreachable service does. */
  failWith: ((after: string) => Error | null) | null = null;

  constructor(
    readonly name: string,
    public changes: FeedChange[],
    readonly department: DepartmentCode = 'EDUCATION',
  ) {}

  async fetch(after: string, first: number): Promise<FeedChange[]> {
    this.calls.push({ after, first });
    const error = this.failWith?.(after);
    if (error) throw error;
    return this.changes.filter((c) => BigInt(c.seq) > BigInt(after)).slice(0, first);
  }
}

const newSync = (...sources: ChangeSource[]) => new CatalogSync(dataSource, sources, silentLogger(), 60_000);

interface CatalogState {
  measures: { id: string; version: number; title: string; archived: boolean }[];
  changes: { seq: string; measure_id: string; version: number; kind: string }[];
  cursors: { source: string; last_seq: string }[];
}

async function catalogState(): Promise<CatalogState> {
  return {
    measures: await dataSource.query('SELECT id, version, title, archived FROM catalog_measures ORDER BY id'),
    changes: await dataSource.query('SELECT seq, measure_id, version, kind FROM catalog_changes ORDER BY seq'),
    cursors: await dataSource.query('SELECT source, last_seq FROM catalog_feed_cursors ORDER BY source'),
  };
}

function search(q: string | null) {
  return new CatalogRepository(dataSource, new LoaderRegistry()).search(null, { q }, 100, 0);
}

describe('CatalogSync', () => {
  it('applies a feed and, delivered again, changes nothing and duplicates nothing', async () => {
    const feed = new FakeFeed('fake-education', [change('m-a', 1), change('m-b', 1), change('m-a', 2), change('m-c', 1)]);
    expect(await newSync(feed).syncAll()).toBe(4);
    const first = await catalogState();
    expect(first.measures.map((m) => [m.id, m.version])).toEqual([
      ['m-a', 2],
      ['m-b', 1],
      ['m-c', 1],
    ]);
    expect(first.changes.map((c) => [c.measure_id, c.version])).toEqual([
      ['m-a', 1],
      ['m-b', 1],
      ['m-a', 2],
      ['m-c', 1],
    ]);
    expect(first.cursors).toEqual([{ source: 'fake-education', last_seq: feed.changes[3]!.seq }]);

    // The same feed again, from its start: a new sync that has lost its place, or a department that redelivers.
    await dataSource.query('DELETE FROM catalog_feed_cursors');
    expect(await newSync(feed).syncAll()).toBe(0);
    // And once more through the cursor: nothing new to read.
    expect(await newSync(feed).syncAll()).toBe(0);
    expect(await catalogState()).toEqual(first);
  });

  it('applies nothing of a failed pass and loses nothing: the next pass brings everything', async () => {
    const feed = new FakeFeed('fake-health', [change('m-a', 1), change('m-b', 1)]);
    feed.failWith = () => new Error('health feed answered 503');
    const sync = newSync(feed);
    expect(await sync.syncAll()).toBe(0);
    expect(await catalogState()).toEqual({ measures: [], changes: [], cursors: [] });

    feed.failWith = null;
    expect(await sync.syncAll()).toBe(2);
    const state = await catalogState();
    expect(state.measures.map((m) => m.id)).toEqual(['m-a', 'm-b']);
    expect(state.changes).toHaveLength(2);
    expect(state.cursors).toEqual([{ source: 'fake-health', last_seq: feed.changes[1]!.seq }]);
  });

  it('rolls back a page that fails half-way: no change of it stays, the cursor stays, the retry applies all', async () => {
    // The third change cannot be stored (a title is required): the first two were already written in
    // the same transaction and must go with it.
    const broken = change('m-c', 1, 'UPSERT', { title: null as unknown as string });
    const feed = new FakeFeed('fake-transport', [change('m-a', 1), change('m-b', 1), broken, change('m-d', 1)]);
    const sync = newSync(feed);
    expect(await sync.syncAll()).toBe(0);
    expect(await catalogState()).toEqual({ measures: [], changes: [], cursors: [] });

    // The department corrects the change; the next pass starts from the same position.
    broken.snapshot = snapshot('m-c', 1);
    expect(await sync.syncAll()).toBe(4);
    const state = await catalogState();
    expect(state.measures.map((m) => m.id)).toEqual(['m-a', 'm-b', 'm-c', 'm-d']);
    expect(state.changes.map((c) => c.measure_id)).toEqual(['m-a', 'm-b', 'm-c', 'm-d']);
    expect(state.cursors).toEqual([{ source: 'fake-transport', last_seq: feed.changes[3]!.seq }]);
    expect(feed.calls.map((c) => c.after)).toEqual(['0', '0']);
  });

  it('keeps the pages applied before a failure and continues after them', async () => {
    const changes = Array.from({ length: FEED_PAGE + 10 }, (_, i) => change(`m-${String(i).padStart(4, '0')}`, 1));
    const feed = new FakeFeed('fake-finance', changes);
    const firstPageEnd = changes[FEED_PAGE - 1]!.seq;
    feed.failWith = (after) => (after === firstPageEnd ? new Error('timed out') : null);
    const sync = newSync(feed);
    await sync.syncAll();
    let state = await catalogState();
    expect(state.measures).toHaveLength(FEED_PAGE);
    expect(state.changes).toHaveLength(FEED_PAGE);
    expect(state.cursors).toEqual([{ source: 'fake-finance', last_seq: firstPageEnd }]);

    feed.failWith = null;
    expect(await sync.syncAll()).toBe(10);
    state = await catalogState();
    expect(state.measures).toHaveLength(FEED_PAGE + 10);
    expect(state.changes).toHaveLength(FEED_PAGE + 10);
    expect(new Set(state.changes.map((c) => c.measure_id)).size).toBe(FEED_PAGE + 10);
    expect(state.cursors).toEqual([{ source: 'fake-finance', last_seq: changes[changes.length - 1]!.seq }]);
  });

  it('does not let an older version that arrives late overwrite a newer one', async () => {
    const feed = new FakeFeed('fake-civil-affairs', [change('m-a', 3), change('m-a', 2), change('m-a', 3)]);
    expect(await newSync(feed).syncAll()).toBe(1);
    const state = await catalogState();
    expect(state.measures).toEqual([{ id: 'm-a', version: 3, title: snapshot('m-a', 3).title, archived: false }]);
    expect(state.changes.map((c) => [c.measure_id, c.version])).toEqual([['m-a', 3]]);
    // The cursor still moves past the stale change: it is not read again.
    expect(state.cursors).toEqual([{ source: 'fake-civil-affairs', last_seq: feed.changes[2]!.seq }]);
  });

  it('drains a feed longer than one page in a single pass', async () => {
    const total = FEED_PAGE * 2 + 17;
    const changes = Array.from({ length: total }, (_, i) => change(`m-${String(i).padStart(4, '0')}`, 1));
    const feed = new FakeFeed('fake-long', changes);
    expect(await newSync(feed).syncAll()).toBe(total);
    const state = await catalogState();
    expect(state.measures).toHaveLength(total);
    expect(state.changes).toHaveLength(total);
    expect(state.cursors).toEqual([{ source: 'fake-long', last_seq: changes[total - 1]!.seq }]);
    expect(feed.calls).toEqual([
      { after: '0', first: FEED_PAGE },
      { after: changes[FEED_PAGE - 1]!.seq, first: FEED_PAGE },
      { after: changes[2 * FEED_PAGE - 1]!.seq, first: FEED_PAGE },
    ]);
  });

  it('drains a feed of exactly one full page and then stops asking', async () => {
    const changes = Array.from({ length: FEED_PAGE }, (_, i) => change(`m-${String(i).padStart(4, '0')}`, 1));
    const feed = new FakeFeed('fake-exact', changes);
    expect(await newSync(feed).syncAll()).toBe(FEED_PAGE);
    expect(feed.calls.map((c) => c.after)).toEqual(['0', changes[FEED_PAGE - 1]!.seq]);
  });

  it('reads each source from its own position; one failing source does not hold the others back', async () => {
    const down = new FakeFeed('fake-down', [change('m-down', 1)]);
    down.failWith = () => new Error('unreachable');
    const up = new FakeFeed('fake-up', [change('m-up', 1)]);
    expect(await newSync(down, up).syncAll()).toBe(1);
    const state = await catalogState();
    expect(state.measures.map((m) => m.id)).toEqual(['m-up']);
    expect(state.cursors).toEqual([{ source: 'fake-up', last_seq: up.changes[0]!.seq }]);
  });

  it('hides an archived measure from search, and shows it while it is not', async () => {
    const feed = new FakeFeed('fake-archive', [
      change('m-keep', 1, 'UPSERT', { title: '城乡教育共同体建设方案' }),
      change('m-gone', 1, 'UPSERT', { title: '城乡教育共同体试点方案' }),
    ]);
    const sync = newSync(feed);
    await sync.syncAll();
    let found = await search('城乡教育共同体');
    expect(found.rows.map((m) => m.id).sort()).toEqual(['m-gone', 'm-keep']);
    expect(found.totalCount).toBe(2);

    feed.changes.push(change('m-gone', 2, 'ARCHIVE', { title: '城乡教育共同体试点方案' }));
    expect(await sync.syncAll()).toBe(1);
    found = await search('城乡教育共同体');
    expect(found.rows.map((m) => m.id)).toEqual(['m-keep']);
    expect(found.totalCount).toBe(1);
    expect((await search(null)).rows.map((m) => m.id)).toEqual(['m-keep']);
    const state = await catalogState();
    expect(state.measures.find((m) => m.id === 'm-gone')).toMatchObject({ version: 2, archived: true });
    expect(state.changes.map((c) => [c.measure_id, c.kind])).toEqual([
      ['m-keep', 'UPSERT'],
      ['m-gone', 'UPSERT'],
      ['m-gone', 'ARCHIVE'],
    ]);
  });

  it("skips, with a warning, a change for another department's measure and goes on with the feed", async () => {
    const feed = new FakeFeed('fake-health-feed', [
      change('health-a', 1, 'UPSERT', { department: 'HEALTH' }),
      change('education-action-plan-2023-2027', 7, 'UPSERT', { department: 'EDUCATION', title: '被冒名的教育措施' }),
      change('health-b', 1, 'UPSERT', { department: 'HEALTH' }),
    ], 'HEALTH');
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    expect(await new CatalogSync(dataSource, [feed], logger, 60_000).syncAll()).toBe(2);

    const state = await catalogState();
    expect(state.measures.map((m) => m.id)).toEqual(['health-a', 'health-b']);
    expect(state.changes.map((c) => c.measure_id)).toEqual(['health-a', 'health-b']);
    // The position moves past the refused change: it does not block the feed.
    expect(state.cursors).toEqual([{ source: 'fake-health-feed', last_seq: feed.changes[2]!.seq }]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        source: 'fake-health-feed',
        measureId: 'education-action-plan-2023-2027',
        department: 'EDUCATION',
        msg: expect.stringContaining('the fake-health-feed feed carries HEALTH measures only'),
      }),
    ]);
  });

  it('skips a change whose snapshot is of another measure than the one it names', async () => {
    const mismatched = { ...change('m-a', 1), measureId: 'm-other' };
    const feed = new FakeFeed('fake-mismatch', [mismatched, change('m-b', 1)]);
    expect(await newSync(feed).syncAll()).toBe(1);
    expect((await catalogState()).measures.map((m) => m.id)).toEqual(['m-b']);
  });
});
