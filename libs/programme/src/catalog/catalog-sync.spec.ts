import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import * as policyModel from '@hkp/policy-model';
import {
  departmentMeasureLoader,
  readGeneratedMeasures,
  type DepartmentCode,
  type GeneratedMeasure,
  type MeasureSnapshot,
} from '@hkp/policy-model';
import { LoaderRegistry, prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createSubgraphDataSource, initialiseAndMigrate, type SubgraphDataSource } from '@hkp/persistence';
import pino from 'pino';
import { createTestDatabase, silentLogger, type TestDatabase } from '@hkp/testing';
import { programmeSubgraph } from '../programme.subgraph';
import type { FeedChange, FeedPage } from './catalog-apply';
import { CatalogRepository } from './catalog-repository';
import { outboxSource, type ChangeSource } from './catalog-sources';
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
  /** The feed's identity; a department whose outbox is recreated serves a new one. */
  feedId: string = randomUUID();

  constructor(
    readonly name: string,
    public changes: FeedChange[],
    readonly department: DepartmentCode = 'EDUCATION',
  ) {}

  async fetch(after: string, first: number): Promise<FeedPage> {
    this.calls.push({ after, first });
    const error = this.failWith?.(after);
    if (error) throw error;
    const latestSeq = this.changes.reduce((max, c) => (BigInt(c.seq) > max ? BigInt(c.seq) : max), 0n);
    return {
      feedId: this.feedId,
      latestSeq: String(latestSeq),
      changes: this.changes.filter((c) => BigInt(c.seq) > BigInt(after)).slice(0, first),
    };
  }
}

const newSync = (...sources: ChangeSource[]) => new CatalogSync(dataSource, sources, silentLogger(), 60_000);

