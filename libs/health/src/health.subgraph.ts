import { createDepartmentSubgraph } from '@hkp/policy-model';
import { healthDetails } from './health-measure.input';
import { HealthMeasure, toHealthMeasure } from './health-measure.type';

/** 省卫生健康委: primary health capacity, county medical communities, doctors to the countryside. */
export const healthSubgraph = createDepartmentSubgraph({
  name: 'health',
  measureType: HealthMeasure,
  toMeasure: toHealthMeasure,
  details: healthDetails,
});
