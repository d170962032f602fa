export { financeSubgraph } from './finance.subgraph';
