import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import { departmentByName } from '@hkp/departments';
import { readMeasureChanged, type MeasureChangedSkipReason, type MeasureChangedWire } from '@hkp/policy-model';
import { createSubgraphMetrics } from '@hkp/subgraph-kit';
import { admissible, applyChange, recordCatalogChange, type FeedChange, type FeedPage } from './catalog-apply';
import type { ChangeSource } from './catalog-sources';

export const FEED_PAGE = 200;

export class UnknownSourceError extends Error {}

interface FeedCursor {
  last_seq: string;
  feed_id: string | null;
}

/**
 * Why a saved position no longer belongs to the feed a department now serves, or null when it
 * does: the feed has another id (its outbox was recreated), or it ends before the position (the
 * outbox went back, e.g. restored from a backup). A cursor saved before feeds had ids has none; it
 * is taken as belonging to the feed unless the feed ends before it.
 */
export function feedResetOf(cursor: FeedCursor, page: Pick<FeedPage, 'feedId' | 'latestSeq'>): string | null {
  if (cursor.feed_id !== null && cursor.feed_id !== page.feedId) return `the feed's id changed from ${cursor.feed_id} to ${page.feedId}`;
  if (BigInt(page.latestSeq) < BigInt(cursor.last_seq))
    return `the feed ends at ${page.latestSeq}, before the catalog's position ${cursor.last_seq}`;
  return null;
}

/** An event of a feed the catalog did not read, and why (see readFeedChanges). */
export interface SkippedEvent {
  seq: string;
  measureId: string;
  reason: MeasureChangedSkipReason;
  /** The version the event declares, for one of a newer major version. */
  schemaVersion?: number;
  message: string;
}

/**
 * Reads a page's events through the MeasureChanged schema (policy-model events/measure-changed.ts),
 * tolerantly: unknown fields are ignored and missing optional ones defaulted. An event this code
 * cannot read (of a newer major version, or not fitting the schema of its own) is not applied: it
 * is returned as skipped, and the position still moves past it, as past a refused change (see
 * applyChange), so a department that deploys a newer event shape cannot stop the catalog or have
 * its events applied wrongly; its next change of the measure is applied once the catalog reads it.
 */
export function readFeedChanges(changes: readonly MeasureChangedWire[]): { read: FeedChange[]; skipped: SkippedEvent[] } {
  const read: FeedChange[] = [];
  const skipped: SkippedEvent[] = [];
  for (const change of changes) {
    const outcome = readMeasureChanged(change);
    if (outcome.ok) read.push(outcome.event);
    else skipped.push({ seq: String(change.seq), measureId: String(change.measureId), ...outcome });
  }
  return { read, skipped };
}

/** Prometheus: events the catalog skipped, by feed and reason (one counter per registry). */
const skippedCounters = new WeakMap<Registry, Counter<'source' | 'reason'>>();
function skippedCounter(registry: Registry): Counter<'source' | 'reason'> {
  let counter = skippedCounters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'catalog_feed_events_skipped_total',
      help: 'Change-feed events the catalog did not apply because it cannot read them (reason: newer-version, invalid)',
      labelNames: ['source', 'reason'],
      registers: [registry],
    });
    skippedCounters.set(registry, counter);
  }
  return counter;
}

/**
 * The CatalogSync of each data source (one per running programme service), so request handlers
 * (the `syncCatalog` nudge, the programme's own writes) reach the instance the background loop
 * uses and share its per-source coalescing.
 */
const registry = new WeakMap<DataSource, CatalogSync>();

export function catalogSyncFor(dataSource: DataSource, create: () => CatalogSync): CatalogSync {
  let sync = registry.get(dataSource);
  if (!sync) {
    sync = create();
    registry.set(dataSource, sync);
  }
  return sync;
}

/**
 * Keeps the catalog in step with every department's change feed. For each source it reads the
 * changes after its saved position and applies them, together with the new position, in one
 * transaction: a crash on either side loses nothing and repeats nothing (a repeat is also
 * harmless, see applyChange). A transaction-scoped lock per source lets several replicas of
 * this service run the loop without applying a page twice. A position belongs to one feed id: a
 * department whose feed was reset (see feedResetOf) is rebuilt from its new feed (see rebuild),
 * which is read before the lock is taken.
 */
