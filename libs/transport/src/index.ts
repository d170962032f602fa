export { transportSubgraph } from './transport.subgraph';
export { transportFields as measureFields } from './transport-measure.fields';
