/** The catalog's latest change as the public change feed (`measureChanges`) reports it. */
export interface CatalogChangeMark {
  seq: string;
  measureId: string;
  version: number;
  changedAt: string;
}

/** Where the catalog's change feed ends: the feed's identity and its latest change (null while it has none). */
export interface CatalogPositionMark {
  feedId: string;
  latest: CatalogChangeMark | null;
}

/** One read of the feed: its head (`measureChangeFeed`) and the changes after a position (`measureChanges`). */
export interface ChangeFeedAnswer {
  feed: { feedId: string; latestPosition: string };
  changes: CatalogChangeMark[];
}

/** Reads the feed's head and up to `first` changes after `after`, in one request. */
export type ChangeFeedReader = (after: string, first: number) => Promise<ChangeFeedAnswer>;

/** Reads after which the feed is still moving under the reader (a restore in progress): the caller is told to retry. */
export const POSITION_ATTEMPTS = 3;

const sameChange = (a: CatalogChangeMark | undefined, b: CatalogChangeMark) =>
  a !== undefined && a.seq === b.seq && a.measureId === b.measureId && a.version === b.version && a.changedAt === b.changedAt;

const before = (seq: string) => (BigInt(seq) - 1n).toString();

/**
 * Where the catalog's change feed ends, the validator of every export: any write that reaches the
 * catalog (create, update, observation, archive, a department rebuilt after a restore) appends a
 * change. Each call reads the feed's head (`measureChangeFeed { feedId latestPosition }`) with the
 * change seen last, re-read: when the id, the latest position and that change are as seen, the
 * position stands (one request). Otherwise the latest change is read (a second request), so a
 * gateway that starts, or finds new changes, never pages the feed. A feed that is another (its id
 * changed) or restored from an older backup (shorter, or another change at the position seen)
 * gives another mark. Calls made while one is reading share it.
 */
export class CatalogPosition {
  private last: CatalogPositionMark | null = null;
  private reading: Promise<CatalogPositionMark> | undefined;

  constructor(private readonly read: ChangeFeedReader) {}

  /** The feed's id and latest change. */
  current(): Promise<CatalogPositionMark> {
    this.reading ??= this.readOn().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOn(): Promise<CatalogPositionMark> {
    const seen = this.last;
    // The head, and the change seen last as it is now (none before the first call).
    let answer = seen?.latest ? await this.read(before(seen.latest.seq), 1) : await this.read('0', 0);
    if (seen && answer.feed.feedId === seen.feedId && answer.feed.latestPosition === (seen.latest?.seq ?? '0')) {
      if (seen.latest === null || sameChange(answer.changes[0], seen.latest)) return seen;
    }
    for (let attempt = 1; ; attempt += 1) {
      const { feedId, latestPosition } = answer.feed;
      if (latestPosition === '0') return (this.last = { feedId, latest: null });
      answer = await this.read(before(latestPosition), 1);
      const latest = answer.changes[0];
      // Another change may have come since the head was read: the one read is as good a position.
      if (latest && answer.feed.feedId === feedId) return (this.last = { feedId, latest });
      // Gone (the feed shortened between the two reads) or another feed: read the head again.
      if (attempt >= POSITION_ATTEMPTS) throw new Error('the catalog change feed kept changing while it was read; retry shortly');
    }
  }
}
