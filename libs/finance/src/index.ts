export { financeSubgraph } from './finance.subgraph';
export { financeFields as measureFields } from './finance-measure.fields';
