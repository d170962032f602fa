export { healthSubgraph } from './health.subgraph';
