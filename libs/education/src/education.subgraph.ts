import { createDepartmentSubgraph } from '@hkp/policy-model';
import { educationDetails } from './education-measure.input';
import { EducationMeasure, toEducationMeasure } from './education-measure.type';

/** 省教育厅: education measures of the project. */
export const educationSubgraph = createDepartmentSubgraph({
  name: 'education',
  measureType: EducationMeasure,
  toMeasure: toEducationMeasure,
  details: educationDetails,
});
