import type { SubgraphContext } from '@hkp/subgraph-kit';
import type { RegionRepository } from './regions/region.repository';

export interface CivilAffairsContext extends SubgraphContext {
  regions: RegionRepository;
}
