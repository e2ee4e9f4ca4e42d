import { describe, expect, it } from 'vitest';
import { chromiumContext, runBrowserTests } from './chromium.ts';
import { textProblems } from './textLayout.ts';

/**
 * Where the layout check puts a text's box: the glyphs' em box on the baseline. Noto Sans CJK SC's em box (its OS/2
 * typo ascender 880 and descender −120 of 1,000 units) at 12 px runs from 10.56 px above the baseline to 1.44 px
 * below; the line box the browser lays out is 14 px above and 3 below (hhea 1.160 and 0.288 em, rounded). The box
 * was centred on the line box's middle, 5.5 px above the baseline: 0.94 px higher than the em box's, 4.56.
 */
describe.skipIf(!runBrowserTests)('the text box of the layout check', () => {
  const context = chromiumContext();

  // A label with its baseline at y = 50 and a line drawn across the chart at `y` (the check ignores 1 px inside its box).
  // With `tabular`, the figures set as Plot sets its tick labels' (font-variant-numeric), where the style's font shorthand is ''.
  const problems = async (y: number, o: { tabular?: boolean } = {}) => {
    const page = await context().newPage();
    await page.setContent(
      `<body style="margin:0"><svg width="200" height="100" style="font-family:'Noto Sans CJK SC';font-size:12px${o.tabular ? ';font-variant-numeric:tabular-nums' : ''}">` +
        `<g aria-label="line"><path d="M0,${y}H200" stroke="black"/></g><text x="20" y="50">71.4%</text></svg></body>`,
    );
    const found = (await textProblems(page)).map((p) => p.problem);
    await page.close();
    return found;
  };

  it('a line 10 px above the baseline (1 px over the digits\' tops, 9 px up) is clear of the em box (top at 10.56 px, less the 1 px ignored)', async () => {
    expect(await problems(40)).toEqual([]);
  });

  it('a line on the baseline, under the digits, is within the em box (its foot 1.44 px below)', async () => {
    expect(await problems(50)).toEqual(['"71.4%" lies over a line']);
  });

  it('the box of figures set as tabular (no font shorthand) is measured in their own font: a line 1 px under the baseline is clear', async () => {
    // In the canvas's default 10 px font the foot was the line box's, 3 px below the baseline: the line seemed to cross it.
    expect(await problems(51, { tabular: true })).toEqual([]);
    expect(await problems(50, { tabular: true })).toEqual(['"71.4%" lies over a line']);
  });
});
