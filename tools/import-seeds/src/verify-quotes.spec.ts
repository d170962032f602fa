import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCurationFile } from './curation-schema';
import { educationFile, financeAndProgrammeFile, named, SEED_TEXT } from './testing/fixtures';
import { formatQuoteError, listQuotes, verifyQuotes } from './verify-quotes';

const FILE = 'data/curation/test.json';

describe('listQuotes', () => {
  it('lists every field FORMAT.md marks as an exact quote', () => {
    const fields = listQuotes(financeAndProgrammeFile()).map((q) => `${q.owner} ${q.field}`);
    expect(fields).toEqual([
      'finance-financial-support-plan-2023 originalTitle',
      'finance-financial-support-plan-2023 excerpt',
      'finance-financial-support-plan-2023 points[0]',
      'finance-financial-support-plan-2023 details.fundingLines[0].excerpt',
      'programme-counterpart-assistance originalTitle',
      'programme-counterpart-assistance excerpt',
      'programme-counterpart-assistance points[0]',
      'milestones[0] goal',
      'milestones[0] excerpt',
      'meetings[0] title',
      'meetings[0] summary',
      'keyFigures[0] excerpt',
    ]);
    expect(listQuotes(educationFile()).map((q) => q.field)).toContain('targets[1].excerpt');
  });
});

describe('verifyQuotes', () => {
  it('accepts quotes copied with their noise', () => {
    expect(verifyQuotes(named(FILE, educationFile()), SEED_TEXT)).toEqual([]);
    expect(verifyQuotes(named(FILE, financeAndProgrammeFile()), SEED_TEXT)).toEqual([]);
  });

  it('fails on a wrong quote and names file, measure id, field and the first 30 characters', () => {
    const file = educationFile();
    file.measures[0].targets[1].excerpt = '各建成至少6個城鄉(xiāng)教育共同體,這是一句不在文件裡的很長很長的引文';
    const errors = verifyQuotes(named(FILE, file), SEED_TEXT);
    expect(errors).toHaveLength(1);
    expect(formatQuoteError(errors[0])).toBe(
      'data/curation/test.json: education-action-plan-2023-2027: targets[1].excerpt is not in data/seeds/999_test.txt: ' +
        '"各建成至少6個城鄉(xiāng)教育共同體,這是一句不在文件…"',
    );
  });

  it('fails on a quote cleaned by hand (pinyin removed, or converted to Simplified)', () => {
    const cleaned = educationFile();
    cleaned.measures[0].originalTitle = '廣東省“百縣千鎮萬村高質量發展工程”教育行動方案(2023—2027年)';
    const simplified = educationFile();
    simplified.measures[0].points[0] = '到2025年,13个省级基础教育高质量发展实验区各建成至少5个城乡教育共同体。';
    expect(verifyQuotes(named(FILE, cleaned), SEED_TEXT).map((e) => e.field)).toEqual(['originalTitle']);
    expect(verifyQuotes(named(FILE, simplified), SEED_TEXT).map((e) => e.field)).toEqual(['points[0]']);
  });

  it('names the item of a programme list', () => {
    const file = financeAndProgrammeFile();
    (file.meetings ?? [])[0].summary = '省委農村工作會議召開';
    expect(verifyQuotes(named(FILE, file), SEED_TEXT).map(formatQuoteError)).toEqual([
      'data/curation/test.json: meetings[0]: summary is not in data/seeds/999_test.txt: "省委農村工作會議召開"',
    ]);
  });

  it('passes for the committed curation of 001 (province-wide) against its seed', () => {
    const root = join(__dirname, '..', '..', '..');
    const parsed = parseCurationFile('001-province.json', JSON.parse(readFileSync(join(root, 'data/curation/001-province.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const seed = readFileSync(join(root, 'data/seeds', `${parsed.file.content.document}.txt`), 'utf8');
    expect(verifyQuotes(parsed.file, seed).map(formatQuoteError)).toEqual([]);
  });
});
