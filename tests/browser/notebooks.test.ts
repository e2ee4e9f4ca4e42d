import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/model/indicators.ts';
import { LABEL_KEYS, label, metricName } from '../../src/report/labels.ts';
import { makeBatch, makeCompare, makeRun, makeSensitivity, writeWeighedFixture } from '../report/fixtures.ts';
import { targetsIpc } from '../../src/io/arrowTables.ts';
import { writeOutputFolder } from '../../src/io/outputFolder.ts';
import { readTargets } from '../../src/io/readTables.ts';
import { launchChromium, runBrowserTests } from './chromium.ts';
import { textProblems } from './textLayout.ts';

/**
 * The notebooks, built and opened in a real browser at 1280 px: every page
 * must load with no console error, no failed or external request (the site
 * works offline), charts holding marks for the data, no chart text over
 * another or cut off, every table row reachable by scrolling, and in 中文
 * mode no English left. Screenshots go to tmp/screenshots/. Skipped when
 * /usr/bin/chromium is missing, except in CI, where that is a failure.
 */
const root = resolve(import.meta.dirname, '../..');
const shots = join(root, 'tmp', 'screenshots');
const PILOTS = Array.from({ length: 40 }, (_, i) => `area-${String(i + 1).padStart(2, '0')}`);

/** Stage `sources` and build the site with the project's own script, as `npm run notebooks:build` does. */
function buildSite(sources: string[]): string {
  const work = mkdtempSync(join(tmpdir(), 'urbsim-site-'));
  const out = join(work, 'dist');
  const args = ['--import', 'tsx', 'notebooks/site.ts', 'build', ...sources.flatMap((s) => ['--data', s]), '--out', out, '--stage', join(work, 'stage')];
  // A clean environment for Vite: vitest's NODE_ENV=test would make a development build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`notebook build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  // Vite 8 warned of Notebook Kit's alias `customResolver` on every build (src/report/notebookSite.ts turns it into a plugin).
  if (/deprecat/i.test(r.stdout + r.stderr)) throw new Error(`notebook build warns of something deprecated:\n${r.stdout}\n${r.stderr}`);
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.woff2': 'font/woff2', '.arrow': 'application/vnd.apache.arrow.file',
};

/** A static server on 127.0.0.1 for a built site. */
async function serve(dir: string): Promise<{ server: Server; origin: string; dir: string }> {
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
  return { server, origin: `http://127.0.0.1:${address.port}`, dir };
}

/** Open a page and collect everything that went wrong on it. */
async function open(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, problems };
}

const SELECT = (d: string, e: string) => `main g[aria-description="${d}"] > ${e}, main g[aria-description="${d}"] > g > ${e}`;

/** Count the marks of Plot mark groups tagged `description` (facets add one <g> level). */
const marks = (page: Page, description: string, element: string) => page.evaluate((s) => document.querySelectorAll(s).length, SELECT(description, element));

const waitForMarks = (page: Page, description: string, element: string, atLeast = 1) =>
  page.waitForFunction(([s, n]) => document.querySelectorAll(s).length >= n, [SELECT(description, element), atLeast] as const, { timeout: 30_000 });

// Words that stay as they are in Chinese: names of methods and people (logit: the weighed note's logit 正态分布), the tool,
// the language switch's "English".
const KEPT = new Set(['urbsim', 'English', "Sobol'", 'Sobol', 'Saltelli', 'bootstrap', 'PRCC', 'Wilson', 'Fisher', 'Kish', 'logit']);

/**
 * English left on a page in 中文 mode: any English UI string of the label
 * tables (whole words), and any other run of three or more Latin letters
 * that is not a name kept as it is, an identifier (with _ / . - or digits:
 * paths, scenario and variable names, p5–p95) or code. Reads what a user
 * sees: the page's text, the charts' text and their <title> tooltips, the
 * options of the selects, and the window title.
 */
