import 'reflect-metadata';
import { departmentByCode } from '@hkp/departments';
import { createSubgraphDataSource } from '@hkp/persistence';
import { appendMeasureEvent, MeasureEntity, readGeneratedMeasures, TargetEntity, type DepartmentCode } from '@hkp/policy-model';
import { SUBGRAPH_BY_DEPARTMENT } from '@hkp/subgraphs';
import { getEnvStr } from '@hkp/util-env';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { readRegionRows } from '@hkp/region-data';

/**
 * Grows the data set to `factor` × the seed measures, the way departments add measures: each
 * measure is written to its department's own tables (measures, targets, and funding_lines for
 * finance) with its outbox event (appendMeasureEvent) in the same transaction, so the catalog
 * picks it up through its change feed like any other change. Ids are `bench-<n>`; running it
 * again with the same or a smaller factor adds nothing, a larger one adds the difference.
 *
 *   DATABASE_URL=postgres://… node -r @swc-node/register tools/bench/src/grow-data.ts 10
 */

interface Region {
  code: string;
  parent: string;
  level: string;
  name: string;
}

interface Department {
  code: DepartmentCode;
  responsibleBody: string;
  /** Out of 10 generated measures, how many are this department's. */
  share: number;
  details: (i: number, county: Region, town: Region) => Record<string, unknown>;
}

const DEPARTMENTS: Department[] = [
  { code: 'PROGRAMME', responsibleBody: '县“百千万工程”指挥部办公室', share: 5, details: () => ({ leadDepartment: null }) },
  {
    code: 'EDUCATION',
    responsibleBody: '县教育局',
    share: 1,
    details: (i) => ({ stages: i % 2 ? ['基础教育'] : ['基础教育', '职业教育'] }),
  },
  { code: 'HEALTH', responsibleBody: '县卫生健康局', share: 1, details: () => ({ programmes: ['县域医共体', '万名医师下乡'] }) },
  {
    code: 'TRANSPORT',
    responsibleBody: '县交通运输局',
    share: 1,
    details: (i) => ({ modes: i % 2 ? ['ROAD', 'RURAL_DELIVERY'] : ['ROAD'] }),
  },
  { code: 'FINANCE', responsibleBody: '县财政局', share: 1, details: () => ({}) },
  { code: 'CIVIL_AFFAIRS', responsibleBody: '县民政局', share: 1, details: () => ({ beneficiaries: ['困难群众', '老年人'] }) },
];

/** Themes with the words search looks for: a tenth of the generated measures mention 城乡区域协调发展. */
const THEMES = [
  { title: '促进城乡区域协调发展实施方案', category: 'URBAN_RURAL_INTEGRATION', indicator: '城乡居民人均可支配收入比', unit: '' },
  { title: '全面推进乡村振兴重点工作', category: 'RURAL_REVITALISATION', indicator: '和美乡村建成数量', unit: '个' },
  { title: '典型镇培育行动计划', category: 'URBANISATION', indicator: '典型镇培育数量', unit: '个' },
  { title: '县域商业体系建设方案', category: 'INDUSTRY', indicator: '县域商业中心数量', unit: '个' },
  { title: '农村公路提质增效行动', category: 'TRANSPORT', indicator: '农村公路改造里程', unit: '公里' },
  { title: '义务教育优质均衡发展方案', category: 'EDUCATION', indicator: '城乡教育共同体数量', unit: '个' },
  { title: '县域医共体建设实施方案', category: 'HEALTH', indicator: '县域内就诊率', unit: '%' },
  { title: '数字乡村建设工作要点', category: 'DIGITAL_GOVERNMENT', indicator: '行政村5G覆盖率', unit: '%' },
  { title: '美丽圩镇建设攻坚行动', category: 'CITY_PLAN', indicator: '美丽圩镇达标数量', unit: '个' },
  { title: '低收入人口常态化帮扶方案', category: 'SOCIAL_ASSISTANCE', indicator: '帮扶覆盖率', unit: '%' },
];

const YEARS = [2024, 2025, 2026, 2027];
const OBSERVED_YEARS = [2023, 2024, 2025];
export const GENERATED_PREFIX = 'bench-';

function readRegions(): Region[] {
  return readRegionRows().map((r) => ({ code: r.code, parent: r.parentCode ?? '', level: r.level, name: r.name }));
}

/** Which department the n-th generated measure belongs to: a fixed cycle of 10. */
export function departmentOf(n: number): Department {
  let slot = n % 10;
  for (const department of DEPARTMENTS) {
    if (slot < department.share) return department;
    slot -= department.share;
  }
  return DEPARTMENTS[0]!;
}

