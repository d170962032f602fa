/**
 * The catalog's change log (table catalog_changes): one row per change applied to the catalog,
 * numbered 1, 2, 3 … in commit order (the number is taken under a lock held until commit), so a
 * reader that has every change up to a position and reads on from it misses none. Nothing is ever
 * deleted from it: a position stays valid as long as the feed id does.
 */

/** Anything that runs SQL: the data source, a transaction's manager, a pg client. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** One change applied to the catalog, with the regions of the measure it is about. */
export interface CatalogChangeRecord {
  /** Its position in the log (a whole number, as text: positions are 64-bit). */
  position: string;
  measureId: string;
  department: string;
  version: number;
  /** UPSERT or ARCHIVE. */
  kind: string;
  changedAt: Date;
  /** The regions the measure is for, as the catalog holds it now (what filters match). */
  regionCodes: string[];
}

/** The feed as a whole: its identity and how far it goes. */
export interface CatalogChangeFeedHead {
  feedId: string;
  /** The position of the latest change ("0" while there is none). */
  latestPosition: string;
  /** The position of the oldest change kept ("0" while there is none). */
  oldestPosition: string;
}

/** What the catalog keeps of its change log; said in the schema and in docs/operations.md. */
export const CATALOG_CHANGE_RETENTION =
  'Every change since the feed was created is kept; a position stays valid as long as the feed id is the same.';

/**
 * The NOTIFY channel a trigger announces each appended change on (its position as the payload):
 * one per programme schema, so schemas sharing a database stay apart.
 */
export function catalogChangeChannel(schema: string): string {
  return `${schema}.catalog_changes`;
}

interface ChangeRow {
  seq: string;
  measure_id: string;
  department: string;
  version: number;
  kind: string;
  changed_at: Date;
  region_codes: string[] | null;
}

/** Up to `limit` changes after `after`, oldest first. */
export async function readCatalogChanges(db: SqlRunner, after: bigint, limit: number): Promise<CatalogChangeRecord[]> {
  const rows: ChangeRow[] = await db.query(
    `SELECT ch.seq::text AS seq, ch.measure_id, ch.department, ch.version, ch.kind, ch.changed_at, m.region_codes
       FROM catalog_changes ch LEFT JOIN catalog_measures m ON m.id = ch.measure_id
      WHERE ch.seq > $1 ORDER BY ch.seq LIMIT $2`,
    [after.toString(), limit],
  );
  return rows.map((row) => ({
    position: row.seq,
    measureId: row.measure_id,
    department: row.department,
    version: row.version,
    kind: row.kind,
    changedAt: row.changed_at,
    regionCodes: row.region_codes ?? [],
  }));
}

/** The changes whose positions are in [from, to], oldest first (a page of the Atom feed). */
export async function readCatalogChangesBetween(db: SqlRunner, from: bigint, to: bigint): Promise<CatalogChangeRecord[]> {
  if (to < from) return [];
  return readCatalogChanges(db, from - 1n, Number(to - from + 1n));
}

/** The feed's id and its first and latest positions. */
export async function readCatalogChangeFeedHead(db: SqlRunner): Promise<CatalogChangeFeedHead> {
  const [row] = (await db.query(
    `SELECT f.feed_id::text AS feed_id,
            (SELECT COALESCE(MAX(seq), 0) FROM catalog_changes)::text AS latest,
            (SELECT COALESCE(MIN(seq), 0) FROM catalog_changes)::text AS oldest
       FROM catalog_change_feed f`,
  )) as { feed_id: string; latest: string; oldest: string }[];
  if (!row) throw new Error('catalog_change_feed has no row: the programme schema was not migrated');
  return { feedId: row.feed_id, latestPosition: row.latest, oldestPosition: row.oldest };
}

/** A position as a client sends it: a whole number as text. Null when it is not one. */
export function parsePosition(text: string): bigint | null {
  return /^\d{1,18}$/.test(text) ? BigInt(text) : null;
}
