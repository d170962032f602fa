import { defineDepartmentSubgraph } from '@hkp/policy-model';
import { healthFields } from './health-measure.fields';
import { HealthMeasureResolver, healthMeasureReference, HealthRegion, HealthRegionResolver } from './health-measure.resolver';

/** 省卫生健康委: primary health capacity, county medical communities, doctors to the countryside. */
export const healthSubgraph = defineDepartmentSubgraph({
  fields: healthFields,
  resolvers: [HealthMeasureResolver, HealthRegionResolver],
  regionType: HealthRegion,
  referenceResolvers: { HealthMeasure: healthMeasureReference },
});
