import type { DepartmentContext } from '@hkp/policy-model';
import type { FundingRepository } from './funding/funding.repository';

export interface FinanceContext extends DepartmentContext {
  funding: FundingRepository;
}
