import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { checksumOf, loadSeedOnce } from '@hkp/persistence';
import { API_CONTENT_HASH_PREFIX, readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { FundingLineEntity } from './funding-line.entity';

interface FundingLineData {
  regionCode: string;
  amount: number;
  unit: string;
  year: number | null;
  purpose: string;
  excerpt: string;
}

/**
 * Funding lines the curated documents give (details.fundingLines of finance measures). Every row of
 * funding_lines comes from the data set (there is no API that writes them), so a line that left it
 * (its measure or the line itself removed from the curation) is deleted in the same transaction,
 * unless its measure still stands (not archived) as the department edited it through the API
 * (content hash `api:…`): the measure seed keeps such a measure, and its lines stay with it.
 * `measures` is the data set (tests pass their own).
 */
export async function loadFundingLines(
  dataSource: DataSource,
  logger: Logger,
  measures: GeneratedMeasure[] = readGeneratedMeasures(),
): Promise<void> {
  const lines = measures.flatMap((measure) =>
    ((measure.details['fundingLines'] as FundingLineData[] | undefined) ?? []).map((line, i) => ({
      id: `${measure.id}:f${i + 1}`,
      measureId: measure.id,
      regionCode: line.regionCode,
      amount: line.amount,
      unit: line.unit,
      year: line.year,
      purpose: line.purpose,
      excerpt: line.excerpt,
    })),
  );
  let removed: string[] = [];
  const loaded = await loadSeedOnce(dataSource, 'funding-lines', checksumOf(JSON.stringify(lines)), async (manager) => {
    // The lines of a measure the department edited through the API stay while it stands: the measure
    // seed keeps that measure (see departmentMeasureLoader), so its lines are still the ones it has.
    const stale = (await manager.query(
      `SELECT f.id FROM funding_lines f
        WHERE NOT (f.id = ANY($1::text[]))
          AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.id = f.measure_id AND m.archived_at IS NULL AND starts_with(m.content_hash, $2))
        ORDER BY f.id`,
      [lines.map((l) => l.id), API_CONTENT_HASH_PREFIX],
    )) as { id: string }[];
    removed = stale.map((row) => row.id);
    if (removed.length > 0) await manager.query(`DELETE FROM funding_lines WHERE id = ANY($1::text[])`, [removed]);
    if (lines.length > 0) await manager.getRepository(FundingLineEntity).upsert(lines, ['id']);
  });
  if (loaded) logger.info({ fundingLines: lines.length, removed }, 'loaded funding lines');
}
