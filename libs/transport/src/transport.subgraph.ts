import { defineDepartmentSubgraph } from '@hkp/policy-model';
import { transportFields } from './transport-measure.fields';
import {
  TransportMeasureResolver,
  transportMeasureReference,
  TransportRegion,
  TransportRegionResolver,
} from './transport-measure.resolver';

/** 省交通运输厅: county, town and village roads, cold chain and rural delivery logistics. */
export const transportSubgraph = defineDepartmentSubgraph({
  fields: transportFields,
  resolvers: [TransportMeasureResolver, TransportRegionResolver],
  regionType: TransportRegion,
  referenceResolvers: { TransportMeasure: transportMeasureReference },
});
