// The seed articles as sources: data/curation/articles.json gives each seed its public id, headline,
// publisher, date, language and script; every one of them is checked against the article's own text.
import { z } from 'zod';
import { stripScrapingNoise, toSimplified } from '@hkp/chinese-text';
import { ARTICLE_SCRIPTS, type GeneratedArticle } from '@hkp/policy-model/dataset';

export const ARTICLES_FILE = 'data/curation/articles.json';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lowercase slug');
const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$/, 'ISO 8601 with its offset, e.g. 2023-11-17T10:22:11+08:00');

export const articleSchema = z
  .strictObject({
    id: slug,
    seed: z.string().regex(/^[0-9A-Za-z_-]+$/, 'a seed file name without .txt'),
    /** Copied from the seed like a quote; null when the article has no headline. */
    headline: z.string().min(1).nullable(),
    subheadline: z.string().min(1).nullable(),
    /** Simplified, written by the curator: only for an article without a headline. */
    label: text.nullable(),
    publisher: text.nullable(),
    publishedAt: isoDateTime.nullable(),
    publishedOn: isoDate.nullable(),
    language: z.enum(['zh', 'en']),
    script: z.enum(ARTICLE_SCRIPTS),
  })
  .refine((a) => (a.headline === null) !== (a.label === null), {
    message: 'an article has either its published headline or, when it has none, a curated label (not both)',
    path: ['label'],
  })
  .refine((a) => a.publishedAt === null || (a.publishedOn !== null && a.publishedAt.startsWith(a.publishedOn)), {
    message: 'publishedAt needs publishedOn, the same day',
    path: ['publishedOn'],
  });

export const articlesFileSchema = z.strictObject({ articles: z.array(articleSchema) });
export type CuratedArticle = z.infer<typeof articleSchema>;

export type ArticlesResult = { ok: true; articles: CuratedArticle[] } | { ok: false; errors: string[] };

/** Parses data/curation/articles.json; null (no file) is an error: every seed needs its article. */
export function parseArticles(json: unknown): ArticlesResult {
  if (json === null) return { ok: false, errors: [`${ARTICLES_FILE} is missing: every seed needs its article (see FORMAT.md)`] };
  const result = articlesFileSchema.safeParse(json);
  if (!result.success)
    return {
      ok: false,
      errors: result.error.issues.map((issue) => `${ARTICLES_FILE}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
    };
  return { ok: true, articles: result.data.articles };
}

/** The ways an article writes a date: 2023-11-17, 2023年11月17日 (month and day without leading zeros too). */
function dateSpellings(isoDay: string): string[] {
  const [y, m, d] = isoDay.split('-');
  if (m === undefined) return [`${y}年`];
  const month = String(Number(m));
  if (d === undefined) return [`${y}-${m}`, `${y}年${month}月`, `${y}年${m}月`];
  const day = String(Number(d));
  return [isoDay, `${y}/${m}/${d}`, `${y}年${month}月${day}日`, `${y}年${m}月${d}日`];
}

/** Hant when opencc changes more than 2% of the Han characters, else Hans; Latn when Han characters are few. */
export function scriptOf(seedText: string): GeneratedArticle['script'] {
  const han = [...seedText].filter((c) => /\p{Script=Han}/u.test(c));
  const letters = [...seedText].filter((c) => /[A-Za-z]/.test(c));
  if (letters.length > han.length) return 'Latn';
  const simplified = [...toSimplified(han.join(''))];
  const changed = han.filter((c, i) => simplified[i] !== c).length;
  return changed / Math.max(han.length, 1) > 0.02 ? 'Hant' : 'Hans';
}

/**
 * Every fact of an article must be in its seed: the headline and subheadline verbatim (like quotes),
 * the publisher in the Simplified text, the date (and time) as the article writes it, the script the
 * text is in. Every seed has exactly one article, and ids are unique.
 */
export function verifyArticles(articles: readonly CuratedArticle[], seeds: ReadonlyMap<string, string>): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const ids = new Set<string>();
  articles.forEach((a, i) => {
    const at = `${ARTICLES_FILE}: articles[${i}] (${a.id})`;
    if (ids.has(a.id)) errors.push(`${at}: the id is used twice`);
    ids.add(a.id);
    const seed = seeds.get(a.seed);
    if (seed === undefined) {
      errors.push(`${at}: seed "${a.seed}" is not in data/seeds/`);
      return;
    }
    if (seen.has(a.seed)) errors.push(`${at}: seed ${a.seed} already has the article ${seen.get(a.seed)}`);
    seen.set(a.seed, a.id);
    const plain = toSimplified(stripScrapingNoise(seed));
    for (const field of ['headline', 'subheadline'] as const) {
      const value = a[field];
      if (value !== null && !seed.includes(value)) errors.push(`${at}: ${field} "${value.slice(0, 30)}" is not in the seed verbatim`);
    }
    if (a.publisher !== null && !plain.includes(a.publisher)) errors.push(`${at}: publisher "${a.publisher}" is not named in the article`);
    if (a.publishedOn !== null && !dateSpellings(a.publishedOn).some((s) => plain.includes(s)))
      errors.push(`${at}: publishedOn ${a.publishedOn} is not stated in the article`);
    if (a.publishedAt !== null) {
      const time = a.publishedAt.slice(11, 19).replace(/:$/, '');
      if (!plain.includes(time)) errors.push(`${at}: the time of publishedAt (${time}) is not stated in the article`);
    }
    const script = scriptOf(stripScrapingNoise(seed));
    if (script !== a.script) errors.push(`${at}: script is ${a.script}, but the article's text is ${script}`);
  });
  for (const document of seeds.keys()) if (!seen.has(document)) errors.push(`${ARTICLES_FILE}: seed ${document} has no article`);
  return errors;
}

/** The article as the graph serves it: quotes without noise, the Simplified headline or curated label to print. */
export function buildArticle(a: CuratedArticle): GeneratedArticle {
  const headline = a.headline === null ? null : stripScrapingNoise(a.headline);
  const headlineSimplified = headline === null ? null : toSimplified(headline);
  return {
    id: a.id,
    seed: a.seed,
    headline,
    headlineSimplified,
    subheadline: a.subheadline === null ? null : stripScrapingNoise(a.subheadline),
    label: headlineSimplified ?? a.label!,
    labelIsCurated: headline === null,
    publisher: a.publisher,
    publishedAt: a.publishedAt,
    publishedOn: a.publishedOn,
    language: a.language,
    script: a.script,
  };
}
