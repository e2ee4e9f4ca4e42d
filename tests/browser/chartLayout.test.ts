import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { reportCommand } from '../../src/cli/report.ts';
import { LANGS } from '../../src/report/labels.ts';
import { type DifferenceRow, beatsChart, differenceChart, sideBySideChart } from '../../src/report/leverCharts.ts';
import { fanChart } from '../../src/report/fanChart.ts';
import { pyramidChart, type PyramidRow } from '../../src/report/pyramidChart.ts';
import { renderSvg } from '../../src/report/renderSvg.ts';
import { type SummaryRow, summaryRows } from '../../src/report/summaryRows.ts';
import { type TargetRow, targetRows } from '../../src/report/targetRows.ts';
import { makeBatch, makeCompare, makeRun, makeSensitivity, makeSolve, tmp } from '../report/fixtures.ts';
import { launchChromium, runBrowserTests } from './chromium.ts';
import { textProblems } from './textLayout.ts';

/**
 * Every chart kind, as `urbsim report` writes it (inline in the HTML page
 * and as a standalone SVG with its title and notes) and as the notebooks
 * draw it, laid out by Chromium in both languages: no text over another
 * (tick labels, axis titles, legends, end labels, target values) and none
 * cut off at the chart's edge. The fixtures are chosen to provoke the
 * defects once seen: a short projection (year ticks), a target in the last
 * year (its value by the end label), a long English legend, a batch of 40
 * areas, identical variants (a difference of zero).
 */
