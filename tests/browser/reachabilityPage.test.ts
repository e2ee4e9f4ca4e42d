import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../src/analysis/targetProbabilities.ts';
import { reachabilityRow } from '../../src/batch/reachability.ts';
import { reachabilityHtml } from '../../src/batch/reachabilityHtml.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { chromiumContext, runBrowserTests } from './chromium.ts';

const target = (metric: string, year: number | null, value: number, probability: number): TargetResult => ({
  id: year === null ? 'all' : `${metric}>=${value}@${year}`, metric, year, op: year === null ? 'and' : '>=', value, met: probability * 1000, runs: 1000, probability,
  lower: probability / 2, upper: (1 + probability) / 2,
} as TargetResult);
const settled = (perYear: number) => new Map([['settled_local', new Map([2014, 2015, 2016, 2017, 2018, 2019, 2020].map((y) => [y, perYear] as const))]]);

/**
 * Four areas' rows. Anhui's and Dalian's pilots draw their resident paces from the pooled defaults, so their resident
 * cells carry a †; Jinchang's own 2015 figures inform its resident pace (no †); Weihai sets no resident 2020 target
 * ('–'). The target values are chosen so that sorting by the cell's text (the target first) gives another order than
 * sorting by the probability.
 */
const table = () => [
  // resident 2020: 40.0 %: 90.0 % †; settles 24.3万 a year (the settled_local median 243,000 in each of 2014–2020).
  reachabilityRow(loadScenario('scenarios/pilots/anhui.yaml'), [target('resident_rate', 2020, 0.4, 0.9), target('', null, NaN, 0.9)], settled(243_000)),
  // 70.0 %: 12.5 % †; 3.8万 a year.
  reachabilityRow(loadScenario('scenarios/pilots/dalian.yaml'), [target('resident_rate', 2020, 0.7, 0.125), target('', null, NaN, 0.1)], settled(38_000)),
  // 55.0 %: 50.0 %, no †; 12.0万 a year.
  reachabilityRow(loadScenario('scenarios/pilots/jinchang.yaml'), [target('resident_rate', 2020, 0.55, 0.5), target('', null, NaN, 0.5)], settled(120_000)),
  // No resident 2020 target: '–'; 0.9万 a year.
  reachabilityRow(loadScenario('scenarios/pilots/weihai.yaml'), [target('registered_rate', 2020, 0.68, 0.4), target('', null, NaN, 0.4)], settled(9_000)),
];

