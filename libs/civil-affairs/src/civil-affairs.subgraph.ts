import type { SubgraphModule } from '@hkp/subgraph-kit';
import type { CivilAffairsContext } from './civil-affairs.context';
import { CreateRegions1764000000000 } from './migrations/1764000000000-create-regions';
import { RegionEntity } from './regions/region.entity';
import { regionReference } from './regions/region.reference';
import { RegionRepository } from './regions/region.repository';
import { RegionResolver } from './regions/region.resolver';
import { loadRegions } from './regions/region-seed';

/** 省民政厅: administrative divisions (民政 owns 区划) and civil-affairs measures. */
export const civilAffairsSubgraph: SubgraphModule = {
  name: 'civil-affairs',
  databaseSchema: 'civil_affairs',
  defaultPort: 4006,
  entities: [RegionEntity],
  migrations: [CreateRegions1764000000000],
  extensions: ['pg_trgm'],
  resolvers: [RegionResolver],
  referenceResolvers: { Region: regionReference },
  loadSeedData: loadRegions,
  createContext: (dataSource, base): Omit<CivilAffairsContext, keyof typeof base> => ({
    regions: new RegionRepository(dataSource, base.loaders),
  }),
};
