export { programmeSubgraph } from './programme.subgraph';
