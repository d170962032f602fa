import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { REGION_LEVELS } from '@hkp/region-data';
import { MeasureLevel } from '@hkp/policy-model';
import type { CatalogFacets } from './catalog-repository';
import { Department } from './policy-measure.type';

/** The level of a region; the same enum as civil-affairs' Region.level (one GraphQL enum in the graph). */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}
registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Administrative level: province, prefecture-level city, county-level division, town (乡镇/街道), village (村/社区).',
});

@ObjectType('DepartmentFacet', { description: 'How many of the filtered measures a department owns.' })
export class DepartmentFacet {
  @Field(() => Department)
  value: Department;

  @Field(() => Int)
  count: number;
}

@ObjectType('MeasureLevelFacet', { description: 'How many of the filtered measures were issued at a level of government.' })
export class MeasureLevelFacet {
  @Field(() => MeasureLevel)
  value: MeasureLevel;

  @Field(() => Int)
  count: number;
}

@ObjectType('YearFacet', {
  description:
    'How many of the filtered measures a year selects (as the filter year does: their period covers it or a target is due in it).',
})
export class YearFacet {
  @Field(() => Int)
  value: number;

  @Field(() => Int)
  count: number;
}

@ObjectType('CategoryFacet', { description: 'How many of the filtered measures have a category.' })
export class CategoryFacet {
  @Field()
  value: string;

  @Field(() => Int)
  count: number;
}

@ObjectType('RegionLevelFacet', {
  description: 'How many of the filtered measures are for at least one region of a level (as the filter regionLevel selects).',
})
export class RegionLevelFacet {
  @Field(() => RegionLevel)
  value: RegionLevel;

  @Field(() => Int)
  count: number;
}

@ObjectType('MeasureFacets', {
  description:
    'Counts of the filtered measures by department, level, year, category and region level, for a filter sidebar. Each facet counts with the whole filter except its own dimension (a multi-select sidebar: every department stays listed while one is chosen), so a count is exactly the totalCount the list has with that dimension set to the value: `departments: [v]` (or `department`), `level`, `year`, `categories: [v]`, `regionLevel`. Only values with at least one measure are listed. A measure counts once in each of its years and each level of its regions, so those counts may add up to more than totalCount.',
})
export class MeasureFacets {
  @Field(() => [DepartmentFacet], { description: 'By count, most first (then by department).' })
  departments: DepartmentFacet[];

  @Field(() => [MeasureLevelFacet], { description: 'PROVINCE, CITY, COUNTY.' })
  levels: MeasureLevelFacet[];

  @Field(() => [YearFacet], { description: 'Oldest year first.' })
  years: YearFacet[];

  @Field(() => [CategoryFacet], { description: 'By count, most first (then by category).' })
  categories: CategoryFacet[];

  @Field(() => [RegionLevelFacet], { description: 'From the province down to villages.' })
  regionLevels: RegionLevelFacet[];
}

const MEASURE_LEVELS = Object.values(MeasureLevel) as string[];

/** Most first, ties by value. */
function byCount(counts: Map<string, number>): { value: string; count: number }[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** In the order of `order` (values outside it last). */
function inOrder(counts: Map<string, number>, order: readonly string[]): { value: string; count: number }[] {
  const rank = (value: string) => (order.includes(value) ? order.indexOf(value) : order.length);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => rank(a.value) - rank(b.value));
}

export function toMeasureFacets(facets: CatalogFacets): MeasureFacets {
  return {
    departments: byCount(facets.department) as DepartmentFacet[],
    levels: inOrder(facets.level, MEASURE_LEVELS) as MeasureLevelFacet[],
    years: [...facets.year].map(([value, count]) => ({ value: Number(value), count })).sort((a, b) => a.value - b.value),
    categories: byCount(facets.category),
    regionLevels: inOrder(facets.regionLevel, REGION_LEVELS) as RegionLevelFacet[],
  };
}
