export { programmeSubgraph } from './programme.subgraph';
export { countStaleCatalogKeys, rebuildCatalogKeys, type CatalogKeyCounts } from './catalog/catalog-key-rebuild';
export { LEVEL_RANK_VERSION } from './catalog/catalog-keys';
export { programmeFields as measureFields } from './measures/programme-measure.fields';
