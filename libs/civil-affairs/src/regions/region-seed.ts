import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { SEARCH_KEY_VERSION } from '@hkp/chinese-text';
import { checksumOf, chunk, loadSeedOnce } from '@hkp/persistence';
import { parseRegionTsv, readRegionDataset } from './region-dataset';
import { regionNameKey, regionPinyinOf } from './region-name-key';
import { bumpRegionVersion } from './region-version';

/**
 * What the stored regions are made from: the data file and the version of the name keys computed
 * from it (SEARCH_KEY_VERSION, which covers the pinyin too), so a change to the search
 * normalisation or to the pinyin rebuilds every name_key and pinyin column.
 */
export function regionSeedChecksum(datasetChecksum: string, keyVersion: number = SEARCH_KEY_VERSION): string {
  return checksumOf(`${datasetChecksum}\nname_key v${keyVersion}`);
}

/**
 * Loads all of Guangdong's divisions; a restart with the same file and the same search-key version
 * does nothing. `keyVersion` is SEARCH_KEY_VERSION (tests pass another).
 */
export async function loadRegions(dataSource: DataSource, logger: Logger, keyVersion: number = SEARCH_KEY_VERSION): Promise<void> {
  await loadRegionsCounted(dataSource, logger, keyVersion);
}

/** loadRegions, answering how many regions it loaded: 0 when the stored ones were current. */
export async function loadRegionsCounted(dataSource: DataSource, logger: Logger, keyVersion: number = SEARCH_KEY_VERSION): Promise<number> {
  // A start with the same file and key version compares checksums only: the rows are parsed when loaded.
  const { content, checksum } = readRegionDataset();
  let count = 0;
  const loaded = await loadSeedOnce(dataSource, 'regions', regionSeedChecksum(checksum, keyVersion), async (manager) => {
    const rows = parseRegionTsv(content);
    count = rows.length;
    for (const part of chunk(rows, 2000)) {
      const values: unknown[] = [];
      const tuples = part.map((row, i) => {
        const { pinyin, pinyinKey, pinyinInitials } = regionPinyinOf(row.name);
        values.push(row.code, row.parentCode, row.level, row.name, regionNameKey(row.name), pinyin, pinyinKey, pinyinInitials, row.area);
        values.push(row.ancestorCodes);
        const p = i * 10;
        return `(${Array.from({ length: 10 }, (_, k) => `$${p + k + 1}`).join(', ')})`;
      });
      await manager.query(
        `INSERT INTO regions (code, parent_code, level, name, name_key, pinyin, pinyin_key, pinyin_initials, area, ancestor_codes)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level,
           name = EXCLUDED.name, name_key = EXCLUDED.name_key, pinyin = EXCLUDED.pinyin, pinyin_key = EXCLUDED.pinyin_key,
           pinyin_initials = EXCLUDED.pinyin_initials, area = EXCLUDED.area, ancestor_codes = EXCLUDED.ancestor_codes`,
        values,
      );
    }
    // In the load's transaction: caches of region data (the gateway's entity cache) see the new
    // regions and their new version together.
    await bumpRegionVersion(manager);
  });
  if (loaded) logger.info({ regions: count, keyVersion }, 'loaded Guangdong divisions');
  return loaded ? count : 0;
}

/**
 * Loads the divisions again whatever checksum is stored, so every name_key is derived anew
 * (`npm run reindex -- --all`). Answers how many regions were loaded.
 */
export async function reloadRegions(dataSource: DataSource, logger: Logger, keyVersion: number = SEARCH_KEY_VERSION): Promise<number> {
  // Forgetting what was loaded is what makes the next load take the whole file.
  const [{ exists }] = (await dataSource.query(`SELECT to_regclass('seed_state') IS NOT NULL AS exists`)) as { exists: boolean }[];
  if (exists) await dataSource.query(`DELETE FROM seed_state WHERE dataset = 'regions'`);
  return loadRegionsCounted(dataSource, logger, keyVersion);
}
