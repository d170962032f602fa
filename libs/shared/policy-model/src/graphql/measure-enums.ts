import { registerEnumType } from 'type-graphql';

/**
 * Enums of the measure model that both the catalog (output, filters) and the departments' write
 * inputs use. One TypeScript enum per GraphQL enum, so a subgraph that has both (programme) never
 * registers the name twice.
 */
export enum MeasureLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}
registerEnumType(MeasureLevel, { name: 'MeasureLevel', description: 'The level of government that issued a measure.' });

export enum TargetComparator {
  AT_LEAST = 'AT_LEAST',
  AT_MOST = 'AT_MOST',
  EXACTLY = 'EXACTLY',
  ABOUT = 'ABOUT',
}
registerEnumType(TargetComparator, { name: 'TargetComparator', description: '达到/不少于 → AT_LEAST, 以内 → AT_MOST, 左右/约 → ABOUT.' });

export { MEASURE_CATEGORIES } from '../measure-dataset';

/** Which measures a region-filtered list returns for a region. */
export enum RegionScope {
  WITHIN = 'WITHIN',
  APPLIES = 'APPLIES',
  AT = 'AT',
}
registerEnumType(RegionScope, {
  name: 'RegionScope',
  description: 'Which measures a region filter selects. WITHIN is the default.',
  valuesConfig: {
    WITHIN: { description: 'Measures for the region or any region below it (a city includes its counties, towns and villages).' },
    APPLIES: {
      description:
        'Measures that apply to someone living in the region: those for the region itself, for each region above it, and for the whole province (440000). A village gets its town’s, county’s, city’s and the province’s measures.',
    },
    AT: { description: 'Measures for exactly this region, not the regions above or below it.' },
  },
});
