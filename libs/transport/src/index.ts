export { transportSubgraph } from './transport.subgraph';
