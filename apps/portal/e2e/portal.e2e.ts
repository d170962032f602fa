import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { readGeneratedMeasures } from '@hkp/policy-model';
import { readRegionRows } from '@hkp/region-data';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { startIsolatedFederation, waitUntil, type IsolatedFederation } from '@hkp/testing';

// The portal in a real browser (Debian's chromium, driven by playwright-core) against a real
// federation: the gateway runs the portal's persisted documents only, as a deployment would.

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots are kept here for people to look at after a run (CI keeps tmp/ as artefacts). */
const SCREENSHOTS = join(ROOT, 'tmp', 'portal-e2e');
const SEED_MEASURES = 63;
const DEQING = '441226'; // 德庆县, 肇庆市
const EDUCATION_PLAN = 'education-action-plan-2023-2027';
/** What applies to 德庆县 by the data set and the region table's parent links: its own, 肇庆市's and the province's. */
const DEQING_MEASURES = (() => {
  const parent = new Map(readRegionRows().map((r) => [r.code, r.parentCode ?? null]));
  const chain = new Set<string>();
  for (let at: string | null | undefined = DEQING; at; at = parent.get(at)) chain.add(at);
  return readGeneratedMeasures().filter((m) => m.regionCodes.some((code) => chain.has(code)));
})();
const MEASURES = readGeneratedMeasures();
/** A measure whose Chinese title the curators translated from the English summary. */
const TRANSLATED = MEASURES.find((m) => m.id === 'finance-agricultural-funding-management-adjustments')!;
/** The script each source article is published in, by article id (the data set's articles). */
const ARTICLE_SCRIPT = new Map(
  (
    JSON.parse(readFileSync(join(ROOT, 'data', 'generated', 'programme.json'), 'utf8')) as { articles: { id: string; script: string }[] }
  ).articles.map((a) => [a.id, a.script]),
);
/** Seed file ids (data/seeds/<id>.txt): internal, never shown to a reader. */
const FILE_ID = /\b\d{3}_[0-9a-f]{16}\b/;
/** axe-core's script, injected into pages to check them (WCAG 2.1 A/AA and best practices). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** A bar ECharts drew, in the portal's colour. */
const BARS = 'svg path[fill="#b5261e"]';

let federation: IsolatedFederation;
let portal: ChildProcess | undefined;
let portalUrl: string;
let browser: Browser;
let context: BrowserContext;
/** Requests the browser tried to send anywhere but this machine (all are refused). */
const outside: string[] = [];
/** Console errors and uncaught exceptions of every page, by page address. */
const consoleErrors: string[] = [];

function startPortal(gatewayUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/dev/src/serve-portal.ts', '--gateway', gatewayUrl, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Portal: (\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The portal server exited (${code}):\n${output}`)));
  });
}

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(new URL(path, portalUrl).href);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** No serious or critical accessibility violation on the page as it is now (axe-core). */
async function expectAccessible(page: Page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

/** Presses Tab until the focused element satisfies `wanted` (its text, tag and address); fails after `max` presses. */
async function tabTo(page: Page, wanted: (focused: { text: string; tag: string; href: string; id: string }) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return {
        text: element?.textContent?.trim() ?? '',
        tag: element?.tagName ?? '',
        href: element?.getAttribute('href') ?? '',
        id: element?.id ?? '',
      };
    });
    if (wanted(focused)) {
      // The reader sees where the focus is.
      const ring = await page.evaluate(() => {
        const element = document.activeElement!;
        return {
          tag: element.tagName,
          id: element.id,
          visible: element.matches(':focus-visible'),
          outline: getComputedStyle(element).outlineStyle,
        };
      });
      expect(ring).toMatchObject({ visible: true });
      expect(ring.outline).not.toBe('none');
      return focused;
    }
  }
  throw new Error(`Tab did not reach the element within ${max} presses`);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The bundle and its manifest first: the gateway loads the manifest when it starts.
  const build = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/build/src/main.ts', '--portal'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`The portal did not build:\n${build.stdout}${build.stderr}`);
  federation = await startIsolatedFederation('portal_e2e', ALL_SUBGRAPHS, {
    env: { CATALOG_SYNC_INTERVAL_MS: '100' },
    gatewayEnv: {
      PERSISTED_DOCUMENTS_PATH: join(ROOT, 'schema', 'usage', 'portal.persisted.json'),
      PERSISTED_DOCUMENTS_ONLY: 'true',
      RATE_LIMIT_ENABLED: 'false',
    },
  });
  // The catalog has every seed measure before a page asks (it follows the departments' feeds).
  await waitUntil(
    async () => {
      const response = await fetch(federation.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ documentId: MEASURE_COUNTS_ID }),
      }).then((r) => r.json() as Promise<{ data?: { measures?: { totalCount: number } } }>);
      return response.data?.measures?.totalCount === SEED_MEASURES;
    },
    () => `the catalog to list ${SEED_MEASURES} measures`,
    { timeoutMs: 60_000 },
  );
  const started = await startPortal(federation.gatewayUrl);
  portal = started.child;
  portalUrl = started.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  // Nothing may leave the machine: no CDN, fonts or analytics.
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  portal?.kill('SIGTERM');
  await federation?.stop();
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
  expect(outside).toEqual([]);
});

