import { normaliseForSearch } from '@hkp/chinese-text';

/**
 * The key a region's name is searched by, and the key a `regions(name:)` argument is turned into: both sides
 * go through the shared search normalisation, so 南海區 finds 南海区 and 乾務鎮 finds 乾务镇 (whose stored
 * name is not what Traditional → Simplified of it gives).
 */
export function regionNameKey(name: string): string {
  return normaliseForSearch(name);
}
