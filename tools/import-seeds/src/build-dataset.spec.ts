import { buildDataset, documentTitle, fileBaseName, serialise } from './build-dataset';
import { buildArticle } from './articles';
import { articlesFile, educationFile, financeAndProgrammeFile, named, SEED_ID, SEED_TEXT } from './testing/fixtures';

const articles = articlesFile().articles.map(buildArticle);

const seeds = new Map([[SEED_ID, SEED_TEXT]]);
const build = () =>
  buildDataset(
    [named('data/curation/b-finance.json', financeAndProgrammeFile()), named('data/curation/a-education.json', educationFile())],
    seeds,
    articles,
  );

describe('buildDataset', () => {
  it('sorts measures by id', () => {
    expect(build().measures.measures.map((m) => m.id)).toEqual([
      'education-action-plan-2023-2027',
      'finance-financial-support-plan-2023',
      'programme-counterpart-assistance',
    ]);
  });

  it('gives a Simplified title without noise and keeps the published script in originalTitle and points', () => {
    const [education] = build().measures.measures;
    expect(education.title).toBe('广东省“百县千镇万村高质量发展工程”教育行动方案(2023—2027年)');
    expect(education.originalTitle).toBe('廣東省“百縣千鎮萬村高質量發展工程”教育行動方案(2023—2027年)');
    expect(education.points).toEqual(['到2025年,13個省級基礎教育高質量發展實驗區各建成至少5個城鄉教育共同體。']);
    expect(education.pointsNormalised).toEqual(['到2025年,13个省级基础教育高质量发展实验区各建成至少5个城乡教育共同体。']);
  });

  it('corrects the known misprint 百县干镇 in the title and normalised points, not in the quotes (湛江, seed 001)', () => {
    const typo = '關于湛江市全面推進“百縣干鎮(zhèn)萬村高質(zhì)量發(fā)展工程”促進城鄉(xiāng)區(qū)域協(xié)調(diào)發(fā)展的實施意見';
    const file = educationFile();
    Object.assign(file.measures[0], { originalTitle: typo, excerpt: typo, points: [typo] });
    const [measure] = buildDataset([named('data/curation/a.json', file)], new Map([[SEED_ID, `${SEED_TEXT}\n${typo}`]]), articles).measures
      .measures;
    expect(measure.title).toBe('关于湛江市全面推进“百县千镇万村高质量发展工程”促进城乡区域协调发展的实施意见');
    expect(measure.pointsNormalised).toEqual([measure.title]);
    expect(measure.originalTitle).toBe('關于湛江市全面推進“百縣干鎮萬村高質量發展工程”促進城鄉區域協調發展的實施意見');
    expect(measure.points).toEqual([measure.originalTitle]);
    expect(measure.source.excerpt).toBe(measure.originalTitle);
  });

  it('numbers targets stably and cleans their excerpts', () => {
    const [education] = build().measures.measures;
    expect(education.targets.map((t) => [t.id, t.unit, t.excerpt])).toEqual([
      ['education-action-plan-2023-2027:t1', '个', '13個省級基礎教育高質量發展實驗區'],
      ['education-action-plan-2023-2027:t2', '个', '各建成至少5個城鄉教育共同體'],
    ]);
  });

  it('repairs mojibake in quotes', () => {
    const assistance = build().measures.measures[2];
    expect(assistance.points).toEqual(['實現對口幫扶協作45個縣(市)全覆蓋。']);
    expect(assistance.pointsNormalised).toEqual(['实现对口帮扶协作45个县(市)全覆盖。']);
    expect(assistance.source.excerpt).toBe('◎實現對口幫扶協作45個縣(市)全覆蓋。');
  });

  it('converts details to Simplified, sorts their keys and keeps funding excerpts as published', () => {
    const finance = build().measures.measures[1];
    expect(finance.details).toEqual({
      fundingLines: [
        { amount: 10000, excerpt: '提供融資1萬億元左右。', purpose: '为县域振兴提供融资', regionCode: '440000', unit: '亿元', year: 2023 },
      ],
      instruments: ['融资'],
    });
    expect(Object.keys(finance.details)).toEqual(['fundingLines', 'instruments']);
    expect(build().measures.measures[2].details).toEqual({ leadDepartment: '省发展改革委' });
  });

  it('records the source article, the document, its title and the excerpt', () => {
    expect(build().measures.measures[0].source).toEqual({
      document: SEED_ID,
      article: 'test-policy-roundup',
      documentTitle: '乡协调发展是广东的重要课题。',
      excerpt:
        '●《廣東省“百縣千鎮萬村高質量發展工程”教育行動方案(2023—2027年)》\n◎到2025年,13個省級基礎教育高質量發展實驗區各建成至少5個城鄉教育共同體。',
    });
  });

  it('gathers programme items with ids from the file name and Simplified text', () => {
    const { programme } = build();
    expect(programme.meetings).toEqual([
      {
        id: 'b-finance:meeting:1',
        date: '2023-02-13',
        title: '省委农村工作会议',
        summary: '省委农村工作会议召开,统筹部署建设农业强省。',
        regionCode: '440000',
        source: { document: SEED_ID, article: 'test-policy-roundup', excerpt: '省委農村工作會議召開,統籌部署建設農業強省。' },
      },
    ]);
    expect(programme.milestones[0]).toMatchObject({ id: 'b-finance:milestone:1', year: 2025, goal: '乡协调发展' });
    expect(programme.keyFigures[0]).toMatchObject({ name: '对口帮扶县(市)数量', value: 45, unit: '个', source: { excerpt: '45個縣(市)' } });
    expect(programme.inspectionRounds).toEqual([]);
    expect(programme.assistancePairings).toEqual([]);
  });

  it('does not depend on the order of the input files', () => {
    const reversed = buildDataset(
      [named('data/curation/a-education.json', educationFile()), named('data/curation/b-finance.json', financeAndProgrammeFile())],
      seeds,
      articles,
    );
    expect(serialise(reversed)).toBe(serialise(build()));
  });

  it('fails when the seed of a file is missing', () => {
    expect(() => buildDataset([named('x.json', educationFile())], new Map(), articles)).toThrow(/no seed text for document 999_test/);
  });
});

describe('helpers', () => {
  it('documentTitle skips page chrome and empty lines', () => {
    expect(documentTitle('首頁(yè)\u00a0>\u00a0政務公開\n\n廣東深入實(shí)施“百千萬(wàn)工程”\n正文')).toBe('广东深入实施“百千万工程”');
  });

  it('fileBaseName', () => {
    expect(fileBaseName('data/curation/001-province.json')).toBe('001-province');
  });

  it('serialise writes 2-space JSON with a trailing newline', () => {
    expect(serialise({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});
