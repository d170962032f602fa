import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';

/** The levels of data/regions/guangdong.tsv, from the top down. */
export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE'] as const;
export type RegionLevelName = (typeof REGION_LEVELS)[number];

export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: RegionLevelName;
  name: string;
  area: string | null;
  /** Codes of the regions above it, the province first. */
  ancestorCodes: string[];
}

/** The first line of the extract, as tools/import-regions writes it. */
export const REGION_TSV_HEADER = 'code\tparent_code\tlevel\tname\tarea';

export const REGION_DATASET_PATH = join(workspaceRoot(), 'data', 'regions', 'guangdong.tsv');

/**
 * Parses the committed extract and derives each region's ancestors. The one reader of the file: the
 * region seed, the seed import's reference check, the benchmark and the tests all use it.
 */
export function parseRegionTsv(content: string): RegionRow[] {
  const [header, ...lines] = content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.length > 0);
  if (header !== REGION_TSV_HEADER) {
    throw new Error(`data/regions/guangdong.tsv: expected header "${REGION_TSV_HEADER}", found "${header}"`);
  }
  const rows = lines.map((line, index): RegionRow => {
    const [code, parentCode, level, name, area] = line.split('\t');
    if (!code || !name || !(REGION_LEVELS as readonly string[]).includes(level ?? '')) {
      throw new Error(`data/regions/guangdong.tsv: malformed row ${index + 2}: ${line}`);
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

/** Every region of the committed extract (or of another file in the same format). */
export function readRegionRows(path = REGION_DATASET_PATH): RegionRow[] {
  return parseRegionTsv(readFileSync(path, 'utf8'));
}

let namesByCode: ReadonlyMap<string, string> | undefined;

/**
 * The name of every region of the committed extract by its code, parsed once per process (the
 * extract changes only with a release) and shared by every reader in it: the programme's search
 * keys name a measure's regions with it, and knownRegionCodes is its keys. Only the names are kept:
 * the rows with their ancestors would hold about three times the memory for as long as the process runs.
 */
export function regionNamesByCode(): ReadonlyMap<string, string> {
  namesByCode ??= new Map(readRegionRows().map((row) => [row.code, row.name]));
  return namesByCode;
}

/**
 * The division codes of the committed extract (regionNamesByCode's keys, no second copy).
 * Services check region codes in filters against it without asking civil-affairs.
 */
export function knownRegionCodes(): Pick<ReadonlySet<string>, 'has' | 'size'> {
  return regionNamesByCode();
}
