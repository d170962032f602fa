import { defineDepartmentSubgraph } from '@hkp/policy-model';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { civilAffairsFields } from './measures/civil-affairs-measure.fields';
import { CreateRegions1764000000000 } from './migrations/1764000000000-create-regions';
import { AddRegionNameKey1764000000001 } from './migrations/1764000000001-add-region-name-key';
import { AddRegionPinyin1764000000002 } from './migrations/1764000000002-add-region-pinyin';
import { AddRegionVersion1764000000003 } from './migrations/1764000000003-add-region-version';
import { RegionEntity } from './regions/region.entity';
import { regionReference } from './regions/region.reference';
import { RegionRepository } from './regions/region.repository';
import { RegionResolver } from './regions/region.resolver';
import { loadRegions } from './regions/region-seed';
import { Region } from './regions/region.type';
import { REGION_VERSION_PATH, regionVersionRoute } from './regions/region-version';
// After the regions' resolvers: the order resolvers are declared in is their fields' order in the schema.
import {
  CivilAffairsMeasureResolver,
  civilAffairsMeasureReference,
  RegionMeasuresResolver,
} from './measures/civil-affairs-measure.resolver';

/** 省民政厅: administrative divisions (民政 owns 区划) and civil-affairs measures. */
export const civilAffairsSubgraph: SubgraphModule = defineDepartmentSubgraph({
  fields: civilAffairsFields,
  resolvers: [CivilAffairsMeasureResolver, RegionMeasuresResolver, RegionResolver],
  regionType: Region,
  referenceResolvers: { CivilAffairsMeasure: civilAffairsMeasureReference, Region: regionReference },
  entities: [RegionEntity],
  // After the measure tables' migrations, as they first ran: the order is recorded in each database.
  migrations: [CreateRegions1764000000000, AddRegionNameKey1764000000001, AddRegionPinyin1764000000002, AddRegionVersion1764000000003],
  context: (dataSource, base) => ({ regions: new RegionRepository(dataSource, base.loaders) }),
  seed: loadRegions,
  // The gateway's entity cache polls it (libs/gateway/src/entity-cache.ts).
  httpRoutes: (dataSource) => ({ [REGION_VERSION_PATH]: regionVersionRoute(dataSource) }),
});
