import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { readRegionRows } from '@hkp/region-data';
import { graphqlData, graphqlRequest, startIsolatedFederation, type GraphQLResponseBody, type IsolatedFederation } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// The "done means" of the policy-data issue, asked the way a portal asks: every subgraph behind the real
// gateway over HTTP, on real PostgreSQL, with the catalog filled by its own change-feed sync. Expectations
// come from data/generated (what the import wrote), never from numbers typed in here.

const MEASURES: GeneratedMeasure[] = readGeneratedMeasures();
const byId = new Map(MEASURES.map((m) => [m.id, m]));
const PROGRAMME_FACTS = JSON.parse(readFileSync(join(workspaceRoot(), 'data', 'generated', 'programme.json'), 'utf8')) as {
  milestones: { year: number }[];
  meetings: { date: string }[];
};
const REGION_NAMES = new Map(readRegionRows().map((r) => [r.code, { level: r.level as string, name: r.name }]));

let federation: IsolatedFederation;

/** Asks the gateway and fails with the errors when there are any (for queries that must succeed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

async function askForError(query: string, variables?: object): Promise<GraphQLResponseBody> {
  return (await graphqlRequest(federation.gatewayUrl, query, variables)).body;
}

beforeAll(async () => {
  federation = await startIsolatedFederation('policy_measures_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC });
  // Every measure of the data set is in the catalog before any test asks.
  await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

interface Node {
  id: string;
  [field: string]: unknown;
}
interface Page {
  totalCount: number;
  nodes: Node[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();
const expectBadUserInput = (body: GraphQLResponseBody) => {
  expect(body.errors?.length).toBeGreaterThan(0);
  expect(body.errors?.map((e) => e.extensions?.code)).toContain('BAD_USER_INPUT');
  expect(body.data?.measures ?? null).toBeNull();
};

describe('(a) provincial measures and the 21 city plans', () => {
  it('lists exactly the provincial measures of the data set', async () => {
    const { measures } = await ask<{ measures: Page }>(
      '{ measures(filter: {level: PROVINCE}, first: 100) { totalCount nodes { id level } } }',
    );
    const expected = MEASURES.filter((m) => m.level === 'PROVINCE')
      .map((m) => m.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(measures.totalCount).toBe(expected.length);
    expect(ids(measures.nodes)).toEqual(expected);
    expect(new Set(measures.nodes.map((n) => n.level))).toEqual(new Set(['PROVINCE']));
  });

  it('lists 21 city plans, one per prefecture-level city, each region a CITY named by civil-affairs', async () => {
    const { measures } = await ask<{
      measures: { totalCount: number; nodes: { id: string; regions: { code: string; name: string; level: string }[] }[] };
    }>('{ measures(filter: {categories: ["CITY_PLAN"]}, first: 100) { totalCount nodes { id regions { code name level } } } }');
    expect(measures.totalCount).toBe(21);
    expect(measures.nodes).toHaveLength(21);
    expect(ids(measures.nodes)).toEqual(
      MEASURES.filter((m) => m.category === 'CITY_PLAN')
        .map((m) => m.id)
        .sort(),
    );
    const cities = new Set<string>();
    for (const plan of measures.nodes) {
      expect(plan.regions).toHaveLength(1);
      const [region] = plan.regions;
      expect(region!.level).toBe('CITY');
      expect(region!.name).toBe(REGION_NAMES.get(region!.code)?.name);
      expect(region!.name).toMatch(/市$/);
      cities.add(region!.code);
    }
    // 21 different cities: every prefecture-level city of the province has its plan.
    expect(cities.size).toBe(21);
    expect([...cities].sort()).toEqual(
      [...REGION_NAMES]
        .filter(([, r]) => r.level === 'CITY')
        .map(([code]) => code)
        .sort(),
    );
  });
});

describe('(b) search', () => {
  const SEARCH = `query Search($q: String!) { measures(filter: {q: $q}, first: 20) { totalCount nodes { id title } } }`;

  it.each(['教育行动方案', '教育行動方案'])('finds the education action plan first when typing %s', async (q) => {
    const { measures } = await ask<{ measures: Page }>(SEARCH, { q });
    expect(measures.totalCount).toBeGreaterThan(0);
    expect(measures.nodes[0]?.id).toBe('education-action-plan-2023-2027');
  });

  it('returns the education action plan by id as an EducationMeasure with its stages', async () => {
    const { measure } = await ask<{ measure: { __typename: string; id: string; title: string; department: string; stages: string[] } }>(
      '{ measure(id: "education-action-plan-2023-2027") { __typename id title department ... on EducationMeasure { stages } } }',
    );
    const expected = byId.get('education-action-plan-2023-2027')!;
    expect(measure).toEqual({
      __typename: 'EducationMeasure',
      id: expected.id,
      title: expected.title,
      department: 'EDUCATION',
      stages: expected.details['stages'],
    });
    expect(measure.stages.length).toBeGreaterThan(0);
  });

  it.each([
    ['教育', 'education-action-plan-2023-2027'],
    ['卫生', 'health-primary-care-capacity-plan-2023-2027'],
    ['衛生', 'health-primary-care-capacity-plan-2023-2027'],
  ])('finds measures with the two-character word %s', async (q, expectedId) => {
    const { measures } = await ask<{ measures: Page }>(SEARCH, { q });
    expect(measures.totalCount).toBeGreaterThan(0);
    expect(ids(measures.nodes)).toContain(expectedId);
  });

  it("finds Foshan's city plan, first, by its title as published in Traditional", async () => {
    const plan = byId.get('programme-city-plan-440600')!;
    expect(plan.originalTitle).not.toBe(plan.title); // the data set has it in Traditional
    const { measures } = await ask<{ measures: Page }>(SEARCH, { q: plan.originalTitle });
    expect(measures.nodes[0]?.id).toBe(plan.id);
  });

  it('finds every city plan by its title in Traditional', async () => {
    for (const plan of MEASURES.filter((m) => m.category === 'CITY_PLAN' && m.originalTitle !== m.title)) {
      const { measures } = await ask<{ measures: Page }>(SEARCH, { q: plan.originalTitle });
      expect({ q: plan.originalTitle, found: ids(measures.nodes).includes(plan.id) }).toEqual({ q: plan.originalTitle, found: true });
    }
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than 100 characters', '教'.repeat(101)],
    ['more than 8 words', 'a b c d e f g h i'],
    ['only a replacement character', '\uFFFD'],
  ])('rejects a %s q with BAD_USER_INPUT', async (_what, q) => {
    expectBadUserInput(await askForError(SEARCH, { q }));
  });
});

describe("(c) Foshan's 2025 targets as numbers", () => {
  it('lists the Foshan city plan for 440600 and 2025 with its targets as numbers', async () => {
    const { measures } = await ask<{
      measures: {
        nodes: { id: string; targets: { indicator: string; value: number; unit: string; year: number | null; comparator: string }[] }[];
      };
    }>(
      '{ measures(filter: {regionCode: "440600", year: 2025}, first: 100) { nodes { id targets { indicator value unit year comparator } } } }',
    );
    const plan = measures.nodes.find((n) => n.id === 'programme-city-plan-440600');
    expect(plan).toBeDefined();
    const expected = byId.get('programme-city-plan-440600')!.targets;
    expect(expected.length).toBeGreaterThan(0);
    expect(plan!.targets).toEqual(
      expected.map((t) => ({ indicator: t.indicator, value: t.value, unit: t.unit, year: t.year, comparator: t.comparator })),
    );
    for (const target of plan!.targets) expect(typeof target.value).toBe('number');
    // The two the documents give: 城乡居民可支配收入比 at most 1.6 倍, 174万 school places.
    expect(plan!.targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 1.6, unit: '倍', comparator: 'AT_MOST', year: 2025 }),
        expect.objectContaining({ value: 1740000, year: 2025 }),
      ]),
    );
  });
});

describe('(d) measures touching a region', () => {
  const touches = (m: GeneratedMeasure, code: string) => m.regionCodes.some((c) => c.startsWith(code.slice(0, 4)));

  it('lists for 肇庆市 exactly the measures with a region in it or below it', async () => {
    const { region } = await ask<{
      region: { name: string; measures: { totalCount: number; nodes: { id: string; regions: { code: string }[] }[] } };
    }>('{ region(code: "441200") { name measures(first: 100) { totalCount nodes { id regions { code } } } } }');
    expect(region.name).toBe('肇庆市');
    for (const measure of region.measures.nodes) {
      expect({ id: measure.id, touches: measure.regions.some((r) => r.code.startsWith('4412')) }).toEqual({
        id: measure.id,
        touches: true,
      });
    }
    const expected = MEASURES.filter((m) => touches(m, '441200'))
      .map((m) => m.id)
      .sort();
    expect(expected).toEqual(
      expect.arrayContaining(['programme-city-plan-441200', 'programme-zhaoqing-demonstration-breakthrough-year-2025']),
    );
    expect(ids(region.measures.nodes)).toEqual(expected);
    expect(region.measures.totalCount).toBe(expected.length);
    // Province-wide measures are about 广东省, not about 肇庆 in particular.
    expect(ids(region.measures.nodes)).not.toContain('programme-provincial-decision');
  });

  it('counts every measure within the province', async () => {
    const { measures } = await ask<{ measures: { totalCount: number } }>('{ measures(filter: {regionCode: "440000"}) { totalCount } }');
    expect(measures.totalCount).toBe(MEASURES.length);
  });
});

interface FullMeasure {
  id: string;
  title: string;
  originalTitle: string;
  source: { document: string; documentTitle: string; excerpt: string };
}

async function allMeasures(): Promise<FullMeasure[]> {
  const { measures } = await ask<{ measures: { totalCount: number; nodes: FullMeasure[] } }>(
    '{ measures(first: 100) { totalCount nodes { id title originalTitle source { document documentTitle excerpt } } } }',
  );
  expect(measures.totalCount).toBe(MEASURES.length);
  expect(measures.nodes).toHaveLength(MEASURES.length);
  return measures.nodes;
}

describe('(e) provenance', () => {
  it('gives every measure a source document from data/seeds, its heading and the quoted passage', async () => {
    for (const measure of await allMeasures()) {
      const { document, documentTitle, excerpt } = measure.source;
      expect({ id: measure.id, exists: existsSync(join(workspaceRoot(), 'data', 'seeds', `${document}.txt`)) }).toEqual({
        id: measure.id,
        exists: true,
      });
      expect(documentTitle.trim()).not.toBe('');
      expect(excerpt.trim()).not.toBe('');
      const { document: seed, documentTitle: heading, excerpt: quote } = byId.get(measure.id)!.source;
      expect(measure.source).toEqual({ document: seed, documentTitle: heading, excerpt: quote });
    }
  });
});

describe('(e2) a portal page prints every measure as it is', () => {
  const ARTICLES = (
    JSON.parse(readFileSync(join(workspaceRoot(), 'data', 'generated', 'programme.json'), 'utf8')) as {
      articles: { id: string; seed: string; publisher: string | null; publishedOn: string | null }[];
    }
  ).articles;
  const SEED_FILE_ID = /\d{3}_[0-9a-f]{16}/;

  interface PrintedMeasure {
    id: string;
    title: string;
    titleIsTranslation: boolean;
    originalTitleLanguage: string;
    publishedOn: string | null;
    period: { startYear: number | null; endYear: number | null };
    source: {
      headline: string | null;
      label: string | null;
      publisher: string | null;
      excerptSimplified: string;
      article: { id: string; labelIsCurated: boolean; publishedOn: string | null; seed: string } | null;
    };
  }

  it('shows a headline or label, the publisher the article names, no file id and no English title under a Chinese heading', async () => {
    const { measures } = await ask<{ measures: { nodes: PrintedMeasure[] } }>(
      `{ measures(first: 100) { nodes { id title titleIsTranslation originalTitleLanguage publishedOn period { startYear endYear }
          source { headline label publisher excerptSimplified article { id labelIsCurated publishedOn seed } } } } }`,
    );
    expect(measures.nodes).toHaveLength(MEASURES.length);
    const withoutPublisher = new Set<string>();
    for (const m of measures.nodes) {
      const printed = [m.title, m.source.headline ?? m.source.label ?? '', m.source.publisher ?? '', m.publishedOn ?? ''];
      expect({ id: m.id, name: (m.source.headline ?? m.source.label ?? '').trim() !== '' }).toEqual({ id: m.id, name: true });
      expect({ id: m.id, fileIds: printed.filter((text) => SEED_FILE_ID.test(text)) }).toEqual({ id: m.id, fileIds: [] });
      // A Chinese heading gets a Chinese title; a translated one says so and names the published language.
      expect({ id: m.id, chinese: /\p{Script=Han}/u.test(m.title) }).toEqual({ id: m.id, chinese: true });
      if (m.titleIsTranslation) expect(m.originalTitleLanguage).toBe('en');
      const article = ARTICLES.find((a) => a.id === m.source.article?.id);
      expect({ id: m.id, article: article?.seed }).toEqual({ id: m.id, article: byId.get(m.id)!.source.document });
      expect(m.source.publisher).toBe(article!.publisher);
      if (m.source.publisher === null) withoutPublisher.add(article!.id);
      expect(m.source.excerptSimplified).not.toBe('');
    }
    // Only the English summary of the inspections names no publisher: nothing is printed rather than a guess.
    expect([...withoutPublisher]).toEqual(ARTICLES.filter((a) => a.publisher === null).map((a) => a.id));
    expect(ARTICLES.filter((a) => a.publisher === null).map((a) => a.seed)).toEqual(['000_b170534873b5b14b']);
  });

  it('serves the articles, and the key figures of 广州市 on its region', async () => {
    const data = await ask<{
      article: { publisher: string; publishedAt: string; script: string } | null;
      articles: { id: string }[];
      region: { keyFigures: { value: number; region: { code: string } }[] };
    }>(
      `{ article(id: "nanfang-daily-2023-11-17-vertical-assistance") { publisher publishedAt script }
         articles { id } region(code: "440100") { keyFigures { value region { code } } } }`,
    );
    expect(data.article).toEqual({ publisher: '南方日报网络版', publishedAt: '2023-11-17T10:22:11+08:00', script: 'Hant' });
    expect(data.articles.map((a) => a.id)).toEqual(ARTICLES.map((a) => a.id));
    expect(data.region.keyFigures.map((f) => f.value)).toEqual(expect.arrayContaining([48, 253]));
    for (const f of data.region.keyFigures) expect(f.region.code).toBe('440100');
  });
});

describe('(f) no scraping noise in titles', () => {
  // A pinyin gloss the scrapers left after a character: 鄉(xiāng), 會(huì ), 乡（xiang）.
  const PINYIN_GLOSS = /\p{Script=Han}[(（]\s?[a-zA-Z\u00C0-\u024F\u01CD-\u01DC\u0300-\u036F]+\s?[)）]/u;

  it('the pattern catches a gloss and leaves real brackets alone', () => {
    expect('乡(xiāng)村').toMatch(PINYIN_GLOSS);
    expect('会(huì )议').toMatch(PINYIN_GLOSS);
    expect('教育（jiao）').toMatch(PINYIN_GLOSS);
    expect('行动方案(2023—2027年)').not.toMatch(PINYIN_GLOSS);
    expect('方案(试行)').not.toMatch(PINYIN_GLOSS);
  });

  it('has no pinyin gloss and no U+FFFD in any title or original title', async () => {
    for (const measure of await allMeasures()) {
      for (const text of [measure.title, measure.originalTitle]) {
        expect({ id: measure.id, text, gloss: PINYIN_GLOSS.test(text), replacement: text.includes('\uFFFD') }).toEqual({
          id: measure.id,
          text,
          gloss: false,
          replacement: false,
        });
      }
    }
  });
});

describe('(g) programme timeline', () => {
  it('has the milestones 2025, 2027 and 2035 and meetings sorted by date', async () => {
    const { programme, meetings } = await ask<{
      programme: { milestones: { year: number }[]; meetings: { date: string }[] };
      meetings: { date: string }[];
    }>('{ programme { milestones { year } meetings { date } } meetings { date } }');
    const years = programme.milestones.map((m) => m.year);
    expect(years).toEqual(expect.arrayContaining([2025, 2027, 2035]));
    expect(years).toEqual(PROGRAMME_FACTS.milestones.map((m) => m.year));
    for (const list of [programme.meetings, meetings]) {
      const dates = list.map((m) => m.date);
      expect(dates.length).toBe(PROGRAMME_FACTS.meetings.length);
      expect(dates).toEqual([...dates].sort());
      expect(dates.length).toBeGreaterThan(1);
    }
  });
});

describe('(h) funding', () => {
  it('gives the 2023 financial support plan 10000 亿元 for 广东省, also listed under the province', async () => {
    const { measure } = await ask<{
      measure: { funding: { amount: number; unit: string; year: number | null; region: { name: string } }[] };
    }>('{ measure(id: "finance-financial-support-plan-2023") { funding { amount unit year region { name } } } }');
    expect(measure.funding).toEqual([{ amount: 10000, unit: '亿元', year: 2023, region: { name: '广东省' } }]);

    const { region } = await ask<{ region: { fundingLines: { amount: number; measureId: string }[] } }>(
      '{ region(code: "440000") { fundingLines { amount measureId } } }',
    );
    expect(region.fundingLines).toContainEqual({ amount: 10000, measureId: 'finance-financial-support-plan-2023' });
  });
});

describe('(h2) department lists on a region are bounded pages', () => {
  it('answers at most `first` (default 20, at most 100) of Region.<dept>Measures and Region.fundingLines, first by id', async () => {
    const { region } = await ask<{ region: { two: { id: string }[]; all: { id: string }[]; funding: unknown[] } }>(
      '{ region(code: "440000") { two: educationMeasures(first: 2) { id } all: educationMeasures { id } funding: fundingLines(first: 1) { amount } } }',
    );
    const education = MEASURES.filter((m) => m.department === 'EDUCATION')
      .map((m) => m.id)
      .sort();
    expect(region.all.map((m) => m.id)).toEqual(education.slice(0, 20));
    expect(region.two.map((m) => m.id)).toEqual(education.slice(0, 2));
    expect(region.funding.length).toBeLessThanOrEqual(1);

    const tooMany = await askForError('{ region(code: "440000") { name healthMeasures(first: 101) { id } } }');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', serviceName: 'health' });
    expect(tooMany.data).toEqual({ region: { name: '广东省', healthMeasures: null } });
  });

  it('prices them by `first` in the cost estimate', async () => {
    const { status, body } = await graphqlRequest(
      federation.gatewayUrl,
      '{ regions(first: 100) { nodes { healthMeasures(first: 100) { id } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', cost: 1 + 100 + 100 * 100 });
  });
});

describe('(i) health plan structure', () => {
  it('gives the primary care plan 1 overall goal, 3 projects and 16 sub-projects', async () => {
    const { measures } = await ask<{ measures: { nodes: { id: string; __typename: string; structure: unknown }[] } }>(
      '{ measures(filter: {department: HEALTH}) { nodes { id __typename ... on HealthMeasure { structure { overallGoals projects subProjects } } } } }',
    );
    expect(measures.nodes.length).toBe(MEASURES.filter((m) => m.department === 'HEALTH').length);
    const plan = measures.nodes.find((n) => n.id === 'health-primary-care-capacity-plan-2023-2027');
    expect(plan).toEqual({
      id: 'health-primary-care-capacity-plan-2023-2027',
      __typename: 'HealthMeasure',
      structure: { overallGoals: 1, projects: 3, subProjects: 16 },
    });
  });
});

describe('(j) pagination', () => {
  it('walks every measure once with first/after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { measures }: { measures: Page } = await ask<{ measures: Page }>(
        'query Page($after: String) { measures(first: 7, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      pages += 1;
      expect(measures.totalCount).toBe(MEASURES.length);
      expect(measures.nodes.length).toBeLessThanOrEqual(7);
      seen.push(...measures.nodes.map((n) => n.id));
      if (!measures.pageInfo!.hasNextPage) break;
      after = measures.pageInfo!.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(Math.ceil(MEASURES.length / 7));
    expect(new Set(seen).size).toBe(seen.length); // no overlap
    expect([...seen].sort()).toEqual(MEASURES.map((m) => m.id).sort());
  });

  it('rejects first: 101 and a cursor it did not give out with BAD_USER_INPUT', async () => {
    expectBadUserInput(await askForError('{ measures(first: 101) { totalCount } }'));
    expectBadUserInput(await askForError('{ measures(first: 5, after: "not-a-cursor") { totalCount } }'));
  });
});
