// Chinese names for the API's codes (enum values and service names).

const DEPARTMENTS: Record<string, string> = {
  PROGRAMME: '省百千万工程指挥部办公室',
  EDUCATION: '省教育厅',
  HEALTH: '省卫生健康委',
  TRANSPORT: '省交通运输厅',
  CIVIL_AFFAIRS: '省民政厅',
  FINANCE: '省财政厅',
};

/** A Department enum value or a subgraph's service name (`civil-affairs`). */
export function departmentName(code: string): string {
  return DEPARTMENTS[code.toUpperCase().replace(/-/g, '_')] ?? code;
}

export const DEPARTMENT_CODES = Object.keys(DEPARTMENTS);

const LEVELS: Record<string, string> = { PROVINCE: '省', CITY: '市', COUNTY: '县（市、区）', TOWN: '镇（街道）', VILLAGE: '村（社区）' };
export const levelName = (level: string) => LEVELS[level] ?? level;

const MEASURE_LEVELS: Record<string, string> = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级' };
export const measureLevelName = (level: string) => MEASURE_LEVELS[level] ?? level;

const CATEGORIES: Record<string, string> = {
  INDUSTRY: '产业发展',
  URBANISATION: '新型城镇化',
  RURAL_REVITALISATION: '乡村振兴',
  URBAN_RURAL_INTEGRATION: '城乡融合',
  FINANCE: '财政金融',
  TAX: '税收',
  EDUCATION: '教育',
  HEALTH: '卫生健康',
  TRANSPORT: '交通',
  SOCIAL_ASSISTANCE: '社会救助',
  TALENT: '人才',
  SCIENCE: '科技',
  DIGITAL_GOVERNMENT: '数字政府',
  MARKET_REGULATION: '市场监管',
  CIVILISATION: '精神文明',
  CITY_PLAN: '城市方案',
  WORK_POINTS: '工作要点',
  INSPECTION: '督导检查',
  ASSISTANCE: '帮扶协作',
  DECISION: '决定',
};
export const categoryName = (category: string) => CATEGORIES[category] ?? category;

const COMPARATORS: Record<string, string> = { AT_LEAST: '不低于', AT_MOST: '不高于', ABOUT: '约', EXACTLY: '' };
export const comparatorName = (comparator: string) => COMPARATORS[comparator] ?? '';

const TRANSPORT_MODES: Record<string, string> = {
  ROAD: '公路',
  WATERWAY: '水运',
  PUBLIC_TRANSPORT: '公共交通',
  LOGISTICS: '物流',
  COLD_CHAIN: '冷链',
  RURAL_DELIVERY: '农村寄递',
};
export const transportModeName = (mode: string) => TRANSPORT_MODES[mode] ?? mode;

export function periodText(period: { startYear?: number | null; endYear?: number | null }): string {
  const { startYear, endYear } = period;
  if (startYear && endYear) return startYear === endYear ? `${startYear}年` : `${startYear}—${endYear}年`;
  if (startYear) return `${startYear}年起`;
  if (endYear) return `至${endYear}年`;
  return '未注明期限';
}

export const numberText = (value: number) => value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

const SCHEMES: Record<string, string> = { COUNTERPART: '对口帮扶', VERTICAL: '纵向帮扶' };
export const schemeName = (scheme: string) => SCHEMES[scheme] ?? scheme;
