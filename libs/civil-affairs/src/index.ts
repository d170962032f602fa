export { civilAffairsSubgraph } from './civil-affairs.subgraph';
export { loadRegionsCounted, reloadRegions } from './regions/region-seed';