describe.skipIf(!runBrowserTests)('chart text layout in a browser', () => {
  let context: BrowserContext;
  const pages: { name: string; html: string }[] = [];

  beforeAll(async () => {
    const plain = (await makeRun(tmp(), { runs: 40 })).dir;
    const limited = (await makeRun(tmp(), { runs: 40, capacity: true, name: 'dalian-schools' })).dir;
    const batch = tmp();
    await makeBatch(batch, Array.from({ length: 40 }, (_, i) => `area-${i + 1}`));
    const sensitivity = await makeSensitivity(tmp(), { lever: true, variable: true }); // the lever's starred name and values in the swing chart; a scenario variable's long Chinese name
    const solve = await makeSolve(tmp());
    const compare = tmp();
    await makeCompare(compare, [{ name: 'dalian-test' }, { name: 'dalian-schools', capacity: true }]);
    // A solve with two levers: the frontier of their combinations.
    const frontier = join(tmp(), 'frontier');
    const quiet = { out: () => {}, err: () => {} };
    const solve2 = ['solve', 'scenarios/dalian.yaml', '--lever', 'local_settle_rate=3%..30%', '--lever', 'migrant_settle_rate=3%..40%', '--target', '1', '--probability', '60%', '--runs', '20', '--grid', '2', '--tolerance', '10%', '--out', frontier];
    expect(await main(solve2, quiet)).toBe(0);
    for (const lang of LANGS)
      for (const [kind, dir] of Object.entries({ plain, limited, batch, sensitivity, solve, compare, frontier })) {
        const [html] = reportCommand(dir, { format: 'html', lang, out: join(dir, `html-${lang}`) });
        pages.push({ name: `${kind} report.${lang}.html`, html: readFileSync(html, 'utf8') });
        for (const svg of reportCommand(dir, { format: 'svg', lang, out: join(dir, `svg-${lang}`) }))
          pages.push({ name: `${kind} ${svg.split('/').at(-1)}`, html: `<!doctype html><html><body style="margin:0">${readFileSync(svg, 'utf8')}</body></html>` });
      }
    // The notebooks' own charts: pyramids and the levers page's three.
    const run = await makeRun(tmp(), { runs: 30 });
    const pyramid = tableFromIPC(readFileSync(join(run.dir, 'pyramid.arrow')));
    const rows = Array.from(pyramid, (r) => r.toJSON() as unknown as PyramidRow);
    const summary = summaryRows(tableFromIPC(readFileSync(join(run.dir, 'summary.arrow'))));
    const targets = targetRows(tableFromIPC(readFileSync(join(run.dir, 'targets.arrow'))));
    const diff = (variant: string, scale: number): DifferenceRow[] =>
      [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020].map((year, i) => ({ variant, year, p5: -0.001 * i * scale, p25: 0, p50: 0.002 * i * scale, p75: 0.003 * i * scale, p95: 0.005 * i * scale, pBeats: 0.5 + 0.06 * i * scale }));
    // Dalian as `npm start` draws it (medians of out/dalian, 1000 runs): the registered 2020 target (72.5 %) sits just
    // under the resident median (74.3 %), where a value written above its diamond would lie on the resident line.
    const median = { resident_rate: [68.5, 71.9, 74.3, 82.3], registered_rate: [63.1, 64.9, 66.7, 76.4] } as const;
    const at = (m: keyof typeof median, year: number) => {
      const [y0, y17, y20, y35] = median[m];
      return year <= 2017 ? y0 + ((y17 - y0) * (year - 2013)) / 4 : year <= 2020 ? y17 + ((y20 - y17) * (year - 2017)) / 3 : y20 + ((y35 - y20) * (year - 2020)) / 15;
    };
    const dalianSummary: SummaryRow[] = (['resident_rate', 'registered_rate'] as const).flatMap((metric) =>
      Array.from({ length: 23 }, (_, i) => {
        const year = 2013 + i;
        const p50 = at(metric, year) / 100;
        const w = 0.0015 * i;
        return { scenario: 'dalian', year, metric, n: 1000, unlimited: 0, mean: p50, sd: w, p5: p50 - 2 * w, p10: p50 - 1.5 * w, p25: p50 - w, p50, p75: p50 + w, p90: p50 + 1.5 * w, p95: p50 + 2 * w };
      }),
    );
    const target = (metric: string, year: number, value: number): TargetRow => ({ scenario: 'dalian', target: `${metric}-${year}`, metric, year, op: '>=', value, met: 0, runs: 1000, probability: 0, lower: 0, upper: 0.004 });
    const dalianTargets = [target('resident_rate', 2017, 0.714), target('registered_rate', 2017, 0.67), target('resident_rate', 2020, 0.756), target('registered_rate', 2020, 0.725)];
    for (const lang of LANGS) pages.push({ name: `dalian fan ${lang}`, html: `<!doctype html><html><body>${renderSvg((document) => fanChart(dalianSummary, dalianTargets, { lang, document }))}</body></html>` });
    for (const lang of LANGS) {
      const variants = lang === 'zh' ? ['东莞市（dongguan-cutoff100）', '东莞市（dongguan-schools2x）'] : ['dongguan-cutoff100', 'dongguan-schools2x'];
      const long = lang === 'zh'
        ? ['东莞市（dongguan-schools2x） · compare-dongguan', '东莞市（dongguan-schools2x）', '东莞市（dongguan-cutoff100-quota5万）', '东莞市（dongguan-cutoff100）', '东莞市']
        : ['dongguan-schools2x · compare-dongguan-2026-12', 'dongguan-schools2x', 'dongguan-cutoff100-quota50000', 'dongguan-cutoff100', 'dongguan'];
      const charts = [
        renderSvg((document) => pyramidChart(rows, { lang, document, years: [2013, 2020], population: 'all', width: 960, height: 520 })),
        renderSvg((document) => sideBySideChart(variants.flatMap((variant) => summary.map((r) => ({ ...r, variant }))), variants.flatMap((variant) => targets.map((t) => ({ ...t, variant }))), 'registered_rate', { lang, document, width: 960 })),
        // Panels narrower than their names: five variants, or a name with where it is (two runs of one scenario, the
        // levers page's distinctAreaNames); their names overran each other above the panels.
        ...[long, long.slice(0, 3)].map((names) => renderSvg((document) => sideBySideChart(names.flatMap((variant) => summary.map((r) => ({ ...r, variant }))), [], 'registered_rate', { lang, document, width: 960 }))),
        renderSvg((document) => differenceChart([...diff(variants[0], 1), ...diff(variants[1], 0.1)], 'registered_rate', { lang, document, width: 960 })),
        renderSvg((document) => differenceChart([...diff(variants[0], 0), ...diff(variants[1], 0)], 'registered_rate', { lang, document, width: 560 })),
        // Differences of thousandths of a point: tick labels of four decimals ("−0.0005") need a wider margin than 50 px.
        renderSvg((document) => differenceChart([...diff(variants[0], 0.001), ...diff(variants[1], 0.0005)], 'registered_rate', { lang, document, width: 560 })),
        renderSvg((document) => beatsChart([...diff(variants[0], 1), ...diff(variants[1], 1)], 'registered_rate', variants[0], { lang, document, width: 560 })),
      ];
      pages.push({ name: `notebook charts ${lang}`, html: `<!doctype html><html><body>${charts.map((c) => `<div>${c}</div>`).join('')}</body></html>` });
    }
    context = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
  });

  it("breaks no table header of the reports inside a word: a Chinese one (排序, 达成概率) was split between its characters", async () => {
    const page = await context.newPage();
    const found: string[] = [];
    for (const p of pages.filter((x) => x.name.endsWith('.html'))) {
      await page.setContent(p.html, { waitUntil: 'load' });
      // A header without a space on more than one line: its text (not its cell, as tall as its row) over one and a half lines.
      const broken = await page.evaluate(() =>
        [...document.querySelectorAll('th')]
          .filter((th) => {
            const text = th.innerText.trim();
            const range = document.createRange();
            range.selectNodeContents(th);
            return text !== '' && !/\s/.test(text) && range.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(th).lineHeight);
          })
          .map((th) => th.innerText.trim()),
      );
      for (const b of broken) found.push(`${p.name}: ${b}`);
    }
    await page.close();
    expect(found).toEqual([]);
  });

  it('lays out every chart with no text over another and none cut off', async () => {
    const page = await context.newPage();
    const found: string[] = [];
    let charts = 0;
    for (const p of pages) {
      await page.setContent(p.html, { waitUntil: 'load' });
      charts += await page.locator('svg:not(svg svg)').count();
      for (const t of await textProblems(page)) found.push(`${p.name} ${t.chart}: ${t.problem}`);
    }
    await page.close();
    // run: fan, gap, targets, school, housing (+ share when limited); batch; tornado and PRCC; solve; compare's three; a frontier — in HTML and SVG, two languages; 14 notebook charts
    expect(charts).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});
