import { createDepartmentSubgraph } from '@hkp/policy-model';
import { financeDetails } from './finance-measure.input';
import { FinanceMeasure, toFinanceMeasure } from './finance-measure.type';
import { FundingLineEntity } from './funding/funding-line.entity';
import { FundedMeasure } from './funding/funding-line.type';
import { FundingRepository } from './funding/funding.repository';
import { MeasureFundingResolver, RegionFundingResolver } from './funding/funding.resolver';
import { loadFundingLines } from './funding/funding-seed';
import { CreateFundingLines1764000200000 } from './migrations/1764000200000-create-funding-lines';
import { FinanceRegion } from './region.ref';

/** 财政/金融/税务: financial support, tax measures, funding of measures and regions. */
export const financeSubgraph = createDepartmentSubgraph({
  name: 'finance',
  measureType: FinanceMeasure,
  toMeasure: toFinanceMeasure,
  details: financeDetails,
  regionType: FinanceRegion,
  extraEntities: [FundingLineEntity],
  extraOrphanedTypes: [FundedMeasure],
  extraMigrations: [CreateFundingLines1764000200000],
  extraResolvers: [MeasureFundingResolver, RegionFundingResolver],
  extraReferenceResolvers: {
    Region: { __resolveReference: (reference: { code: string }) => reference },
    PolicyMeasure: { __resolveReference: (reference: { id: string }) => Object.assign(new FundedMeasure(), { id: reference.id }) },
  },
  extraContext: (dataSource, base) => ({ funding: new FundingRepository(dataSource, base.loaders) }),
  extraSeed: loadFundingLines,
});
