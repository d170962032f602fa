// Small curation files for the specs, built on a seed excerpt with the real kinds of noise in it.
import type { CuratedArticle } from '../articles';
import type { DateGap } from '../date-coverage';
import type { CurationFile, NamedCurationFile } from '../curation-schema';

export const SEED_ID = '999_test';

// Lines in the style of 001_62ec94c333414f9e: pinyin glosses, a mojibake run, Traditional characters.
export const SEED_TEXT = [
  '鄉(xiāng)協(xié)調(diào)發(fā)展是廣東的重要課題。',
  '●《廣東省“百縣千鎮(zhèn)萬村高質(zhì)量發(fā)展工程”教育行動方案(2023—2027年)》',
  '◎到2025年,13個省級基礎教育高質(zhì)量發(fā)展實驗區(qū)各建成至少5個城鄉(xiāng)教育共同體。',
  '●《2023年廣東金融支持經(jīng)濟高質(zhì)量發(fā)展行動方案》',
  '◎為縣域振興和綠美廣東生態(tài)建設提供融資1萬億元左右。',
  '●《珠三角地區與粵東粵西粵北地區對口幫扶協(xié)作工作實施方案(2023—2025年)》',
  '◎?qū)崿F(xiàn)對口幫扶協(xié)作45個縣(市)全覆蓋。',
  '2023年2月13日',
  '省委農(nóng)村工作會議召開,統(tǒng)籌部署建設農(nóng)業(yè)強省。',
].join('\n');

export function educationFile(): CurationFile {
  return {
    document: SEED_ID,
    measures: [
      {
        id: 'education-action-plan-2023-2027',
        department: 'EDUCATION',
        responsibleBody: '省教育厅',
        category: 'EDUCATION',
        level: 'PROVINCE',
        issuer: '广东省教育厅',
        originalTitle: '廣東省“百縣千鎮(zhèn)萬村高質(zhì)量發(fā)展工程”教育行動方案(2023—2027年)',
        excerpt:
          '●《廣東省“百縣千鎮(zhèn)萬村高質(zhì)量發(fā)展工程”教育行動方案(2023—2027年)》\n◎到2025年,13個省級基礎教育高質(zhì)量發(fā)展實驗區(qū)各建成至少5個城鄉(xiāng)教育共同體。',
        points: ['到2025年,13個省級基礎教育高質(zhì)量發(fā)展實驗區(qū)各建成至少5個城鄉(xiāng)教育共同體。'],
        periodStart: 2023,
        periodEnd: 2027,
        publishedOn: null,
        regionCodes: ['440000'],
        targets: [
          {
            indicator: '省级基础教育高质量发展实验区数量',
            value: 13,
            unit: '个',
            year: 2025,
            comparator: 'EXACTLY',
            baseline: null,
            regionCode: null,
            excerpt: '13個省級基礎教育高質(zhì)量發(fā)展實驗區(qū)',
          },
          {
            indicator: '每个实验区城乡教育共同体数量',
            value: 5,
            unit: '個',
            year: 2025,
            comparator: 'AT_LEAST',
            baseline: null,
            regionCode: null,
            excerpt: '各建成至少5個城鄉(xiāng)教育共同體',
          },
        ],
        details: { stages: ['基礎教育'] },
      },
    ],
  };
}

export function financeAndProgrammeFile(): CurationFile {
  return {
    document: SEED_ID,
    measures: [
      {
        id: 'finance-financial-support-plan-2023',
        department: 'FINANCE',
        responsibleBody: '中国人民银行广州分行',
        category: 'FINANCE',
        level: 'PROVINCE',
        issuer: '中国人民银行广州分行',
        originalTitle: '2023年廣東金融支持經(jīng)濟高質(zhì)量發(fā)展行動方案',
        excerpt: '●《2023年廣東金融支持經(jīng)濟高質(zhì)量發(fā)展行動方案》\n◎為縣域振興和綠美廣東生態(tài)建設提供融資1萬億元左右。',
        points: ['為縣域振興和綠美廣東生態(tài)建設提供融資1萬億元左右。'],
        periodStart: 2023,
        periodEnd: 2023,
        publishedOn: null,
        regionCodes: ['440000'],
        targets: [],
        details: {
          fundingLines: [
            {
              regionCode: '440000',
              amount: 10000,
              unit: '亿元',
              year: 2023,
              purpose: '為縣域振興提供融資',
              excerpt: '提供融資1萬億元左右。',
            },
          ],
          instruments: ['融資'],
        },
      },
      {
        id: 'programme-counterpart-assistance',
        department: 'PROGRAMME',
        responsibleBody: '省发展改革委',
        category: 'ASSISTANCE',
        level: 'PROVINCE',
        issuer: '广东省',
        originalTitle: '珠三角地區與粵東粵西粵北地區對口幫扶協(xié)作工作實施方案(2023—2025年)',
        excerpt: '◎?qū)崿F(xiàn)對口幫扶協(xié)作45個縣(市)全覆蓋。',
        points: ['?qū)崿F(xiàn)對口幫扶協(xié)作45個縣(市)全覆蓋。'],
        periodStart: 2023,
        periodEnd: 2025,
        publishedOn: null,
        regionCodes: ['440000'],
        targets: [],
        details: { leadDepartment: '省發展改革委' },
      },
    ],
    meetings: [
      {
        date: '2023-02-13',
        title: '省委農(nóng)村工作會議',
        summary: '省委農(nóng)村工作會議召開,統(tǒng)籌部署建設農(nóng)業(yè)強省。',
        regionCode: '440000',
      },
    ],
    milestones: [{ year: 2025, goal: '鄉(xiāng)協(xié)調(diào)發(fā)展', excerpt: '鄉(xiāng)協(xié)調(diào)發(fā)展是廣東的重要課題。' }],
    keyFigures: [{ regionCode: '440000', name: '對口幫扶縣(市)數量', value: 45, unit: '個', excerpt: '45個縣(市)' }],
  };
}

export const named = (fileName: string, content: CurationFile): NamedCurationFile => ({ fileName, content });

/** data/curation/articles.json for the fixture seed: it has no headline, so a curated label. */
export function articlesFile(): { articles: CuratedArticle[] } {
  return {
    articles: [
      {
        id: 'test-policy-roundup',
        seed: SEED_ID,
        headline: null,
        subheadline: null,
        label: '广东“百千万工程”政策汇编',
        publisher: null,
        publishedAt: null,
        publishedOn: '2023-02-13',
        language: 'zh',
        script: 'Hant',
      },
    ],
  };
}

/** data/curation/date-gaps.json for the fixture files: none of their measures states when it was issued. */
export function dateGapsFile(): { gaps: DateGap[] } {
  return {
    gaps: [
      {
        field: 'publishedOn',
        reason: 'The fixture seed dates no document.',
        measures: ['education-action-plan-2023-2027', 'finance-financial-support-plan-2023', 'programme-counterpart-assistance'],
      },
    ],
  };
}
