import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { applyChange } from './catalog-apply';
import type { ChangeSource } from './catalog-sources';

export const FEED_PAGE = 200;

export class UnknownSourceError extends Error {}

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
 * this service run the loop without applying a page twice.
 */
export class CatalogSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly errors = new Map<string, string | null>();
  /** Per source: the drain now running for a nudge, and the one queued behind it. */
  private readonly inFlight = new Map<string, Promise<number>>();
  private readonly queued = new Map<string, Promise<number>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: ChangeSource[],
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.syncAll().then(() => undefined).finally(() => {
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
        if (this.errors.get(source.name) !== message) this.logger.warn({ source: source.name, err: message }, 'change feed not read; will retry');
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
   */
  drainSource(name: string): Promise<number> {
    const source = this.sources.find((s) => s.name === name);
    if (!source) return Promise.reject(new UnknownSourceError(`"${name}" is not a feed the catalog follows (${this.sourceNames().join(', ')}).`));
    const queued = this.queued.get(name);
    if (queued) return queued;
    const start = (): Promise<number> => {
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

  private async drain(source: ChangeSource, options: { wait?: boolean } = {}): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await this.dataSource.transaction(async (manager) => {
        if (options.wait) {
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`catalog-sync:${source.name}`]);
        } else {
          const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`catalog-sync:${source.name}`])) as { locked: boolean }[];
          if (!lock?.locked) return { count: 0, full: false };
        }
        const [cursor] = (await manager.query(`SELECT last_seq FROM catalog_feed_cursors WHERE source = $1`, [source.name])) as { last_seq: string }[];
        const after = cursor?.last_seq ?? '0';
        const changes = await source.fetch(after, FEED_PAGE);
        if (changes.length === 0) return { count: 0, full: false };
        for (const change of changes) if (await applyChange(manager, change, source, this.logger)) applied += 1;
        await manager.query(
          `INSERT INTO catalog_feed_cursors (source, last_seq) VALUES ($1, $2)
           ON CONFLICT (source) DO UPDATE SET last_seq = EXCLUDED.last_seq, updated_at = now()`,
          [source.name, changes[changes.length - 1]!.seq],
        );
        return { count: changes.length, full: changes.length === FEED_PAGE };
      });
      if (!page.full) return applied;
    }
  }
}
