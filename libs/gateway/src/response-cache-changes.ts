import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { isAsyncIterable, type ExecutionResult, type Executor } from '@graphql-tools/utils';
import { OperationTypeNode, parse, type GraphQLSchema } from 'graphql';
import type { CatalogChangeNotice } from './response-cache-tags';

/** Where the gateway is in the catalog's change feed: the last change whose answers it evicted. */
export interface FeedPosition {
  feedId: string;
  seq: string;
}

/** The client name the follower's requests are counted under in usage reports (x-client-name). */
export const RESPONSE_CACHE_CLIENT_NAME = 'gateway-response-cache';

const FEED_HEAD = parse('query ResponseCacheFeedHead { measureChangeFeed { feedId latestPosition } }');
const CHANGES = parse('subscription ResponseCacheChanges($after: String!) { measureChanged(after: $after) { seq measureId department } }');

/** Whether a schema serves the catalog's change stream (a graph without the programme service does not). */
export function servesCatalogChanges(schema: GraphQLSchema): boolean {
  return (
    schema.getQueryType()?.getFields()['measureChangeFeed'] !== undefined &&
    schema.getSubscriptionType()?.getFields()['measureChanged'] !== undefined
  );
}

export interface CatalogChangeFollowerOptions {
  /** Runs a request through the gateway's own runtime (its served schema, planner and subgraphs). */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The schema the runtime serves now; asked before each connection. */
  schema: () => Promise<GraphQLSchema>;
  /** Evicts what one change altered; the change counts as followed once this settles. */
  evict: (change: CatalogChangeNotice, feedId: string) => Promise<void>;
  /** The feed is not the one followed (the programme's database restored): nothing kept can be trusted. */
  restart: () => Promise<void>;
  log: (message: string, error?: unknown) => void;
  /** Wait before reconnecting, doubled after each failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Refusals the gateway gives its own follower for as long as it runs as configured: only persisted
 * documents are run (PERSISTED_DOCUMENTS_ONLY), or the schema served to anonymous clients has no
 * change feed. Nothing can be followed then.
 */
const REFUSED_HERE = new Set(['PERSISTED_QUERY_REQUIRED', 'GRAPHQL_VALIDATION_FAILED']);
class StreamRefused extends Error {}

/** A stream open this long before it ended counts as having lasted: the next attempt waits the shortest time again. */
const STREAM_LASTED_MS = 10_000;

type Mode = 'starting' | 'following' | 'interrupted' | 'no-catalog' | 'stopped';

/**
 * Follows the catalog's changes through the gateway's own runtime, as a partner would: the
 * `measureChanged` subscription from the position it read last (`measureChangeFeed` at first),
 * and again from the last change it evicted when the stream ends (the programme service restarted,
 * the supergraph reloaded, the connection dropped). The subscription, not polling
 * `measureChanges`: the programme service pushes a change to every gateway the moment it is
 * applied (it NOTIFYs its replicas), which polling would delay by its interval and pay for with a
 * request every interval from every gateway process. A subscription given `after` replays what
 * was missed first, so a stream that ends loses nothing. What no replay closes is a feed other
 * than the one followed (another feed id, or a head behind the position: the programme's database
 * restored): the feed's head is read again at every reconnection, and then everything kept is
 * dropped (`restart`) and the new feed followed from its head.
 *
 * `following()` says whether kept answers can be trusted now: true while the stream is open
 * (answers are evicted as changes come) or when the graph has no catalog to follow.
 */
export class CatalogChangeFollower {
  private mode: Mode = 'starting';
  private position: FeedPosition | undefined;
  private readonly executor: Executor;
  private readonly stopping = new AbortController();
  private readonly waiters = new Set<{ seq: bigint; resolve: () => void }>();
  private loop: Promise<void> | undefined;
  private opened: (() => void) | undefined;

  constructor(private readonly options: CatalogChangeFollowerOptions) {
    this.executor = buildHTTPExecutor({
      endpoint: 'http://gateway/graphql',
      // A JSON POST, as the CSRF check asks of every client (the executor would GET a subscription).
      method: 'POST',
      fetch: (url, init) => options.fetch(url, init),
      // Never an answer from the response cache, and counted apart in usage reports.
      headers: { 'cache-control': 'no-cache', 'x-client-name': RESPONSE_CACHE_CLIENT_NAME },
    }) as Executor;
  }

