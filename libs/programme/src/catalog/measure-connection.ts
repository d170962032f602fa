import { ConnectionType, type Connection } from '@hkp/subgraph-kit';
import type { CatalogFilter } from './catalog-query';
import { PolicyMeasure } from './policy-measure.type';

export const PolicyMeasureConnection = ConnectionType<PolicyMeasure>(() => PolicyMeasure, 'PolicyMeasure');

/** A page of the catalog, with the region and filter it was listed with (what its facets count). */
export interface CatalogConnection extends Connection<PolicyMeasure> {
  listed: { regionCode: string | null; filter: CatalogFilter };
}
