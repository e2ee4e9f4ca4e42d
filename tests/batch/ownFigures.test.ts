import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type OwnFigure, ownFigures, shippedObserved } from '../../src/batch/ownFigures.ts';
import { reachabilityMarkdown, reachabilityRow } from '../../src/batch/reachability.ts';
import { reachabilityHtml } from '../../src/batch/reachabilityHtml.ts';
import { runBatch } from '../../src/batch/runBatch.ts';
import type { ObservedPoint } from '../../src/io/readObserved.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../../src/scenario/api.ts';

const dongguan = loadScenario('scenarios/pilots/dongguan.yaml'); // base 2013, city dongguan
const anhui = loadScenario('scenarios/pilots/anhui.yaml'); // an area without observed figures below

const point = (area: string, metric: string, year: number, value: number, definition: string, extra: Partial<ObservedPoint> = {}): ObservedPoint =>
  ({ file: 'fixture.csv', line: 2, area, metric, year, value, written: String(value), definition, break: false, segment: 0, source: '001:273', snippet: '', note: '', ...extra }) as ObservedPoint;

const observed = [
  point('dongguan', 'resident_rate', 2015, 0.45, 'resident_6month'), // inside: runs 40–50 %
  point('dongguan', 'registered_pop', 2015, 1_500_000, 'registered_hukou'), // outside: runs 190–200万
  point('dongguan', 'resident_rate', 2013, 0.8875, 'resident_6month'), // the base year: every run starts there, left out
  point('dongguan', 'settled_migrants', 2015, 17_865, 'settled_some_channels', { fromYear: 2015 }), // a partial count, left out as the CV leaves it out
  point('dalian', 'resident_rate', 2015, 0.9, 'resident_6month'), // another area's
];

// 11 runs over 2013–2015: in 2015 run r has a resident rate of 40 + r % and a registered population of 190 + r 万.
function result(): MonteCarloResult {
  const years = Int32Array.of(2013, 2014, 2015);
  const rows = new Float64Array(11 * years.length * METRIC_COUNT);
  for (let r = 0; r < 11; r++) {
    rows[(r * 3 + 2) * METRIC_COUNT + M.resident_rate] = 0.4 + 0.01 * r;
    rows[(r * 3 + 2) * METRIC_COUNT + M.registered_pop] = 1_900_000 + 10_000 * r;
  }
  return { scenario: dongguan, years, runStart: 0, runEnd: 11, rows, sampledNames: [], sampled: new Float64Array(0), elapsedMs: 0 };
}

describe("an area's own figures after its base year against its runs' 80 % interval", () => {
  // Type-7 p10 and p90 of 11 equally spaced values are the 2nd and 10th: 41 % and 49 %, 191万 and 199万; each run's value
  // then carries the figure's observation error (a sample-estimated rate about 0.4 points, a registry count 1 %), which
  // moves them by about that much.
  // Computed inside each test, not while the tests are collected: a mutation tester switches code per test.
  const own = () => ownFigures(dongguan, observed, result);

  it('takes only figures after the base year, of the area, of whole counts', () => {
    expect(own().map((f) => `${f.point.metric} ${f.point.year}`)).toEqual(['resident_rate 2015', 'registered_pop 2015']);
    expect(own().map((f) => f.caliber)).toEqual(['sample', 'registry']);
  });

  it('a figure inside: 45 % against p10–p90 about 41–49 %', () => {
    const f = own()[0];
    expect(f.inside).toBe(true);
    expect(Math.abs(f.lower80 - 0.41)).toBeLessThan(0.012);
    expect(Math.abs(f.upper80 - 0.49)).toBeLessThan(0.012);
    expect(Math.abs(f.median - 0.45)).toBeLessThan(0.012);
  });

  it('a figure outside: 150万 against p10–p90 about 191–199万', () => {
    const f = own()[1];
    expect(f.inside).toBe(false);
    expect(Math.abs(f.lower80 / 1_910_000 - 1)).toBeLessThan(0.03);
    expect(Math.abs(f.upper80 / 1_990_000 - 1)).toBeLessThan(0.03);
  });

  it('a figure only roughly of the model\'s definition is compared and marked flagged, as the cross-validation marks it', () => {
    // Dongguan's pilot projects hukou registered rates; a plan's registered rate of unstated count (registered_unstated)
    // is the CV's 'flagged: registered_unstated'; a 常住 rate of the model's own definition is 'used'.
    const rough = ownFigures(dongguan, [observed[0], point('dongguan', 'registered_rate', 2015, 0.2, 'registered_unstated')], result);
    expect(rough.map((f) => [`${f.point.metric} ${f.point.year}`, f.status, f.caliber])).toEqual([
      ['resident_rate 2015', 'used', 'sample'],
      ['registered_rate 2015', 'flagged', 'plan'],
    ]);
  });

  it('the shipped figures are data/observed/observed.csv, read once', () => {
    const first = shippedObserved();
    expect(shippedObserved()).toBe(first);
    // observed.csv: dongguan,registered_pop,2015,,,195.01,万人,registered_hukou,,001:273
    expect(first.filter((p) => p.area === 'dongguan' && p.metric === 'registered_pop' && p.year === 2015).map((p) => p.value)).toEqual([1_950_100]);
  });

  it('an area without observed figures: none, and its runs are never read', () => {
    expect(ownFigures(anhui, observed, () => { throw new Error('read'); })).toEqual([]);
    expect(ownFigures({ ...dongguan, city: undefined }, observed, () => { throw new Error('read'); })).toEqual([]);
  });
});

