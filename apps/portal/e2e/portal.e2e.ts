import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
      }).then((r) => r.json() as Promise<{ data?: { all?: { totalCount: number } } }>);
      return response.data?.all?.totalCount === SEED_MEASURES;
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

// The id of PortalMeasureCounts in the manifest, found by its operation name.
const MEASURE_COUNTS_ID = (() => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'schema', 'usage', 'portal.persisted.json'), 'utf8')) as Record<string, string>;
  return Object.keys(manifest).find((id) => manifest[id]!.includes('query PortalMeasureCounts'))!;
})();

describe('the portal in a browser', () => {
  it('shows the programme: its goals, key figures, meetings and a chart of measures by year, in Chinese', async () => {
    const page = await open('./');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { level: 1, name: /百县千镇万村/ }).waitFor();
    for (const year of ['2025年', '2027年', '2035年']) await page.getByRole('heading', { name: year, exact: true }).waitFor();
    await page.getByText(`共 ${SEED_MEASURES} 项政策措施`).waitFor();
    // ECharts drew bars (SVG paths) with the counts the API gave.
    const chart = page.getByRole('img', { name: /各年度政策措施数/ });
    const bars = chart.locator(BARS);
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    await shot(page, 'programme');
    await page.close();
  });

  it('shows 德庆县 with its breadcrumbs, every measure that applies there with its targets and sources, and a chart by year', async () => {
    const page = await open(`./#/region/${DEQING}`);
    await page.getByRole('heading', { level: 1, name: /德庆县/ }).waitFor();
    const crumbs = page.getByRole('navigation', { name: '地区层级' });
    expect(await crumbs.getByRole('link').allTextContents()).toEqual(['广东省', '肇庆市']);
    await page.getByRole('heading', { name: `适用的政策措施（${DEQING_MEASURES.length} 项）` }).waitFor();
    const cards = page.locator('ol.measures > li');
    expect(await cards.count()).toBe(DEQING_MEASURES.length);
    const titles = await cards.locator('.measure-title').allTextContents();
    expect(titles.sort()).toEqual(DEQING_MEASURES.map((m) => m.title).sort());
    const targetCount = DEQING_MEASURES.reduce((sum, m) => sum + m.targets.length, 0);
    expect(targetCount).toBeGreaterThan(0);
    expect(await page.locator('ol.measures li.target').count()).toBe(targetCount);
    // Each measure quotes its source verbatim and names its publisher.
    expect(await page.locator('ol.measures blockquote').count()).toBe(DEQING_MEASURES.length);
    await page
      .getByRole('img', { name: /各年份到期的目标数/ })
      .locator(BARS)
      .first()
      .waitFor();
    // Towns below the county, one click away; the address keeps the place.
    await page.getByRole('heading', { name: /下辖地区/ }).waitFor();
    await shot(page, 'region-deqing');
    await page.reload();
    await page.getByRole('heading', { name: `适用的政策措施（${DEQING_MEASURES.length} 项）` }).waitFor();
    await page.getByRole('navigation', { name: '地区层级' }).getByRole('link', { name: '肇庆市' }).click();
    await page.getByRole('heading', { level: 1, name: /肇庆市/ }).waitFor();
    expect(page.url()).toMatch(/#\/region\/441200$/);
    await page.close();
  });

  it('finds the education action plan from a Traditional-script query, and keeps the query in the address', async () => {
    const page = await open('./#/search');
    await page.getByLabel('关键词（简体或繁体）').fill('教育行動方案');
    await page.getByRole('button', { name: '搜索' }).click();
    const plan = page.getByRole('link', { name: /教育行动方案/ });
    await plan.first().waitFor();
    expect(page.url()).toContain(`q=${encodeURIComponent('教育行動方案')}`);
    await page.reload();
    await plan.first().waitFor();
    expect(await page.getByLabel('关键词（简体或繁体）').inputValue()).toBe('教育行動方案');
    await page.close();
  });

  it('pages through every measure with cursors; the address of a page shows the same page again', async () => {
    const page = await open('./#/search');
    await page.getByRole('heading', { name: `找到 ${SEED_MEASURES} 项` }).waitFor();
    const titles = () => page.locator('ol.measures .measure-title').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(20);
    await page.getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(/after=/);
    await page.locator('ol.measures .measure-title').first().waitFor();
    const second = await titles();
    expect(second).toHaveLength(20);
    expect(second.filter((title) => first.includes(title))).toEqual([]);
    await page.reload();
    await page.locator('ol.measures .measure-title').first().waitFor();
    expect(await titles()).toEqual(second);
    await page.close();
  });

  it('shows a measure with the fields of its department, targets, source article and regions', async () => {
    const page = await open(`./#/measure/${EDUCATION_PLAN}`);
    await page.getByRole('heading', { level: 1, name: /教育行动方案/ }).waitFor();
    await page.getByRole('heading', { name: '省教育厅专项信息' }).waitFor();
    await page.getByRole('heading', { name: '原文出处' }).waitFor();
    expect((await page.locator('blockquote').first().textContent())?.length).toBeGreaterThan(10);
    await page.getByText(/第 \d+ 版，最近更新/).waitFor();
    expect(await page.locator('section[aria-labelledby="regions"] li').count()).toBeGreaterThan(0);
    await shot(page, 'measure');
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
    for (const path of [`./#/region/${DEQING}`, './', `./#/measure/${EDUCATION_PLAN}`]) {
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
