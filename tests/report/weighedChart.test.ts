import { describe, expect, it } from 'vitest';
import { weighedChartNote, weighedFinding } from '../../src/report/weighedChart.ts';
import type { SummaryRow } from '../../src/report/summaryRows.ts';
import { weighedForecast } from '../../src/report/weighedForecast.ts';

/**
 * A weighed answer as a batch writes it (weighed.json), by hand: weighed by a registered rate of 2014 and a resident
 * rate of 2015, so its last figure is of 2015; intervals of both rates in 2014 and 2015 (up to the last figure:
 * conditioned on the figures) and in 2016 and 2017 (after it: the forecast).
 */
const interval = (metric: 'resident_rate' | 'registered_rate', year: number, p50: number) => ({ metric, year, p10: p50 - 0.01, p50, p90: p50 + 0.01 });
const HAND = {
  figures: [
    { area: 'x', metric: 'registered_rate', year: 2014, value: 0.41 },
    { area: 'x', metric: 'resident_rate', year: 2015, value: 0.58 },
    { area: 'x', metric: 'settled', year: 2015, value: 39_103 },
  ],
  inLaws: [],
  kishRuns: 40,
  targets: [],
  // Out of order on purpose: registered first, years descending.
  intervals: [
    interval('registered_rate', 2017, 0.47), interval('registered_rate', 2016, 0.46), interval('registered_rate', 2015, 0.45), interval('registered_rate', 2014, 0.44),
    interval('resident_rate', 2017, 0.62), interval('resident_rate', 2016, 0.61), interval('resident_rate', 2015, 0.6), interval('resident_rate', 2014, 0.59),
  ],
} as unknown as Parameters<typeof weighedForecast>[0];

describe('weighedForecast: what of a weighed answer its chart draws', () => {
  it('only the years after the last figure weighed by (2016 and 2017 here), resident first; the rate figures to mark', () => {
    const f = weighedForecast(HAND)!;
    expect(f.through).toBe(2015); // the last figure: resident rate 2015 (the settled count of 2015 too)
    expect(f.rows.map((r) => `${r.metric} ${r.year}`)).toEqual(['resident_rate 2016', 'resident_rate 2017', 'registered_rate 2016', 'registered_rate 2017']);
    expect(f.rows[0]).toEqual({ metric: 'resident_rate', year: 2016, p10: 0.61 - 0.01, p50: 0.61, p90: 0.61 + 0.01 });
    // The settled count has no place on a chart of rates.
    expect(f.figures).toEqual([{ metric: 'registered_rate', year: 2014, value: 0.41 }, { metric: 'resident_rate', year: 2015, value: 0.58 }]);
    expect(f.kishRuns).toBe(40);
  });

  it('nothing to draw: no figure weighed (all in the laws), no interval, none after the last figure, or no answer', () => {
    const w = HAND as NonNullable<typeof HAND>;
    expect(weighedForecast({ ...w, figures: [] })).toBeUndefined();
    expect(weighedForecast({ ...w, intervals: [] })).toBeUndefined();
    expect(weighedForecast({ ...w, intervals: w.intervals.filter((i) => i.year <= 2015) })).toBeUndefined();
    expect(weighedForecast(undefined)).toBeUndefined();
  });

  it('a year no run gives a value (NaN percentiles) is not drawn', () => {
    const w = HAND as NonNullable<typeof HAND>;
    const f = weighedForecast({ ...w, intervals: [...w.intervals.filter((i) => i.year !== 2017), { metric: 'resident_rate', year: 2017, p10: NaN, p50: NaN, p90: NaN }] })!;
    expect(f.rows.map((r) => `${r.metric} ${r.year}`)).toEqual(['resident_rate 2016', 'registered_rate 2016']);
  });
});

describe('weighedChartNote', () => {
  it('says what the weighed bars are, from the year after the last figure; rough under 100 effective runs', () => {
    expect(weighedChartNote('en', { through: 2015, kishRuns: 40 })).toContain('in each year from 2016, the year after the last figure');
    expect(weighedChartNote('en', { through: 2015, kishRuns: 40 })).toContain('Only 40 effective runs weigh: the dark bars are rough.');
    expect(weighedChartNote('en', { through: 2015, kishRuns: 4040 })).not.toContain('rough');
    expect(weighedChartNote('zh', { through: 2015, kishRuns: 40 })).toContain('2016年起（最后一个实际数据的次年');
    expect(weighedChartNote('zh', { through: 2015, kishRuns: 40 })).toContain('加权后有效运行仅 40 次');
  });
});

describe('weighedChartNote of an answer drawn again (weighed.json redrawn: the laws were fitted to the figures)', () => {
  it("says the dark bars' runs were drawn again, how many, and why, not that they are the pale band's runs weighed", () => {
    const f = weighedForecast({ ...(HAND as NonNullable<typeof HAND>), redrawn: { keys: ['rural_to_town_rate'], runs: 40_000 } })!;
    expect(f.redrawn).toBe(40_000);
    const en = weighedChartNote('en', f);
    expect(en).toContain("Dark bars and circles: 40,000 runs drawn again with the laws an area without these figures draws (the scenario's laws were fitted to them, so weighing its own runs would count them twice; half the runs draw the scenario's own laws and are weighed back to those), weighed by the area's own figures");
    expect(en).not.toContain('the runs weighed by');
    expect(weighedChartNote('zh', f)).toContain('深色竖条和圆点：另抽的 40,000 次模拟');
    expect(weighedChartNote('zh', f)).toContain('其中一半模拟按本情景自身的参数抽取，再按密度之比加权回去');
    // Its own runs weighed: as before.
    expect(weighedForecast(HAND)!.redrawn).toBeUndefined();
    expect(weighedChartNote('en', weighedForecast(HAND)!)).toContain('Dark bars and circles: the runs weighed by the area');
  });
});

describe('weighedFinding: the title names the rate whose weighed median moves most from the plain one, in the last year', () => {
  // HAND's forecast: 2017 weighed medians resident 62 %, registered 47 % (p10 and p90 a point either side).
  const plain = (resident: number, registered: number): SummaryRow[] =>
    [['resident_rate', resident], ['registered_rate', registered]].map(([metric, p50]) => ({
      scenario: 'x', year: 2017, metric: metric as string, n: 100, unlimited: 0, mean: p50 as number, sd: 0.01,
      p5: (p50 as number) - 0.03, p10: (p50 as number) - 0.02, p25: (p50 as number) - 0.01, p50: p50 as number, p75: (p50 as number) + 0.01, p90: (p50 as number) + 0.02, p95: (p50 as number) + 0.03,
    }));
  const f = weighedForecast(HAND)!;

  it('registered moved 4 points (plain 43 %), resident 1 (plain 61 %): the registered rate named, with both intervals', () => {
    expect(weighedFinding('en', plain(0.61, 0.43), f)).toBe("Weighed by its own figures to 2015, the 2017 registered rate's median is 47.0% (80%: 46.0%–48.0%), plain 43.0% (41.0%–45.0%)");
  });

  it('resident moved 5 points (plain 57 %), registered 1 (plain 46 %): the resident rate named', () => {
    expect(weighedFinding('en', plain(0.57, 0.46), f)).toBe("Weighed by its own figures to 2015, the 2017 resident rate's median is 62.0% (80%: 61.0%–63.0%), plain 57.0% (55.0%–59.0%)");
  });
});
