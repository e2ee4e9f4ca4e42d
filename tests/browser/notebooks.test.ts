import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBatch, makeRun, makeSensitivity } from '../report/fixtures.ts';

/**
 * The notebooks, built and opened in a real browser: every page must load
 * with no console error, no failed or external request (the site works
 * offline), and charts holding marks for the data. Screenshots go to
 * tests/browser/screenshots/. Skipped when /usr/bin/chromium is missing,
 * except in CI, where that is a failure.
 */
const CHROMIUM = '/usr/bin/chromium';
const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const available = existsSync(CHROMIUM);
if (!available && !inCi) console.warn(`tests/browser skipped: no ${CHROMIUM} (apt-get install chromium fonts-noto-cjk); CI=true makes this a failure`);
const root = resolve(import.meta.dirname, '../..');
const shots = join(import.meta.dirname, 'screenshots');

/** Stage `sources` and build the site with the project's own script, as `npm run notebooks:build` does. */
function buildSite(sources: string[]): string {
  const work = mkdtempSync(join(tmpdir(), 'urbsim-site-'));
  const out = join(work, 'dist');
  const args = ['--import', 'tsx', 'notebooks/site.ts', 'build', ...sources.flatMap((s) => ['--data', s]), '--out', out, '--stage', join(work, 'stage')];
  // A clean environment for Vite: vitest's NODE_ENV=test would make a development build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0) throw new Error(`notebook build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.woff2': 'font/woff2', '.arrow': 'application/vnd.apache.arrow.file',
};

