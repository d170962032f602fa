import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildArticle, parseArticles, scriptOf, verifyArticles, type CuratedArticle } from './articles';
import { articlesFile, SEED_ID, SEED_TEXT } from './testing/fixtures';

const root = join(__dirname, '..', '..', '..');
const seeds = new Map(
  readdirSync(join(root, 'data/seeds'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f.slice(0, -4), readFileSync(join(root, 'data/seeds', f), 'utf8')]),
);
const committed = (): CuratedArticle[] => {
  const parsed = parseArticles(JSON.parse(readFileSync(join(root, 'data/curation/articles.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.articles;
};
const article = (id: string): CuratedArticle => committed().find((a) => a.id === id)!;
const withChange = (id: string, change: Partial<CuratedArticle>): CuratedArticle[] =>
  committed().map((a) => (a.id === id ? { ...a, ...change } : a));

describe('the committed articles', () => {
  it('check out against their seeds: one article per seed', () => {
    expect(verifyArticles(committed(), seeds)).toEqual([]);
    expect(
      committed()
        .map((a) => a.seed)
        .sort(),
    ).toEqual([...seeds.keys()].sort());
  });

  it('give the published headline where there is one and a curated label, marked, where there is none', () => {
    expect(buildArticle(article('nanfang-daily-2023-11-17-vertical-assistance'))).toMatchObject({
      headline: '廣東深入實施“百千萬工程” 支持縣域高質量發展',
      headlineSimplified: '广东深入实施“百千万工程” 支持县域高质量发展',
      label: '广东深入实施“百千万工程” 支持县域高质量发展',
      labelIsCurated: false,
      publisher: '南方日报网络版',
      publishedAt: '2023-11-17T10:22:11+08:00',
      publishedOn: '2023-11-17',
      script: 'Hant',
    });
    expect(buildArticle(article('nanfang-daily-policy-roundup'))).toMatchObject({
      headline: null,
      labelIsCurated: true,
      publisher: '南方日报',
    });
  });
});

describe('verifyArticles', () => {
  it('refuses a publisher or a date the article does not state', () => {
    const id = 'nanfang-daily-2023-11-17-vertical-assistance';
    expect(verifyArticles(withChange(id, { publisher: '人民日报' }), seeds)).toEqual([
      `data/curation/articles.json: articles[2] (${id}): publisher "人民日报" is not named in the article`,
    ]);
    expect(verifyArticles(withChange(id, { publishedOn: '2023-11-18', publishedAt: '2023-11-18T10:22:11+08:00' }), seeds)).toEqual([
      `data/curation/articles.json: articles[2] (${id}): publishedOn 2023-11-18 is not stated in the article`,
    ]);
    expect(verifyArticles(withChange(id, { publishedAt: '2023-11-17T09:00:00+08:00' }), seeds)).toEqual([
      `data/curation/articles.json: articles[2] (${id}): the time of publishedAt (09:00:00) is not stated in the article`,
    ]);
  });

  it('refuses a headline that is not in the seed verbatim, a wrong script and a seed without article', () => {
    const errors = verifyArticles(
      withChange('xinkuaibao-guangzhou-acceleration', { headline: '加力提速推進“百千萬工程”', script: 'Hant' }).filter(
        (a) => a.id !== 'nanfang-daily-policy-roundup',
      ),
      seeds,
    );
    expect(errors).toEqual([
      'data/curation/articles.json: articles[3] (xinkuaibao-guangzhou-acceleration): headline "加力提速推進“百千萬工程”" is not in the seed verbatim',
      "data/curation/articles.json: articles[3] (xinkuaibao-guangzhou-acceleration): script is Hant, but the article's text is Hans",
      'data/curation/articles.json: seed 001_62ec94c333414f9e has no article',
    ]);
  });

  it('reads a date written in Chinese', () => {
    expect(verifyArticles(articlesFile().articles, new Map([[SEED_ID, SEED_TEXT]]))).toEqual([]);
  });
});

describe('parseArticles', () => {
  it('wants a label exactly when there is no headline', () => {
    const both = { articles: [{ ...articlesFile().articles[0], headline: '標題' }] };
    expect(parseArticles(both)).toEqual({
      ok: false,
      errors: [
        'data/curation/articles.json: articles.0.label: an article has either its published headline or, when it has none, a curated label (not both)',
      ],
    });
    expect(parseArticles(null)).toMatchObject({ ok: false });
  });
});

describe('scriptOf', () => {
  it('tells Traditional, Simplified and English text apart', () => {
    expect(scriptOf('廣東深入實施“百千萬工程” 支持縣域高質量發展')).toBe('Hant');
    expect(scriptOf('广州奋力绘就城乡融合发展新图景')).toBe('Hans');
    expect(scriptOf('广东 Core Viewpoint - The project is a significant initiative')).toBe('Latn');
  });
});
