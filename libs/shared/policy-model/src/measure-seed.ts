import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { checksumOf, loadSeedOnce } from '@hkp/persistence';
import { MeasureEntity, TargetEntity } from './entities/measure.entity';
import { readGeneratedMeasures, type DepartmentCode, type GeneratedMeasure } from './generated-measure';
import { appendMeasureEvent } from './measure-writer';

/** The fields a seed import may set; a measure changed by its department keeps its edits. */
function contentHashOf(measure: GeneratedMeasure): string {
  return checksumOf(JSON.stringify(measure));
}

/**
 * Measures written through the API carry a content hash with this prefix: the department's own
 * edits, which a later seed import leaves alone.
 */
export const API_CONTENT_HASH_PREFIX = 'api:';

/**
 * Loads a department's measures from data/generated/measures.json. New measures are inserted,
 * measures whose published content changed are updated with a new version (a measure archived
 * because it had left the data set comes back the same way), unchanged ones are left alone.
 * A seeded measure that is no longer in the data set is archived (new version, `archived_at`),
 * unless the department wrote it or changed it through the API (content hash `api:…`): those are
 * the department's own and stay. Every insert, update and archive goes to the outbox (UPSERT or
 * ARCHIVE) in the same transaction, so the catalog follows. Running it twice changes nothing.
 * The existing rows are read under a row lock (FOR UPDATE), so an API write committed meanwhile by
 * another replica is seen before the seed decides about its measure.
 *
 * `readMeasures` is where the data set comes from (tests pass their own).
 */
export function departmentMeasureLoader(department: DepartmentCode, readMeasures: () => GeneratedMeasure[] = readGeneratedMeasures) {
  return async function loadMeasures(dataSource: DataSource, logger: Logger): Promise<void> {
    const measures = readMeasures().filter((m) => m.department === department);
    const checksum = checksumOf(JSON.stringify(measures));
    let changed = 0;
    const keptEdits: string[] = [];
    const archived: string[] = [];
    await loadSeedOnce(dataSource, 'measures', checksum, async (manager) => {
      const repo = manager.getRepository(MeasureEntity);
      // Locked as the API's writes lock a row (see MeasureCommands): an API write that another replica
      // commits while the seed runs is waited for and then read, so the seed does not overwrite or
      // archive the department's edit on the strength of a content hash read before it.
      const existing = new Map(
        (
          await repo.find({
            select: { id: true, version: true, department: true, contentHash: true, archivedAt: true },
            order: { id: 'ASC' },
            lock: { mode: 'pessimistic_write' },
          })
        ).map((m) => [m.id, m]),
      );
      for (const measure of measures) {
        const hash = contentHashOf(measure);
        const current = existing.get(measure.id);
        if (current?.contentHash === hash && current.archivedAt === null) continue;
        if (current?.contentHash.startsWith(API_CONTENT_HASH_PREFIX)) {
          keptEdits.push(measure.id);
          continue;
        }
        const entity = repo.create({
          id: measure.id,
          version: (current?.version ?? 0) + 1,
          department: measure.department,
          responsibleBody: measure.responsibleBody,
          category: measure.category,
          level: measure.level,
          issuer: measure.issuer,
          title: measure.title,
          originalTitle: measure.originalTitle,
          points: measure.points,
          pointsNormalised: measure.pointsNormalised,
          periodStart: measure.periodStart,
          periodEnd: measure.periodEnd,
          publishedOn: measure.publishedOn,
          regionCodes: measure.regionCodes,
          details: measure.details,
          source: measure.source,
          contentHash: hash,
          archivedAt: null,
          updatedAt: new Date(),
        });
        await repo.save(entity);
        // Targets keep their ids (and with them their recorded observations); dropped ones go.
        const targetIds = measure.targets.map((t) => t.id);
        await manager.query(`DELETE FROM targets WHERE measure_id = $1 AND NOT (id = ANY($2::text[]))`, [measure.id, targetIds]);
        if (measure.targets.length > 0) {
          await manager.getRepository(TargetEntity).upsert(
            measure.targets.map((t, position) => ({
              id: t.id,
              measureId: measure.id,
              position,
              indicator: t.indicator,
              value: t.value,
              unit: t.unit,
              year: t.year,
              comparator: t.comparator,
              baselineValue: t.baseline?.value ?? null,
              baselineYear: t.baseline?.year ?? null,
              regionCode: t.regionCode,
              excerpt: t.excerpt,
            })),
            ['id'],
          );
        }
        await appendMeasureEvent(manager, entity, 'UPSERT');
        changed += 1;
      }
      // Seeded measures that left the curation: archived, so the catalog drops them.
      const inDataSet = new Set(measures.map((m) => m.id));
      for (const current of existing.values()) {
        if (inDataSet.has(current.id) || current.department !== department || current.archivedAt !== null) continue;
        if (current.contentHash.startsWith(API_CONTENT_HASH_PREFIX)) continue;
        const row = await repo.findOneByOrFail({ id: current.id });
        const now = new Date();
        Object.assign(row, { version: row.version + 1, archivedAt: now, updatedAt: now });
        await repo.save(row);
        await appendMeasureEvent(manager, row, 'ARCHIVE');
        archived.push(current.id);
      }
    });
    if (changed > 0) logger.info({ department, changed, total: measures.length }, 'loaded measures from the seed data set');
    if (archived.length > 0)
      logger.info({ department, measures: archived }, 'archived seeded measures that are no longer in the seed data set');
    if (keptEdits.length > 0)
      logger.info(
        { department, measures: keptEdits },
        'kept measures the department changed through the API; the seed data set does not overwrite them',
      );
  };
}
