import { defineDepartmentSubgraph } from '@hkp/policy-model';
import { financeFields } from './finance-measure.fields';
import { FundingLineEntity } from './funding/funding-line.entity';
import { FundedMeasure } from './funding/funding-line.type';
import { FundingRepository } from './funding/funding.repository';
import { MeasureFundingResolver, RegionFundingResolver } from './funding/funding.resolver';
import { loadFundingLines } from './funding/funding-seed';
import { CreateFundingLines1764000200000 } from './migrations/1764000200000-create-funding-lines';
import { FinanceRegion } from './region.ref';
// After the funding resolvers: the order resolvers are declared in is their fields' order in the schema.
import { FinanceMeasureResolver, financeMeasureReference, FinanceRegionResolver } from './finance-measure.resolver';

/** 财政/金融/税务: financial support, tax measures, funding of measures and regions. */
export const financeSubgraph = defineDepartmentSubgraph({
  fields: financeFields,
  resolvers: [FinanceMeasureResolver, FinanceRegionResolver, MeasureFundingResolver, RegionFundingResolver],
  regionType: FinanceRegion,
  referenceResolvers: {
    FinanceMeasure: financeMeasureReference,
    PolicyMeasure: { __resolveReference: (reference: { id: string }) => Object.assign(new FundedMeasure(), { id: reference.id }) },
  },
  orphanedTypes: [FundedMeasure],
  entities: [FundingLineEntity],
  migrations: [CreateFundingLines1764000200000],
  context: (dataSource, base) => ({ funding: new FundingRepository(dataSource, base.loaders) }),
  seed: loadFundingLines,
});