/** A logger at warn level whose lines the test reads back. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

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
  return new CatalogRepository(dataSource, new LoaderRegistry()).search(null, { q }, { limit: 100, after: null });
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
    // The third change reads as an event but cannot be stored (PostgreSQL text holds no NUL): the
    // first two were already written in the same transaction and must go with it.
    const broken = change('m-c', 1, 'UPSERT', { title: 'bad\u0000title' });
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
    const feed = new FakeFeed(
      'fake-health-feed',
      [
        change('health-a', 1, 'UPSERT', { department: 'HEALTH' }),
        change('education-action-plan-2023-2027', 7, 'UPSERT', { department: 'EDUCATION', title: '被冒名的教育措施' }),
        change('health-b', 1, 'UPSERT', { department: 'HEALTH' }),
      ],
      'HEALTH',
    );
    const { logger, lines } = capture();
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

  it("refuses, with a warning, a higher version from another department's feed for an id the catalog holds for its owner", async () => {
    const education = new FakeFeed('fake-education-owner', [change('shared-id', 1)]);
    const health = new FakeFeed(
      'fake-health-usurper',
      [
        change('shared-id', 5, 'UPSERT', { department: 'HEALTH', title: '改标的措施' }),
        change('h-own', 1, 'UPSERT', { department: 'HEALTH' }),
      ],
      'HEALTH',
    );
    const { logger, lines } = capture();
    const sync = new CatalogSync(dataSource, [education, health], logger, 60_000);
    expect(await sync.syncAll()).toBe(2);

    expect(await dataSource.query('SELECT id, department, version, title FROM catalog_measures ORDER BY id')).toEqual([
      { id: 'h-own', department: 'HEALTH', version: 1, title: snapshot('h-own', 1).title },
      { id: 'shared-id', department: 'EDUCATION', version: 1, title: snapshot('shared-id', 1).title },
    ]);
    const state = await catalogState();
    expect(state.changes.map((c) => [c.measure_id, c.version])).toEqual([
      ['shared-id', 1],
      ['h-own', 1],
    ]);
    // The feed moves past the refused change.
    expect(state.cursors).toContainEqual({ source: 'fake-health-usurper', last_seq: health.changes[1]!.seq });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        source: 'fake-health-usurper',
        measureId: 'shared-id',
        department: 'HEALTH',
        owner: 'EDUCATION',
        msg: expect.stringContaining('may not take it over'),
      }),
    ]);

    // A redelivery to the owner is still silent, and the owner's own next version applies.
    education.changes.push(change('shared-id', 2));
    expect(await sync.syncAll()).toBe(1);
    expect(lines).toHaveLength(1);
  });
});

describe('CatalogSync stopped', () => {
  it('answers a nudge after it was stopped with null, reading no feed and using no database', async () => {
    const feed = new FakeFeed('fake-stopping', [change('m-a', 1)]);
    const sync = newSync(feed);
    sync.start();
    await sync.stop();
    const callsBefore = feed.calls.length;
    const query = jest.spyOn(dataSource, 'transaction');
    try {
      expect(await sync.drainSource('fake-stopping')).toBeNull();
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
    expect(feed.calls).toHaveLength(callsBefore);
    // An unknown feed is still an error.
    await expect(sync.drainSource('weather')).rejects.toThrow(/not a feed the catalog follows/);
  });

  it('does not start a nudge queued behind a running one once stopped', async () => {
    const feed = new FakeFeed('fake-queued', [change('m-a', 1)]);
    const sync = newSync(feed);
    const fetch = feed.fetch.bind(feed);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    feed.fetch = async (after, first) => {
      await held;
      return fetch(after, first);
    };
    const first = sync.drainSource('fake-queued');
    const queued = sync.drainSource('fake-queued');
    const stopped = sync.stop();
    release();
    expect(await first).toBe(1);
    expect(await queued).toBeNull();
    await stopped;
    expect(feed.calls).toHaveLength(1);
  });
});

describe('CatalogSync when a department feed is reset', () => {
  /** The catalog's rows of one department, as the tests compare them. */
  async function departmentRows(department: string): Promise<{ id: string; version: number; title: string; archived: boolean }[]> {
    return dataSource.query('SELECT id, version, title, archived FROM catalog_measures WHERE department = $1 ORDER BY id', [department]);
  }

  /** A feed's changes numbered from 1, as a recreated outbox numbers them. */
  function restarted(changes: FeedChange[]): FeedChange[] {
    return changes.map((c, i) => ({ ...c, seq: String(i + 1) }));
  }

  it('rebuilds the department from a feed with a new id whose seq restarted: exactly its current measures, lower versions too', async () => {
    const health = new FakeFeed('fake-health', [change('h-a', 1, 'UPSERT', { department: 'HEALTH' })], 'HEALTH');
    const feed = new FakeFeed('fake-education', [
      change('m-a', 1),
      change('m-b', 1),
      change('m-a', 2),
      change('m-c', 1),
      change('m-a', 3),
      change('m-d', 1),
      change('m-d', 2, 'ARCHIVE'),
    ]);
    const { logger, lines } = capture();
    const sync = new CatalogSync(dataSource, [feed, health], logger, 60_000);
    await sync.syncAll();
    expect((await catalogState()).cursors).toEqual([
      { source: 'fake-education', last_seq: feed.changes[6]!.seq },
      { source: 'fake-health', last_seq: health.changes[0]!.seq },
    ]);
    const changesBefore = (await catalogState()).changes.length;

    // The department's schema is recreated: a new feed id, seq from 1, fewer changes than the old position.
    feed.feedId = randomUUID();
    feed.changes = restarted([change('m-a', 1, 'UPSERT', { title: '重建后的措施' }), change('m-e', 1), change('m-b', 1)]);
    expect(await sync.syncAll()).toBe(3);

    expect(await departmentRows('EDUCATION')).toEqual([
      { id: 'm-a', version: 1, title: '重建后的措施', archived: false },
      { id: 'm-b', version: 1, title: snapshot('m-b', 1).title, archived: false },
      { id: 'm-e', version: 1, title: snapshot('m-e', 1).title, archived: false },
    ]);
    // Another department is not touched.
    expect(await departmentRows('HEALTH')).toEqual([{ id: 'h-a', version: 1, title: snapshot('h-a', 1).title, archived: false }]);
    const state = await catalogState();
    expect(state.cursors).toEqual([
      { source: 'fake-education', last_seq: '3' },
      { source: 'fake-health', last_seq: health.changes[0]!.seq },
    ]);
    expect(await dataSource.query(`SELECT feed_id FROM catalog_feed_cursors WHERE source = 'fake-education'`)).toEqual([
      { feed_id: feed.feedId },
    ]);
    // Partners following measureChanges learn what went (m-c; m-d was archived already) and what changed (m-a, m-e; m-b is as it was).
    expect(state.changes.slice(changesBefore).map((c) => [c.measure_id, c.version, c.kind])).toEqual([
      ['m-c', 1, 'ARCHIVE'],
      ['m-a', 1, 'UPSERT'],
      ['m-e', 1, 'UPSERT'],
    ]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, source: 'fake-education', msg: expect.stringContaining("the feed's id changed") }),
      expect.objectContaining({
        level: 40,
        source: 'fake-education',
        msg: 'rebuilt the department from its new feed',
        measures: 3,
        removed: 2,
      }),
    ]);

    // From here the new feed is followed as usual: nothing twice, the next change once.
    expect(await sync.syncAll()).toBe(0);
    expect(await catalogState()).toEqual(state);
    feed.changes.push({ ...change('m-b', 2), seq: '4' });
    expect(await sync.syncAll()).toBe(1);
    expect((await departmentRows('EDUCATION')).find((m) => m.id === 'm-b')).toMatchObject({ version: 2 });
    expect(lines).toHaveLength(2);
  });

  it('rebuilds when the feed ends before the saved position under the same id (restored from a backup)', async () => {
    const feed = new FakeFeed('fake-transport', [change('m-a', 1), change('m-b', 1), change('m-a', 2), change('m-b', 2)], 'EDUCATION');
    const sync = newSync(feed);
    await sync.syncAll();
    // The backup was taken after the first two changes.
    feed.changes = feed.changes.slice(0, 2);
    expect(await sync.syncAll()).toBe(2);
    expect(await departmentRows('EDUCATION')).toEqual([
      { id: 'm-a', version: 1, title: snapshot('m-a', 1).title, archived: false },
      { id: 'm-b', version: 1, title: snapshot('m-b', 1).title, archived: false },
    ]);
    expect((await catalogState()).cursors).toEqual([{ source: 'fake-transport', last_seq: feed.changes[1]!.seq }]);
  });

  it('rebuilds a feed of several pages at once: a failure half-way leaves the old catalog whole, the retry converges', async () => {
    const feed = new FakeFeed('fake-long', [change('old-a', 1), change('old-b', 1)]);
    const sync = newSync(feed);
    await sync.syncAll();
    const before = await catalogState();

    feed.feedId = randomUUID();
    feed.changes = restarted(Array.from({ length: FEED_PAGE + 5 }, (_, i) => change(`new-${String(i).padStart(4, '0')}`, 1)));
    // Calls: the position the catalog had, then the new feed's first page, then its second (which fails).
    let calls = 0;
    feed.failWith = () => ((calls += 1) === 3 ? new Error('timed out') : null);
    expect(await sync.syncAll()).toBe(0);
    expect(calls).toBe(3);
    expect(await catalogState()).toEqual(before);

    feed.failWith = null;
    expect(await sync.syncAll()).toBe(FEED_PAGE + 5 + 2);
    const rows = await departmentRows('EDUCATION');
    expect(rows.map((r) => r.id)).toEqual(feed.changes.map((c) => c.measureId));
    expect((await catalogState()).cursors).toEqual([{ source: 'fake-long', last_seq: String(FEED_PAGE + 5) }]);
  });

  it("reads the new feed with no transaction open and without the source's lock, and applies it under the lock", async () => {
    const feed = new FakeFeed('fake-unlocked', [change('old-a', 1), change('old-b', 1)]);
    const sync = newSync(feed);
    await sync.syncAll();
    feed.feedId = randomUUID();
    feed.changes = restarted(Array.from({ length: FEED_PAGE + 5 }, (_, i) => change(`new-${String(i).padStart(4, '0')}`, 1)));
    // Whether another session could take the source's lock at each fetch.
    const lockFree: boolean[] = [];
    const fetch = feed.fetch.bind(feed);
    feed.fetch = async (after, first) => {
      const [row] = (await dataSource.query(`SELECT pg_try_advisory_lock(hashtext('catalog-sync:fake-unlocked')) AS locked`)) as {
        locked: boolean;
      }[];
      if (row!.locked) await dataSource.query(`SELECT pg_advisory_unlock(hashtext('catalog-sync:fake-unlocked'))`);
      lockFree.push(row!.locked);
      return fetch(after, first);
    };
    expect(await sync.syncAll()).toBe(FEED_PAGE + 5 + 2);
    // The read that saw the reset is under the lock; the two pages of the new feed are not.
    expect(lockFree).toEqual([false, true, true]);
    expect((await departmentRows('EDUCATION')).map((r) => r.id)).toEqual(feed.changes.map((c) => c.measureId));
    expect((await catalogState()).cursors).toEqual([{ source: 'fake-unlocked', last_seq: String(FEED_PAGE + 5) }]);
  });

  it('gives up a rebuild when the position moved while the feed was read (another replica rebuilt it); the next pass finds nothing to do', async () => {
    const feed = new FakeFeed('fake-raced', [change('old-a', 1), change('old-b', 1)]);
    const { logger, lines } = capture();
    const sync = new CatalogSync(dataSource, [feed], logger, 60_000);
    await sync.syncAll();
    feed.feedId = randomUUID();
    feed.changes = restarted([change('new-a', 1), change('new-b', 1)]);
    const other = newSync(feed);
    const fetch = feed.fetch.bind(feed);
    let raced = false;
    feed.fetch = async (after, first) => {
      // This replica is reading the new feed from its start: another one rebuilds and follows a new change meanwhile.
      if (after === '0' && !raced) {
        raced = true;
        expect(await other.syncAll()).toBe(4);
        feed.changes.push({ ...change('new-a', 2, 'UPSERT', { title: '其后的新版本' }), seq: '3' });
        expect(await other.syncAll()).toBe(1);
      }
      return fetch(after, first);
    };
    expect(await sync.syncAll()).toBe(0);
    expect(await departmentRows('EDUCATION')).toEqual([
      { id: 'new-a', version: 2, title: '其后的新版本', archived: false },
      { id: 'new-b', version: 1, title: snapshot('new-b', 1).title, archived: false },
    ]);
    expect((await catalogState()).cursors).toEqual([{ source: 'fake-raced', last_seq: '3' }]);
    expect(lines.map((l) => l['msg'])).toEqual([expect.stringContaining('department feed was reset')]);
    expect(await sync.syncAll()).toBe(0);
  });

  it('takes the feed id for a position saved before feeds had ids, without a rebuild', async () => {
    const feed = new FakeFeed('fake-legacy', [change('m-a', 1), change('m-b', 1)]);
    const sync = newSync(feed);
    await sync.syncAll();
    await dataSource.query('UPDATE catalog_feed_cursors SET feed_id = NULL');
    const before = await catalogState();
    expect(await sync.syncAll()).toBe(0);
    expect(await catalogState()).toEqual(before);
    expect(await dataSource.query('SELECT feed_id FROM catalog_feed_cursors')).toEqual([{ feed_id: feed.feedId }]);
    expect(feed.calls.map((c) => c.after)).toEqual(['0', feed.changes[1]!.seq]);
  });

  it("follows a real department outbox whose schema is dropped and recreated to exactly the department's measures", async () => {
    const schema = 'feed_reset_dept';
    const education = readGeneratedMeasures().filter((m) => m.department === 'EDUCATION');
    expect(education.length).toBeGreaterThanOrEqual(5);
    const [m0, m1, m2, m3, m4] = education as [GeneratedMeasure, GeneratedMeasure, GeneratedMeasure, GeneratedMeasure, GeneratedMeasure];
    const retitled = (m: GeneratedMeasure): GeneratedMeasure => ({ ...m, title: `${m.title}(修订)` });

    const openDepartment = async (): Promise<SubgraphDataSource> => {
      const department = createSubgraphDataSource({
        url: db.url,
        schema,
        // A department's measure tables and outbox, as createDepartmentSubgraph migrates them.
        entities: [
          policyModel.MeasureEntity,
          policyModel.TargetEntity,
          policyModel.MeasureEventEntity,
          policyModel.TargetObservationEntity,
        ],
        migrations: [
          policyModel.CreateMeasureTables1764000100000,
          policyModel.CreateWriteTables1764000100001,
          policyModel.CreateMeasureFeed1764000100002,
        ],
        applicationName: 'feed-reset-test',
      });
      await initialiseAndMigrate(department.dataSource, schema, ['pg_trgm']);
      return department;
    };
    const load = (department: SubgraphDataSource, measures: GeneratedMeasure[]) =>
      departmentMeasureLoader('EDUCATION', () => measures)(department.dataSource, silentLogger());

    let department = await openDepartment();
    try {
      const feed = outboxSource(department.dataSource, 'fake-education-db', 'EDUCATION');
      const source: ChangeSource = { name: feed.name, department: feed.department, fetch: (after, first) => feed.fetch(after, first) };
      const sync = newSync(source);
      // The old department: five measures, two of them revised (version 2), one archived.
      await load(department, [m0, m1, m2, m3, m4]);
      await load(department, [m0, m1, retitled(m2), retitled(m3), m4]);
      await load(department, [m0, m1, retitled(m2), retitled(m3)]);
      await sync.syncAll();
      expect((await departmentRows('EDUCATION')).map((r) => [r.id, r.version, r.archived])).toEqual(
        [
          [m0.id, 1, false],
          [m1.id, 1, false],
          [m2.id, 2, false],
          [m3.id, 2, false],
          [m4.id, 2, true],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      const [{ feed_id: oldFeedId }] = (await department.dataSource.query('SELECT feed_id::text AS feed_id FROM measure_feed')) as {
        feed_id: string;
      }[];

      // The schema is dropped and recreated: a new outbox (new feed id, seq from 1) with fewer changes than the catalog's position.
      await department.dataSource.destroy();
      await dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
      department = await openDepartment();
      await load(department, [m2, m3, m1]);
      const [{ feed_id: newFeedId }] = (await department.dataSource.query('SELECT feed_id::text AS feed_id FROM measure_feed')) as {
        feed_id: string;
      }[];
      expect(newFeedId).not.toBe(oldFeedId);

      const rebuilt = outboxSource(department.dataSource, 'fake-education-db', 'EDUCATION');
      source.fetch = (after, first) => rebuilt.fetch(after, first);
      await sync.syncAll();
      const current = (await department.dataSource.query(
        'SELECT id, version, title, archived_at IS NOT NULL AS archived FROM measures ORDER BY id',
      )) as { id: string; version: number; title: string; archived: boolean }[];
      expect(current).toHaveLength(3);
      expect(await departmentRows('EDUCATION')).toEqual(current);
      expect(await dataSource.query(`SELECT last_seq, feed_id FROM catalog_feed_cursors`)).toEqual([{ last_seq: '3', feed_id: newFeedId }]);
    } finally {
      if (department.dataSource.isInitialized) await department.dataSource.destroy();
      await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
});
