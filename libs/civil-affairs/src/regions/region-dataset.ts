import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { checksumOf } from '@hkp/persistence';
import { REGION_LEVELS, type RegionLevelName } from './region.entity';

export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: RegionLevelName;
  name: string;
  area: string | null;
  ancestorCodes: string[];
}

export const REGION_DATASET_PATH = join(workspaceRoot(), 'data', 'regions', 'guangdong.tsv');

/** Parses the committed extract (tools/import-regions) and derives each region's ancestors. */
export function parseRegionTsv(content: string): RegionRow[] {
  const [header, ...lines] = content.split('\n').filter((line) => line.length > 0);
  if (header !== 'code\tparent_code\tlevel\tname\tarea') throw new Error(`Unexpected header in region data: ${header}`);
  const rows = lines.map((line, index): RegionRow => {
    const [code, parentCode, level, name, area] = line.split('\t');
    if (!code || !name || !(REGION_LEVELS as readonly string[]).includes(level ?? '')) {
      throw new Error(`Malformed region row ${index + 2}: ${line}`);
    }
    return { code, parentCode: parentCode || null, level: level as RegionLevelName, name, area: area || null, ancestorCodes: [] };
  });
  const byCode = new Map(rows.map((row) => [row.code, row]));
  for (const row of rows) {
    const ancestors: string[] = [];
    for (let parent = row.parentCode; parent; parent = byCode.get(parent)?.parentCode ?? null) ancestors.unshift(parent);
    row.ancestorCodes = ancestors;
  }
  return rows;
}

/** The committed extract and its checksum; parse it (parseRegionTsv) only when it is to be loaded. */
export function readRegionDataset(path = REGION_DATASET_PATH): { content: string; checksum: string } {
  const content = readFileSync(path, 'utf8');
  return { content, checksum: checksumOf(content) };
}
