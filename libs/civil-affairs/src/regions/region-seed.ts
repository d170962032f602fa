import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { chunk, loadSeedOnce } from '@hkp/persistence';
import { readRegionDataset } from './region-dataset';
import { regionNameKey } from './region-name-key';

/** Loads all of Guangdong's divisions; a restart with the same file does nothing. */
export async function loadRegions(dataSource: DataSource, logger: Logger): Promise<void> {
  const { rows, checksum } = readRegionDataset();
  const loaded = await loadSeedOnce(dataSource, 'regions', checksum, async (manager) => {
    for (const part of chunk(rows, 2000)) {
      const values: unknown[] = [];
      const tuples = part.map((row, i) => {
        values.push(row.code, row.parentCode, row.level, row.name, regionNameKey(row.name), row.area, row.ancestorCodes);
        const p = i * 7;
        return `(${Array.from({ length: 7 }, (_, k) => `$${p + k + 1}`).join(', ')})`;
      });
      await manager.query(
        `INSERT INTO regions (code, parent_code, level, name, name_key, area, ancestor_codes) VALUES ${tuples.join(', ')}
         ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level,
           name = EXCLUDED.name, name_key = EXCLUDED.name_key, area = EXCLUDED.area, ancestor_codes = EXCLUDED.ancestor_codes`,
        values,
      );
    }
  });
  if (loaded) logger.info({ regions: rows.length }, 'loaded Guangdong divisions');
}