// The id of PortalMeasureFacets in the manifest, found by its operation name.
const MEASURE_COUNTS_ID = (() => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'schema', 'usage', 'portal.persisted.json'), 'utf8')) as Record<string, string>;
  return Object.keys(manifest).find((id) => manifest[id]!.includes('query PortalMeasureFacets'))!;
})();

describe('the portal in a browser', () => {
  it('shows the programme: its goals, key figures, meetings and counts by department and year from the facets, in Chinese', async () => {
    const page = await open('./');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { level: 1, name: /百县千镇万村/ }).waitFor();
    for (const year of ['2025年', '2027年', '2035年']) await page.getByRole('heading', { name: year, exact: true }).waitFor();
    await page.getByText(`共 ${SEED_MEASURES} 项政策措施`).waitFor();
    // Counts by department, as the data set has them, each a link to the search narrowed to it.
    const byDepartment = new Map<string, number>();
    for (const m of MEASURES) byDepartment.set(m.department, (byDepartment.get(m.department) ?? 0) + 1);
    const departmentLines = await page.locator('section[aria-labelledby="counts"] ul.plain li').allTextContents();
    expect(departmentLines).toHaveLength(byDepartment.size);
    expect(departmentLines).toContain(`省教育厅：${byDepartment.get('EDUCATION')} 项`);
    // ECharts drew bars (SVG paths) with the counts the API gave.
    const chart = page.getByRole('img', { name: /各年度政策措施数/ });
    const bars = chart.locator(BARS);
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await shot(page, 'programme');
    await page.close();
  });

  it('loads the programme page quickly: first contentful paint and the counts shown, cold and warm (recorded, not timed)', async () => {
    const measure = async () => {
      const page = await context.newPage();
      await page.goto(new URL('./', portalUrl).href);
      const shownAt = await page
        .waitForFunction(() => (document.body.textContent?.includes('项政策措施') ? performance.now() : 0), undefined, { polling: 'raf' })
        .then((handle) => handle.jsonValue());
      const timing = await page.evaluate(() => ({
        firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      }));
      await page.close();
      const round = (ms: number | null) => (ms == null ? null : Math.round(ms));
      return {
        firstContentfulPaintMs: round(timing.firstContentfulPaint),
        domContentLoadedMs: round(timing.domContentLoaded),
        countsShownMs: round(shownAt),
      };
    };
    const cold = await measure();
    const warm = await measure();
    const assets = join(ROOT, 'dist', 'portal', 'assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    const javascriptGzipBytes = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
    const report = { javascriptGzipBytes, cold, warm };
    writeFileSync(join(SCREENSHOTS, 'first-load.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Portal first load: ${JSON.stringify(report)}`);
    expect(warm.firstContentfulPaintMs).not.toBeNull();
  });

  it('shows 德庆县 with its pinyin, breadcrumbs, every measure that applies there with its targets and sources, and a chart by year', async () => {
    const page = await open(`./#/region/${DEQING}`);
    await page.getByRole('heading', { level: 1, name: /德庆县/ }).waitFor();
    await page.getByText('Déqìng Xiàn', { exact: true }).waitFor();
    const crumbs = page.getByRole('navigation', { name: '地区层级' });
    expect(await crumbs.getByRole('link').allTextContents()).toEqual(['广东省', '肇庆市']);
    await page.getByRole('heading', { name: `适用的政策措施（${DEQING_MEASURES.length} 项）` }).waitFor();
    const cards = page.locator('ol.measures > li');
    expect(await cards.count()).toBe(DEQING_MEASURES.length);
    const titles = await cards.locator('.measure-title a').allTextContents();
    expect(titles.sort()).toEqual(DEQING_MEASURES.map((m) => m.title).sort());
    const targetCount = DEQING_MEASURES.reduce((sum, m) => sum + m.targets.length, 0);
    expect(targetCount).toBeGreaterThan(0);
    expect(await page.locator('ol.measures li.target').count()).toBe(targetCount);
    // Each measure quotes its source verbatim, as published, and names its article.
    const quotes = await page.locator('ol.measures blockquote').allTextContents();
    expect(quotes.sort()).toEqual(DEQING_MEASURES.map((m) => m.source.excerpt).sort());
    expect(await page.locator('ol.measures .source-line').count()).toBe(DEQING_MEASURES.length);
    // A Traditional quote has its Simplified rendering below it.
    const traditional = DEQING_MEASURES.filter((m) => ARTICLE_SCRIPT.get(m.source.article ?? '') === 'Hant');
    expect(traditional.length).toBeGreaterThan(0);
    expect(await page.locator('ol.measures blockquote[lang="zh-Hant"]').count()).toBe(traditional.length);
    expect(await page.locator('ol.measures blockquote[lang="zh-Hant"] + p.simplified').count()).toBeGreaterThan(0);
    // A translated title is marked, with the original in English beside it.
    const translated = DEQING_MEASURES.filter((m) => m.source.titleIsTranslation);
    expect(await page.locator('ol.measures abbr.translated').count()).toBe(translated.length);
    expect(await page.locator('body').innerText()).not.toMatch(FILE_ID);
    await page
      .getByRole('img', { name: /各年份到期的目标数/ })
      .locator(BARS)
      .first()
      .waitFor();
    // Towns below the county, one click away; the address keeps the place.
    await page.getByRole('heading', { name: /下辖地区/ }).waitFor();
    await expectAccessible(page);
    // The top of the page with its first measures (docs/portal-region.png is a copy of it).
    await page.screenshot({
      path: join(SCREENSHOTS, 'region-deqing-top.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 1500 },
    });
    await shot(page, 'region-deqing');
    await page.reload();
    await page.getByRole('heading', { name: `适用的政策措施（${DEQING_MEASURES.length} 项）` }).waitFor();
    await page.getByRole('navigation', { name: '地区层级' }).getByRole('link', { name: '肇庆市' }).click();
    await page.getByRole('heading', { level: 1, name: /肇庆市/ }).waitFor();
    expect(page.url()).toMatch(/#\/region\/441200$/);
    // 肇庆市's own key figure, with its article.
    const figures = page.locator('section[aria-labelledby="figures"] li');
    await figures.first().waitFor();
    expect(await figures.count()).toBe(1);
    expect(await figures.first().textContent()).toMatch(/8个.*示范突破年行动/);
    await page.close();
  });

  it('finds 德庆县 by its pinyin and by its initials, in the region finder and in the search box', async () => {
    const page = await open(`./#/region/440000`);
    for (const typed of ['deqing', 'dqx']) {
      await page.getByLabel('地区名称（汉字、拼音或首字母）').fill(typed);
      await page.getByRole('button', { name: '查找' }).click();
      await page.waitForURL(new RegExp(`find=${typed}$`));
      const results = page.getByRole('list', { name: `“${typed}”的查找结果` });
      await results.getByRole('link').first().waitFor();
      expect(await results.getByRole('link').first().textContent()).toBe('广东省 肇庆市 德庆县');
    }
    await page.getByRole('list', { name: '“dqx”的查找结果' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /德庆县/ }).waitFor();
    // The search box: measures made for 德庆县, by pinyin and by initials.
    const forDeqing = MEASURES.filter((m) => m.regionCodes.includes(DEQING) || m.title.includes('德庆'));
    for (const typed of ['deqing', 'dqx']) {
      await page.goto(new URL('./#/search', portalUrl).href);
      await page.getByLabel('关键词（简体、繁体或拼音）').fill(typed);
      await page.getByRole('button', { name: '搜索' }).click();
      await page.getByRole('heading', { name: `找到 ${forDeqing.length} 项` }).waitFor();
      expect((await page.locator('ol.measures .measure-title a').allTextContents()).sort()).toEqual(forDeqing.map((m) => m.title).sort());
    }
    await page.close();
  });

  it('finds the education action plan from a Traditional-script query, and keeps the query in the address', async () => {
    const page = await open('./#/search');
    await page.getByLabel('关键词（简体、繁体或拼音）').fill('教育行動方案');
    await page.getByRole('button', { name: '搜索' }).click();
    const plan = page.getByRole('link', { name: /教育行动方案/ });
    await plan.first().waitFor();
    expect(page.url()).toContain(`q=${encodeURIComponent('教育行動方案')}`);
    await page.reload();
    await plan.first().waitFor();
    expect(await page.getByLabel('关键词（简体、繁体或拼音）').inputValue()).toBe('教育行動方案');
    await page.close();
  });

  it('narrows a search by its facets: each click keeps the filter in the address, and every count is the number of results it gives', async () => {
    const page = await open('./#/search');
    await page.getByRole('heading', { name: `找到 ${SEED_MEASURES} 项` }).waitFor();
    const facet = (heading: string) => page.getByRole('region', { name: heading, exact: true }).getByRole('link');
    // The department facet lists what the data set has.
    const education = MEASURES.filter((m) => m.department === 'EDUCATION').length;
    expect(await facet('部门').allTextContents()).toContain(`省教育厅${education}`);
    await expectAccessible(page);
    // Click by click: department, then the first year offered, then the first region level; each count is what the list then has.
    /** Clicks a value of a facet and waits for the list narrowed to it: the value marked as chosen, the count as its results. */
    const choose = async (heading: string, link: Locator) => {
      const count = Number(await link.getAttribute('data-count'));
      const value = (await link.getAttribute('data-value'))!;
      await link.click();
      await facet(heading)
        .and(page.locator(`[aria-current="true"][data-value="${value}"]`))
        .waitFor();
      await page.getByRole('heading', { name: `找到 ${count} 项` }).waitFor();
    };
    await choose('部门', facet('部门').filter({ hasText: '省教育厅' }));
    expect(page.url()).toContain('department=EDUCATION');
    await page.getByRole('heading', { name: `找到 ${education} 项` }).waitFor();
    for (const heading of ['年度', '适用地区层级', '发布层级']) {
      await choose(heading, facet(heading).first());
      // The chosen value stays listed, marked, with every other value of its facet.
      expect(await facet(heading).and(page.locator('[aria-current="true"]')).count()).toBe(1);
    }
    expect(page.url()).toMatch(/department=EDUCATION.*year=\d{4}.*regionLevel=[A-Z]+/);
    // Other values, clicked from here, give as many results as they say.
    for (const heading of ['部门', '类别']) {
      const links = await facet(heading).and(page.locator(':not([aria-current])')).all();
      for (const link of links.slice(0, 2)) {
        await choose(heading, link);
        await page.goBack();
        await page.getByRole('heading', { name: /^找到 \d+ 项$/ }).waitFor();
      }
    }
    // 清除全部筛选 goes back to everything.
    await page.getByRole('link', { name: '清除全部筛选' }).click();
    await page.getByRole('heading', { name: `找到 ${SEED_MEASURES} 项` }).waitFor();
    await page.close();
  });

  it('pages through every measure with cursors; the address of a page shows the same page again', async () => {
    const page = await open('./#/search');
    await page.getByRole('heading', { name: `找到 ${SEED_MEASURES} 项` }).waitFor();
    const titles = () => page.locator('ol.measures .measure-title a').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(20);
    await page.getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(/after=/);
    // The first page's list can still be shown (or the list be loading) right after the address
    // changes: wait for a list that is not the first page's.
    let second: string[] = [];
    await waitUntil(
      async () => {
        second = await titles();
        return second.length > 0 && !first.includes(second[0]!);
      },
      "the second page's list",
      { intervalMs: 50 },
    );
    expect(second).toHaveLength(20);
    expect(second.filter((title) => first.includes(title))).toEqual([]);
    await page.reload();
    await page.locator('ol.measures .measure-title').first().waitFor();
    expect(await titles()).toEqual(second);
    await page.close();
  });

  it('shows a measure with the fields of its department, targets, the article it quotes (verbatim and in Simplified) and regions, and no file ids', async () => {
    const plan = MEASURES.find((m) => m.id === EDUCATION_PLAN)!;
    const page = await open(`./#/measure/${EDUCATION_PLAN}`);
    await page.getByRole('heading', { level: 1, name: /教育行动方案/ }).waitFor();
    await page.getByRole('heading', { name: '省教育厅专项信息' }).waitFor();
    await page.getByRole('heading', { name: '原文出处' }).waitFor();
    expect(await page.locator('blockquote').first().textContent()).toBe(plan.source.excerpt);
    expect(await page.locator('blockquote').first().getAttribute('lang')).toBe('zh-Hant');
    expect((await page.locator('.quote p.simplified').textContent())?.length).toBeGreaterThan(10);
    await page.getByText(/第 \d+ 版，最近更新/).waitFor();
    expect(await page.locator('section[aria-labelledby="regions"] li').count()).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(FILE_ID);
    expect(text).not.toContain(String(plan.source.article));
    await expectAccessible(page);
    await shot(page, 'measure');
    // A title translated from English is marked 「译」, with the English original on hover and below.
    await page.goto(new URL(`./#/measure/${TRANSLATED.id}`, portalUrl).href);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.getByText('译', { exact: true }).waitFor();
    expect(await heading.locator('abbr').getAttribute('title')).toContain(TRANSLATED.originalTitle);
    expect(await page.locator('.original-title [lang="en"]').textContent()).toBe(TRANSLATED.originalTitle);
    await page.close();
  });

  it('can be used with the keyboard alone: skip link, main navigation, search, facets and breadcrumbs', async () => {
    const page = await open('./');
    await page.getByText(`共 ${SEED_MEASURES} 项政策措施`).waitFor();
    expect((await tabTo(page, () => true, 1)).text).toBe('跳到正文');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Back from the content: the main navigation's last link.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#/search');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '搜索政策措施' }).waitFor();
    await page.getByRole('heading', { name: `找到 ${SEED_MEASURES} 项` }).waitFor();
    await tabTo(page, (f) => f.id === 'q');
    await page.keyboard.type('dqx');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=dqx/);
    await page.getByRole('heading', { name: /^找到 \d+ 项$/ }).waitFor();
    const facetLink = await tabTo(page, (f) => f.href.includes('regionLevel='));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash === facetLink.href);
    await page.goto(new URL(`./#/region/${DEQING}`, portalUrl).href);
    await page.getByRole('heading', { level: 1, name: /德庆县/ }).waitFor();
    await tabTo(page, (f) => f.text === '肇庆市');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /肇庆市/ }).waitFor();
    await tabTo(page, (f) => f.id === 'region-name');
    await page.keyboard.type('deqing');
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.text === '广东省 肇庆市 德庆县');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /德庆县/ }).waitFor();
    await page.close();
  });

  it('fits a 375 px wide phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 800 } });
    await phone.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    const page = await phone.newPage();
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    for (const path of [`./#/region/${DEQING}`, './', `./#/measure/${EDUCATION_PLAN}`, './#/search?q=deqing']) {
      await page.goto(new URL(path, portalUrl).href);
      await page.locator('h1').waitFor();
      await page.locator('.status').waitFor({ state: 'detached' });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    }
    await page.goto(new URL(`./#/region/${DEQING}`, portalUrl).href);
    await page.locator('ol.measures > li').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'region-deqing-375.png'), fullPage: true });
    await phone.close();
  });

  // Last: it stops a department for the rest of the file.
  it('with the education department down, still shows the measure with a notice naming the department', async () => {
    await federation.subgraphs.education!.stop();
    const page = await open(`./#/measure/${EDUCATION_PLAN}`);
    await page.getByRole('heading', { level: 1, name: /教育行动方案/ }).waitFor();
    const notice = page.getByRole('alert');
    await notice.getByText('省教育厅的数据服务暂时无法访问').waitFor();
    await page.getByRole('heading', { name: '原文出处' }).waitFor();
    await shot(page, 'measure-education-down');
    // The browser logs a failed request (the gateway's answer carries errors, not an HTTP failure): none expected.
    await page.close();
  });
});
