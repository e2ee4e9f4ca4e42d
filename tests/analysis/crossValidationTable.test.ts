import { describe, expect, it } from 'vitest';
import type { CrossValidation, FigureScore, HeldOutFigure } from '../../src/analysis/crossValidate.ts';
import { crossValidationMarkdown } from '../../src/analysis/crossValidationTable.ts';
import type { ObservedPoint } from '../../src/io/readObserved.ts';

// The cross-validation's Markdown on constructed figures: every count, share, PIT fifth, mean and line below is worked
// out by hand from the scores given, not by the scoring code.

const score = (lower80: number, median: number, upper80: number, pit: number, crps: number, intervalScore80: number): FigureScore => ({
  lower80, median, upper80, pit, crps, intervalScore80, lower50: NaN, upper50: NaN,
});

function figure(
  area: string,
  family: HeldOutFigure['family'],
  point: Partial<ObservedPoint> & Pick<ObservedPoint, 'metric' | 'year' | 'value' | 'line'>,
  model: FigureScore,
  naive?: FigureScore & { basis: string },
  status: HeldOutFigure['status'] = 'used',
): HeldOutFigure {
  return {
    area, family, status, baseYear: 2013, horizon: point.year - 2013, countMayChange: false, model, ...(naive && { naive }),
    point: { file: 'data/observed/observed.csv', area, definition: 'resident_6month', written: '', break: false, segment: 0, source: '', snippet: '', note: '', ...point } as ObservedPoint,
  };
}

const cv = (figures: HeldOutFigure[]): CrossValidation => ({ figures, folds: [], fits: [], runs: 200, fitRuns: 100, seed: 1, warnings: [] });

// Rates: a's resident rate (PIT 0.55: inside both intervals, fifth 3) and b's registered rate (flagged; PIT 0.95: outside
// both, fifth 5); model CRPS (0.8 + 2.0) / 2 = 1.40 against the naive trend's (1.2 + 1.0) / 2 = 1.10 — not beaten;
// interval scores (4 + 9) / 2 = 6.50 and (5 + 6) / 2 = 5.50.
// Populations: a's resident population, PIT 0.25 (on the 50 % interval's lower end: inside; fifth 2); CRPS 1.50 against 3.00.
// Settled: c's people settled over 2014–2016 (6 months of 2016), in another file; PIT 0.1 (on the 80 % interval's lower
// end: inside it, outside the 50 %; fifth 1); no naive forecast.
// Naive trend over its 3 figures: PITs 0.85 (inside the 80 % interval only; fifth 5), 0.05 (fifth 1), 1.0 (fifth 5).
const figures = [
  figure('a', 'rates', { metric: 'resident_rate', year: 2015, value: 0.6012, line: 10 }, score(0.58, 0.6, 0.62, 0.55, 0.8, 4), { ...score(0.57, 0.59, 0.61, 0.85, 1.2, 5), basis: 'own trend' }),
  figure('b', 'rates', { metric: 'registered_rate', year: 2015, value: 0.45, line: 20, definition: 'registered_unstated' }, score(0.4, 0.43, 0.47, 0.95, 2, 9), { ...score(0.41, 0.44, 0.46, 0.05, 1, 6), basis: 'pooled trend' }, 'flagged'),
  figure('a', 'populations', { metric: 'resident_pop', year: 2015, value: 4_700_000, line: 11 }, score(4_600_000, 4_650_000, 4_750_000, 0.25, 1.5, 7), { ...score(4_500_000, 4_550_000, 4_600_000, 1, 3, 12), basis: 'pooled trend' }),
  figure('c', 'settled', { metric: 'settled_migrants', fromYear: 2014, year: 2016, months: 6, value: 120_000, line: 5, file: 'data/observed/other.csv' }, score(100_000, 110_000, 130_000, 0.1, 2.5, 10)),
];

