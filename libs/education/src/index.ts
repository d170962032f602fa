export { educationSubgraph } from './education.subgraph';
