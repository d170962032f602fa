import { createDepartmentSubgraph } from '@hkp/policy-model';
import { SERVICE_PORTS } from '@hkp/util-env';
import { transportDetails } from './transport-measure.input';
import { TransportMeasure, toTransportMeasure } from './transport-measure.type';

/** 省交通运输厅: county, town and village roads, cold chain and rural delivery logistics. */
export const transportSubgraph = createDepartmentSubgraph({
  name: 'transport',
  databaseSchema: 'transport',
  defaultPort: SERVICE_PORTS.transport,
  department: 'TRANSPORT',
  fieldPrefix: 'transport',
  measureType: TransportMeasure,
  toMeasure: toTransportMeasure,
  details: transportDetails,
});
