import { buildSchema } from 'graphql';
import { createSchema, createYoga, Repeater } from 'graphql-yoga';
import { CatalogChangeFollower } from './response-cache-changes';
import type { CatalogChangeNotice } from './response-cache-tags';

const SDL = `
  type Query { measureChangeFeed: MeasureChangeFeed! }
  type MeasureChangeFeed { feedId: ID! latestPosition: String! }
  type CatalogChange { seq: String! measureId: ID! department: String! }
  type Subscription { measureChanged(after: String): CatalogChange! }
`;

/**
 * A catalog as the gateway's runtime would reach it: the change feed's head and the
 * `measureChanged` subscription over Server-Sent Events, from a log the test appends to, with
 * streams the test can end (the programme service restarting) and a feed it can replace (a
 * restored database).
 */
/** Polls `condition` every 10 ms until it holds, failing after 5 s with `what`. */
async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 5_000; !(await condition()); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
  }
}

function fakeCatalog() {
  const catalog = {
    feedId: 'feed-1',
    log: [] as CatalogChangeNotice[],
    /** The `after` of every subscription opened. */
    afters: [] as string[],
    listeners: new Set<(change: CatalogChangeNotice) => void>(),
    enders: new Set<() => void>(),
    append(measureId: string) {
      const change = { seq: String(catalog.log.length + 1), measureId, department: 'EDUCATION' };
      catalog.log.push(change);
      for (const listener of catalog.listeners) listener(change);
    },
    endStreams() {
      for (const end of [...catalog.enders]) end();
    },
  };
  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs: SDL,
      resolvers: {
        Query: { measureChangeFeed: () => ({ feedId: catalog.feedId, latestPosition: String(catalog.log.length) }) },
        Subscription: {
          measureChanged: {
            subscribe: (_root: unknown, { after }: { after: string }) =>
              new Repeater<{ measureChanged: CatalogChangeNotice }>(async (push, stop) => {
                catalog.afters.push(after);
                for (const change of catalog.log) if (BigInt(change.seq) > BigInt(after)) await push({ measureChanged: change });
                const listener = (change: CatalogChangeNotice) => void push({ measureChanged: change });
                const end = () => stop();
                catalog.listeners.add(listener);
                catalog.enders.add(end);
                await stop;
                catalog.listeners.delete(listener);
                catalog.enders.delete(end);
              }),
          },
        },
      },
    }),
  });
  return { catalog, fetch: async (url: string, init?: RequestInit) => yoga.fetch(new Request(url, init)) };
}

function follow(fetch: (url: string, init?: RequestInit) => Promise<Response>, sdl = SDL) {
  const evicted: string[] = [];
  let restarts = 0;
  const follower = new CatalogChangeFollower({
    fetch,
    schema: async () => buildSchema(sdl),
    evict: async (change, feedId) => void evicted.push(`${feedId}:${change.seq}:${change.measureId}`),
    restart: async () => void (restarts += 1),
    log: () => undefined,
    retryMs: 20,
    maxRetryMs: 50,
  });
  return { follower, evicted, restarts: () => restarts };
}

