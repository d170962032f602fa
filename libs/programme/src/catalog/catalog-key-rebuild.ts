import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { MeasureSource } from '@hkp/policy-model';
import { CURRENT_CATALOG_KEYS, foreignExcerptOf, searchKeysOf, type CatalogKeyDerivation } from './catalog-keys';

export const KEY_REBUILD_BATCH = 500;

/** Catalog rows per kind of stored key: stale ones, or rebuilt ones. */
export interface CatalogKeyCounts {
  /** search_title and search_text */
  searchKeys: number;
  /** level_rank */
  levelRanks: number;
}

export interface CatalogKeyRebuildOptions {
  /** The derivation to bring rows to; the code's own unless a test passes another. */
  keys?: CatalogKeyDerivation;
  /** Rebuild every row, whatever version it records (`npm run reindex -- --all`). */
  all?: boolean;
  /** Rows per transaction. */
  batchSize?: number;
  /** Asked before each batch: true ends the rebuild there (the service is stopping). */
  stopped?: () => boolean;
}

/** What a key is derived from, as the catalog row keeps it, with the versions the row records. */
interface StoredKeySource {
  id: string;
  title: string;
  original_title: string;
  points: string[];
  responsible_body: string;
  issuer: string;
  targets: { indicator: string }[];
  region_codes: string[];
  source: MeasureSource;
  level: string;
  search_keys_version: number;
  level_rank_version: number;
}

/** How many rows record an older version than `keys` has, per kind of key. */
export async function countStaleCatalogKeys(dataSource: DataSource, keys = CURRENT_CATALOG_KEYS): Promise<CatalogKeyCounts> {
  const [row] = (await dataSource.query(
    `SELECT count(*) FILTER (WHERE search_keys_version < $1) AS search_keys,
            count(*) FILTER (WHERE level_rank_version < $2) AS level_ranks
       FROM catalog_measures`,
    [keys.searchKeyVersion, keys.levelRankVersion],
  )) as { search_keys: string; level_ranks: string }[];
  return { searchKeys: Number(row!.search_keys), levelRanks: Number(row!.level_ranks) };
}

/**
 * Derives again the stored keys of every row that records an older version (or of every row, with
 * `all`), from what the row itself keeps: no department feed is read. Rows go in id order, one
 * short transaction per batch, so searches keep answering from the old keys until each batch
 * commits, and an interruption leaves each row either as it was or fully rebuilt. Each batch locks
 * its rows with SKIP LOCKED: replicas rebuilding at once share the work instead of repeating it,
 * and a row a feed change is writing is left to that change, which stores current keys itself.
 * A kind of key is only rewritten where it is stale, so a row that a newer release already rebuilt
 * is not taken back to older keys. Running it again once rows are current updates nothing.
 */