/** reachability.html in Chromium: its table sorted by clicking a header, and where its cells break their lines. */
describe.skipIf(!runBrowserTests)('reachability.html in a browser', () => {
  const context = chromiumContext();

  it('a column sorted by a click: a target column by its probability, † or not, the cells without a target last; a settlement column by its number of 万', async () => {
    const rows = table();
    const page = await context().newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.setContent(reachabilityHtml(rows, 1000));
    const column = async (name: string) => {
      const i = await page.locator('#t th').evaluateAll((ths, n) => ths.findIndex((th) => th.textContent === n), name);
      await page.locator('#t th').nth(i).click();
      return page.locator('#t tbody tr').evaluateAll((trs, k) => trs.map((tr) => `${(tr as HTMLTableRowElement).cells[0].textContent!.split(' ')[0]} ${(tr as HTMLTableRowElement).cells[k].textContent}`), i);
    };
    expect(await column('resident 2020')).toEqual(['dalian 70.0%: 12.5% †', 'jinchang 55.0%: 50.0%', 'anhui 40.0%: 90.0% †', 'weihai –']);
    expect(await column('resident 2020')).toEqual(['anhui 40.0%: 90.0% †', 'jinchang 55.0%: 50.0%', 'dalian 70.0%: 12.5% †', 'weihai –']);
    expect(await column('settle/yr model (local + non-local)')).toEqual(['weihai 0.9万 (0.9万 + 0.0万)', 'dalian 3.8万 (3.8万 + 0.0万)', 'jinchang 12.0万 (12.0万 + 0.0万)', 'anhui 24.3万 (24.3万 + 0.0万)']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a cell with its area's weighed probability beside the plain one sorts by the plain headline, not the weighed", async () => {
    const rows = table();
    // Jinchang's resident 2020 target weighed by its own figures: 5.0 % on 1,000 effective runs (plain 50.0 %), all
    // jointly 2.0 % (plain 50.0 %): ascending, it sorts by its 50.0 %, after Dalian's 12.5 % and 10.0 %, not before them.
    const w = (id: string, probability: number) => ({ id, probability, lower: probability / 2, upper: (1 + probability) / 2, effectiveRuns: 1000, kishRuns: 1000 });
    rows[2] = { ...rows[2], ownWeighed: { figures: [{}] as never, inLaws: [], kishRuns: 1000, targets: [w(rows[2].targets[0].id, 0.05), w('all', 0.02)], intervals: [] } };
    const page = await context().newPage();
    await page.setContent(reachabilityHtml(rows, 1000));
    const column = async (name: string) => {
      const i = await page.locator('#t th').evaluateAll((ths, n) => ths.findIndex((th) => th.textContent === n), name);
      await page.locator('#t th').nth(i).click();
      return page.locator('#t tbody tr').evaluateAll((trs, k) => trs.map((tr) => `${(tr as HTMLTableRowElement).cells[0].textContent!.split(' ')[0]} ${(tr as HTMLTableRowElement).cells[k].textContent}`), i);
    };
    expect(await column('resident 2020')).toEqual(['dalian 70.0%: 12.5% †', 'jinchang 55.0%: 50.0% (weighed 5.0%)', 'anhui 40.0%: 90.0% †', 'weihai –']);
    expect(await column('all targets')).toEqual(['dalian 10.0%', 'weihai 40.0%', 'jinchang 50.0% (weighed 2.0%)', 'anhui 90.0%']);
    await page.close();
  });

  it("a cell breaks only at a space: never between a number and its 万, nor inside an area's Chinese name", async () => {
    const page = await context().newPage();
    await page.setContent(reachabilityHtml(table(), 1000));
    // Each cell's line breaks, from where its characters are laid out (a character below the one before it starts a
    // line), at window widths from wide to narrow: the cells wrap at some of them.
    const breaks: { at: string; cell: string }[] = [];
    for (const width of [1280, 1100, 1000, 900, 800, 700, 600, 500]) {
      await page.setViewportSize({ width, height: 900 });
      breaks.push(...await page.locator('#t td').evaluateAll((tds) => tds.flatMap((td) => {
        const chars: { c: string; top: number }[] = [];
        const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode() as Text | null; n; n = walk.nextNode() as Text | null)
          for (let i = 0; i < n.data.length; i++) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (rect) chars.push({ c: n.data[i], top: Math.round(rect.top) });
          }
        return chars.flatMap((x, i) => (i > 0 && x.top > chars[i - 1].top ? [{ at: `${chars[i - 1].c}|${x.c}`, cell: td.textContent! }] : []));
      })));
    }
    expect(breaks.length).toBeGreaterThan(0); // some cells wrap…
    expect(breaks.filter((b) => !/\s/.test(b.at))).toEqual([]); // …each at a space
    await page.close();
  });

  it('its text is set no wider than a report page\'s (760 px) on a wide screen; the table keeps the room its columns take', async () => {
    // At 1920 px the intro paragraph ran 1,864 px wide (the window less the body's 2em margins).
    const page = await context().newPage();
    await page.setViewportSize({ width: 1920, height: 900 });
    await page.setContent(reachabilityHtml(table(), 1000));
    const widths = await page.locator('h1, h2, p, li').evaluateAll((es) => es.map((e) => ({ tag: e.tagName, width: e.getBoundingClientRect().width })));
    expect(widths.length).toBeGreaterThan(2);
    expect(widths.filter((w) => w.width > 760)).toEqual([]);
    expect(await page.locator('#t').evaluate((t) => t.getBoundingClientRect().width)).toBeGreaterThan(760);
    await page.close();
  });
});
