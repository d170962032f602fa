import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSeedStructure } from './seed-structure';

// Real excerpts of the seeds, copied with their noise (data/seeds/<document>.txt, line numbers as in the file).
const seedLines = (document: string, from: number, to: number): string =>
  readFileSync(join(__dirname, '..', '..', '..', 'data/seeds', `${document}.txt`), 'utf8')
    .split('\n')
    .slice(from - 1, to)
    .join('\n');
const S000 = '000_b170534873b5b14b';
const S001 = '001_62ec94c333414f9e';

describe('readSeedStructure', () => {
  it('reads a ●《…》 document and its ◎ bullets, noise stripped (001, lines 13–16)', () => {
    const text = [
      '●《珠三角地區(qū)與粵東粵西粵北地區(qū)對口幫扶協(xié)作工作實施方案(2023—2025年)》',
      '◎?qū)崿F(xiàn)對口幫扶協(xié)作粵東粵西粵北地區(qū)45個縣(市)全覆蓋,對惠州、江門、肇慶的12個縣(市)參照開展產(chǎn)業(yè)協(xié)作。',
      '●《稅收支持廣東高質(zhì)量發(fā)展的若干措施》',
      '◎積極培植鞏固稅源發(fā)展壯大縣域經(jīng)濟;服務現(xiàn)代農(nóng)業(yè)產(chǎn)業(yè)發(fā)展促進富民興村強鎮(zhèn);健全綠色稅制推動綠美廣東生態(tài)建設。',
    ].join('\n');
    expect(seedLines(S001, 13, 16)).toBe(text);
    expect(readSeedStructure(S001, text)).toEqual([
      {
        document: S001,
        line: 1,
        kind: 'DOCUMENT',
        text: '珠三角地區與粵東粵西粵北地區對口幫扶協作工作實施方案(2023—2025年)',
        listed: true,
      },
      {
        document: S001,
        line: 2,
        kind: 'BULLET',
        text: '實現對口幫扶協作粵東粵西粵北地區45個縣(市)全覆蓋,對惠州、江門、肇慶的12個縣(市)參照開展產業協作。',
        under: '珠三角地區與粵東粵西粵北地區對口幫扶協作工作實施方案(2023—2025年)',
      },
      { document: S001, line: 3, kind: 'DOCUMENT', text: '稅收支持廣東高質量發展的若干措施', listed: true },
      {
        document: S001,
        line: 4,
        kind: 'BULLET',
        text: '積極培植鞏固稅源發展壯大縣域經濟;服務現代農業產業發展促進富民興村強鎮;健全綠色稅制推動綠美廣東生態建設。',
        under: '稅收支持廣東高質量發展的若干措施',
      },
    ]);
  });

  it("reads a city's block: the city line is no item, a heading or 印發《…》 heads the bullets (001, lines 71–79)", () => {
    const items = readSeedStructure(S001, seedLines(S001, 71, 79));
    expect(items.map((x) => [x.line, x.kind, x.text.slice(0, 12), x.under?.slice(0, 8)])).toEqual([
      [2, 'HEADING', '召開全市“百縣千鎮萬村高', undefined],
      [3, 'BULLET', '深入推進東部地區提質提級', '召開全市“百縣千'],
      [5, 'HEADING', '召開市委農村工作會議暨全', undefined],
      [6, 'BULLET', '堅持市域抓統籌、區(縣)', '召開市委農村工作'],
      [8, 'DOCUMENT', '關于貫徹落實省委“百縣千', undefined],
      [9, 'BULLET', '優化重構城鄉區域發展格局', '關于貫徹落實省委'],
    ]);
  });

  it('reads the goals of 目标任务 and the meetings of 重要会议一览 with date and title (001, lines 139–152, 161–162)', () => {
    const items = readSeedStructure(S001, `${seedLines(S001, 139, 152)}\n${seedLines(S001, 161, 162)}`);
    expect(items.map((x) => [x.line, x.kind, x.listed ?? x.year ?? x.date, x.title ?? x.text.slice(0, 10)])).toEqual([
      [2, 'DOCUMENT', true, '中共廣東省委關于實施'],
      [5, 'GOAL', 2025, '城鄉融合發展體制機制'],
      [7, 'GOAL', 2027, '城鄉區域協調發展取得'],
      [9, 'GOAL', 2035, '縣域在全省經濟社會發'],
      [12, 'MEETING', '2022-12-08', '中共廣東省委十三屆二次全會'],
      [14, 'MEETING', '2023-01-03', '省委經濟工作會議'],
      [16, 'MEETING', '2023-05-18', '全省縣區黨政正職高質量發展能力培訓暨“百縣千鎮萬村高質量發展工程”專題培訓班'],
    ]);
    // The decision named again in the meeting line is the document listed at line 2, not a second item.
    expect(items.filter((x) => x.kind === 'DOCUMENT')).toHaveLength(1);
  });

  it('keeps each of two cities’ plans of the same title (汕尾 and 阳江, 001 lines 97–113)', () => {
    const documents = readSeedStructure(S001, seedLines(S001, 97, 113)).filter((x) => x.kind === 'DOCUMENT');
    expect(documents.map((x) => x.line)).toEqual([2, 6, 10, 13, 16]);
    expect(documents[0].text).toBe(documents[4].text);
  });

  it('reads the English bullets of 000 with their [n] mark removed, the Core Viewpoint sentence included', () => {
    const items = readSeedStructure(S000, seedLines(S000, 3, 3));
    expect(items).toHaveLength(12);
    expect(items[0].text).toMatch(/^The "Hundred Counties, .* President Xi Jinping's directives$/);
    expect(items[1].text).toBe(
      'Thirteen provincial inspection teams conducted feedback sessions with 75 county-level party committees regarding the implementation of the "Hundred Thousand Project"',
    );
    expect(items.every((x) => x.kind === 'BULLET' && !/\[\d\]/.test(x.text))).toBe(true);
  });

  it('reads numbered points and mentioned documents, not bylines or section headings (004)', () => {
    const text = [
      '■采写:新快报记者 黄闻禹',
      '④广州全面推进 “百千万工程”任务单出炉',
      '为加强对“百千万工程”的部署和落实，广州印发了《2024年广州市全面推进“百县千镇万村高质量发展工程”促进城乡区域协调发展工作要点》，从产业发展等方面提出48项工作要点。',
      ' ',
      '5. 在大抓社会力量参与上走前列。提高对口帮扶协作资金，共建广州市—梅州(湛江、清远)市产业转移合作园区，力争全年合计完成规上工业总产值160亿元。',
    ].join('\n');
    expect(readSeedStructure('004', text)).toEqual([
      {
        document: '004',
        line: 3,
        kind: 'DOCUMENT',
        text: '2024年广州市全面推进“百县千镇万村高质量发展工程”促进城乡区域协调发展工作要点',
        listed: false,
      },
      {
        document: '004',
        line: 5,
        kind: 'BULLET',
        text: '在大抓社会力量参与上走前列。提高对口帮扶协作资金，共建广州市—梅州(湛江、清远)市产业转移合作园区，力争全年合计完成规上工业总产值160亿元。',
      },
    ]);
  });

  it('finds no item in prose (002) and counts a document mentioned twice once (003 《方案》)', () => {
    const root = join(__dirname, '..', '..', '..', 'data/seeds');
    expect(readSeedStructure('002', readFileSync(join(root, '002_fed1315bd0a98c07.txt'), 'utf8'))).toEqual([]);
    const zhaoqing = readSeedStructure('003', readFileSync(join(root, '003_0eff2f5ab5a49e07.txt'), 'utf8'));
    expect(zhaoqing.map((x) => x.text.slice(0, 8))).toEqual(['西江日報', '肇慶市實施“百縣', '方案']);
  });
});
