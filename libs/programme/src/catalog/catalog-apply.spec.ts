import type { MeasureSnapshot, SnapshotTarget } from '@hkp/policy-model';
import { searchTextOf, yearsOf } from './catalog-apply';

function target(year: number | null): SnapshotTarget {
  return {
    id: `t-${year}`,
    indicator: '指标',
    value: 1,
    unit: '个',
    year,
    comparator: 'AT_LEAST',
    baseline: null,
    regionCode: null,
    excerpt: '',
  };
}

function snapshot(
  periodStart: number | null,
  periodEnd: number | null,
  targetYears: (number | null)[] = [],
  overrides: Partial<MeasureSnapshot> = {},
): MeasureSnapshot {
  return {
    id: 'm',
    version: 1,
    department: 'PROGRAMME',
    responsibleBody: '省指挥部办公室',
    category: 'DECISION',
    level: 'PROVINCE',
    issuer: '广东省',
    title: '测试',
    originalTitle: '測試',
    points: [],
    pointsNormalised: [],
    periodStart,
    periodEnd,
    publishedOn: null,
    regionCodes: ['440000'],
    targets: targetYears.map(target),
    source: { document: 'test', documentTitle: 'test', excerpt: '' },
    archived: false,
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('yearsOf', () => {
  it('expands a period into every year of it', () => {
    expect(yearsOf(snapshot(2023, 2027))).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(yearsOf(snapshot(2023, 2023))).toEqual([2023]);
  });

  it('adds the years targets are due, once each, in order', () => {
    expect(yearsOf(snapshot(2023, 2025, [2025, 2030, 2025, null]))).toEqual([2023, 2024, 2025, 2030]);
    expect(yearsOf(snapshot(null, null, [2027, 2025, 2025]))).toEqual([2025, 2027]);
  });

  it('takes the one end that is known', () => {
    expect(yearsOf(snapshot(null, 2035))).toEqual([2035]);
    expect(yearsOf(snapshot(2023, null, [2025]))).toEqual([2023, 2025]);
  });

  it('has no year for a measure without period or dated target', () => {
    expect(yearsOf(snapshot(null, null))).toEqual([]);
    expect(yearsOf(snapshot(null, null, [null]))).toEqual([]);
  });

  it('does not expand a period that is reversed or implausibly long, but keeps its ends', () => {
    expect(yearsOf(snapshot(2027, 2023))).toEqual([2023, 2027]);
    expect(yearsOf(snapshot(1949, 2100))).toEqual([1949, 2100]);
    expect(yearsOf(snapshot(2000, 2050))).toHaveLength(51);
  });
});

describe('searchTextOf', () => {
  it('indexes both titles, normalised, and the points, bodies and indicators', () => {
    const { title, text } = searchTextOf(
      snapshot(null, null, [2025], {
        title: '教育行动方案',
        originalTitle: '教育行動方案(xíng)',
        points: ['建成ＧＤＰ示範區'],
        responsibleBody: '省教育厅',
        issuer: '广东省教育厅',
      }),
    );
    expect(title).toBe('教育行动方案 教育行动方案 jiaoyuxingdongfangan');
    for (const part of ['教育行动方案', '建成gdp示范区', '省教育厅', '广东省教育厅', '指标']) expect(text).toContain(part);
    expect(text).not.toMatch(/xíng|行動/);
  });

  it('adds the pinyin of the title and the names of the regions, in characters, pinyin and initials', () => {
    const { title, text } = searchTextOf(
      snapshot(null, null, [], { title: '德庆县推进乡村振兴', regionCodes: ['441226', '441422', '999999'] }),
    );
    expect(title).toContain('deqingxiantuijinxiangcunzhenxing');
    for (const part of ['德庆县', '大埔县', 'deqingxian', 'dqx', 'dabuxian', 'dbx']) expect(text).toContain(part);
    // 大埔 as the curated list reads it, and a code no region has adds nothing.
    expect(text).not.toContain('dapu');
  });

  it('adds the excerpt of an article in another language, so its words find the measure', () => {
    const english = { document: 'd', documentTitle: 'd', excerpt: 'Inspections emphasized elder care', originalTitleLanguage: 'en' };
    expect(searchTextOf(snapshot(null, null, [], { source: english })).text).toContain('inspections emphasized elder care');
    const chinese = { document: 'd', documentTitle: 'd', excerpt: '巡视整改' };
    expect(searchTextOf(snapshot(null, null, [], { source: chinese })).text).not.toContain('巡视整改');
  });
});
