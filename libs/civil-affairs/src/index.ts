export { civilAffairsSubgraph } from './civil-affairs.subgraph';
export { loadRegionsCounted, reloadRegions } from './regions/region-seed';
export { civilAffairsFields as measureFields } from './measures/civil-affairs-measure.fields';
export { bumpRegionVersion, readRegionVersion } from './regions/region-version';
