import { CatalogPosition, POSITION_ATTEMPTS, type CatalogChangeMark, type ChangeFeedAnswer } from './catalog-position';

/**
 * A change feed in memory, answering `measureChangeFeed { feedId latestPosition }` and
 * `measureChanges(after, first)` as the programme service does, recording each request.
 */
function feed(length: number) {
  let feedId = 'feed-1';
  let changes: CatalogChangeMark[] = [];
  const append = (count: number, measureId = 'education-m') => {
    for (let i = 0; i < count; i += 1) {
      const seq = changes.length + 1;
      changes.push({ seq: String(seq), measureId, version: seq, changedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
    }
  };
  append(length);
  const reads: [after: string, first: number][] = [];
  return {
    append,
    /** The programme's database restored from an older backup: the feed is shorter, then goes on with other changes. */
    restore(keep: number, thenAppend = 0) {
      changes = changes.slice(0, keep);
      append(thenAppend, 'health-m');
    },
    /** Another feed (a new database): its own id, its changes numbered from 1 again. */
    replace(withLength: number) {
      feedId = 'feed-2';
      changes = [];
      append(withLength);
    },
    reads,
    read: async (after: string, first: number): Promise<ChangeFeedAnswer> => {
      reads.push([after, first]);
      return {
        feed: { feedId, latestPosition: changes.at(-1)?.seq ?? '0' },
        changes: changes.filter((c) => Number(c.seq) > Number(after)).slice(0, first),
      };
    },
  };
}

describe('CatalogPosition', () => {
  it("reads the latest change from the feed's head at start, however long the feed, without paging it", async () => {
    const changes = feed(1203);
    const position = new CatalogPosition(changes.read);
    const mark = await position.current();
    expect(mark).toEqual({ feedId: 'feed-1', latest: expect.objectContaining({ seq: '1203', measureId: 'education-m' }) });
    // The head alone, then the change at its latest position.
    expect(changes.reads).toEqual([
      ['0', 0],
      ['1202', 1],
    ]);
  });

  it('confirms an unchanged position with one request, and reads the latest change again after a write', async () => {
    const changes = feed(10);
    const position = new CatalogPosition(changes.read);
    const mark = await position.current();
    changes.reads.length = 0;
    expect(await position.current()).toBe(mark);
    expect(changes.reads).toEqual([['9', 1]]);

    changes.append(2);
    changes.reads.length = 0;
    expect((await position.current()).latest?.seq).toBe('12');
    expect(changes.reads).toEqual([
      ['9', 1],
      ['11', 1],
    ]);
  });

  it('has no latest change while the catalog has none, and shares one reading among callers', async () => {
    const changes = feed(0);
    const position = new CatalogPosition(changes.read);
    expect(await Promise.all([position.current(), position.current()])).toEqual([
      { feedId: 'feed-1', latest: null },
      { feedId: 'feed-1', latest: null },
    ]);
    expect(changes.reads).toEqual([['0', 0]]);
    changes.append(1);
    expect((await position.current()).latest?.seq).toBe('1');
  });

  it('gives another mark when the feed is restored from an older backup: shorter, or another change at the position seen', async () => {
    const changes = feed(10);
    const position = new CatalogPosition(changes.read);
    const seen = await position.current();
    expect(seen.latest?.seq).toBe('10');

    changes.restore(7);
    const shorter = await position.current();
    expect(shorter.latest).toMatchObject({ seq: '7', measureId: 'education-m' });

    // Restored to 7 changes, then 3 more: seq 10 exists again, but is another change.
    const grown = feed(10);
    const position2 = new CatalogPosition(grown.read);
    const seen2 = await position2.current();
    grown.restore(7, 3);
    const again = await position2.current();
    expect(again.latest).toMatchObject({ seq: '10', measureId: 'health-m' });
    expect(again.latest).not.toEqual(seen2.latest);
  });

  it('gives another mark when the feed is another one (its id changed), even with a change like the one seen', async () => {
    const changes = feed(5);
    const position = new CatalogPosition(changes.read);
    const seen = await position.current();
    changes.replace(5);
    const other = await position.current();
    expect(other.feedId).toBe('feed-2');
    expect(other.latest).toEqual(seen.latest);
    expect(other).not.toEqual(seen);
  });

  it('reads the head again when the latest change is gone before it is read, and gives up on a feed that keeps moving', async () => {
    const changes = feed(10);
    let shortenOnce = true;
    const racing = async (after: string, first: number) => {
      const answer = await changes.read(after, first);
      // A restore lands between the head and the read of its latest change.
      if (first === 0 && shortenOnce) {
        shortenOnce = false;
        changes.restore(6);
      }
      return answer;
    };
    expect((await new CatalogPosition(racing).current()).latest?.seq).toBe('6');
    expect(changes.reads).toEqual([
      ['0', 0],
      ['9', 1],
      ['5', 1],
    ]);

    // A head that always names a change the feed no longer holds.
    let reads = 0;
    const moving = async (): Promise<ChangeFeedAnswer> => {
      reads += 1;
      return { feed: { feedId: 'feed-1', latestPosition: '10' }, changes: [] };
    };
    await expect(new CatalogPosition(moving).current()).rejects.toThrow(/kept changing/);
    expect(reads).toBe(1 + POSITION_ATTEMPTS);
  });
});
