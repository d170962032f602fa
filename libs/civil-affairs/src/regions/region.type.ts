import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

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

/** Guangdong's four economic areas, used by the project to set differentiated goals. */
export enum RegionArea {
  PEARL_RIVER_DELTA = 'PEARL_RIVER_DELTA',
  EASTERN = 'EASTERN',
  WESTERN = 'WESTERN',
  NORTHERN = 'NORTHERN',
}
registerEnumType(RegionArea, {
  name: 'RegionArea',
  description: 'Economic area: 珠三角 (PEARL_RIVER_DELTA), 粤东 (EASTERN), 粤西 (WESTERN), 粤北 (NORTHERN).',
});

export const AREA_BY_NAME: Record<string, RegionArea> = {
  珠三角: RegionArea.PEARL_RIVER_DELTA,
  粤东: RegionArea.EASTERN,
  粤西: RegionArea.WESTERN,
  粤北: RegionArea.NORTHERN,
};
export const AREA_NAME: Record<RegionArea, string> = Object.fromEntries(
  Object.entries(AREA_BY_NAME).map(([name, area]) => [area, name]),
) as Record<RegionArea, string>;

@Directive('@key(fields: "code")')
@ObjectType('Region', { description: 'An administrative division of Guangdong, identified by its national statistical division code.' })
export class Region {
  @Field(() => ID, { description: '6 digits for province, city and county (440600), 9 for towns, 12 for villages.' })
  code: string;

  @Field({ description: 'Official name, e.g. 佛山市.' })
  name: string;

  @Field({
    description:
      'The name in pinyin with tone marks, the proper name and its generic part as two words (Fóshān Shì, Dàbù Xiàn); place names pinyin-pro reads wrongly follow a curated list (docs/data.md).',
  })
  pinyin: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  @Field(() => RegionArea, { nullable: true, description: 'The economic area; null for the province itself.' })
  area: RegionArea | null;

  @Field(() => String, { nullable: true, description: 'The economic area in Chinese: 珠三角, 粤东, 粤西 or 粤北.' })
  areaName: string | null;

  @Field(() => ID, { nullable: true })
  parentCode: string | null;

  ancestorCodes: string[];

  @Field(() => Int, {
    description: 'Depth below the province: 0 province, 1 city, 2 county, 3 town, 4 village (towns of 东莞 and 中山 are at depth 2).',
  })
  depth: number;
}
