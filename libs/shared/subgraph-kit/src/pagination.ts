import { userInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Cursors are opaque to clients: base64 of a JSON offset marker, versioned for later change. */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, o: offset })).toString('base64url');
}

export function decodeOffsetCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: number; o?: number };
    if (parsed.v === 1 && Number.isInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    // fall through to the error below
  }
  throw userInputError('The cursor in "after" is not one this API gave out. Use the endCursor of a previous page.', 'after');
}

/** Validates `first`/`after` and turns them into LIMIT/OFFSET. */
export function pageWindow(first: number | null | undefined, after: string | null | undefined): { limit: number; offset: number } {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw userInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${limit}.`, 'first');
  }
  const offset = after ? decodeOffsetCursor(after) + 1 : 0;
  return { limit, offset };
}
