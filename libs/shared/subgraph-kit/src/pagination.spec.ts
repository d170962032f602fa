import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { toConnection } from './connection';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeOffsetCursor, encodeOffsetCursor, pageWindow } from './pagination';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions['code'] as string;
  }
  throw new Error('expected a GraphQLError');
}

describe('offset cursors', () => {
  it('round-trip any offset and are opaque URL-safe text', () => {
    for (const offset of [0, 1, 19, 20, 99, 12345, 2 ** 31]) {
      const cursor = encodeOffsetCursor(offset);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain(String(offset));
      expect(decodeOffsetCursor(cursor)).toBe(offset);
    }
  });

  it('rejects cursors this API did not give out as BAD_USER_INPUT on "after"', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const bad = [
      '',
      'garbage',
      '!!!',
      b64('not json'),
      b64('{"v":2,"o":3}'),
      b64('{"v":1,"o":-1}'),
      b64('{"v":1,"o":1.5}'),
      b64('{"v":1,"o":"3"}'),
      b64('{"v":1}'),
      b64('null'),
      b64('[]'),
      b64('3'),
    ];
    for (const cursor of bad) {
      expect(codeOf(() => decodeOffsetCursor(cursor))).toBe('BAD_USER_INPUT');
    }
    try {
      decodeOffsetCursor('garbage');
    } catch (error) {
      expect((error as GraphQLError).message).toMatch(/endCursor/);
      expect((error as GraphQLError).extensions['field']).toBe('after');
    }
  });
});

describe('pageWindow', () => {
  it('defaults to the first page of the default size', () => {
    expect(pageWindow(undefined, undefined)).toEqual({ limit: DEFAULT_PAGE_SIZE, offset: 0 });
    expect(pageWindow(null, null)).toEqual({ limit: DEFAULT_PAGE_SIZE, offset: 0 });
  });

  it('starts right after the row the cursor names', () => {
    expect(pageWindow(5, encodeOffsetCursor(0))).toEqual({ limit: 5, offset: 1 });
    expect(pageWindow(5, encodeOffsetCursor(9))).toEqual({ limit: 5, offset: 10 });
  });

  it('accepts 0 to MAX_PAGE_SIZE and rejects anything else on "first"', () => {
    expect(pageWindow(0, null).limit).toBe(0);
    expect(pageWindow(MAX_PAGE_SIZE, null).limit).toBe(MAX_PAGE_SIZE);
    for (const first of [MAX_PAGE_SIZE + 1, -1, 2.5, Number.NaN]) {
      expect(codeOf(() => pageWindow(first, null))).toBe('BAD_USER_INPUT');
    }
  });

  it('gives pages whose cursors continue where the last page stopped', () => {
    const rows = Array.from({ length: 7 }, (_, i) => `row${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { limit, offset } = pageWindow(3, after);
      const page = toConnection(rows.slice(offset, offset + limit), rows.length, offset);
      seen.push(...page.nodes);
      expect(page.totalCount).toBe(7);
      expect(page.pageInfo.hasPreviousPage).toBe(offset > 0);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows);
  });

  it('reports an empty page past the end without cursors', () => {
    const page = toConnection([], 3, 3);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
