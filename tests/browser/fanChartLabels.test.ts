import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanChart } from '../../src/report/fanChart.ts';
import { LANGS } from '../../src/report/labels.ts';
import { renderSvg } from '../../src/report/renderSvg.ts';
import type { SummaryRow } from '../../src/report/summaryRows.ts';
import type { TargetRow } from '../../src/report/targetRows.ts';
import { launchChromium, runBrowserTests } from './chromium.ts';

/**
 * The fan chart places its labels (end labels, target values) in pixels, then gives Plot their data values: they land
 * where they were placed only if the scale they were placed against is the one Plot draws with. Placed against a scale
 * whose top was 10 px lower than the plotted one, end labels kept inside the frame stood above it (the upper one here
 * 4.2 px), and a value placed 16 px above its diamond was drawn 16.5 px above. Measured in Chromium on the chart as
 * `urbsim report` renders it (renderSvg), in both languages.
 */
describe.skipIf(!runBrowserTests)('fan chart labels in a browser, where the placer put them', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await launchChromium();
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  /** A metric's rows 2013–2020, its median rising linearly from `from` to `to` (fractions), its band ±0.3 points. */
  const rising = (metric: string, from: number, to: number): SummaryRow[] =>
    Array.from({ length: 8 }, (_, i) => {
      const p50 = from + ((to - from) * i) / 7;
      return { scenario: 'x', year: 2013 + i, metric, n: 100, unlimited: 0, mean: p50, sd: 0.001, p5: p50 - 0.003, p10: p50 - 0.002, p25: p50 - 0.001, p50, p75: p50 + 0.001, p90: p50 + 0.002, p95: p50 + 0.003 };
    });

  /** Where each drawn text of a mark group is anchored (its translate, before Plot's 0.32em baseline shift), page px. */
  const anchors = (group: string) =>
    page.evaluate((g) => [...document.querySelectorAll<SVGTextElement>(`g[aria-description="${g}"] text`)].map((t) => {
      const p = new DOMPoint(0, 0).matrixTransform(t.getScreenCTM()!);
      return { text: t.textContent, x: p.x, y: p.y };
    }), group);

  it("clamps end labels crowded at the chart's top to the top of the frame as drawn, 15 px apart", async () => {
    // Both medians end at 89.5 %, under the top of the domain (90 %, the niced 89.8 %): spread 15 px apart about their
    // own height, the upper label would sit above the frame, so the pair is pushed down until it sits on the frame's top.
    const summary = [...rising('resident_rate', 0.55, 0.895), ...rising('registered_rate', 0.5, 0.895)];
    for (const lang of LANGS) {
      await page.setContent(`<!doctype html><html><body style="margin:0">${renderSvg((document) => fanChart(summary, [], { lang, document }))}</body></html>`);
      // The frame's top as drawn: the highest grid line (the domain's top, 90 %, is a tick).
      const top = await page.evaluate(() => Math.min(...[...document.querySelectorAll('g[aria-label="y-grid"] line')].map((l) => l.getBoundingClientRect().top)));
      const ends = (await anchors('series-label')).map((a) => a.y).sort((a, b) => a - b);
      expect(ends).toHaveLength(2);
      expect(ends[0] - top, lang).toBeCloseTo(0, 1);
      expect(ends[1] - ends[0], lang).toBeCloseTo(15, 1);
    }
  });

  it('writes a target value above its diamond 16 px from its centre: 9 px clear of it plus half its 14 px', async () => {
    // One median, one target in 2016 well below it and clear of everything: its value goes above the diamond.
    const summary = rising('resident_rate', 0.6, 0.8);
    const target: TargetRow = { scenario: 'x', target: 't', metric: 'resident_rate', year: 2016, op: '>=', value: 0.62, met: 90, runs: 100, probability: 0.9, lower: 0.83, upper: 0.95 };
    for (const lang of LANGS) {
      await page.setContent(`<!doctype html><html><body style="margin:0">${renderSvg((document) => fanChart(summary, [target], { lang, document }))}</body></html>`);
      const diamond = await page.evaluate(() => {
        const r = document.querySelector('g[aria-description="target"] path')!.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      const [value] = await anchors('target-label');
      expect(value.text).toBe('62.0%');
      expect(value.x - diamond.x, lang).toBeCloseTo(0, 1);
      expect(diamond.y - value.y, lang).toBeCloseTo(16, 1);
    }
  });
});
