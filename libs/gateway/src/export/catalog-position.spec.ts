import { CatalogPosition, POSITION_PAGE, type CatalogChangeMark } from './catalog-position';

/** A change feed in memory, answering `measureChanges(after, first)` as the programme service does, counting requests. */
function feed(length: number) {
  let changes: CatalogChangeMark[] = [];
  const append = (count: number, measureId = 'education-m') => {
    for (let i = 0; i < count; i += 1) {
      const seq = changes.length + 1;
      changes.push({ seq: String(seq), measureId, version: seq, changedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
    }
  };
  append(length);
  const reads: string[] = [];
  return {
    append,
    /** The programme's database restored from an older backup: the feed is shorter, then goes on with other changes. */
    restore(keep: number, thenAppend: number) {
      changes = changes.slice(0, keep);
      append(thenAppend, 'health-m');
    },
    reads,
    read: async (after: string, first: number) => {
      reads.push(after);
      return changes.filter((c) => Number(c.seq) > Number(after)).slice(0, first);
    },
  };
}

describe('CatalogPosition', () => {
  it('reads the feed from its start once, then on from the change it saw last', async () => {
    const changes = feed(POSITION_PAGE * 2 + 3);
    const position = new CatalogPosition(changes.read);
    expect((await position.current())?.seq).toBe(String(POSITION_PAGE * 2 + 3));
    expect(changes.reads).toEqual(['0', String(POSITION_PAGE), String(POSITION_PAGE * 2)]);

    changes.reads.length = 0;
    expect((await position.current())?.seq).toBe(String(POSITION_PAGE * 2 + 3));
    expect(changes.reads).toEqual([String(POSITION_PAGE * 2 + 2)]);

    changes.append(2);
    expect((await position.current())?.seq).toBe(String(POSITION_PAGE * 2 + 5));
  });

  it('is null while the catalog has no change, and shares one reading among callers', async () => {
    const changes = feed(0);
    const position = new CatalogPosition(changes.read);
    expect(await Promise.all([position.current(), position.current()])).toEqual([null, null]);
    expect(changes.reads).toEqual(['0']);
  });

  it('reads the feed again from its start when the change it saw last is gone', async () => {
    const changes = feed(10);
    const position = new CatalogPosition(changes.read);
    expect((await position.current())?.seq).toBe('10');
    // Restored to 7 changes, then 5 more: seq 10 exists again, but is another change.
    changes.restore(7, 5);
    changes.reads.length = 0;
    expect(await position.current()).toMatchObject({ seq: '12', measureId: 'health-m' });
    expect(changes.reads).toEqual(['9', '0']);
  });
});
