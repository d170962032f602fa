export { educationSubgraph } from './education.subgraph';
export { educationFields as measureFields } from './education-measure.fields';
