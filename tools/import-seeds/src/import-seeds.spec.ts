import { importSeeds, MEASURES_OUTPUT, PROGRAMME_OUTPUT } from './import-seeds';
import { articlesFile, dateGapsFile, educationFile, financeAndProgrammeFile, SEED_ID, SEED_TEXT } from './testing/fixtures';
import { REGIONS_HEADER } from './validate-references';

const seeds = new Map([[SEED_ID, SEED_TEXT]]);
const regionsTsv = `${REGIONS_HEADER}\n440000\t\tPROVINCE\t广东省\t\n`;
// Tests of the other checks give the import a part of the fixture's curation, so the seed's other items are
// uncovered, and the date gaps name measures they leave out: those errors are not what these tests are about.
const withoutCoverage = (errors: readonly string[]): string[] =>
  errors.filter((e) => !e.startsWith('data/seeds/') && !e.startsWith('data/curation/date-gaps.json'));
const files = () => [
  { fileName: 'data/curation/a.json', json: educationFile() as unknown },
  { fileName: 'data/curation/b.json', json: financeAndProgrammeFile() as unknown },
];

describe('importSeeds', () => {
  it('produces both outputs when everything checks out', () => {
    const result = importSeeds({ articles: articlesFile(), dateGaps: dateGapsFile(), curationFiles: files(), seeds, regionsTsv });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect([...result.outputs.keys()]).toEqual([MEASURES_OUTPUT, PROGRAMME_OUTPUT]);
    expect(JSON.parse(result.outputs.get(MEASURES_OUTPUT) ?? '')).toHaveProperty('measures.length', 3);
  });

  it('fails and writes nothing when a quote is not in the seed', () => {
    const wrong = educationFile();
    wrong.measures[0].points[0] = '到2026年,13個省級基礎教育';
    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: dateGapsFile(),
      curationFiles: [{ fileName: 'data/curation/a.json', json: wrong }],
      seeds,
      regionsTsv,
    });
    expect(withoutCoverage(result.errors)).toEqual([
      'data/curation/a.json: education-action-plan-2023-2027: points[0] is not in data/seeds/999_test.txt: "到2026年,13個省級基礎教育"',
    ]);
    expect(result.outputs.size).toBe(0);
  });

  it('fails on duplicate ids across files', () => {
    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: dateGapsFile(),
      curationFiles: [...files(), { fileName: 'data/curation/c.json', json: educationFile() }],
      seeds,
      regionsTsv,
    });
    expect(withoutCoverage(result.errors)).toEqual([
      'duplicate id "education-action-plan-2023-2027" in data/curation/c.json (first defined in data/curation/a.json)',
    ]);
  });

  it('fails on an unknown document or region code, and on a schema error', () => {
    const otherDoc = educationFile();
    otherDoc.document = '998_missing';
    const badRegion = educationFile();
    badRegion.measures[0].regionCodes = ['449999'];
    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: dateGapsFile(),
      curationFiles: [
        { fileName: 'data/curation/a.json', json: otherDoc },
        { fileName: 'data/curation/b.json', json: badRegion },
        { fileName: 'data/curation/c.json', json: { document: SEED_ID } },
      ],
      seeds,
      regionsTsv,
    });
    expect(withoutCoverage(result.errors)).toEqual([
      'data/curation/a.json: document "998_missing" is not in data/seeds/',
      'data/curation/c.json: measures: Invalid input: expected array, received undefined',
      'data/curation/b.json: education-action-plan-2023-2027: regionCodes[0] "449999" is not in data/regions/guangdong.tsv',
    ]);
  });

  it('skips the region check with a warning while guangdong.tsv does not exist', () => {
    const badRegion = educationFile();
    badRegion.measures[0].regionCodes = ['449999'];
    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: dateGapsFile(),
      curationFiles: [{ fileName: 'a.json', json: badRegion }],
      seeds,
      regionsTsv: null,
    });
    expect(withoutCoverage(result.errors)).toEqual([]);
    expect(result.warnings).toEqual(['data/regions/guangdong.tsv does not exist yet: region codes were not checked.']);
  });

  it('reports coverage, and fails naming the seed and the item when a published item is neither curated nor skipped', () => {
    const complete = importSeeds({ articles: articlesFile(), dateGaps: dateGapsFile(), curationFiles: files(), seeds, regionsTsv });
    expect(complete.coverage).toBe('seed coverage: 7 published items, 7 curated, 0 skipped with a reason (999 7+0/7)');

    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: dateGapsFile(),
      curationFiles: files().slice(0, 1),
      seeds,
      regionsTsv,
    });
    expect(result.outputs.size).toBe(0);
    expect(result.errors).toContain(
      'data/seeds/999_test.txt:9: meeting "省委農村工作會議召開,統籌部署建設農業強省。" is neither curated nor skipped: add it as a meeting, ' +
        'or list it with a reason in data/curation/skipped-items.json (text: 省委農村工作會議召開,統籌部署建設農業強省。)',
    );
  });

  it('accepts an item listed in the skip list with a reason, and refuses a malformed skip list', () => {
    const curationFiles = [{ fileName: 'data/curation/a.json', json: educationFile() as unknown }];
    const skip = (text: string, kind: string) => ({ document: SEED_ID, kind, text, reason: 'covered elsewhere in this test fixture' });
    const result = importSeeds({
      articles: articlesFile(),
      dateGaps: { gaps: [{ ...dateGapsFile().gaps[0], measures: ['education-action-plan-2023-2027'] }] },
      curationFiles,
      seeds,
      regionsTsv,
      skippedItems: {
        items: [
          skip('2023年廣東金融支持經(jīng)濟高質(zhì)量發(fā)展行動方案', 'DOCUMENT'), // as quoted, noise and all
          skip('為縣域振興和綠美廣東生態建設提供融資1萬億元左右。', 'BULLET'), // as the reader reports it
          skip('珠三角地區與粵東粵西粵北地區對口幫扶協作工作實施方案(2023—2025年)', 'DOCUMENT'),
          skip('實現對口幫扶協作45個縣(市)全覆蓋。', 'BULLET'),
          skip('省委農村工作會議召開,統籌部署建設農業強省。', 'MEETING'),
        ],
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.coverage).toBe('seed coverage: 7 published items, 2 curated, 5 skipped with a reason (999 2+5/7)');

    const bad = importSeeds({
      articles: articlesFile(),
      dateGaps: { gaps: [{ ...dateGapsFile().gaps[0], measures: ['education-action-plan-2023-2027'] }] },
      curationFiles,
      seeds,
      regionsTsv,
      skippedItems: { items: [{ document: SEED_ID, kind: 'BULLET', text: 'x', reason: '' }] },
    });
    expect(bad.errors).toEqual([
      'data/curation/skipped-items.json: items.0.reason: say why the item is not in the data (at least 10 characters)',
    ]);
  });
});
