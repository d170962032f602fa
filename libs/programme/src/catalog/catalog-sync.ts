import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { applyChange } from './catalog-apply';
import type { ChangeSource } from './catalog-sources';

export const FEED_PAGE = 200;

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

  private async drain(source: ChangeSource): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await this.dataSource.transaction(async (manager) => {
        const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`catalog-sync:${source.name}`])) as { locked: boolean }[];
        if (!lock?.locked) return { count: 0, full: false };
        const [cursor] = (await manager.query(`SELECT last_seq FROM catalog_feed_cursors WHERE source = $1`, [source.name])) as { last_seq: string }[];
        const after = cursor?.last_seq ?? '0';
        const changes = await source.fetch(after, FEED_PAGE);
        if (changes.length === 0) return { count: 0, full: false };
        for (const change of changes) if (await applyChange(manager, change)) applied += 1;
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