describe('crossValidationMarkdown', () => {
  it('says under the title which folds conditioned their urbanization pace on the resident rate before the base year', () => {
    // logit(0.03) = ln(0.03 / 0.97) → 3.00 %, logit(0.0275) → 2.75 %; a fold without history is not named.
    const fold = (area: string, history?: { before: number; after: number; from: number }) => ({
      area, paces: {} as never, processSigma: 0.1, conversionSigma: 0.6, spread: 0.7, ess: {}, ownFits: {},
      ...(history && { history: { area, baseYear: 2013, figures: [`resident_rate ${history.from} (observed.csv:3)`, 'resident_rate 2013 (observed.csv:4)'], gain: 0.015, gainSd: 0.0015, driftAtCenter: 0.012, driftSd: 0.002, before: { center: Math.log(history.before / (1 - history.before)), sd: 0.3 }, after: { center: Math.log(history.after / (1 - history.after)), sd: 0.2 } } }),
    });
    const md = crossValidationMarkdown({ ...cv(figures), folds: [fold('a', { before: 0.0275, after: 0.03, from: 2010 }), fold('b'), fold('c', { before: 0.03, after: 0.0275, from: 2011 })] }, 'obs.csv').split('\n');
    expect(md[2]).toBe('Urbanization pace conditioned on the area\'s resident rate before its base year (src/model/README.md, source 5b), median before → after: a 2.75 % → 3.00 % (2010–2013), c 3.00 % → 2.75 % (2011–2013).');
    expect(md[3]).toBe('');
  });

  it('writes the summary by family and overall, one sentence per family, and a line per figure', () => {
    expect(crossValidationMarkdown(cv(figures), 'obs.csv')).toBe(
      [
        'Leave-one-area-out cross-validation on obs.csv: 4 figures after their area\'s base year, in 3 areas.',
        'Each area\'s generated pilot is run (200 runs) with defaults fitted without that area; its forecast of a figure is each run\'s value plus the figure\'s observation error by caliber.',
        '',
        '| figures | n | in 50 % interval | in 80 % interval | PIT by fifth (0–.2 … .8–1) | CRPS model / naive | 80 % interval score model / naive | naive forecasts |',
        '|---|---|---|---|---|---|---|---|',
        '| rates (points) | 2 | 1/2 (50%) | 1/2 (50%) | 0 0 1 0 1 | 1.40 / 1.10 | 6.50 / 5.50 | 2 |',
        '| populations (% of the figure) | 1 | 1/1 (100%) | 1/1 (100%) | 0 1 0 0 0 | 1.50 / 3.00 | 7.00 / 12.00 | 1 |',
        '| people settled (% of the figure) | 1 | 0/1 (0%) | 1/1 (100%) | 1 0 0 0 0 | – | – | 0 |',
        '| all figures | 4 | 2/4 (50%) | 3/4 (75%) | 1 1 1 0 1 | – | – | 3 |',
        '| naive trend forecast | 3 | 0/3 (0%) | 1/3 (33%) | 1 0 0 0 2 | | | |',
        '',
        // Binomial(4, 0.5): P(0) = P(4) = 1/16 > 5 %, so 0–4; Binomial(4, 0.8): P(≤ 1) = 0.2⁴ + 4·0.8·0.2³ = 0.0272 ≤ 5 %,
        // P(≤ 2) = 0.0272 + 6·0.64·0.04 = 0.181, so from 2; P(4) = 0.8⁴ = 0.41, so up to 4.
        'A calibrated forecast of 4 independent figures puts 0–4 of them inside its 50 % intervals and 2–4 inside its 80 % intervals, 9 times in 10 (binomial); figures of one area share their fold\'s draws, so the range is wider still.',
        // By area: a's two figures (PIT 0.55, 0.25) both inside the 50 % and 80 % intervals → 1 each; b (0.95) 0 and 0; c (0.1)
        // 0 and 1: 1 of 3 (33 %) and 2 of 3 (67 %). Apart, 50 %: a's Bin(2, ½)/2 is 0, ½, 1 at ¼ ½ ¼, b + c is 0, 1, 2 at
        // ¼ ½ ¼: P(0) = 1/16 = 0.0625 > 5 %, so from 0; P(3) = 1/16, so up to 3. 80 %: a's 0, ½, 1 at 0.04, 0.32, 0.64, b + c
        // 0, 1, 2 at the same: P(0) = 0.0016, P(½) = 0.0128, P(1) = 0.0256 + 0.0128, cumulated 0.0528 > 5 %: from 1; P(3) =
        // 0.4096: up to 3. Together: Bin(3, ½) P(0) = 1/8, so 0–3; Bin(3, 0.8) P(0) = 0.008, P(≤ 1) = 0.104, so 1–3.
        'Counted by area (an area\'s figures share one weight, 1/n each, n its figures: they share their fold\'s draws, and some are computed from others of their year): 1 of 3 inside the 50 % intervals (33%), 2 of 3 inside the 80 % intervals (67%); a calibrated forecast gives 0–3 and 1–3 9 times in 10 if an area\'s figures fall inside independently, 0–3 and 1–3 if all together.',
        'CRPS and interval score: mean over the figures both forecast, in points for rates and in % of the figure otherwise; smaller is better.',
        '- rates (points): **the model does not beat the naive trend** (CRPS 1.40 against 1.10, 2 figures).',
        '- populations (% of the figure): the model beats the naive trend (CRPS 1.50 against 3.00, 1 figures).',
        '- people settled (% of the figure): no naive forecast (a flow has no base-year value), so no comparison.',
        '',
        '| area | figure | observed | model p10 – p50 – p90 | PIT | naive p10 – p50 – p90 | PIT | status |',
        '|---|---|---|---|---|---|---|---|',
        '| a | resident_rate 2015 (observed.csv:10) | 60.12% | 58.00% – 60.00% – 62.00% | 0.55 | 57.00% – 59.00% – 61.00% (own trend) | 0.85 | used |',
        '| b | registered_rate 2015 (observed.csv:20) | 45.00% | 40.00% – 43.00% – 47.00% | 0.95 | 41.00% – 44.00% – 46.00% (pooled trend) | 0.05 | flagged: registered_unstated |',
        '| a | resident_pop 2015 (observed.csv:11) | 470.00万 | 460.00万 – 465.00万 – 475.00万 | 0.25 | 450.00万 – 455.00万 – 460.00万 (pooled trend) | 1.00 | used |',
        '| c | settled_migrants 2014–2016 (6 months of 2016) (other.csv:5) | 12.00万 | 10.00万 – 11.00万 – 13.00万 | 0.10 | – | – | used |',
        '',
      ].join('\n'),
    );
  });

  it('writes the runs of a fold with a thousands separator, as the project\'s other counts (it wrote "(1000 runs)")', () => {
    const md = crossValidationMarkdown({ ...cv(figures), runs: 1000 }, 'obs.csv').split('\n');
    expect(md[1]).toBe('Each area\'s generated pilot is run (1,000 runs) with defaults fitted without that area; its forecast of a figure is each run\'s value plus the figure\'s observation error by caliber.');
  });

  it('leaves out a family without figures; with no naive forecast at all its row has no shares', () => {
    const text = crossValidationMarkdown(cv([figures[3]]), 'obs.csv');
    expect(text).toContain('1 figures after their area\'s base year, in 1 areas.');
    expect(text).not.toMatch(/^\| (rates|populations)/m);
    expect(text).not.toMatch(/^- (rates|populations)/m);
    expect(text).toContain('\n| people settled (% of the figure) | 1 | 0/1 (0%) | 1/1 (100%) | 1 0 0 0 0 | – | – | 0 |\n| all figures | 1 | 0/1 (0%) | 1/1 (100%) | 1 0 0 0 0 | – | – | 0 |\n');
    expect(text).toContain('\n| naive trend forecast | 0 | – | – | 0 0 0 0 0 | | | |\n');
  });

  it('a CRPS that is not finite prints –; equal CRPS is not beaten', () => {
    const rate = (crps: number, naiveCrps: number) =>
      figure('a', 'rates', { metric: 'resident_rate', year: 2015, value: 0.6, line: 10 }, score(0.58, 0.6, 0.62, 0.5, crps, Infinity), { ...score(0.57, 0.59, 0.61, 0.5, naiveCrps, 2), basis: 'own trend' });
    const infinite = crossValidationMarkdown(cv([rate(Infinity, 0.5)]), 'obs.csv');
    expect(infinite).toContain('| rates (points) | 1 | 1/1 (100%) | 1/1 (100%) | 0 0 1 0 0 | – / 0.50 | – / 2.00 | 1 |');
    expect(infinite).toContain('- rates (points): **the model does not beat the naive trend** (CRPS – against 0.50, 1 figures).');
    const equal = crossValidationMarkdown(cv([rate(0.5, 0.5)]), 'obs.csv');
    expect(equal).toContain('- rates (points): **the model does not beat the naive trend** (CRPS 0.50 against 0.50, 1 figures).');
  });
});
