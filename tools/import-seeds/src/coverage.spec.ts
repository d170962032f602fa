import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLES_FILE } from './articles';
import { DATE_GAPS_FILE } from './date-coverage';
import { checkCoverage, parseSkippedItems, SKIPPED_ITEMS_FILE } from './coverage';
import { parseCurationFile, type NamedCurationFile } from './curation-schema';

const root = join(__dirname, '..', '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const S001 = '001_62ec94c333414f9e';
const seeds = new Map(
  readdirSync(join(root, 'data/seeds'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f.slice(0, -4), read(`data/seeds/${f}`)]),
);
const curation = (name: string): NamedCurationFile => {
  const parsed = parseCurationFile(`data/curation/${name}`, JSON.parse(read(`data/curation/${name}`)));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.file;
};
const allFiles = (): NamedCurationFile[] =>
  readdirSync(join(root, 'data/curation'))
    .filter((f) => f.endsWith('.json') && ![SKIPPED_ITEMS_FILE, ARTICLES_FILE, DATE_GAPS_FILE].includes(`data/curation/${f}`))
    .sort()
    .map(curation);
const committedSkips = () => {
  const parsed = parseSkippedItems(JSON.parse(read(SKIPPED_ITEMS_FILE)));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.items;
};
const only001 = new Map([[S001, seeds.get(S001) ?? '']]);

describe('checkCoverage on the committed curation', () => {
  it('finds every published item of every seed curated or skipped', () => {
    const result = checkCoverage(seeds, allFiles(), committedSkips());
    expect(result.errors).toEqual([]);
    expect(result.items).toBe(result.quoted + result.skipped);
    expect(result.bySeed.get(S001)).toEqual({ items: 119, quoted: 119, skipped: 0 });
  });
});

describe('checkCoverage cross-checks what the reader reads reliably (seed 001)', () => {
  const files001 = (): NamedCurationFile[] => [
    curation('001-province.json'),
    curation('001-cities.json'),
    curation('005-001-extracts.json'),
  ];
  const province = (files: NamedCurationFile[], id: string) => {
    const found = files[0].content.measures.find((x) => x.id === id);
    if (!found) throw new Error(`no measure ${id}`);
    return found;
  };

  it('fails on a meeting whose date or title differs from 重要会议一览', () => {
    const files = files001();
    const meetings = files[0].content.meetings ?? [];
    meetings[0].date = '2022-12-09';
    meetings[1].title = '省委經濟會議';
    expect(checkCoverage(only001, files, []).errors).toEqual([
      'data/seeds/001_62ec94c333414f9e.txt:150: meeting "中共廣東省委十三屆二次全會召開,會議審議通過了《中共廣東省委關于實施“百縣千鎮萬村高質量發展工程”促進城鄉區域協調發展的…" ' +
        'is dated 2022-12-08, but data/curation/001-province.json: meetings[0] says 2022-12-09',
      'data/seeds/001_62ec94c333414f9e.txt:152: meeting "省委經濟工作會議召開,強調要實施“百縣千鎮萬村高質量發展工程”,建設強富綠美新縣域。" ' +
        'is titled "省委經濟工作會議", but data/curation/001-province.json: meetings[1] says "省委經濟會議"',
    ]);
  });

  it('fails on a milestone with another year than 目标任务', () => {
    const files = files001();
    (files[0].content.milestones ?? [])[1].year = 2026;
    expect(checkCoverage(only001, files, []).errors).toEqual([
      expect.stringMatching(
        /^data\/seeds\/001_62ec94c333414f9e\.txt:145: goal "城鄉區域協調發展取得明顯成效.*" is for 2027, but data\/curation\/001-province\.json: milestones\[1\] says year 2026$/,
      ),
    ]);
  });

  it('fails when a measure of a listed document drops one of its bullets, and names the bullet as uncovered', () => {
    const files = files001();
    const m = province(files, 'programme-industry-transfer-measures');
    m.points.pop();
    m.excerpt = m.excerpt.split('\n').slice(0, -1).join('\n');
    expect(checkCoverage(only001, files, []).errors).toEqual([
      'data/seeds/001_62ec94c333414f9e.txt:9: document title "關于推動產業有序轉移促進區域協調發展的若干措施" publishes 3 bullet(s) (lines 10, 11, 12), ' +
        'but the points of programme-industry-transfer-measures (2) are not those bullets in order',
      'data/seeds/001_62ec94c333414f9e.txt:12: bullet "探索多種形式雙向“飛地經濟”模式。" is neither curated nor skipped: quote it in a curated record, ' +
        'or list it with a reason in data/curation/skipped-items.json (text: 探索多種形式雙向“飛地經濟”模式。)',
    ]);
  });

  it('fails on a listed document that no measure carries as its title', () => {
    const files = files001();
    files[0].content.measures.splice(files[0].content.measures.indexOf(province(files, 'programme-rural-housing-green-guideline')), 1);
    expect(checkCoverage(only001, files, []).errors.map((e) => e.replace(/ \(text: .*$/, ''))).toEqual([
      'data/seeds/001_62ec94c333414f9e.txt:31: document title "廣東省農房建設綠色技術導則" is neither curated nor skipped: give a measure this originalTitle, or list it with a reason in data/curation/skipped-items.json',
      'data/seeds/001_62ec94c333414f9e.txt:32: bullet "結合廣東的廣府、潮汕、客家三大民系特點,提出總則、基本規定、技術指標體系、綠色農房技術匯總、綠色農房設計說明專篇、案例篇…" is neither curated nor skipped: quote it in a curated record, or list it with a reason in data/curation/skipped-items.json',
    ]);
  });

  it('refuses a skip entry for an item that is curated, and one for an item the reader does not find', () => {
    const skip = (text: string) => ({ document: S001, kind: 'BULLET' as const, text, reason: 'a reason of some length' });
    expect(checkCoverage(only001, files001(), [skip('探索多種形式雙向“飛地經(jīng)濟”模式。'), skip('不在文件裡的一句')]).errors).toEqual([
      'data/seeds/001_62ec94c333414f9e.txt:12: bullet "探索多種形式雙向“飛地經濟”模式。" is in the curation and also in data/curation/skipped-items.json: remove it from the skip list',
      'data/curation/skipped-items.json: items[1] (001_62ec94c333414f9e, BULLET) "不在文件裡的一句" is an item the reader does not find: remove or correct it',
    ]);
  });
});