interface PlannedMeasure {
  department: Department;
  measure: Partial<MeasureEntity> & { id: string };
  targets: TargetEntity[];
  observations: {
    id: string;
    targetId: string;
    measureId: string;
    value: number;
    observedOn: string;
    note: string | null;
    source: string;
  }[];
  fundingLines: {
    id: string;
    measureId: string;
    regionCode: string;
    amount: number;
    unit: string;
    year: number;
    purpose: string;
    excerpt: string;
  }[];
}

/** The n-th generated measure: one county (every county in turn), one of its towns, yearly targets. */
export function planMeasure(n: number, counties: Region[], townsOf: Map<string, Region[]>): PlannedMeasure {
  const department = departmentOf(n);
  const county = counties[n % counties.length]!;
  const round = Math.floor(n / counties.length) + 1;
  const towns = townsOf.get(county.code) ?? [];
  const town = towns[n % Math.max(1, towns.length)] ?? county;
  const theme = THEMES[n % THEMES.length]!;
  const id = `${GENERATED_PREFIX}${String(n).padStart(5, '0')}`;
  const title = `${county.name}${theme.title}（第${round}批）`;
  const points = [
    `${county.name}聚焦${town.name}等重点镇村，推进“百县千镇万村高质量发展工程”，落实${theme.title}。`,
    `到${YEARS[YEARS.length - 1]}年，${theme.indicator}逐年提升，形成可复制推广的经验。`,
  ];
  const regionCodes = n % 3 === 0 && town.code !== county.code ? [county.code, town.code] : [county.code];
  const base = 10 + (n % 17);
  // Two targets: one for the county due mid-way, one for the named town due at the end.
  const dueYears = [YEARS[1]!, YEARS[YEARS.length - 1]!];
  const targets = dueYears.map((year, position) =>
    Object.assign(new TargetEntity(), {
      id: `${id}:t${position + 1}`,
      measureId: id,
      position,
      indicator: theme.indicator,
      value: base + position * 10,
      unit: theme.unit,
      year,
      comparator: 'AT_LEAST',
      baselineValue: base - 5,
      baselineYear: OBSERVED_YEARS[0]!,
      regionCode: position === 1 && town.code !== county.code ? town.code : null,
      excerpt: `${year}年${theme.indicator}达到${base + position * 10}${theme.unit}。`,
    }),
  );
  // Each target measured once a year so far.
  const observations = targets.flatMap((target) =>
    OBSERVED_YEARS.map((year, i) => ({
      id: `${target.id}:o${year}`,
      targetId: target.id,
      measureId: id,
      value: base - 5 + i * 3 + target.position,
      observedOn: String(year),
      note: null,
      source: `${county.name}${year}年统计公报`,
    })),
  );
  const fundingLines =
    department.code === 'FINANCE'
      ? YEARS.slice(0, 2).map((year, i) => ({
          id: `${id}:f${i + 1}`,
          measureId: id,
          regionCode: county.code,
          amount: 100 + (n % 50) * 10 + i * 20,
          unit: '万元',
          year,
          purpose: `${theme.title.slice(0, 8)}专项资金`,
          excerpt: `${year}年安排${theme.title.slice(0, 8)}专项资金${100 + (n % 50) * 10 + i * 20}万元。`,
        }))
      : [];
  return {
    department,
    measure: {
      id,
      version: 1,
      department: department.code,
      responsibleBody: department.responsibleBody.replace(/^县/, county.name),
      category: theme.category,
      level: 'COUNTY',
      issuer: `${county.name}人民政府`,
      title,
      originalTitle: title,
      points,
      pointsNormalised: points,
      periodStart: YEARS[0]!,
      periodEnd: YEARS[YEARS.length - 1]!,
      publishedOn: '2024-03',
      regionCodes,
      details: {
        ...department.details(n, county, town),
        ...(fundingLines.length
          ? {
              fundingLines: fundingLines.map(({ regionCode, amount, unit, year, purpose, excerpt }) => ({
                regionCode,
                amount,
                unit,
                year,
                purpose,
                excerpt,
              })),
            }
          : {}),
      },
      source: { document: 'bench-generated', documentTitle: '基准测试生成数据', excerpt: points[0]! },
      contentHash: `bench-${id}`,
      archivedAt: null,
      updatedAt: new Date('2024-03-01T00:00:00Z'),
    },
    targets,
    observations,
    fundingLines,
  };
}

export interface GrowResult {
  seedMeasures: number;
  targetTotal: number;
  added: number;
  byDepartment: Record<string, number>;
  /** Whether the departments' schemas had target_observations to write to. */
  observations: boolean;
  seconds: number;
}

