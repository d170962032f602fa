import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { checksumOf, loadSeedOnce } from '@hkp/persistence';
import { readGeneratedMeasures } from '@hkp/policy-model';
import { FundingLineEntity } from './funding-line.entity';

interface FundingLineData {
  regionCode: string;
  amount: number;
  unit: string;
  year: number | null;
  purpose: string;
  excerpt: string;
}

/** Funding lines the curated documents give (details.fundingLines of finance measures). */
export async function loadFundingLines(dataSource: DataSource, logger: Logger): Promise<void> {
  const lines = readGeneratedMeasures().flatMap((measure) =>
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
  const loaded = await loadSeedOnce(dataSource, 'funding-lines', checksumOf(JSON.stringify(lines)), async (manager) => {
    if (lines.length > 0) await manager.getRepository(FundingLineEntity).upsert(lines, ['id']);
  });
  if (loaded) logger.info({ fundingLines: lines.length }, 'loaded funding lines');
}
