import { createDepartmentSubgraph } from '@hkp/policy-model';
import { SERVICE_PORTS } from '@hkp/util-env';
import { healthDetails } from './health-measure.input';
import { HealthMeasure, toHealthMeasure } from './health-measure.type';

/** 省卫生健康委: primary health capacity, county medical communities, doctors to the countryside. */
export const healthSubgraph = createDepartmentSubgraph({
  name: 'health',
  databaseSchema: 'health',
  defaultPort: SERVICE_PORTS.health,
  department: 'HEALTH',
  fieldPrefix: 'health',
  measureType: HealthMeasure,
  toMeasure: toHealthMeasure,
  details: healthDetails,
});