/** The number of measures a factor means: `factor` × the seed measures. */
export function totalFor(factor: number): number {
  return readGeneratedMeasures().length * factor;
}

export async function growData(databaseUrl: string, factor: number, log: (message: string) => void = () => undefined): Promise<GrowResult> {
  const started = performance.now();
  const seedMeasures = readGeneratedMeasures().length;
  const targetTotal = seedMeasures * factor;
  const generated = Math.max(0, targetTotal - seedMeasures);
  const regions = readRegions();
  const counties = regions.filter((r) => r.level === 'COUNTY');
  const townsOf = new Map<string, Region[]>();
  for (const region of regions) {
    if (region.level !== 'TOWN') continue;
    const list = townsOf.get(region.parent) ?? [];
    list.push(region);
    townsOf.set(region.parent, list);
  }

  const planned = new Map<DepartmentCode, PlannedMeasure[]>();
  for (let n = 0; n < generated; n += 1) {
    const plan = planMeasure(n, counties, townsOf);
    const list = planned.get(plan.department.code) ?? [];
    list.push(plan);
    planned.set(plan.department.code, list);
  }

  const byDepartment: Record<string, number> = {};
  let added = 0;
  let observationsWritten = false;
  for (const department of DEPARTMENTS) {
    const plans = planned.get(department.code) ?? [];
    if (plans.length === 0) continue;
    const entry = departmentByCode(department.code);
    // The department's own entity list: appendMeasureEvent reads whatever the snapshot needs.
    const { dataSource } = createSubgraphDataSource({
      url: databaseUrl,
      schema: entry.databaseSchema,
      entities: SUBGRAPH_BY_DEPARTMENT[entry.name].entities,
      migrations: [],
      applicationName: 'bench-grow-data',
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      const [{ observations: hasObservations }] = (await dataSource.query(
        `SELECT to_regclass('target_observations') IS NOT NULL AS observations`,
      )) as { observations: boolean }[];
      const existing = new Set(
        ((await dataSource.query(`SELECT id FROM measures WHERE id LIKE $1`, [`${GENERATED_PREFIX}%`])) as { id: string }[]).map(
          (r) => r.id,
        ),
      );
      const missing = plans.filter((p) => !existing.has(p.measure.id));
      for (let i = 0; i < missing.length; i += 250) {
        const batch = missing.slice(i, i + 250);
        await dataSource.transaction(async (manager) => {
          await manager.getRepository(MeasureEntity).insert(batch.map((p) => p.measure) as QueryDeepPartialEntity<MeasureEntity>[]);
          await manager.getRepository(TargetEntity).insert(batch.flatMap((p) => p.targets));
          const observations = hasObservations ? batch.flatMap((p) => p.observations) : [];
          for (let j = 0; j < observations.length; j += 1000) {
            const rows = observations.slice(j, j + 1000);
            await manager.query(
              `INSERT INTO target_observations (id, target_id, measure_id, value, observed_on, note, source, recorded_by)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[])`,
              [
                rows.map((o) => o.id),
                rows.map((o) => o.targetId),
                rows.map((o) => o.measureId),
                rows.map((o) => o.value),
                rows.map((o) => o.observedOn),
                rows.map((o) => o.note),
                rows.map((o) => o.source),
                rows.map(() => 'bench-grow-data'),
              ],
            );
          }
          for (const line of batch.flatMap((p) => p.fundingLines)) {
            await manager.query(
              `INSERT INTO funding_lines (id, measure_id, region_code, amount, unit, year, purpose, excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
              [line.id, line.measureId, line.regionCode, line.amount, line.unit, line.year, line.purpose, line.excerpt],
            );
          }
          for (const plan of batch) {
            await appendMeasureEvent(manager, Object.assign(new MeasureEntity(), plan.measure), 'UPSERT');
          }
        });
      }
      observationsWritten ||= hasObservations;
      byDepartment[department.code] = missing.length;
      added += missing.length;
      if (missing.length > 0)
        log(
          `${department.code}: ${missing.length} measures added (${hasObservations ? 'targets with yearly observations' : 'targets; no target_observations table in this schema'})`,
        );
    } finally {
      await dataSource.destroy();
    }
  }
  return {
    seedMeasures,
    targetTotal,
    added,
    byDepartment,
    observations: observationsWritten,
    seconds: (performance.now() - started) / 1000,
  };
}

if (require.main === module) {
  const factor = Number(process.argv[2] ?? '10');
  growData(getEnvStr('DATABASE_URL'), factor, (m) => console.log(m))
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