export class CatalogSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly errors = new Map<string, string | null>();
  /** Per source: the drain now running for a nudge, and the one queued behind it. */
  private readonly inFlight = new Map<string, Promise<number | null>>();
  private readonly queued = new Map<string, Promise<number | null>>();
  /** Events not applied because they could not be read, by source and reason (see readFeedChanges). */
  private readonly skips = new Map<string, Map<MeasureChangedSkipReason, number>>();
  private readonly skippedMetric = skippedCounter(createSubgraphMetrics(departmentByName('programme').name).registry);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: ChangeSource[],
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** How many events of each source this sync skipped because it could not read them, by reason. */
  skippedEvents(): { source: string; reason: MeasureChangedSkipReason; count: number }[] {
    return [...this.skips].flatMap(([source, byReason]) => [...byReason].map(([reason, count]) => ({ source, reason, count })));
  }

  /** Says and counts the events of a page that were not read, once the page is applied. */
  private reportSkipped(source: ChangeSource, skipped: readonly SkippedEvent[]): void {
    for (const event of skipped) {
      this.logger.warn(
        {
          source: source.name,
          department: source.department,
          seq: event.seq,
          measureId: event.measureId,
          reason: event.reason,
          schemaVersion: event.schemaVersion,
        },
        `catalog skipped a change it cannot read: ${event.message}`,
      );
      const byReason = this.skips.get(source.name) ?? new Map<MeasureChangedSkipReason, number>();
      byReason.set(event.reason, (byReason.get(event.reason) ?? 0) + 1);
      this.skips.set(source.name, byReason);
      this.skippedMetric.inc({ source: source.name, reason: event.reason });
    }
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.syncAll()
        .then(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.allSettled([...this.inFlight.values(), ...this.queued.values()]);
  }

  /** One pass over every source until each is drained; failures are logged and retried next pass. */
  async syncAll(): Promise<number> {
    let applied = 0;
    for (const source of this.sources) {
      try {
        applied += await this.drain(source);
        if (this.errors.get(source.name)) this.logger.info({ source: source.name }, 'change feed reachable again');
        this.errors.set(source.name, null);
      } catch (error) {
        const message = (error as Error).message;
        if (this.errors.get(source.name) !== message)
          this.logger.warn({ source: source.name, err: message }, 'change feed not read; will retry');
        this.errors.set(source.name, message);
      }
    }
    return applied;
  }

  /** The names of the feeds this catalog follows. */
  sourceNames(): string[] {
    return this.sources.map((s) => s.name);
  }

  /**
   * Drains one source now, for a department that just wrote (the nudge). Unlike the loop, it
   * waits for the source's lock instead of skipping, so what it reads includes every change
   * committed before it was called. Calls that arrive while a drain runs share one drain queued
   * behind it: one waiting transaction per source, however many writes nudge at once.
   * Once the sync is stopped (the service is shutting down, its database about to close) it reads
   * nothing and answers null: the change reaches the catalog on a later pass of a running replica.
   */
  drainSource(name: string): Promise<number | null> {
    const source = this.sources.find((s) => s.name === name);
    if (!source)
      return Promise.reject(new UnknownSourceError(`"${name}" is not a feed the catalog follows (${this.sourceNames().join(', ')}).`));
    if (this.stopped) return Promise.resolve(this.skipped(name));
    const queued = this.queued.get(name);
    if (queued) return queued;
    const start = (): Promise<number | null> => {
      if (this.stopped) return Promise.resolve(this.skipped(name));
      const run = this.drain(source, { wait: true }).finally(() => {
        if (this.inFlight.get(name) === run) this.inFlight.delete(name);
      });
      this.inFlight.set(name, run);
      return run;
    };
    const running = this.inFlight.get(name);
    if (!running) return start();
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(name);
        return start();
      });
    this.queued.set(name, next);
    return next;
  }

  private skipped(name: string): null {
    this.logger.debug({ source: name }, 'catalog sync is stopped; a nudge was not followed');
    return null;
  }

  private async drain(source: ChangeSource, options: { wait?: boolean } = {}): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await this.dataSource.transaction(async (manager) => {
        if (!(await lockSource(manager, source, options))) return { count: 0, full: false };
        const cursor = await readCursor(manager, source);
        const after = cursor?.last_seq ?? '0';
        const feed = await source.fetch(after, FEED_PAGE);
        const reset = cursor ? feedResetOf(cursor, feed) : null;
        if (cursor && reset !== null) {
          this.logger.warn(
            {
              source: source.name,
              department: source.department,
              feedId: feed.feedId,
              previousFeedId: cursor.feed_id,
              position: after,
              latestSeq: feed.latestSeq,
            },
            `department feed was reset (${reset}); rebuilding its part of the catalog from the new feed`,
          );
          return { count: 0, full: false, reset: { cursor, feedId: feed.feedId } };
        }
        const { changes } = feed;
        if (changes.length === 0) {
          // Remember which feed the position belongs to (a first read of an empty feed, a cursor saved before feeds had ids).
          if (cursor?.feed_id !== feed.feedId) await saveCursor(manager, source.name, after, feed.feedId);
          return { count: 0, full: false };
        }
        const { read, skipped } = readFeedChanges(changes);
        for (const change of read) if (await applyChange(manager, change, source, this.logger)) applied += 1;
        await saveCursor(manager, source.name, String(changes[changes.length - 1]!.seq), feed.feedId);
        return { count: changes.length, full: changes.length === FEED_PAGE, skipped };
      });
      if (page.skipped) this.reportSkipped(source, page.skipped);
      // The rebuild reads the new feed outside any transaction and without the lock (see rebuild).
      if (page.reset) return applied + (await this.rebuild(source, page.reset.cursor, page.reset.feedId, options));
      if (!page.full) return applied;
    }
  }

  /**
   * Replaces the source's department in the catalog with what its (new) feed holds. The feed is
   * read from its start first, page by page, with no transaction open and no lock held; a feed that
   * changes its id while being read fails the rebuild, which the next pass starts again. Then one
   * short transaction under the source's lock applies it, after checking that the position is still
   * the one the reset was seen at (`seen`): when another replica (or a nudge) moved it meanwhile,
   * this pass gives up and the next one looks again. Readers see the old rows or the new ones, never
   * a mix. A measure the feed no longer has is removed (an ARCHIVE in the catalog's own feed), every
   * other takes the feed's latest change whatever its version; the cursor moves to the end that was
   * read with the feed's id (a change the feed gained since is applied by the next pass as usual).
   */
  private async rebuild(source: ChangeSource, seen: FeedCursor, feedId: string, options: { wait?: boolean }): Promise<number> {
    const latest = new Map<string, FeedChange>();
    const skipped: SkippedEvent[] = [];
    let position = '0';
    for (;;) {
      const page = await source.fetch(position, FEED_PAGE);
      if (page.feedId !== feedId)
        throw new Error(`${source.name} feed changed its id (${feedId} → ${page.feedId}) during a rebuild; will retry`);
      const read = readFeedChanges(page.changes);
      skipped.push(...read.skipped);
      for (const change of read.read) {
        if (!admissible(change, source, this.logger)) continue;
        latest.delete(change.measureId); // keep the map in feed order of each measure's latest change
        latest.set(change.measureId, change);
      }
      if (page.changes.length > 0) position = String(page.changes[page.changes.length - 1]!.seq);
      if (page.changes.length < FEED_PAGE) break;
    }
    const rebuilt = await this.dataSource.transaction(async (manager) => {
      if (!(await lockSource(manager, source, options))) return null;
      const cursor = await readCursor(manager, source);
      if (cursor?.last_seq !== seen.last_seq || cursor.feed_id !== seen.feed_id) {
        this.logger.info(
          {
            source: source.name,
            department: source.department,
            feedId,
            seenPosition: seen.last_seq,
            position: cursor?.last_seq,
            positionFeedId: cursor?.feed_id,
          },
          'catalog position moved while the new feed was read; the rebuild is left to the next pass',
        );
        return null; // nothing applied: the skips are said by the pass that applies it
      }
      let applied = 0;
      const removed = (await manager.query(
        `WITH gone AS (DELETE FROM catalog_measures WHERE department = $1 AND NOT (id = ANY($2::text[])) RETURNING id, version, archived)
         SELECT id, version, archived FROM gone ORDER BY id`,
        [source.department, [...latest.keys()]],
      )) as { id: string; version: number; archived: boolean }[];
      for (const row of removed) {
        if (row.archived) continue; // readers of measureChanges already saw it go
        await recordCatalogChange(manager, row.id, source.department, row.version, 'ARCHIVE');
        applied += 1;
      }
      for (const change of latest.values()) if (await applyChange(manager, change, source, this.logger, { replace: true })) applied += 1;
      await saveCursor(manager, source.name, position, feedId);
      this.logger.warn(
        { source: source.name, department: source.department, feedId, position, measures: latest.size, removed: removed.length },
        'rebuilt the department from its new feed',
      );
      return applied;
    });
    if (rebuilt !== null) this.reportSkipped(source, skipped);
    return rebuilt ?? 0;
  }
}

/** Takes the source's transaction-scoped lock: waits for it, or (the loop) gives up when another holds it. */
async function lockSource(manager: EntityManager, source: ChangeSource, options: { wait?: boolean }): Promise<boolean> {
  if (options.wait) {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`catalog-sync:${source.name}`]);
    return true;
  }
  const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`catalog-sync:${source.name}`])) as {
    locked: boolean;
  }[];
  return lock?.locked === true;
}

async function readCursor(manager: EntityManager, source: ChangeSource): Promise<FeedCursor | undefined> {
  const [cursor] = (await manager.query(`SELECT last_seq, feed_id FROM catalog_feed_cursors WHERE source = $1`, [
    source.name,
  ])) as FeedCursor[];
  return cursor;
}

async function saveCursor(manager: EntityManager, source: string, lastSeq: string, feedId: string): Promise<void> {
  await manager.query(
    `INSERT INTO catalog_feed_cursors (source, last_seq, feed_id) VALUES ($1, $2, $3)
     ON CONFLICT (source) DO UPDATE SET last_seq = EXCLUDED.last_seq, feed_id = EXCLUDED.feed_id, updated_at = now()`,
    [source, lastSeq, feedId],
  );
}
