import { defineDepartmentSubgraph } from '@hkp/policy-model';
import { educationFields } from './education-measure.fields';
import {
  EducationMeasureResolver,
  educationMeasureReference,
  EducationRegion,
  EducationRegionResolver,
} from './education-measure.resolver';

/** 省教育厅: education measures of the project. */
export const educationSubgraph = defineDepartmentSubgraph({
  fields: educationFields,
  resolvers: [EducationMeasureResolver, EducationRegionResolver],
  regionType: EducationRegion,
  referenceResolvers: { EducationMeasure: educationMeasureReference },
});
