import { Repeater } from '@repeaterjs/repeater';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { catalogChangeChannel, readCatalogChanges, type CatalogChangeRecord, type SqlRunner } from './catalog-change-log';

export interface CatalogChangeStreamOptions {
  /** Opens the connection that LISTENs (a pg client of its own: a pooled one would be held for ever). */
  connect: () => Promise<Client>;
  /** The programme schema whose changes are followed. */
  schema: string;
  /** Where the log is read (the service's data source). */
  db: SqlRunner;
  logger: Logger;
  /** Read the log this often even without a notification: a lost LISTEN connection delays, never loses. */
  pollIntervalMs: number;
  /** How many of the latest changes are kept in memory for followers that are nearly caught up. */
  recentSize?: number;
}

const PAGE = 200;

/**
 * The catalog's changes as they are applied, for every reader in the service: subscriptions follow
 * it from a position (replay from the log, then live), without a query per follower per change.
 * It learns of new changes by LISTEN on the schema's channel, which a trigger notifies on every
 * append whichever replica made it, and by a slow poll should that connection be lost.
 */
export class CatalogChangeStream {
  private readonly recent: CatalogChangeRecord[] = [];
  /** The latest position read from the log. */
  private head = 0n;
  private readonly waiting = new Set<() => void>();
  private listener: Client | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private stopped = false;
  private readonly recentSize: number;

  constructor(private readonly options: CatalogChangeStreamOptions) {
    this.recentSize = options.recentSize ?? 1000;
  }

  async start(): Promise<void> {
    const [latest] = (await this.options.db.query(`SELECT COALESCE(MAX(seq), 0)::text AS latest FROM catalog_changes`)) as {
      latest: string;
    }[];
    this.head = BigInt(latest!.latest);
    for (const wake of [...this.waiting]) wake();
    await this.listen();
    this.poll = setInterval(() => this.refresh(), this.options.pollIntervalMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    for (const wake of this.waiting) wake();
    this.waiting.clear();
    await this.reading?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** The latest position this service has read. */
  latestPosition(): bigint {
    return this.head;
  }

  /**
   * Every change after `after`, oldest first, for as long as the caller reads: first those already
   * in the log (read a page at a time), then each new one as it is applied; only those `accept`
   * passes. Ends when the caller returns or the stream stops.
   */
  follow(after: bigint, accept: (change: CatalogChangeRecord) => boolean = () => true): AsyncIterableIterator<CatalogChangeRecord> {
    return new Repeater<CatalogChangeRecord>(async (push, stop) => {
      let position = after;
      let done = false;
      void stop.then(() => (done = true));
      while (!done && !this.stopped) {
        // Taken before reading, so a change appended while the read runs is not waited for in vain.
        const seenHead = this.head;
        const page = await this.changesAfter(position);
        for (const change of page) {
          if (done) break;
          if (accept(change)) await push(change);
          position = BigInt(change.position);
        }
        if (page.length === 0) await Promise.race([this.advancedPast(seenHead), stop]);
      }
      stop();
    });
  }

  /** From memory when the recent changes cover the position, else from the log. */
  private async changesAfter(position: bigint): Promise<CatalogChangeRecord[]> {
    if (position >= this.head) return [];
    const first = this.recent[0];
    if (first && BigInt(first.position) <= position + 1n) {
      return this.recent.filter((change) => BigInt(change.position) > position).slice(0, PAGE);
    }
    return readCatalogChanges(this.options.db, position, PAGE);
  }

  private advancedPast(seen: bigint): Promise<void> {
    if (this.head > seen || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        if (this.head > seen || this.stopped) {
          this.waiting.delete(wake);
          resolve();
        }
      };
      this.waiting.add(wake);
    });
  }

  /** Reads what was appended since the head; calls that arrive during a read make one more read. */
  private refresh(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        let page: CatalogChangeRecord[];
        do {
          page = await readCatalogChanges(this.options.db, this.head, PAGE);
          if (page.length === 0) break;
          this.recent.push(...page);
          if (this.recent.length > this.recentSize) this.recent.splice(0, this.recent.length - this.recentSize);
          this.head = BigInt(page[page.length - 1]!.position);
          for (const wake of [...this.waiting]) wake();
        } while (page.length === PAGE && !this.stopped);
      } while (this.readAgain && !this.stopped);
    })()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'catalog change stream could not read the change log'))
      .finally(() => (this.reading = undefined));
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const channel = catalogChangeChannel(this.options.schema);
    try {
      const client = await this.options.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) this.refresh();
      });
      client.on('error', (error) => {
        this.options.logger.warn({ err: error }, 'catalog change stream lost its LISTEN connection; reconnecting');
        this.listener = undefined;
        client.end().catch(() => undefined);
        setTimeout(() => void this.listen(), this.options.pollIntervalMs).unref();
      });
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      this.listener = client;
      // Changes appended while no connection listened.
      this.refresh();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'catalog change stream could not LISTEN; polling until it can');
      setTimeout(() => void this.listen(), this.options.pollIntervalMs).unref();
    }
  }
}
