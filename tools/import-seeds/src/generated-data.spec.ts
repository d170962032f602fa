import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedAssistancePairing, GeneratedMeasure } from './build-dataset';

// Facts of the committed data set that reviewers asked for; the import tool's own checks keep the
// rules, these keep the data (data/generated/, rebuilt by `npm run import:seeds`).
const root = join(__dirname, '..', '..', '..');
const measures = (JSON.parse(readFileSync(join(root, 'data/generated/measures.json'), 'utf8')) as { measures: GeneratedMeasure[] })
  .measures;
const programme = JSON.parse(readFileSync(join(root, 'data/generated/programme.json'), 'utf8')) as {
  assistancePairings: GeneratedAssistancePairing[];
};
const measure = (id: string): GeneratedMeasure => {
  const found = measures.find((m) => m.id === id);
  if (!found) throw new Error(`no measure ${id}`);
  return found;
};

describe('the generated data set', () => {
  it('gives every city plan that states a horizon its periodEnd', () => {
    const periods = Object.fromEntries(
      measures.filter((m) => m.category === 'CITY_PLAN').map((m) => [m.regionCodes[0], [m.periodStart, m.periodEnd]]),
    );
    expect(Object.keys(periods)).toHaveLength(21);
    expect(periods).toMatchObject({
      '440200': [null, 2027],
      '440800': [null, 2027],
      '441800': [null, 2025],
      '441500': [null, 2035],
      '441200': [2023, 2025],
    });
    for (const m of measures.filter((x) => x.category === 'CITY_PLAN' && /到20\d\d年/.test(x.points.join(''))))
      expect(m.periodEnd).not.toBeNull();
  });

  it("reads 百县千镇 in 湛江's normalised title and keeps the published 百縣干鎮 in originalTitle", () => {
    const zhanjiang = measure('programme-city-plan-440800');
    expect(zhanjiang.title).toContain('百县千镇万村');
    expect(zhanjiang.originalTitle).toContain('百縣干鎮');
    expect(measures.filter((m) => /百[县縣]干[镇鎮]/.test(m.title + m.pointsNormalised.join('')))).toEqual([]);
  });

  it('lists the points of the vertical assistance scheme and of the inspections', () => {
    expect(measure('programme-vertical-assistance-2023-2026').points[0]).toMatch(/3方面共提出12項重點/);
    expect(measure('programme-vertical-assistance-2023-2026').points).toHaveLength(5);
    expect(measure('programme-inspection-baiqianwan-2023-2025').points).toHaveLength(11);
  });

  it("holds Guangzhou's counterpart pairings next to the vertical scheme", () => {
    const bySchemeAndRegions = programme.assistancePairings.map((p) => [p.id, p.scheme, p.helpedRegionCodes]);
    expect(bySchemeAndRegions).toEqual([
      ['assistance-counterpart-guangzhou', 'COUNTERPART', ['441400', '440800', '441800', '441200']],
      ['assistance-counterpart-guangzhou-industrial-parks-2024', 'COUNTERPART', ['441400', '440800', '441800']],
      ['assistance-vertical-2023', 'VERTICAL', expect.any(Array)],
    ]);
    for (const p of programme.assistancePairings) expect(p.source.excerpt).not.toBe('');
  });

  it('gives the elder-care and agricultural-funding follow-ups of the inspections (seed 000) their departments', () => {
    expect(measure('civil-affairs-inspection-elder-care-rectification')).toMatchObject({
      department: 'CIVIL_AFFAIRS',
      details: { beneficiaries: ['老年人'] },
    });
    expect(measure('finance-agricultural-funding-management-adjustments')).toMatchObject({
      department: 'FINANCE',
      responsibleBody: '省直有关部门',
    });
  });
});

describe('titles', () => {
  it('gives every measure a Chinese title; the English summary’s are marked as translations of the published English', () => {
    for (const m of measures) expect(m.title).toMatch(/\p{Script=Han}/u);
    const translated = measures.filter((m) => m.source.titleIsTranslation);
    expect(translated.map((m) => [m.id, m.title, m.originalTitle, m.source.originalTitleLanguage])).toEqual([
      ['civil-affairs-inspection-elder-care-rectification', '整改养老机构存在的问题', 'addressing issues in elder care facilities', 'en'],
      ['finance-agricultural-funding-management-adjustments', '调整涉农资金管理', 'adjustments in agricultural funding management', 'en'],
    ]);
  });
});

describe('key figures', () => {
  it("carry the region they describe: Guangzhou's 48 work points and 253 tasks are 广州市's", () => {
    const figures = (programme as unknown as { keyFigures: { regionCode: string; name: string; value: number }[] }).keyFigures;
    expect(figures.filter((f) => f.regionCode === '440100').map((f) => f.value)).toEqual(expect.arrayContaining([48, 253, 2.09]));
    expect(figures.find((f) => f.value === 122)).toMatchObject({ regionCode: '440000' });
  });
});
