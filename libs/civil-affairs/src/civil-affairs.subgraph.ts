import { createDepartmentSubgraph } from '@hkp/policy-model';
import { civilAffairsDetails } from './measures/civil-affairs-measure.input';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { CivilAffairsMeasure, toCivilAffairsMeasure } from './measures/civil-affairs-measure.type';
import { CreateRegions1764000000000 } from './migrations/1764000000000-create-regions';
import { AddRegionNameKey1764000000001 } from './migrations/1764000000001-add-region-name-key';
import { RegionEntity } from './regions/region.entity';
import { regionReference } from './regions/region.reference';
import { RegionRepository } from './regions/region.repository';
import { RegionResolver } from './regions/region.resolver';
import { loadRegions } from './regions/region-seed';
import { Region } from './regions/region.type';

/** 省民政厅: administrative divisions (民政 owns 区划) and civil-affairs measures. */
export const civilAffairsSubgraph: SubgraphModule = createDepartmentSubgraph({
  name: 'civil-affairs',
  measureType: CivilAffairsMeasure,
  toMeasure: toCivilAffairsMeasure,
  details: civilAffairsDetails,
  regionType: Region,
  extraEntities: [RegionEntity],
  // Regions come first: the measure tables' migration is shared by every department.
  extraMigrations: [CreateRegions1764000000000, AddRegionNameKey1764000000001],
  extraResolvers: [RegionResolver],
  extraReferenceResolvers: { Region: regionReference },
  extraSeed: loadRegions,
  extraContext: (dataSource, base) => ({ regions: new RegionRepository(dataSource, base.loaders) }),
});
