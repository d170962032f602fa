/** The catalog's latest change as the public change feed (`measureChanges`) reports it. */
export interface CatalogChangeMark {
  seq: string;
  measureId: string;
  version: number;
  changedAt: string;
}

/** Reads the change feed after a position: `measureChanges(after, first)`. */
export type ChangeFeedReader = (after: string, first: number) => Promise<CatalogChangeMark[]>;

/** Changes read per request while catching up. */
export const POSITION_PAGE = 500;

const sameChange = (a: CatalogChangeMark | undefined, b: CatalogChangeMark) =>
  a !== undefined && a.seq === b.seq && a.measureId === b.measureId && a.version === b.version && a.changedAt === b.changedAt;

/**
 * Where the catalog's change feed ends, the validator of every export: any write that reaches the
 * catalog (create, update, observation, archive, a department rebuilt after a restore) appends a
 * change. The first call reads the feed from its start; later calls read on from the change seen
 * last, re-reading that change itself: if it is no longer there as seen (the programme's database
 * restored from a backup, its feed shorter than before), the feed is read again from the start.
 * Usually that is one request answering one change. Calls made while one is reading share it.
 */
export class CatalogPosition {
  private last: CatalogChangeMark | null = null;
  private reading: Promise<CatalogChangeMark | null> | undefined;

  constructor(private readonly read: ChangeFeedReader) {}

  /** The latest change, or null while the catalog has none. */
  current(): Promise<CatalogChangeMark | null> {
    this.reading ??= this.readOn().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOn(): Promise<CatalogChangeMark | null> {
    let last = this.last;
    if (last !== null) {
      const again = await this.read((BigInt(last.seq) - 1n).toString(), POSITION_PAGE);
      if (sameChange(again[0], last)) {
        last = again.at(-1)!;
        if (again.length < POSITION_PAGE) return (this.last = last);
      } else {
        last = null;
      }
    }
    for (;;) {
      const changes = await this.read(last?.seq ?? '0', POSITION_PAGE);
      if (changes.length > 0) last = changes.at(-1)!;
      if (changes.length < POSITION_PAGE) return (this.last = last);
    }
  }
}
