import { userInputError } from './errors';

/**
 * The bounds of `first` for one kind of list. Every list of a kind takes the same default and
 * maximum, states them in its schema description (pageSizeDescription) and checks them alike
 * (checkPageSize); docs/operations.md's page-size table lists the kinds.
 */
export interface PageBounds {
  readonly default: number;
  readonly max: number;
}

/** Connections (`measures`, `regions`, `<dept>Measures`, `Region.measures`) and the lists a department adds to a region. */
export const PAGE: PageBounds = { default: 20, max: 100 };
/**
 * Change feeds: the catalog's `measureChanges` and each department's `<dept>MeasureChanges`. The
 * default page with each change's measure (README's fields) stays under the gateway's cost limit.
 */
export const FEED_PAGE: PageBounds = { default: 100, max: 500 };
/** Audit trails (`<dept>MeasureAudit`). */
export const AUDIT_PAGE: PageBounds = { default: 100, max: 500 };

export const DEFAULT_PAGE_SIZE = PAGE.default;
export const MAX_PAGE_SIZE = PAGE.max;

/**
 * `first` of a list of the kind `bounds`, its default when not given. 0 is a page size like any
 * other, everywhere: no items, and what the answer holds besides them (a connection's totalCount
 * and facets, a feed's id and latest position), so a portal asks for counts alone with
 * `first: 0`. Anything else outside 0 to `bounds.max` is BAD_USER_INPUT on "first".
 */
export function checkPageSize(first: number | null | undefined, bounds: PageBounds = PAGE): number {
  const size = first ?? bounds.default;
  if (!Number.isInteger(size) || size < 0 || size > bounds.max) {
    throw userInputError(`"first" must be between 0 and ${bounds.max}, got ${size}.`, 'first');
  }
  return size;
}

/** The schema description of a `first` argument: its bounds, and what 0 answers for this list. */
export function pageSizeDescription(bounds: PageBounds, zeroAnswers: string): string {
  return `Page size, 0 to ${bounds.max}, default ${bounds.default}. 0 answers ${zeroAnswers}.`;
}

/** The values a list is sorted by, of the last row a page returned (ascending, the row's id last). */
export type SortKey = readonly (string | number)[];

/** The types of a list's sort key, in order: what a cursor of that list holds. */
export type SortKeyShape = readonly ('string' | 'number')[];

/** A page: at most `limit` rows, those sorting after `after` (from the first row when null). */
export interface PageWindow {
  limit: number;
  after: SortKey | null;
}

/** The version of the cursor format; version 1 held offsets and is refused. */
const CURSOR_VERSION = 2;

const RESTART = 'Start again from the first page (leave out "after") and pass the endCursor of each page to the next.';

/**
 * Cursors are opaque to clients: base64url of versioned JSON holding the sort key of the row they
 * follow, so a page starts after that row wherever rows were added or removed before it.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, k: key })).toString('base64url');
}

/** The sort key in a cursor of a list sorted by `shape`; BAD_USER_INPUT on "after" for anything else. */
export function decodeCursor(cursor: string, shape: SortKeyShape): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const body =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { v?: unknown; k?: unknown; o?: unknown }) : {};
  if (body.v === 1 && 'o' in body) {
    throw userInputError(`The cursor in "after" is an offset cursor, which this API no longer accepts. ${RESTART}`, 'after');
  }
  if (body.v === CURSOR_VERSION && Array.isArray(body.k) && fits(body.k, shape)) return body.k as SortKey;
  const ofAnotherList = body.v === CURSOR_VERSION && Array.isArray(body.k);
  throw userInputError(
    ofAnotherList
      ? `The cursor in "after" belongs to a list sorted another way (a search and a plain list sort differently). ${RESTART}`
      : 'The cursor in "after" is not one this API gave out. Use the endCursor of a previous page.',
    'after',
  );
}

function fits(key: unknown[], shape: SortKeyShape): boolean {
  return (
    key.length === shape.length &&
    key.every((value, i) => (shape[i] === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string'))
  );
}

/** Validates `first`/`after` of a list sorted by `shape`. Fetch `limit + 1` rows: the extra one says whether a next page exists. */
export function pageWindow(first: number | null | undefined, after: string | null | undefined, shape: SortKeyShape): PageWindow {
  const limit = checkPageSize(first, PAGE);
  return { limit, after: after ? decodeCursor(after, shape) : null };
}

/** `first` alone, for lists without cursors (a region's first measures). */
export function pageSize(first: number | null | undefined): number {
  return checkPageSize(first, PAGE);
}