describe('CatalogChangeFollower', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('evicts each change applied after it started, and resumes after the last one when the stream ends', async () => {
    const { catalog, fetch } = fakeCatalog();
    catalog.append('before-start');
    const { follower, evicted, restarts } = follow(fetch);
    stop = () => follower.stop();
    await follower.start(5_000);
    expect(follower.following()).toBe(true);
    expect(catalog.afters).toEqual(['1']);

    catalog.append('a');
    await waitUntil(async () => evicted.length === 1, 'the first change');
    expect(evicted).toEqual(['feed-1:2:a']);
    expect(follower.current()).toEqual({ feedId: 'feed-1', seq: '2' });

    // The programme service restarts: the stream ends, and a change is applied meanwhile.
    catalog.endStreams();
    catalog.append('b');
    await waitUntil(async () => evicted.length === 2, 'the change applied while the stream was down');
    expect(catalog.afters).toEqual(['1', '2']);
    expect(evicted).toEqual(['feed-1:2:a', 'feed-1:3:b']);
    expect(restarts()).toBe(0);
  });

  it('backs off while the catalog ends every stream as soon as it opens, warns once, and leaves no listener behind', async () => {
    const { catalog, fetch } = fakeCatalog();
    // A catalog whose background is stopped: every stream ends at once.
    const ending = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      if (typeof init?.body === 'string' && init.body.includes('measureChanged')) setTimeout(() => catalog.endStreams(), 5);
      return response;
    };
    const logged: string[] = [];
    const follower = new CatalogChangeFollower({
      fetch: ending,
      schema: async () => buildSchema(SDL),
      evict: async () => undefined,
      restart: async () => undefined,
      log: (message) => void logged.push(message),
      retryMs: 20,
      maxRetryMs: 400,
    });
    stop = () => follower.stop();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await follower.start(5_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Waits 20, 40, 80, 160, 400, 400… ms: at most 7 streams in 1.5 s (with a fixed 20 ms, over 30).
      expect(catalog.afters.length).toBeGreaterThanOrEqual(3);
      expect(catalog.afters.length).toBeLessThanOrEqual(8);
      expect(logged).toEqual([expect.stringContaining('the catalog change stream ended')]);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('trusts kept answers again only once the changes missed while the stream was down are evicted', async () => {
    const { catalog, fetch } = fakeCatalog();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const evicted: string[] = [];
    const follower = new CatalogChangeFollower({
      fetch,
      schema: async () => buildSchema(SDL),
      evict: async (change) => {
        if (change.measureId === 'missed') await gate;
        evicted.push(change.measureId);
      },
      restart: async () => undefined,
      log: () => undefined,
      retryMs: 20,
      maxRetryMs: 50,
    });
    stop = () => follower.stop();
    await follower.start(5_000);
    expect(follower.following()).toBe(true);

    catalog.endStreams();
    catalog.append('missed');
    await waitUntil(async () => catalog.afters.length === 2, 'the stream to be opened again');
    // Reconnected, but the change applied meanwhile is not evicted yet: nothing kept is served.
    expect(follower.following()).toBe(false);
    release();
    await waitUntil(async () => follower.following(), 'the missed change to be evicted');
    expect(evicted).toEqual(['missed']);
  });

  it('drops everything kept when the feed is another (a restored database), and follows the new one from its head', async () => {
    const { catalog, fetch } = fakeCatalog();
    const { follower, evicted, restarts } = follow(fetch);
    stop = () => follower.stop();
    await follower.start(5_000);
    catalog.append('a');
    await waitUntil(async () => evicted.length === 1, 'the first change');

    catalog.feedId = 'feed-2';
    catalog.log = [];
    catalog.endStreams();
    await waitUntil(async () => restarts() === 1 && follower.following(), 'the new feed to be followed');
    expect(follower.current()).toEqual({ feedId: 'feed-2', seq: '0' });
    catalog.append('c');
    await waitUntil(async () => evicted.length === 2, 'a change of the new feed');
    expect(evicted[1]).toBe('feed-2:1:c');
  });

  it('is not following while the catalog cannot be reached, and serves everything where it may not follow or there is no catalog', async () => {
    const down = follow(async () => {
      throw new Error('connection refused');
    });
    stop = () => down.follower.stop();
    await down.follower.start(200);
    expect(down.follower.following()).toBe(false);
    expect(down.follower.current()).toBeUndefined();
    await down.follower.stop();

    // Only persisted documents are run: the gateway's own documents are refused, as in a graph without a catalog.
    const persistedOnly = follow(async () =>
      Response.json({ errors: [{ message: 'This API only runs persisted documents.', extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }] }),
    );
    stop = () => persistedOnly.follower.stop();
    await persistedOnly.follower.start(5_000);
    expect(persistedOnly.follower.following()).toBe(true);
    expect(persistedOnly.follower.hasCatalog()).toBe(false);
    await persistedOnly.follower.stop();

    const plain = follow(fakeCatalog().fetch, 'type Query { region: String }');
    stop = () => plain.follower.stop();
    await plain.follower.start(5_000);
    expect(plain.follower.following()).toBe(true);
    expect(plain.follower.hasCatalog()).toBe(false);
  });

  it('waits for the changes the catalog has applied by now to be evicted', async () => {
    const { catalog, fetch } = fakeCatalog();
    let delay = Promise.resolve();
    const slowEvictions: string[] = [];
    const follower = new CatalogChangeFollower({
      fetch,
      schema: async () => buildSchema(SDL),
      evict: async (change) => {
        await delay;
        slowEvictions.push(change.seq);
      },
      restart: async () => undefined,
      log: () => undefined,
      retryMs: 20,
    });
    stop = () => follower.stop();
    await follower.start(5_000);
    let release!: () => void;
    delay = new Promise((resolve) => (release = resolve));
    catalog.append('a');
    const caughtUp = follower.caughtUp(5_000).then(() => [...slowEvictions]);
    setTimeout(release, 100);
    expect(await caughtUp).toEqual(['1']);
  });
});
