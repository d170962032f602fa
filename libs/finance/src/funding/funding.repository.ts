import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { groupByKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { regionPrefix, regionReferences } from '@hkp/policy-model';
import { FinanceRegion } from '../region.ref';
import { FundingLineEntity } from './funding-line.entity';
import { FundingLine } from './funding-line.type';

function toFundingLine(entity: FundingLineEntity): FundingLine {
  return Object.assign(new FundingLine(), {
    id: entity.id,
    amount: entity.amount,
    unit: entity.unit,
    year: entity.year,
    purpose: entity.purpose,
    region: regionReferences(FinanceRegion, [entity.regionCode])[0],
    measureId: entity.measureId,
    excerpt: entity.excerpt,
  });
}

export class FundingRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: LoaderRegistry,
  ) {}

  forMeasure(measureId: string): Promise<FundingLine[]> {
    return this.loaders
      .get<string, FundingLine[]>('funding.byMeasure', async (ids) => {
        const rows = await this.dataSource
          .getRepository(FundingLineEntity)
          .find({ where: { measureId: In([...ids]) }, order: { id: 'ASC' } });
        return groupByKey(ids, rows.map(toFundingLine), (f) => f.measureId);
      })
      .load(measureId);
  }

  /** The first `limit` funding lines (by id) in each region or below it, for many regions in one statement. */
  inRegion(code: string, limit: number): Promise<FundingLine[]> {
    return this.loaders
      .get<string, FundingLine[]>(`funding.byRegion:${limit}`, async (codes) => {
        const prefixes = codes.map(regionPrefix);
        const rows: (Record<string, unknown> & { prefix: string })[] = await this.dataSource.query(
          `SELECT p.prefix, f.id, f.measure_id, f.region_code, f.amount, f.unit, f.year, f.purpose, f.excerpt
             FROM unnest($1::text[]) AS p(prefix)
             CROSS JOIN LATERAL (
               SELECT * FROM funding_lines f WHERE f.region_code LIKE p.prefix || '%' ORDER BY f.id LIMIT $2) f
            ORDER BY f.id`,
          [prefixes, limit],
        );
        const lines = rows.map((row) => ({
          prefix: row.prefix,
          line: toFundingLine(
            Object.assign(new FundingLineEntity(), {
              id: row['id'],
              measureId: row['measure_id'],
              regionCode: row['region_code'],
              amount: row['amount'],
              unit: row['unit'],
              year: row['year'],
              purpose: row['purpose'],
              excerpt: row['excerpt'],
            }),
          ),
        }));
        return prefixes.map((prefix) => lines.filter((l) => l.prefix === prefix).map((l) => l.line));
      })
      .load(code);
  }
}
