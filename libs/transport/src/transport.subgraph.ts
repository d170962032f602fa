import { createDepartmentSubgraph } from '@hkp/policy-model';
import { transportDetails } from './transport-measure.input';
import { TransportMeasure, toTransportMeasure } from './transport-measure.type';

/** 省交通运输厅: county, town and village roads, cold chain and rural delivery logistics. */
export const transportSubgraph = createDepartmentSubgraph({
  name: 'transport',
  measureType: TransportMeasure,
  toMeasure: toTransportMeasure,
  details: transportDetails,
});
