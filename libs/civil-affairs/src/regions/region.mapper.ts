import type { RegionEntity } from './region.entity';
import { AREA_BY_NAME, Region, RegionLevel } from './region.type';

export function toRegion(entity: RegionEntity): Region {
  const region = new Region();
  region.code = entity.code;
  region.name = entity.name;
  region.pinyin = entity.pinyin;
  region.level = entity.level as RegionLevel;
  region.area = entity.area ? (AREA_BY_NAME[entity.area] ?? null) : null;
  region.areaName = entity.area;
  region.parentCode = entity.parentCode;
  region.ancestorCodes = entity.ancestorCodes;
  region.depth = entity.ancestorCodes.length;
  return region;
}
