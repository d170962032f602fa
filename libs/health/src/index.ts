export { healthSubgraph } from './health.subgraph';
export { healthFields as measureFields } from './health-measure.fields';