describe('the report: the count, ‡ on the area, the figure outside with its interval', () => {
  const fig = (p: ObservedPoint, lower80: number, median: number, upper80: number, inside: boolean): OwnFigure => ({ point: p, status: 'used', caliber: 'registry', lower80, median, upper80, inside });
  const rows = [
    { ...reachabilityRow(dongguan, [], new Map(), '东莞市'), ownFigures: [fig(observed[0], 0.41, 0.45, 0.49, true), fig(observed[1], 1_910_000, 1_950_000, 1_990_000, false)] },
    { ...reachabilityRow(anhui, [], new Map()), ownFigures: [] },
  ];

  it('Markdown: 1 of 2 inside, Dongguan marked, its registered population listed with p10–p90; Anhui, without figures, not', () => {
    const md = reachabilityMarkdown(rows, 11);
    expect(md.split('\n')[4]).toBe("**1 of 2 own figures inside the scenarios' 80 % intervals (each area's observed figures after its base year; ‡ marks the 1 area with one outside, listed below the table).**");
    expect(md).toContain('| dongguan 东莞市 ‡ |');
    expect(md).toContain('| anhui |');
    expect(md).toContain('## Own figures outside the 80 % interval (1)');
    expect(md).toContain('conditioned on these figures only through its');
    expect(md).toContain("- dongguan 东莞市 ‡ (1 of 2 own figures inside): registered_pop 2015: observed 150.00万 (registered_hukou, registry; 001:273), runs' p10–p90 191.00万–199.00万 (median 195.00万): below");
    expect(md).not.toContain('resident_rate 2015: observed');
  });

  it('HTML: the count under the summary, the section after the table', () => {
    const { document } = parseHTML(reachabilityHtml(rows, 11));
    expect([...document.querySelectorAll('body > p b')].map((b) => b.textContent)[1]).toContain('1 of 2 own figures inside');
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)[0]).toBe('Own figures outside the 80 % interval (1)');
    expect(document.querySelector('h2 + p + ul li')!.textContent).toContain('registered_pop 2015: observed 150.00万');
  });

  it('no figure anywhere: 0 of 0, nothing marked; no observed figures given: no line', () => {
    const md = reachabilityMarkdown([rows[1]], 11);
    expect(md).toContain("**0 of 0 own figures inside the scenarios' 80 % intervals (each area's observed figures after its base year).**");
    expect(md).not.toContain('‡');
    expect(reachabilityMarkdown([reachabilityRow(anhui, [], new Map())], 11)).not.toContain('own figures');
  });
});

it('a batch holds each area to the observed figures it is given, from the runs it wrote', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-own-')), 'b');
  try {
    // 1 person in 2015: no run comes near it; Anhui has no figure.
    const { rows } = await runBatch(['scenarios/pilots/dongguan.yaml', 'scenarios/pilots/anhui.yaml'], {
      outDir: out, runs: 20, load: loadScenario, observed: [point('dongguan', 'resident_pop', 2015, 1, 'resident_6month')],
    });
    expect(rows.map((r) => r.ownFigures?.map((f) => f.inside))).toEqual([[false], []]);
    expect(rows[0].ownFigures![0].lower80).toBeGreaterThan(1e6);
    expect(readFileSync(join(out, 'reachability.md'), 'utf8')).toContain("**0 of 1 own figures inside the scenarios' 80 % intervals");
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}, 60_000);
