import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { checksumOf, loadSeedOnce } from '@hkp/persistence';
import { readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
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
 * (its measure or the line itself removed from the curation) is deleted in the same transaction.
 * `measures` is the data set (tests pass their own).
 */
export async function loadFundingLines(dataSource: DataSource, logger: Logger, measures: GeneratedMeasure[] = readGeneratedMeasures()): Promise<void> {
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
    const stale = (await manager.query(`SELECT id FROM funding_lines WHERE NOT (id = ANY($1::text[])) ORDER BY id`, [lines.map((l) => l.id)])) as { id: string }[];
    removed = stale.map((row) => row.id);
    if (removed.length > 0) await manager.query(`DELETE FROM funding_lines WHERE id = ANY($1::text[])`, [removed]);
    if (lines.length > 0) await manager.getRepository(FundingLineEntity).upsert(lines, ['id']);
  });
  if (loaded) logger.info({ fundingLines: lines.length, removed }, 'loaded funding lines');
}