  /**
   * Starts following; settles once the first attempt has: the stream is open, the graph has no
   * catalog, or the catalog could not be reached (then it goes on trying) — or after `waitMs`.
   */
  start(waitMs: number): Promise<void> {
    const opened = new Promise<void>((resolve) => (this.opened = resolve));
    this.loop ??= this.follow();
    return Promise.race([opened, new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  /** Whether answers can be served and kept now (see the class). */
  following(): boolean {
    return this.mode === 'following' || this.mode === 'no-catalog';
  }

  /** Whether changes come from the catalog's stream (false: a graph without a catalog). */
  hasCatalog(): boolean {
    return this.mode !== 'no-catalog';
  }

  /** The last change evicted, while following the catalog; undefined otherwise. */
  current(): FeedPosition | undefined {
    return this.mode === 'following' ? this.position : undefined;
  }

  /**
   * Waits (at most `timeoutMs`) until every change the catalog has applied by now is evicted: a
   * write through this gateway that the catalog has applied is then visible to the next read.
   */
  async caughtUp(timeoutMs: number): Promise<void> {
    if (this.mode !== 'following') return;
    const head = await this.feedHead().catch(() => undefined);
    if (!head || head.feedId !== this.position?.feedId) return;
    const seq = BigInt(head.latestPosition);
    if (BigInt(this.position.seq) >= seq) return;
    await new Promise<void>((resolve) => {
      const waiter = { seq, resolve: () => (clearTimeout(timer), this.waiters.delete(waiter), resolve()) };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.mode = 'stopped';
    this.stopping.abort();
    for (const waiter of [...this.waiters]) waiter.resolve();
    await this.loop?.catch(() => undefined);
  }

  private async feedHead(): Promise<{ feedId: string; latestPosition: string }> {
    const result = (await this.executor({ document: FEED_HEAD, signal: this.stopping.signal })) as ExecutionResult<{
      measureChangeFeed: { feedId: string; latestPosition: string };
    }>;
    if (!result.data?.measureChangeFeed) {
      const error = result.errors?.[0];
      const code = (error?.extensions as { code?: unknown } | undefined)?.code;
      if (typeof code === 'string' && REFUSED_HERE.has(code)) throw new StreamRefused(error!.message);
      throw new Error(error?.message ?? 'the catalog change feed did not answer');
    }
    return result.data.measureChangeFeed;
  }

  private async follow(): Promise<void> {
    const minRetry = this.options.retryMs ?? 250;
    const maxRetry = this.options.maxRetryMs ?? 5_000;
    let retry = minRetry;
    // One warning per outage, not one per attempt: a catalog that keeps ending the stream at once
    // (its background stopped) would otherwise log several lines a second.
    let warned = false;
    while (!this.stopping.signal.aborted) {
      let openedAt: number | undefined;
      // A stream that lasted ends an outage: the next one is warned about and retried at once.
      const warn = (message: string, error?: unknown) => {
        if (openedAt !== undefined && Date.now() - openedAt >= STREAM_LASTED_MS) {
          warned = false;
          retry = minRetry;
        }
        if (!warned) this.options.log(message, error);
        warned = true;
      };
      try {
        if (!servesCatalogChanges(await this.options.schema())) {
          // Nothing to follow: kept answers last their TTL and mutations start a new generation.
          this.mode = 'no-catalog';
          this.opened?.();
        } else {
          await this.followOnce(() => (openedAt = Date.now()));
          if (this.stopping.signal.aborted) return;
          warn('response cache: the catalog change stream ended; answers are neither served nor kept until it is followed again');
        }
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (error instanceof StreamRefused) {
          // As in a graph without the catalog: answers last their TTL, mutations start a new generation.
          if (this.mode !== 'no-catalog') {
            this.options.log(
              'response cache: the gateway may not follow the catalog change stream; every mutation clears the cache instead',
              error,
            );
          }
          this.mode = 'no-catalog';
          this.opened?.();
        } else {
          warn(
            'response cache: the catalog change stream is unavailable; answers are neither served nor kept until it is followed again',
            error,
          );
          this.opened?.();
        }
      }
      if (this.mode !== 'no-catalog') this.mode = 'interrupted';
      await this.pause(this.mode === 'no-catalog' ? maxRetry : retry);
      retry = Math.min(retry * 2, maxRetry);
    }
  }

  /** Waits `ms`, or less if the follower stops; leaves no listener on the stop signal. */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** One connection: the head, then the stream from the position, until it ends. */
  private async followOnce(connected: () => void): Promise<void> {
    const head = await this.feedHead();
    const known = this.position;
    // Answers kept without following (no catalog until a reload added it) carry no tags.
    const untagged = this.mode === 'no-catalog';
    if (!known || untagged || known.feedId !== head.feedId || BigInt(head.latestPosition) < BigInt(known.seq)) {
      // First start: the changes before now are in no answer this process kept; another feed: every answer may be stale.
      if (known || untagged) await this.options.restart();
      this.position = { feedId: head.feedId, seq: head.latestPosition };
    }
    const stream = await this.executor({
      document: CHANGES,
      variables: { after: this.position!.seq },
      operationType: OperationTypeNode.SUBSCRIPTION,
      signal: this.stopping.signal,
    });
    if (!isAsyncIterable(stream)) throw new Error((stream as ExecutionResult).errors?.[0]?.message ?? 'the subscription was not opened');
    connected();
    // Kept answers are trusted again only once the changes missed while away (replayed first, up
    // to the head read above) are evicted: until then one of them may still be served.
    const caughtUpAt = BigInt(head.latestPosition);
    const follows = () => {
      if (this.mode !== 'following' && BigInt(this.position!.seq) >= caughtUpAt) {
        this.mode = 'following';
        this.opened?.();
      }
    };
    follows();
    this.settleWaiters();
    for await (const event of stream as AsyncIterable<ExecutionResult<{ measureChanged?: CatalogChangeNotice }>>) {
      const change = event.data?.measureChanged;
      if (!change) throw new Error(event.errors?.[0]?.message ?? 'the catalog change stream sent no change');
      await this.options.evict(change, this.position!.feedId);
      this.position = { feedId: this.position!.feedId, seq: change.seq };
      follows();
      this.settleWaiters();
    }
  }

  private settleWaiters(): void {
    const seq = this.position ? BigInt(this.position.seq) : undefined;
    for (const waiter of [...this.waiters]) if (seq !== undefined && seq >= waiter.seq) waiter.resolve();
  }
}