/** A static server on 127.0.0.1 for a built site. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(dir) || !existsSync(path) || extname(path) === '') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** Open a page and collect everything that went wrong on it. */
async function open(context: BrowserContext, origin: string, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(origin)) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${origin}/${path}`, { waitUntil: 'networkidle' });
  return { page, problems };
}

/** Count the marks of Plot mark groups tagged `description` (facets add one <g> level). */
const marks = (page: Page, description: string, element: string) =>
  page.evaluate(
    ([d, e]) => document.querySelectorAll(`main g[aria-description="${d}"] > ${e}, main g[aria-description="${d}"] > g > ${e}`).length,
    [description, element] as const,
  );

const waitForMarks = (page: Page, description: string, element: string, atLeast = 1) =>
  page.waitForFunction(
    ([d, e, n]) => document.querySelectorAll(`main g[aria-description="${d}"] > ${e}, main g[aria-description="${d}"] > g > ${e}`).length >= n,
    [description, element, atLeast] as const,
    { timeout: 20_000 },
  );

describe.skipIf(!available && !inCi)('notebooks in a browser', () => {
  let context: BrowserContext;
  let site: { server: Server; origin: string };
  let bare: { server: Server; origin: string };
  const external: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    const out = mkdtempSync(join(tmpdir(), 'urbsim-out-'));
    await makeRun(join(out, 'dalian-test'), { runs: 60 });
    await makeRun(join(out, 'dalian-schools'), { runs: 60, name: 'dalian-schools', capacity: true }); // same seed: pairable
    await makeBatch(join(out, 'pilots'), ['alpha', 'beta', 'gamma']);
    await makeSensitivity(join(out, 'dalian-sensitivity'));
    const lone = mkdtempSync(join(tmpdir(), 'urbsim-out-'));
    await makeRun(join(lone, 'only-run'), { runs: 20 });
    site = await serve(buildSite([out]));
    bare = await serve(buildSite([lone]));
    mkdirSync(shots, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'urbsim-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // The site must work offline: anything not served by our server is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(site.origin) || url.startsWith(bare.origin) || url.startsWith('data:')) return route.continue();
      external.push(url);
      return route.abort();
    });
  }, 110_000);

  afterAll(async () => {
    await context?.close();
    site?.server.close();
    bare?.server.close();
  });

  const check = async (page: Page, problems: string[], name: string) => {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    expect(problems, name).toEqual([]);
    expect(external, name).toEqual([]);
    await page.close();
  };

  it('index lists the staged folders', async () => {
    const { page, problems } = await open(context, site.origin, 'index.html');
    await page.waitForSelector('main table tbody tr');
    expect(await page.locator('main table tbody tr').count()).toBe(7); // 2 runs, 1 batch, 3 batch members, 1 sensitivity analysis
    await check(page, problems, 'index');
  });

  it('targets: a fan per rate, a diamond per target, a bar per target and the joint one', async () => {
    const { page, problems } = await open(context, site.origin, 'targets.html?run=dalian-test');
    await waitForMarks(page, 'probability', 'rect', 4);
    expect(await marks(page, 'band-90', 'path')).toBe(3); // two rates, then the gap
    expect(await marks(page, 'median', 'path')).toBe(3);
    expect(await marks(page, 'target', 'path')).toBe(3);
    expect(await marks(page, 'probability', 'rect')).toBe(4);
    expect(await page.locator('main table tbody tr').count()).toBe(4);
    await page.getByLabel('中文').check();
    await page.waitForFunction(() => document.querySelector('main svg')?.textContent?.includes('户籍人口城镇化率'), null, { timeout: 10_000 });
    await check(page, problems, 'targets');
  });

  it('levers: variants side by side and their paired differences', async () => {
    const { page, problems } = await open(context, site.origin, 'levers.html?base=dalian-test');
    await waitForMarks(page, 'p-beats', 'path');
    expect(await marks(page, 'band-90', 'path')).toBe(2); // one facet per variant
    expect(await marks(page, 'difference-median', 'path')).toBe(1);
    expect(await marks(page, 'p-beats', 'path')).toBe(1);
    expect(await marks(page, 'probability', 'rect')).toBe(8); // 4 bars in each variant's panel
    await check(page, problems, 'levers');
  });

  it('capacity: demand in each panel, supply where the scenario limits it', async () => {
    const { page, problems } = await open(context, site.origin, 'capacity.html?run=dalian-schools');
    await waitForMarks(page, 'demand', 'path', 3);
    expect(await marks(page, 'demand', 'path')).toBe(3);
    expect(await marks(page, 'supply', 'path')).toBe(2);
    await check(page, problems, 'capacity');
  });

  it('pilots: a row per scenario of the batch, sortable', async () => {
    const { page, problems } = await open(context, site.origin, 'pilots.html');
    await waitForMarks(page, 'joint', 'rect', 3);
    expect(await marks(page, 'target', 'path')).toBe(9);
    expect(await page.locator('main table tbody tr').count()).toBe(3);
    await check(page, problems, 'pilots');
  });

  it('pilots: says so when there is no batch output', async () => {
    const { page, problems } = await open(context, bare.origin, 'pilots.html');
    await page.waitForSelector('text=No batch output in');
    expect(await page.locator('main svg').count()).toBe(0);
    await check(page, problems, 'pilots-empty');
  });

  it('sensitivity: a tornado bar pair per input, PRCC bars and a row per input', async () => {
    const { page, problems } = await open(context, site.origin, 'sensitivity.html');
    await waitForMarks(page, 'total', 'rect', 3);
    expect(await marks(page, 'total', 'rect')).toBe(3); // inflow, migrant_settle_rate, the shocks
    expect(await marks(page, 'first', 'rect')).toBe(3);
    expect(await marks(page, 'prcc', 'rect')).toBe(2);
    expect(await page.locator('main table tbody tr').count()).toBe(3);
    await page.getByLabel('中文').check();
    await page.waitForFunction(() => document.querySelector('main svg')?.textContent?.includes('总敏感性指数'), null, { timeout: 10_000 });
    await check(page, problems, 'sensitivity');
  });

  it('sensitivity: says so when there is no sensitivity output', async () => {
    const { page, problems } = await open(context, bare.origin, 'sensitivity.html');
    await page.waitForSelector('text=No sensitivity output in');
    expect(await page.locator('main svg').count()).toBe(0);
    await check(page, problems, 'sensitivity-empty');
  });

  it('pyramid: bars by age for the chosen years', async () => {
    const { page, problems } = await open(context, site.origin, 'pyramid.html?run=dalian-test');
    await waitForMarks(page, 'pyramid', 'rect', 100);
    expect(await marks(page, 'pyramid', 'rect')).toBeGreaterThan(2 * 2 * 80); // 2 years × 2 sexes × most ages
    await check(page, problems, 'pyramid');
  });
});
