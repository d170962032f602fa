import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { startIsolatedFederation, waitUntil, type IsolatedFederation } from '@hkp/testing';

// The portal in a real browser (Debian's chromium, driven by playwright-core) against a real
// federation: the gateway runs the portal's persisted documents only, as a deployment would.

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots are kept here for people to look at after a run (CI keeps tmp/ as artefacts). */
const SCREENSHOTS = join(ROOT, 'tmp', 'portal-e2e');
const SEED_MEASURES = 63;
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest = require('../../../schema/usage/portal.persisted.json') as Record<string, string>;
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
});
