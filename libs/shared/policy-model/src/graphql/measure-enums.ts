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
