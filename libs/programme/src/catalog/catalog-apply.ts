import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { regionScope, type MeasureSnapshot } from '@hkp/policy-model';
import { CURRENT_CATALOG_KEYS, foreignExcerptOf, searchKeysOf, type SearchKeys } from './catalog-keys';

export interface FeedChange {
  seq: string;
  measureId: string;
  version: number;
  kind: string;
  snapshot: MeasureSnapshot;
}

/** One page of a department's feed: its changes, and the identity and end of the feed they come from. */
export interface FeedPage {
  /** The feed's id; a different one than the catalog saw means the department's outbox was recreated. */
  feedId: string;
  /** The highest seq in the feed ("0" when empty). */
  latestSeq: string;
  changes: FeedChange[];
}

/** Years a measure is about: its period and the years its targets are due. */
export function yearsOf(snapshot: MeasureSnapshot): number[] {
  const years = new Set<number>();
  for (const target of snapshot.targets) if (target.year !== null) years.add(target.year);
  const { periodStart: start, periodEnd: end } = snapshot;
  if (start !== null && end !== null && end >= start && end - start <= 50) {
    for (let year = start; year <= end; year += 1) years.add(year);
  } else {
    if (start !== null) years.add(start);
    if (end !== null) years.add(end);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The search keys of a snapshot, from the fields the catalog stores (the published points: the
 * normalisation makes display text of them; the region codes; the source), so a rebuild from the
 * row gives the same keys.
 */
export function searchTextOf(snapshot: MeasureSnapshot, normalise = CURRENT_CATALOG_KEYS.normalise): SearchKeys {
  return searchKeysOf(
    {
      title: snapshot.title,
      originalTitle: snapshot.originalTitle,
      points: snapshot.points,
      responsibleBody: snapshot.responsibleBody,
      issuer: snapshot.issuer,
      indicators: snapshot.targets.map((t) => t.indicator),
      regionCodes: snapshot.regionCodes,
      foreignExcerpt: foreignExcerptOf(snapshot.source),
    },
    normalise,
  );
}

/** The feed a change was read from: its name and the one department it may speak for. */
export interface FeedOrigin {
  name: string;
  department: string;
}

/**
 * Why a change may not enter the catalog, or null when it may: a feed speaks only for its own
 * department (education's feed cannot write a HEALTH measure, or take over another department's
 * id), and the change must describe the measure it names.
 */
export function refusalOf(change: FeedChange, origin: FeedOrigin): string | null {
  const s = change.snapshot;
  if (s.department !== origin.department)
    return `the snapshot is a ${s.department} measure, but the ${origin.name} feed carries ${origin.department} measures only`;
  if (s.id !== change.measureId) return `the snapshot is of ${s.id}, but the change names ${change.measureId}`;
  return null;
}

/** Whether a change may enter the catalog (see refusalOf); a refused one is logged as a warning. */
export function admissible(change: FeedChange, origin: FeedOrigin, logger: Logger): boolean {
  const refusal = refusalOf(change, origin);
  if (refusal === null) return true;
  logger.warn(
    { source: origin.name, seq: change.seq, measureId: change.measureId, department: change.snapshot.department },
    `catalog skipped a change: ${refusal}`,
  );
  return false;
}

/**
 * Applies one change from a department's feed. A change the feed may not make (see refusalOf) is
 * skipped with a warning: the feed's position still moves past it, so one bad change cannot stop
 * the department's feed, and a correction arrives as a later change. A change older than what the
 * catalog holds (a redelivery) leaves the row alone, so applying a feed twice changes nothing.
 * A row the catalog holds for another department is never overwritten, whatever the version: one
 * department's feed cannot take over (relabel) another's measure; the refusal is logged.
 *
 * With `replace` (rebuilding a department after its feed was reset) the change is the truth
 * whatever its version: it overwrites the department's row unless the row is already exactly
 * that, so a lower version of a recreated department is taken and a repeat still changes nothing.
 * It never takes over another department's row.
 */
export async function applyChange(
  manager: EntityManager,
  change: FeedChange,
  origin: FeedOrigin,
  logger: Logger,
  options: { replace?: boolean } = {},
): Promise<boolean> {
  if (!admissible(change, origin, logger)) return false;
  const s = change.snapshot;
  const keys = CURRENT_CATALOG_KEYS;
  const search = searchTextOf(s, keys.normalise);
  const scope = [...new Set(s.regionCodes.flatMap(regionScope))].sort();
  // One statement: the upsert, and the department that held the id before it (read from the
  // statement's snapshot), to tell a takeover attempt from a redelivery when nothing was applied.
  const [outcome] = (await manager.query(
    `WITH applied AS (
     INSERT INTO catalog_measures (id, department, version, responsible_body, category, level, level_rank, issuer, title,
       original_title, points, period_start, period_end, published_on, region_codes, region_scope, years, targets, source,
       search_title, search_text, archived, updated_at, search_keys_version, level_rank_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
     ON CONFLICT (id) DO UPDATE SET department = EXCLUDED.department, version = EXCLUDED.version,
       responsible_body = EXCLUDED.responsible_body, category = EXCLUDED.category, level = EXCLUDED.level,
       level_rank = EXCLUDED.level_rank, issuer = EXCLUDED.issuer, title = EXCLUDED.title,
       original_title = EXCLUDED.original_title, points = EXCLUDED.points, period_start = EXCLUDED.period_start,
       period_end = EXCLUDED.period_end, published_on = EXCLUDED.published_on, region_codes = EXCLUDED.region_codes,
       region_scope = EXCLUDED.region_scope, years = EXCLUDED.years, targets = EXCLUDED.targets, source = EXCLUDED.source,
       search_title = EXCLUDED.search_title, search_text = EXCLUDED.search_text, archived = EXCLUDED.archived,
       updated_at = EXCLUDED.updated_at, search_keys_version = EXCLUDED.search_keys_version,
       level_rank_version = EXCLUDED.level_rank_version
     WHERE catalog_measures.department = EXCLUDED.department
       AND ${options.replace ? '(catalog_measures.*) IS DISTINCT FROM (EXCLUDED.*)' : 'catalog_measures.version < EXCLUDED.version'}
     RETURNING id)
     SELECT EXISTS (SELECT 1 FROM applied) AS applied, (SELECT department FROM catalog_measures WHERE id = $1) AS owner`,
    [
      s.id,
      s.department,
      s.version,
      s.responsibleBody,
      s.category,
      s.level,
      keys.levelRank(s.level),
      s.issuer,
      s.title,
      s.originalTitle,
      JSON.stringify(s.points),
      s.periodStart,
      s.periodEnd,
      s.publishedOn,
      s.regionCodes,
      scope,
      yearsOf(s),
      JSON.stringify(s.targets),
      JSON.stringify(s.source),
      search.title,
      search.text,
      change.kind === 'ARCHIVE' || s.archived,
      s.updatedAt,
      keys.searchKeyVersion,
      keys.levelRankVersion,
    ],
  )) as { applied: boolean; owner: string | null }[];
  if (!outcome!.applied) {
    // A redelivery or an older version, the usual reasons, stays silent; a relabelling is said.
    if (outcome!.owner !== null && outcome!.owner !== s.department) {
      logger.warn(
        { source: origin.name, seq: change.seq, measureId: change.measureId, department: s.department, owner: outcome!.owner },
        `catalog refused a change: ${change.measureId} is a ${outcome!.owner} measure in the catalog, and the ${origin.name} feed may not take it over for ${s.department}`,
      );
    }
    return false;
  }
  await recordCatalogChange(manager, s.id, s.department, s.version, change.kind);
  return true;
}

/** Appends to the catalog's own feed (measureChanges), in the caller's transaction. */
export async function recordCatalogChange(
  manager: EntityManager,
  measureId: string,
  department: string,
  version: number,
  kind: string,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':catalog_changes'))`);
  await manager.query(
    `INSERT INTO catalog_changes (seq, measure_id, department, version, kind)
     SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4 FROM catalog_changes`,
    [measureId, department, version, kind],
  );
}