async function englishOn(page: Page, names: readonly string[]): Promise<string[]> {
  const text = await page.evaluate(() => {
    let t = document.body.innerText;
    // Longest first: a short snippet can be part of a longer one.
    const codes = [...document.querySelectorAll('main code')].map((c) => c.textContent ?? '').sort((a, b) => b.length - a.length);
    for (const c of codes) t = t.split(c).join(' ');
    const more = [...document.querySelectorAll('main svg title, main select option, main g[aria-label="tip"] text')].map((e) => e.textContent);
    return [t, ...more, document.title].join('\n');
  });
  const english = new Set([...LABEL_KEYS.map((k) => label('en', k)), ...METRICS.map((m) => metricName('en', m))].filter((s) => /[A-Za-z]{3}/.test(s)));
  // Whole words, not part of an identifier (the fixture run dalian-seed7 does not say "seed").
  const found = [...english].filter((s) => new RegExp(`(^|[^\\w/.-])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w/.-]|$)`).test(text));
  for (const chunk of text.match(/[\x21-\x7e]+/g) ?? []) {
    if (/[_/.\d-]/.test(chunk.replace(/^[(（[]+|[)）\]:：,，.;；!?"“”]+$/g, ''))) continue;
    const word = chunk.replace(/^[^A-Za-z]+|[^A-Za-z']+$/g, '');
    if (/[A-Za-z]{3}/.test(word) && !KEPT.has(word) && !names.includes(word)) found.push(word);
  }
  return [...new Set(found)];
}

/**
 * Point at the middle of the first mark of a Plot mark group and read the
 * tooltip it opens: its lines (wrapped ones too) joined by a space,
 * zero-width spaces dropped. With `keep` the tooltip stays open, so the
 * page's check reads it too (English left in a Chinese tooltip).
 */
async function tipAt(page: Page, description: string, element: string, o: { keep?: boolean } = {}): Promise<string> {
  const mark = page.locator(SELECT(description, element)).first();
  await mark.scrollIntoViewIfNeeded();
  const box = (await mark.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = await page.waitForFunction(() => [...document.querySelectorAll('main g[aria-label="tip"] tspan')].map((t) => t.textContent).join(' ').trim(), null, { timeout: 10_000 });
  const text = String(await tip.jsonValue()).replace(/\u200b/g, '');
  if (o.keep) return text;
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => !document.querySelector('main g[aria-label="tip"]')?.textContent, null, { timeout: 10_000 });
  return text;
}

/** Words of three or more Latin letters in a text, identifiers (scenario keys and variables, with _) left out. */
const latinWords = (text: string): string[] => text.replace(/[\w.-]*_[\w.-]*/g, ' ').match(/[A-Za-z]{3,}/g) ?? [];

describe.skipIf(!runBrowserTests)('notebooks in a browser', () => {
  let context: BrowserContext;
  let site: { server: Server; origin: string; dir: string };
  let bare: { server: Server; origin: string; dir: string };
  let single: { server: Server; origin: string; dir: string };
  const external: string[] = [];

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-out-'));
    await makeRun(join(out, 'dalian-test'), { runs: 60 });
    await makeRun(join(out, 'dalian-schools'), { runs: 60, name: 'dalian-schools', capacity: true }); // same seed: pairable
    await makeRun(join(out, 'dalian-seed7'), { runs: 60, name: 'dalian-seed7', seed: 7 }); // another seed: not pairable
    // A run whose scenario name another run has too (a scenario run again into another folder): the levers page names
    // the two apart.
    await makeRun(join(out, 'dalian-schools-again'), { runs: 60, name: 'dalian-schools' });
    await makeCompare(join(out, 'compare-dalian'), [{ name: 'cmp-base' }, { name: 'cmp-schools', capacity: true }]);
    // More areas than a table shows at once (23 rows, then more as it is scrolled) and than fit on a screen.
    // With the batch's own columns: area-01's registered target rests on defaults (†), three areas have own figures
    // (two weighed, one not: fixtures.ts, FIXTURE_WEIGHED).
    await makeBatch(join(out, 'pilots'), PILOTS, { marks: true });
    // A batch's scenario folder carries on_defaults and on_break in its own targets.arrow too (as a single run's since
    // 5cd699c and 3390856): area-01's registered target, as the combined table marks it († §).
    const first = join(out, 'pilots', PILOTS[0]);
    const own = readTargets(first);
    const registered = own.map((t) => (t.year === null ? null : t.metric === 'registered_rate'));
    writeOutputFolder(first, (o) => o.writeFile('targets.arrow', targetsIpc(PILOTS[0], own, undefined, registered, undefined, registered)), { mode: 'update' });
    // area-02 answered weighed (weighed.json): its intervals drawn, and its first target's and the joint row's weighed
    // probabilities (on 500 and 40 effective runs), the others without one.
    const ids = [...tableFromIPC(readFileSync(join(out, 'pilots', PILOTS[1], 'targets.arrow'))).getChild('target')!.toArray()].map((v) => (v === null ? 'all' : String(v)));
    writeWeighedFixture(join(out, 'pilots', PILOTS[1]), {
      targets: [
        { id: ids.find((id) => id !== 'all')!, probability: 0.4312, lower: 0.3876, upper: 0.4757, effectiveRuns: 500 },
        { id: 'all', probability: 0.2049, lower: 0.1051, upper: 0.3611, effectiveRuns: 40 },
      ],
    });
    // weighed.json that is no weighed answer: valid JSON of another shape (area-05), and not JSON (area-06).
    writeFileSync(join(out, 'pilots', PILOTS[4], 'weighed.json'), JSON.stringify({ figures: 'none', kishRuns: 3 }));
    writeFileSync(join(out, 'pilots', PILOTS[5], 'weighed.json'), '{"figures": [');
    await makeSensitivity(join(out, 'dalian-sensitivity'), { lever: true, variable: true }); // the inflow grows by a scenario variable
    const lone = mkdtempSync(join(tmpdir(), 'urbsim-out-'));
    await makeRun(join(lone, 'only-run'), { runs: 20 });
    // A batch of one area (urbsim batch my-city.yaml): one scenario, counted as one.
    const one = mkdtempSync(join(tmpdir(), 'urbsim-out-'));
    await makeBatch(join(one, 'my-city-batch'), ['my-city']);
    // A scenario with a single target, of 1,000 runs (counted with a thousands separator in English, as chart titles count them).
    await makeRun(join(one, 'one-target'), { runs: 1000, name: 'one-target', targets: 1 });
    site = await serve(buildSite([out]));
    bare = await serve(buildSite([lone]));
    single = await serve(buildSite([one]));
    mkdirSync(shots, { recursive: true });
    context = await launchChromium();
    // The site must work offline: anything not served by our servers is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(site.origin) || url.startsWith(bare.origin) || url.startsWith(single.origin) || url.startsWith('data:') || url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    site?.server.close();
    bare?.server.close();
    single?.server.close();
  });

  /** Screenshot, then: no error or external request, no chart text over another or cut off, and in Chinese no English. */
  const check = async (page: Page, problems: string[], name: string, o: { zh?: boolean; names?: readonly string[] } = {}) => {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    expect(problems, name).toEqual([]);
    expect(external, name).toEqual([]);
    expect(await textProblems(page, 'main svg'), name).toEqual([]);
    if (o.zh) expect(await englishOn(page, o.names ?? []), name).toEqual([]);
    await page.close();
  };

  it('index lists the staged folders, a batch or comparison as one row', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${site.origin}/index.html?lang=${lang}`);
      await page.waitForSelector('main table tbody tr');
      expect(await page.locator('main table tbody tr').count()).toBe(7); // 4 runs, 1 comparison, 1 batch, 1 sensitivity analysis
      await check(page, problems, `index-${lang}`, { zh: lang === 'zh' });
    }
  });

  it('targets: a fan per rate, a diamond per target, a bar per target and the joint one; tooltips and all text in Chinese', async () => {
    const { page, problems } = await open(context, `${site.origin}/targets.html?run=dalian-test&lang=en`);
    await waitForMarks(page, 'probability', 'rect', 4);
    expect(await marks(page, 'band-90', 'path')).toBe(3); // two rates, then the gap
    expect(await marks(page, 'median', 'path')).toBe(3);
    expect(await marks(page, 'target', 'path')).toBe(3);
    expect(await marks(page, 'probability', 'rect')).toBe(4);
    expect(await page.locator('main table tbody tr').count()).toBe(4);
    // The registered rate's gain by source (registered_gain.arrow), its one target year 2020: a bar per part, the total.
    await waitForMarks(page, 'gain-part', 'rect', 5);
    expect(await marks(page, 'gain-part', 'rect')).toBe(5);
    expect(await marks(page, 'gain-total', 'rect')).toBe(1);
    await page.getByLabel('中文').check();
    await page.waitForFunction(() => document.querySelector('main h2')?.textContent?.includes('次模拟中'), null, { timeout: 10_000 });
    expect(await page.locator('main select').evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toContain('dalian-test'); // the run chosen is kept
    // A tooltip: year without a thousands separator, rates to one decimal, the p5–p95 range.
    // Point at the resident rate's median line, 60 % along.
    await page.locator('main svg').first().scrollIntoViewIfNeeded();
    const at = await page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('main g[aria-description="median"] > path')!;
      const p = path.getPointAtLength(path.getTotalLength() * 0.6).matrixTransform(path.getScreenCTM()!);
      return { x: p.x, y: p.y };
    });
    await page.mouse.move(at.x, at.y);
    const tip = await page.waitForFunction(() => document.querySelector('main g[aria-label="tip"]')?.textContent, null, { timeout: 10_000 });
    expect(String(await tip.jsonValue()).replace(/\u200b/g, '')).toMatch(/^20\d\d年.*中位数 \d+\.\d%90% 的模拟在 \d+\.\d% 至 \d+\.\d% 之间$/);
    await check(page, problems, 'targets-zh', { zh: true });
  });

  it('targets: a run whose target rests on defaults marks it † in the table and explains it under, as urbsim report does', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${site.origin}/targets.html?run=pilots/area-01&lang=${lang}`);
      await page.waitForSelector('main table tbody tr');
      // The fixture's targets in the plan's order: resident 2017, resident 2020, registered 2020 (marked), all.
      const cells = await page.locator('main table').last().locator('tbody tr td:nth-child(3)').allInnerTexts();
      expect(cells.map((c) => c.endsWith(' † §'))).toEqual([false, false, true, false]);
      expect(cells.filter((c) => c.includes('§'))).toHaveLength(1);
      // † explained, then § (src/batch/onBreak.ts), the table's last two notes; the gain's section follows with its
      // chart's one note.
      const notes = await page.locator('main p.urbsim-note:not(.urbsim-gain-note)').allInnerTexts();
      expect(await page.locator('main p.urbsim-gain-note').allInnerTexts()).toHaveLength(1);
      expect(notes.at(-2)).toMatch(lang === 'zh' ? /^† 表示该概率主要取决于默认参数/ : /^† the probability rests mainly on defaults/);
      expect(notes.at(-1)).toMatch(lang === 'zh' ? /^§ 表示该概率取决于假定的户籍统计口径变化/ : /^§ the probability rests on an assumed change of the registered count's definition/);
      await check(page, problems, `targets-defaults-${lang}`, { zh: lang === 'zh', names: PILOTS });
    }
  });

  it('targets: a batch member with weighed.json draws its weighed intervals after the fan, in both languages; one without, none', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${site.origin}/targets.html?run=pilots/area-02&lang=${lang}`);
      // writeWeighedFixture: weighed by the 2015 resident figure, intervals 2014–2017 of both rates, so a bar and a
      // median per rate in 2016 and 2017 (2 × 2 = 4), one figure, the plain 80 % band of both rates.
      await waitForMarks(page, 'weighed-interval', 'line', 4);
      expect(await marks(page, 'weighed-interval', 'line')).toBe(4);
      expect(await marks(page, 'weighed-median', 'circle')).toBe(4);
      expect(await marks(page, 'figure', 'path')).toBe(1);
      expect(await marks(page, 'band-80', 'path')).toBe(2);
      // Its title second, after the fan's and before the gap's; its note under it.
      const titles = await page.locator('main h2').allInnerTexts();
      expect(titles[1]).toMatch(lang === 'zh' ? /^按本地区基期后至2015年的实际数据加权：2017年/ : /^Weighed by its own figures to 2015, the 2017 /);
      expect(titles[2]).toMatch(lang === 'zh' ? /^两率差距/ : /^The median gap/);
      expect(await page.locator('main').innerText()).toContain(lang === 'zh' ? '2016年起（最后一个实际数据的次年' : 'in each year from 2016, the year after the last figure');
      // The intro says what a batch member answered weighed gets.
      expect(await page.locator('main p').first().innerText()).toContain(lang === 'zh' ? '另有加权图' : 'also gets the weighed chart');
      // The table of targets: each target's weighed probability beside the plain one, as urbsim report's table on the
      // folder gives it — 0.4312 on 500 effective runs: 43.1 % (38.76–47.57: 38.8 %–47.6 %); the joint row's 0.2049 on
      // 40, whole percent: 20 % (10.51–36.11: 11 %–36 %); for the 2 targets without one (3 targets and the joint row),
      // words saying so, as urbsim report's table (the cell was empty: Inputs.table formats no undefined).
      const table = page.locator('main table').last();
      expect((await table.locator('thead th').allInnerTexts()).at(-1)).toBe(lang === 'zh' ? '按本地实际数据加权' : 'weighed by its own figures');
      const last = await table.locator('tbody tr td:last-child').allInnerTexts();
      expect(last).toHaveLength(4);
      const bracket = (s: string) => (lang === 'zh' ? `（${s}）` : `(${s})`);
      expect(last).toContain(`43.1% ${bracket('38.8%–47.6%')}`);
      expect(last.at(-1)).toBe(`20% ${bracket('11%–36%')}`); // the joint row, last
      const none = lang === 'zh' ? '无加权概率：weighed.json 未给出' : 'no weighed probability: weighed.json gives none';
      expect(last.filter((c) => c === none)).toHaveLength(2);
      // The chart of targets draws them too, as urbsim report's: an outlined bar with its whisker under the first
      // target's bar and the joint row's, 43.1% and 20% at their ends, under the 2 others the table's words; a legend and a note.
      expect(await marks(page, 'probability', 'rect')).toBe(4);
      expect(await marks(page, 'weighed-probability', 'rect')).toBe(2);
      expect(await marks(page, 'weighed-probability-interval', 'line')).toBe(2);
      expect(await page.locator(SELECT('weighed-probability-label', 'text')).allTextContents()).toEqual(['43.1%', '20%']);
      expect(await page.locator(SELECT('weighed-none', 'text')).allTextContents()).toEqual([none, none]);
      expect(await page.locator(SELECT('swatch-label', 'text')).allTextContents()).toEqual(expect.arrayContaining(lang === 'zh' ? ['未加权：每次模拟同等计数', '按本地实际数据加权'] : ['plain: every run counting once', 'weighed by its own figures']));
      expect((await page.locator('main p.urbsim-note:not(.urbsim-gain-note)').allInnerTexts()).at(-2)).toMatch(lang === 'zh' ? /^每项目标下方的空心条为按本地区基期后的实际数据加权的概率（weighed\.json）/ : /^Outlined bar under each target's: the probability with the runs weighed by the area's own observed figures after its base year \(weighed\.json\)/);
      expect(await page.locator('main p.urbsim-note:not(.urbsim-gain-note)').last().innerText()).toMatch(lang === 'zh' ? /^“按本地实际数据加权”：把模拟按本地区基期后的实际数据加权后的概率/ : /^Weighed by its own figures: the probability with the runs weighed by the area's own observed figures/);
      await check(page, problems, `targets-weighed-${lang}`, { zh: lang === 'zh', names: PILOTS });
    }
    const plain = await open(context, `${site.origin}/targets.html?run=pilots/area-03&lang=en`);
    await waitForMarks(plain.page, 'band-90', 'path', 3);
    expect(await marks(plain.page, 'weighed-interval', 'line')).toBe(0);
    expect(await marks(plain.page, 'weighed-median', 'circle')).toBe(0);
    expect(await marks(plain.page, 'weighed-probability', 'rect')).toBe(0);
    expect(await plain.page.locator(SELECT('swatch-label', 'text')).allTextContents()).not.toContain('weighed by its own figures');
    expect(await plain.page.locator('main h2').allInnerTexts()).not.toContainEqual(expect.stringMatching(/^Weighed/));
    // Its table as a plain run's: no weighed column, no note.
    await plain.page.waitForSelector('main table tbody tr');
    expect(await plain.page.locator('main table thead th').allInnerTexts()).toEqual(['', 'target', 'probability', '95% low', '95% high', 'runs meeting it', 'runs']);
    expect(await plain.page.locator('main').innerText()).not.toContain('Weighed by its own figures:');
    await check(plain.page, plain.problems, 'targets-plain-member-en');
  });

  it("targets: a member whose weighed.json is no weighed answer is drawn plain, with a message saying it was left out and why", async () => {
    for (const lang of ['en', 'zh'] as const) {
      // area-05's weighed.json is JSON of another shape ({figures: 'none', kishRuns: 3}).
      const { page, problems } = await open(context, `${site.origin}/targets.html?run=pilots/area-05&lang=${lang}`);
      await waitForMarks(page, 'probability', 'rect', 4);
      const said = await page.locator('main .urbsim-message').innerText();
      expect(said).toMatch(lang === 'zh' ? /^已跳过不是 urbsim 加权结果的文件：大连市（area-05）的 weighed\.json/ : /^Left out as not urbsim's weighed answer: weighed\.json of area-05 /);
      expect(said).toContain('figures: expected a list, found "none"');
      expect(said).toContain('pilots/area-05');
      // Left out by the staging, which said why in the manifest: the page never fetched the file.
      expect(existsSync(join(site.dir, 'data', 'pilots', 'area-05', 'weighed.json'))).toBe(false);
      expect(existsSync(join(site.dir, 'data', 'pilots', 'area-02', 'weighed.json'))).toBe(true);
      expect(await marks(page, 'band-90', 'path')).toBe(3);
      expect(await marks(page, 'weighed-interval', 'line')).toBe(0);
      expect((await page.locator('main table thead th').allInnerTexts()).length).toBe(7); // the first, empty, for selecting rows
      expect(await page.locator('main table').last().innerText()).not.toContain(lang === 'zh' ? '按本地实际数据加权' : 'weighed by its own figures');
      await check(page, problems, `targets-unreadable-weighed-${lang}`, { zh: lang === 'zh', names: PILOTS });
    }
  });

  it('levers: opens on a comparison with its variants ticked, and compares them run by run', async () => {
    const { page, problems } = await open(context, `${site.origin}/levers.html?lang=en`);
    await waitForMarks(page, 'p-beats', 'path');
    const ticked = await page.locator('main input[type=checkbox]:checked').evaluateAll((es) => es.map((e) => (e.parentElement as HTMLElement).innerText.trim()));
    expect(ticked).toEqual(['cmp-base', 'cmp-schools']);
    expect(await marks(page, 'band-90', 'path')).toBe(2); // one panel per variant
    expect(await marks(page, 'difference-median', 'path')).toBe(1);
    expect(await marks(page, 'p-beats', 'path')).toBe(1);
    expect(await marks(page, 'probability', 'rect')).toBe(8); // 4 bars in each variant's panel
    // urbsim compare's paired difference in each target's chance, cmp-schools against the reference cmp-base: a dot per target
    await waitForMarks(page, 'difference', 'circle', 4);
    expect(await marks(page, 'difference', 'circle')).toBe(4);
    // Every section's title states what it shows (the fixture's last registered target is in 2020), none what the chart is.
    const titles = await page.locator('main h2').allInnerTexts();
    expect(titles).toHaveLength(5);
    expect(titles[0]).toMatch(/^Median registered urbanization rate in 2020: cmp-(base|schools) \d+\.\d%, cmp-(base|schools) \d+\.\d%$/);
    expect(titles[1]).toMatch(/^Against cmp-base, cmp-schools (raises the 2020 registered urbanization rate by \d+\.\d points|lowers the 2020 registered urbanization rate by \d+\.\d points|leaves the 2020 registered urbanization rate unchanged) \(median of paired runs\)$/);
    expect(titles[2]).toMatch(/^In 2020, cmp-schools (has a higher registered urbanization rate than cmp-base in \d+\.\d% of runs|equals cmp-base in at least 90% of runs)$/);
    expect(titles[3]).toMatch(/is met in \d+\.\d% of the runs of cmp-|same share of runs|No run of any variant/);
    expect(titles[4]).toMatch(/^Against cmp-base, (cmp-schools (raises|lowers) the chance of meeting .* by \d+\.\d points|no variant changes the chance of meeting any target)/);
    await check(page, problems, 'levers-en');
  });

  it('levers: the warning about a variant of another seed goes when it is unticked; the indicator survives a language switch', async () => {
    const { page, problems } = await open(context, `${site.origin}/levers.html?base=dalian-test&variants=dalian-test,dalian-schools,dalian-seed7&lang=en`);
    await waitForMarks(page, 'difference-median', 'path');
    const warning = page.locator('main .urbsim-message', { hasText: 'Not compared run by run' });
    await expect.poll(() => warning.count()).toBe(1);
    await page.getByLabel('dalian-seed7').uncheck();
    await expect.poll(() => warning.count()).toBe(0);
    await page.locator('main select').nth(1).selectOption({ label: 'resident urbanization rate' });
    await page.getByLabel('中文').check();
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '比较政策杠杆', null, { timeout: 10_000 });
    await expect.poll(() => page.locator('main select').nth(1).evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe('常住人口城镇化率');
    expect(await marks(page, 'difference-median', 'path')).toBe(1);
    // The titles' findings follow the indicator and the language: the resident rate in 2020, in Chinese (the sections
    // re-render after the heading, so a loaded machine may show the English titles a moment longer).
    await expect.poll(() => page.locator('main h2').first().innerText(), { timeout: 10_000 }).toMatch(/^2020年常住人口城镇化率中位数：/);
    const titles = await page.locator('main h2').allInnerTexts();
    expect(titles[1]).toMatch(/^与大连市（dalian-test）相比，大连市（dalian-schools）(使2020年常住人口城镇化率(提高|降低)\d+\.\d个百分点|的2020年常住人口城镇化率不变)（逐次配对差异的中位数）$/);
    await check(page, problems, 'levers-zh', { zh: true, names: ['dalian-test', 'dalian-schools'] });
  });

  it('levers: two runs of one scenario name, in two folders, are named apart by their folders and drawn apart', async () => {
    const { page, problems } = await open(context, `${site.origin}/levers.html?base=dalian-test&variants=dalian-test,dalian-schools,dalian-schools-again&lang=en`);
    await waitForMarks(page, 'difference-median', 'path', 2);
    const ticked = await page.locator('main input[type=checkbox]:checked').evaluateAll((es) => es.map((e) => (e.parentElement as HTMLElement).innerText.trim()));
    // The one in the folder of another name says where it is; the folders' order.
    expect(ticked).toEqual(['dalian-schools', 'dalian-schools · dalian-schools-again', 'dalian-test']);
    // A panel and a line each: named alike, the two were drawn as one (2 panels, 1 paired-difference line).
    expect(await marks(page, 'band-90', 'path')).toBe(3);
    expect(await marks(page, 'difference-median', 'path')).toBe(2);
    expect(await marks(page, 'p-beats', 'path')).toBe(2);
    expect(await page.locator('main svg').first().textContent()).toContain('dalian-schools · dalian-schools-again');
    // The table of paired differences: a negative one with a true minus, as the axes write it (it was '-0.04 pt').
    const cells = (await page.locator('main table tbody td').allInnerTexts()).join(' ');
    expect(cells).toMatch(/−\d\.\d\d pt/);
    expect(cells).not.toMatch(/-\d/);
    await check(page, problems, 'levers-same-name-en');
  });

  it('capacity: demand in each panel, supply where the scenario limits it; without a limit, no supply and the share in words', async () => {
    const { page, problems } = await open(context, `${site.origin}/capacity.html?run=dalian-schools&lang=en`);
    await waitForMarks(page, 'demand', 'path', 3);
    expect(await marks(page, 'demand', 'path')).toBe(3);
    expect(await marks(page, 'supply', 'path')).toBe(2);
    // The table of medians fits the page: its headers wrap, or the English names of its seven indicators pushed its last
    // columns out of sight (a sideways scroll headless Chromium does not even draw a bar for).
    await page.waitForSelector('main table tbody tr');
    const table = page.locator('main form:has(table)').last();
    const { scroll, client } = await table.evaluate((f) => ({ scroll: f.scrollWidth, client: f.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client + 1);
    expect(await table.locator('thead th').last().innerText()).toBe(metricName('en', 'housing_shortage'));
    await check(page, problems, 'capacity-en');
    const free = await open(context, `${site.origin}/capacity.html?run=dalian-test&lang=zh`);
    await waitForMarks(free.page, 'demand', 'path', 2);
    expect(await marks(free.page, 'supply', 'path')).toBe(0);
    expect(await marks(free.page, 'demand', 'path')).toBe(2); // school and housing: the share cannot vary without a limit
    expect(await free.page.locator('main').innerText()).toContain('随迁子女公办学校就读比例在每次模拟、每个年份都是');
    expect(await free.page.locator('main table').innerText()).toContain('未设上限');
    // A tooltip on the demand line, as on the fans: whole year, 万 to one decimal, the p5–p95 range.
    await free.page.locator('main svg').first().scrollIntoViewIfNeeded();
    const at = await free.page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('main g[aria-description="demand"] > path')!;
      const p = path.getPointAtLength(path.getTotalLength() * 0.6).matrixTransform(path.getScreenCTM()!);
      return { x: p.x, y: p.y };
    });
    await free.page.mouse.move(at.x, at.y);
    const tip = await free.page.waitForFunction(() => document.querySelector('main g[aria-label="tip"]')?.textContent, null, { timeout: 10_000 });
    expect(String(await tip.jsonValue()).replace(/\u200b/g, '')).toMatch(/^20\d\d年义务教育学位需求中位数 \d+\.\d万90% 的模拟在 \d+\.\d万 至 \d+\.\d万 之间$/);
    await check(free.page, free.problems, 'capacity-zh', { zh: true });
  });

  it('pilots: a row per area in the chart, and the table scrolls to its last row', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${site.origin}/pilots.html?lang=${lang}`);
      await waitForMarks(page, 'joint', 'rect', PILOTS.length);
      expect(await marks(page, 'target', 'path')).toBe(3 * PILOTS.length);
      // Scroll the table as a user does, with the wheel over it, until no more rows come.
      const table = page.locator('main table').last();
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBeLessThan(PILOTS.length); // a first screenful only…
      await table.scrollIntoViewIfNeeded();
      await table.hover();
      const atBottom = () => table.evaluate((t) => {
        const frame = t.closest('form')!; // the table's scrolling frame (Inputs.table's root)
        return frame.scrollTop + frame.clientHeight >= frame.scrollHeight - 1;
      });
      for (let i = 0; i < 40 && ((await rows.count()) < PILOTS.length || !(await atBottom())); i++) await page.mouse.wheel(0, 600);
      expect(await rows.count()).toBe(PILOTS.length); // …and the rest as it scrolls
      const last = rows.last();
      await expect.poll(() => last.evaluate((tr) => {
        const r = tr.getBoundingClientRect();
        const frame = tr.closest('form')!.getBoundingClientRect();
        return r.bottom <= frame.bottom + 1 && r.top >= frame.top - 1 && r.bottom <= innerHeight;
      })).toBe(true); // the last row is in view
      // † after area-01's registered probability alone, and what it means; the weighed section lists the 3 areas with
      // own figures, area-02's on 4 effective runs in whole percent, rough.
      const cells = await table.locator('tbody td').allInnerTexts();
      expect(cells.filter((c) => c.includes('†'))).toHaveLength(1);
      // As the batch's reachability report: each cell headlines the plain probability (its runs'), its marks after it, and
      // a cell of an area answered weighed gives the weighed one beside it (FIXTURE_WEIGHED: area-01 at 60.0 % on 177
      // effective runs, its registered target † §; area-02 at 37.5 % on 4, whole percent and rough), each of its three
      // targets and all jointly; the other areas' plain alone.
      const [weighed60, rough] = lang === 'zh' ? ['（加权 60.0%）', '（加权 38%；粗略，有效运行 4 次）'] : [' (weighed 60.0%)', ' (weighed 38%; rough, 4 effective runs)'];
      expect(cells.filter((c) => /^\d+\.\d%/.test(c) && c.endsWith(rough))).toHaveLength(4);
      expect(cells.filter((c) => /^\d+\.\d%/.test(c) && c.endsWith(weighed60))).toHaveLength(4);
      expect(cells.filter((c) => /^\d+\.\d% † §/.test(c) && c.endsWith(` † §${weighed60}`))).toHaveLength(1);
      expect(cells.filter((c) => c.includes(lang === 'zh' ? '（加权 ' : ' (weighed '))).toHaveLength(8);
      expect(await page.locator('main').innerText()).toContain(label(lang, 'weighedHeadlineNote'));
      // § after area-01's † (above) and after area-02's registered probability (fixtures.ts: on_break), and what it means.
      expect(cells.filter((c) => c.includes('§'))).toHaveLength(2);
      expect(cells.filter((c) => /^\d+\.\d% §/.test(c) && c.endsWith(` §${rough}`))).toHaveLength(1);
      const main = await page.locator('main').innerText();
      expect(main).toContain(lang === 'zh' ? '† 表示该概率主要取决于默认参数' : '† the probability rests mainly on defaults');
      expect(main).toContain(lang === 'zh' ? '§ 表示该概率取决于假定的户籍统计口径变化' : "§ the probability rests on an assumed change of the registered count's definition");
      const weighed = await page.locator('main ul.weighed li').allInnerTexts();
      expect(weighed).toHaveLength(3);
      expect(weighed.find((l) => l.includes('area-02'))).toContain(lang === 'zh' ? '→ 38%（10%–75%，有效运行 4 次，粗略）' : '→ 38% (10%–75%, 4 effective runs: rough)');
      expect(weighed.find((l) => l.includes('area-03'))).toContain(lang === 'zh' ? '未加权' : 'not weighed');
      // area-02's weighed intervals after its last figure (2015): a bar and a median per rate in 2016 and 2017, the
      // figure weighed by, beside the plain band of both rates; no other area's.
      await waitForMarks(page, 'weighed-interval', 'line', 4);
      expect(await marks(page, 'weighed-interval', 'line')).toBe(4);
      expect(await marks(page, 'weighed-median', 'circle')).toBe(4);
      expect(await marks(page, 'figure', 'path')).toBe(1);
      expect(await marks(page, 'band-80', 'path')).toBe(2);
      const heads = await page.locator('main h4').allInnerTexts();
      expect(heads).toHaveLength(1);
      expect(heads[0]).toMatch(lang === 'zh' ? /^大连市（area-02）：按本地区基期后至2015年的实际数据加权：2017年/ : /^area-02: Weighed by its own figures to 2015, the 2017 /);
      expect(await page.locator('main').innerText()).toContain(lang === 'zh' ? '2016年起（最后一个实际数据的次年' : 'in each year from 2016, the year after the last figure');
      // The two weighed.json that are no weighed answer (area-05: another shape; area-06: not JSON) left out, said so.
      const said = await page.locator('main .urbsim-message').innerText();
      expect(said).toMatch(lang === 'zh' ? /^已跳过不是 urbsim 加权结果的文件：大连市（area-05）的 weighed\.json（.*pilots\/area-05：figures: expected a list, found "none"）；大连市（area-06）的 weighed\.json/ : /^Left out as not urbsim's weighed answer: weighed\.json of area-05 \(.*pilots\/area-05: figures: expected a list, found "none"\); weighed\.json of area-06 \(/);
      await check(page, problems, `pilots-${lang}`, { zh: lang === 'zh', names: PILOTS });
    }
  });

  it('sensitivity: a tornado bar pair per input, PRCC bars, the swing with the lever starred and a row per input, inputs named in Chinese', async () => {
    const { page, problems } = await open(context, `${site.origin}/sensitivity.html?lang=en`);
    await waitForMarks(page, 'total', 'rect', 4);
    expect(await marks(page, 'total', 'rect')).toBe(4); // inflow_growth, migrant_settle_rate, the lever rural_to_town_rate, the shocks
    expect(await marks(page, 'first', 'rect')).toBe(4);
    expect(await marks(page, 'prcc', 'rect')).toBe(3);
    expect(await marks(page, 'swing', 'rect')).toBe(3);
    expect(await page.locator('main').innerText()).toContain('rural_to_town_rate ★ (policy lever)');
    expect(await page.locator('main table tbody tr').count()).toBe(4);
    // Every interval in the table reads one way: true minus signs, "a to b" when an end is negative, else an en dash.
    const cells = await page.locator('main table tbody td').allInnerTexts();
    const intervals = cells.filter((c) => /\d( to |–)/.test(c));
    expect(intervals.length).toBeGreaterThanOrEqual(8); // total, first-order and PRCC of each input (the shocks have no PRCC)
    for (const c of intervals) expect(c).toMatch(/^(\d\.\d{3}–\d\.\d{3}|−?\d\.\d{3} to −?\d\.\d{3})$/);
    expect(cells.join(' ')).not.toMatch(/-\d/);
    await page.getByLabel('中文').check();
    await page.waitForFunction(() => document.querySelector('main svg')?.textContent?.includes('外来人口落户率'), null, { timeout: 10_000 });
    // The scenario's own variable by the name its file gives it, and what it feeds in Chinese, in the charts and the table.
    expect(await page.locator('main svg').first().textContent()).toContain('inflow_growth（情景变量，用于每年迁入人数）');
    expect(await page.locator('main table').innerText()).toContain('inflow_growth（情景变量，用于每年迁入人数）');
    // Tooltips as the other charts have, in Chinese: the input, its index with the 95 % interval, two decimals.
    // True minus signs; a range in words where a figure carries a sign (a dash would read as a minus), else an en dash.
    const index = '−?\\d\\.\\d\\d';
    const signed = '[+−]\\d\\.\\d\\d';
    const [total, prcc] = [await tipAt(page, 'total', 'rect'), await tipAt(page, 'prcc', 'rect')];
    expect(total).toMatch(new RegExp(`^\\S.*总敏感性指数 ${index}（95% 区间 (\\d\\.\\d\\d–\\d\\.\\d\\d|${index} 至 ${index})） 一阶敏感性指数 ${index}$`));
    expect(prcc).toMatch(new RegExp(`^\\S.*偏秩相关系数 (${signed}|0\\.00)（95% 区间 (${signed}|0\\.00) 至 (${signed}|0\\.00)）$`));
    // The swing: the metric (the resident rate) at each end, to one decimal, with the input's values there.
    const swing = await tipAt(page, 'swing', 'rect', { keep: true });
    expect(swing).toMatch(/^\S.*取值最低十分之一（[^）]+）：常住人口城镇化率均值 \d+\.\d% 取值最高十分之一（[^）]+）：常住人口城镇化率均值 \d+\.\d%$/);
    expect([total, prcc, swing].flatMap(latinWords)).toEqual([]);
    await check(page, problems, 'sensitivity-zh', { zh: true });
  });

  it('pyramid: bars by age for the chosen years', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${site.origin}/pyramid.html?run=dalian-test&lang=${lang}`);
      await waitForMarks(page, 'pyramid', 'rect', 100);
      expect(await marks(page, 'pyramid', 'rect')).toBeGreaterThan(2 * 2 * 80); // 2 years × 2 sexes × most ages
      // A tooltip per bar: whole year, age and sex, the group's persons and all of that age and sex (万 to one decimal, or whole persons).
      const persons = '(\\d+\\.\\d万|\\d{1,3}(,\\d{3})*)';
      const tip = await tipAt(page, 'pyramid', 'rect', { keep: true });
      if (lang === 'zh') expect(latinWords(tip)).toEqual([]);
      expect(tip).toMatch(
        lang === 'zh'
          ? new RegExp(`^20\\d\\d年 · \\d+岁(及以上)? · [男女] \\S+ ${persons}人 该年龄[男女]性合计 ${persons}人$`)
          : new RegExp(`^20\\d\\d · age \\d+\\+? · (male|female) [a-z ,]+: ${persons} persons all (male|female) persons of this age: ${persons}$`),
      );
      await check(page, problems, `pyramid-${lang}`, { zh: lang === 'zh' });
    }
  });

  it('empty states say what to run, in Chinese too', async () => {
    for (const [path, text, charts] of [['pilots.html', '没有找到批量运行结果', 0], ['sensitivity.html', '没有找到敏感性分析结果', 0], ['levers.html', '请至少勾选两种情景', 2]] as const) {
      const { page, problems } = await open(context, `${bare.origin}/${path}?lang=zh`);
      await page.waitForSelector(`text=${text}`);
      await expect.poll(() => page.locator('main svg').count()).toBe(charts); // levers: the one run's fan and target bars
      await check(page, problems, `${path.replace('.html', '')}-empty`, { zh: true, names: ['only-run'] });
    }
  });

  it('a batch of one area is counted as 1 scenario on the index and the pilots page, not "1 scenarios"', async () => {
    const index = await open(context, `${single.origin}/index.html?lang=en`);
    await index.page.waitForSelector('main table tbody tr');
    const batches = (await index.page.locator('main table tbody tr').allInnerTexts()).filter((row) => row.includes('\tbatch\t'));
    expect(batches).toEqual([expect.stringMatching(/\tbatch\t1 scenario\t/)]);
    await check(index.page, index.problems, 'index-one-batch');
    const pilots = await open(context, `${single.origin}/pilots.html?lang=en`);
    await waitForMarks(pilots.page, 'joint', 'rect', 1);
    // makeRun's scenario has 3 targets (the pilots test's 3 target marks an area), and the joint row is none of them.
    expect(await pilots.page.locator('main').innerText()).toMatch(/my-city-batch: 1 scenario, 3 targets\./);
    await check(pilots.page, pilots.problems, 'pilots-one-batch');
  });

  it("targets: a scenario's one target is said as one, not as 'all 1 targets together'", async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { page, problems } = await open(context, `${single.origin}/targets.html?run=one-target&lang=${lang}`);
      await waitForMarks(page, 'probability', 'rect', 2);
      const main = await page.locator('main').innerText();
      expect(main).toMatch(lang === 'zh' ? /该项目标达成的概率为 \d+\.\d%/ : /Its one target is met in \d+\.\d% of runs/);
      expect(main).toMatch(lang === 'zh' ? /该项目标达成：1000次模拟中\d+次/ : /Its one target: met in \d+ of 1,000 runs/);
      expect(main).not.toMatch(/All 1 targets|全部 ?1 ?项目标/);
      await check(page, problems, `targets-one-${lang}`, { zh: lang === 'zh', names: ['one-target'] });
    }
  });

  it('runs are counted with a thousands separator in English, as the chart titles count them: the index and the targets line', async () => {
    const index = await open(context, `${single.origin}/index.html?lang=en`);
    await index.page.waitForSelector('main table tbody tr');
    const row = (await index.page.locator('main table tbody tr').allInnerTexts()).find((r) => r.includes('one-target'));
    expect(row).toMatch(/\trun\t.*\t1,000\t42\t2013–2020\t/); // the seed (42, the fixture's) is an identifier, as written
    await check(index.page, index.problems, 'index-thousands');
    const targets = await open(context, `${single.origin}/targets.html?run=one-target&lang=en`);
    await waitForMarks(targets.page, 'probability', 'rect', 2);
    expect(await targets.page.locator('main').innerText()).toMatch(/one-target: 1,000 runs, seed \d+, 2013–2020\./);
    await check(targets.page, targets.problems, 'targets-thousands');
  });

  it('opened from a file, says which command serves it instead of a blank page', async () => {
    const { page } = await open(context, `file://${join(site.dir, 'index.html')}`);
    expect(await page.locator('main').innerText()).toContain('npm run notebooks:serve');
    await page.close();
  });
});
