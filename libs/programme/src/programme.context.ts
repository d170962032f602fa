import type { DepartmentContext } from '@hkp/policy-model';
import type { CatalogRepository } from './catalog/catalog-repository';
import type { ProgrammeFactsRepository } from './facts/programme-facts.repository';

export interface ProgrammeContext extends DepartmentContext {
  catalog: CatalogRepository;
  facts: ProgrammeFactsRepository;
}
