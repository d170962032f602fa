export { civilAffairsSubgraph } from './civil-affairs.subgraph';