export async function rebuildCatalogKeys(dataSource: DataSource, options: CatalogKeyRebuildOptions = {}): Promise<CatalogKeyCounts> {
  const keys = options.keys ?? CURRENT_CATALOG_KEYS;
  const all = options.all ?? false;
  const batchSize = options.batchSize ?? KEY_REBUILD_BATCH;
  const rebuilt: CatalogKeyCounts = { searchKeys: 0, levelRanks: 0 };
  let after = '';
  while (!options.stopped?.()) {
    const batch = await dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, title, original_title, points, responsible_body, issuer, targets, region_codes, source, level,
                search_keys_version, level_rank_version
           FROM catalog_measures
          WHERE id > $1 AND ($2 OR search_keys_version < $3 OR level_rank_version < $4)
          ORDER BY id
          LIMIT $5
            FOR UPDATE SKIP LOCKED`,
        [after, all, keys.searchKeyVersion, keys.levelRankVersion, batchSize],
      )) as StoredKeySource[];
      if (rows.length === 0) return { last: null, searchKeys: 0, levelRanks: 0 };
      // Per row, the new keys of each stale kind; null keeps what is stored.
      const ids: string[] = [];
      const titles: (string | null)[] = [];
      const texts: (string | null)[] = [];
      const searchVersions: (number | null)[] = [];
      const ranks: (number | null)[] = [];
      const rankVersions: (number | null)[] = [];
      let searchKeys = 0;
      let levelRanks = 0;
      for (const row of rows) {
        ids.push(row.id);
        if (all || row.search_keys_version < keys.searchKeyVersion) {
          const search = searchKeysOf(
            {
              title: row.title,
              originalTitle: row.original_title,
              points: row.points,
              responsibleBody: row.responsible_body,
              issuer: row.issuer,
              indicators: row.targets.map((t) => t.indicator),
              regionCodes: row.region_codes,
              foreignExcerpt: foreignExcerptOf(row.source),
            },
            (text) => keys.normalise(text),
          );
          titles.push(search.title);
          texts.push(search.text);
          searchVersions.push(keys.searchKeyVersion);
          searchKeys += 1;
        } else {
          titles.push(null);
          texts.push(null);
          searchVersions.push(null);
        }
        if (all || row.level_rank_version < keys.levelRankVersion) {
          ranks.push(keys.levelRank(row.level));
          rankVersions.push(keys.levelRankVersion);
          levelRanks += 1;
        } else {
          ranks.push(null);
          rankVersions.push(null);
        }
      }
      await manager.query(
        `UPDATE catalog_measures c
            SET search_title = COALESCE(k.search_title, c.search_title),
                search_text = COALESCE(k.search_text, c.search_text),
                search_keys_version = COALESCE(k.search_keys_version, c.search_keys_version),
                level_rank = COALESCE(k.level_rank, c.level_rank),
                level_rank_version = COALESCE(k.level_rank_version, c.level_rank_version)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::smallint[], $6::int[])
                AS k(id, search_title, search_text, search_keys_version, level_rank, level_rank_version)
          WHERE c.id = k.id`,
        [ids, titles, texts, searchVersions, ranks, rankVersions],
      );
      return { last: rows.length === batchSize ? rows[rows.length - 1]!.id : null, searchKeys, levelRanks };
    });
    rebuilt.searchKeys += batch.searchKeys;
    rebuilt.levelRanks += batch.levelRanks;
    if (batch.last === null) break;
    after = batch.last;
  }
  return rebuilt;
}

export interface BackgroundKeyRebuild {
  /** Settles when the rebuild ended: what it rebuilt, or null when it failed (logged). */
  finished: Promise<CatalogKeyCounts | null>;
  /** Ends the rebuild after the batch in progress. */
  stop(): Promise<void>;
}

/**
 * The rebuild a start of the programme service runs in the background: the service answers at once,
 * from the old keys, while stale rows are brought to this version batch by batch. A failure is
 * logged and leaves the old keys in use; the next start, or `npm run reindex`, tries again.
 */
export function startCatalogKeyRebuild(
  dataSource: DataSource,
  logger: Logger,
  options: Omit<CatalogKeyRebuildOptions, 'stopped' | 'all'> = {},
): BackgroundKeyRebuild {
  const keys = options.keys ?? CURRENT_CATALOG_KEYS;
  const versions = { searchKeyVersion: keys.searchKeyVersion, levelRankVersion: keys.levelRankVersion };
  let stopped = false;
  const run = async (): Promise<CatalogKeyCounts> => {
    const stale = await countStaleCatalogKeys(dataSource, keys);
    if (stale.searchKeys === 0 && stale.levelRanks === 0) return stale;
    logger.info({ stale, ...versions }, 'catalog keys stored by an older version; rebuilding them in the background');
    const startedAt = Date.now();
    const rebuilt = await rebuildCatalogKeys(dataSource, { ...options, keys, stopped: () => stopped });
    const ms = Date.now() - startedAt;
    if (stopped) logger.info({ rebuilt, ms }, 'catalog key rebuild stopped with the service; the next start goes on');
    else logger.info({ rebuilt, ms, ...versions }, 'rebuilt the stale catalog keys');
    return rebuilt;
  };
  const finished = run().catch((error: unknown) => {
    logger.error({ err: error }, 'catalog key rebuild failed; searches use the old keys until the next start or `npm run reindex`');
    return null;
  });
  return {
    finished,
    stop: async () => {
      stopped = true;
      await finished;
    },
  };
}
