import { readFileSync } from 'node:fs';
import { checksumOf } from '@hkp/persistence';
import { REGION_DATASET_PATH } from '@hkp/region-data';

export { parseRegionTsv, REGION_DATASET_PATH, type RegionRow } from '@hkp/region-data';

/** The committed extract and its checksum; parse it (parseRegionTsv) only when it is to be loaded. */
export function readRegionDataset(path = REGION_DATASET_PATH): { content: string; checksum: string } {
  const content = readFileSync(path, 'utf8');
  return { content, checksum: checksumOf(content) };
}
