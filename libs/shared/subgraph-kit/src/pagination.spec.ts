import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { toConnection } from './connection';
import {
  AUDIT_PAGE,
  checkPageSize,
  DEFAULT_PAGE_SIZE,
  FEED_PAGE,
  MAX_PAGE_SIZE,
  PAGE,
  decodeCursor,
  encodeCursor,
  pageSizeDescription,
  pageWindow,
  type SortKey,
} from './pagination';

function rejection(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('keyset cursors', () => {
  it('round-trip the sort key of a row as opaque URL-safe text', () => {
    for (const key of [['education-plan'], [0, 'm-0001'], [-2, -0.3125, 1, '省级/方案']] as SortKey[]) {
      const cursor = encodeCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const shape = key.map((v): 'number' | 'string' => (typeof v === 'number' ? 'number' : 'string'));
      expect(decodeCursor(cursor, shape)).toEqual(key);
    }
  });

  it('refuses the offset cursors of earlier versions, saying to start again from the first page', () => {
    const error = rejection(() => decodeCursor(b64('{"v":1,"o":99}'), ['string']));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(error.message).toMatch(/offset cursor/);
    expect(error.message).toMatch(/first page/);
  });

  it('refuses a cursor of a list sorted another way, saying to start again', () => {
    const error = rejection(() => decodeCursor(encodeCursor([0, 'm-1']), ['number', 'number', 'number', 'string']));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(error.message).toMatch(/sorted another way/);
  });

  it('rejects cursors this API did not give out as BAD_USER_INPUT on "after"', () => {
    const bad = [
      '',
      'garbage',
      '!!!',
      b64('not json'),
      b64('{"v":3,"k":["a"]}'),
      b64('{"v":2,"k":[1]}'),
      b64('{"v":2,"k":"a"}'),
      b64('{"v":2}'),
      b64('{"v":1,"o":"3"}'.replace('"o"', '"x"')),
      b64('null'),
      b64('[]'),
      b64('3'),
    ];
    for (const cursor of bad) {
      expect(rejection(() => decodeCursor(cursor, ['string'])).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    expect(rejection(() => decodeCursor('garbage', ['string'])).message).toMatch(/endCursor/);
    expect(rejection(() => decodeCursor(b64('{"v":2,"k":[null,"a"]}'), ['number', 'string'])).extensions['code']).toBe('BAD_USER_INPUT');
  });
});

describe('pageWindow', () => {
  it('defaults to the first page of the default size', () => {
    expect(pageWindow(undefined, undefined, ['string'])).toEqual({ limit: DEFAULT_PAGE_SIZE, after: null });
    expect(pageWindow(null, null, ['string'])).toEqual({ limit: DEFAULT_PAGE_SIZE, after: null });
  });

  it('starts after the row the cursor names', () => {
    expect(pageWindow(5, encodeCursor(['m-9']), ['string'])).toEqual({ limit: 5, after: ['m-9'] });
  });

  it('accepts 0 to MAX_PAGE_SIZE and rejects anything else on "first"', () => {
    expect(pageWindow(0, null, []).limit).toBe(0);
    expect(pageWindow(MAX_PAGE_SIZE, null, []).limit).toBe(MAX_PAGE_SIZE);
    for (const first of [MAX_PAGE_SIZE + 1, -1, 2.5, Number.NaN]) {
      expect(rejection(() => pageWindow(first, null, [])).extensions['code']).toBe('BAD_USER_INPUT');
    }
  });

  it('walks a list page by page without repeating or skipping a row while rows are added and removed before the cursor', () => {
    let rows = Array.from({ length: 9 }, (_, i) => `row${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (let turn = 0; ; turn++) {
      const window = pageWindow(3, after, ['string']);
      const fetched = rows.filter((r) => window.after === null || r > (window.after[0] as string)).slice(0, window.limit + 1);
      const page = toConnection(fetched, rows.length, window, (r) => [r]);
      seen.push(...page.nodes);
      expect(page.pageInfo.hasPreviousPage).toBe(turn > 0);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      // Writes between pages: a row seen is removed, one is added before the cursor.
      rows = [`row0a${turn}`, ...rows.filter((r) => r !== seen[0])].sort();
    }
    expect(seen).toEqual(Array.from({ length: 9 }, (_, i) => `row${i}`));
  });

  it('reports an empty page past the end without cursors', () => {
    const page = toConnection([], 3, { limit: 3, after: ['row9'] }, (r: string) => [r]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    expect(page.totalCount).toBe(3);
  });
});

describe('checkPageSize', () => {
  it('takes 0 to the maximum of each kind of list, the kind’s default when not given, and refuses anything else on "first"', () => {
    for (const bounds of [PAGE, FEED_PAGE, AUDIT_PAGE]) {
      expect(checkPageSize(undefined, bounds)).toBe(bounds.default);
      expect(checkPageSize(null, bounds)).toBe(bounds.default);
      expect(checkPageSize(0, bounds)).toBe(0);
      expect(checkPageSize(bounds.max, bounds)).toBe(bounds.max);
      for (const first of [bounds.max + 1, -1, 2.5, Number.NaN]) {
        const error = rejection(() => checkPageSize(first, bounds));
        expect([error.extensions['code'], error.extensions['field'], error.message]).toEqual([
          'BAD_USER_INPUT',
          'first',
          `"first" must be between 0 and ${bounds.max}, got ${first}.`,
        ]);
      }
    }
  });

  it('words the bounds the schema states with the numbers it checks', () => {
    expect(pageSizeDescription(PAGE, 'no nodes, only totalCount')).toBe(
      'Page size, 0 to 100, default 20. 0 answers no nodes, only totalCount.',
    );
    expect(pageSizeDescription(FEED_PAGE, 'an empty list')).toBe('Page size, 0 to 500, default 100. 0 answers an empty list.');
  });
});
