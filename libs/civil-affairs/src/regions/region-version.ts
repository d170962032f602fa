import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource, EntityManager } from 'typeorm';

/** Where the region version is served, beside /health/ready. */
export const REGION_VERSION_PATH = '/region-version';

/**
 * The fields of Region this service answers from the `regions` table alone, and so whose values
 * change only with the region version. A cache of region data may keep answers that select only
 * these; `civilAffairsMeasures` reads the measures, which change with every write, and is not one
 * of them. A new Region field is left out until it is added here (region-version.spec.ts fails
 * until each field is either here or in NOT_REGION_DATA). They must also read the same for every
 * caller (no token, scope or header changes them): the gateway shares one kept answer between
 * anonymous and authenticated requests.
 */
export const REGION_DATA_FIELDS = [
  'code',
  'name',
  'pinyin',
  'level',
  'area',
  'areaName',
  'parentCode',
  'depth',
  'parent',
  'children',
  'ancestors',
  'fullName',
] as const;

/** Region fields of this service that read more than the regions. */
export const NOT_REGION_DATA = ['civilAffairsMeasures'] as const;

/** What GET /region-version answers. */
export interface RegionVersionAnswer {
  /** The entity type the version covers. */
  type: 'Region';
  /** Changes with every committed change to the regions (counter and a token new each time). */
  version: string;
  changedAt: string;
  /** The Region fields whose values depend on the regions alone (REGION_DATA_FIELDS). */
  fields: readonly string[];
}

/**
 * Starts a new region version, in the transaction of `manager` that changes the regions: the seed
 * load, a reload and the derived-key rebuild (loadRegionsCounted) call it, and so must any other
 * change to the regions (a migration, or an edit by hand: run this UPDATE in the same
 * transaction). A change rolled back leaves the version; a committed one is never seen without its
 * new version. The token is new each time, so no version is ever reused, not even by a database
 * created again (whose counter starts over).
 */
export async function bumpRegionVersion(manager: Pick<EntityManager, 'query'>): Promise<void> {
  // A schema the service has not migrated yet (npm run reindex on an older database) has no
  // version, and no service serves one from it: nothing to bump.
  const [{ exists }] = (await manager.query(`SELECT to_regclass('region_version') IS NOT NULL AS exists`)) as { exists: boolean }[];
  if (exists) await manager.query(`UPDATE region_version SET counter = counter + 1, token = gen_random_uuid(), changed_at = now()`);
}

/** The current region version, as committed. */
export async function readRegionVersion(dataSource: DataSource): Promise<{ version: string; changedAt: string }> {
  const rows = (await dataSource.query(
    `SELECT counter::text || '-' || token::text AS version, changed_at AS "changedAt" FROM region_version`,
  )) as {
    version: string;
    changedAt: Date;
  }[];
  const row = rows[0];
  if (!row) throw new Error('region_version has no row: the migration AddRegionVersion1764000000003 has not run.');
  return { version: row.version, changedAt: row.changedAt.toISOString() };
}

/**
 * GET /region-version: the region version and the fields it covers, read from the database on every
 * request (never cached here: the gateway polls it to know how old its region entries may be).
 * 503 when the database cannot be read: a cache must then stop trusting what it holds.
 */
export function regionVersionRoute(dataSource: DataSource) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let answer: RegionVersionAnswer | undefined;
    try {
      answer = { type: 'Region', ...(await readRegionVersion(dataSource)), fields: REGION_DATA_FIELDS };
    } catch {
      answer = undefined;
    }
    res.writeHead(answer ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(answer ?? { status: 'unavailable' }));
  };
}
