import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type OwnFigure, ownFigures, ownFiguresColumns, ownWeighedTargets, shippedObserved, weighTargets } from '../../src/batch/ownFigures.ts';
import { targetsIpc } from '../../src/io/arrowTables.ts';
import { figuresInLaws, pacesOnOwnFigures } from '../../src/batch/pilotDefaults.ts';
import { reachabilityMarkdown, reachabilityRow } from '../../src/batch/reachability.ts';
import { reachabilityHtml } from '../../src/batch/reachabilityHtml.ts';
import { runBatch } from '../../src/batch/runBatch.ts';
import type { ObservedPoint } from '../../src/io/readObserved.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { cli } from '../helpers/cli.ts';

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

  it('no figure anywhere, or no observed figures given: no line (not "0 of 0 own figures"), nothing marked', () => {
    for (const none of [[rows[1]], [reachabilityRow(anhui, [], new Map())]]) {
      const md = reachabilityMarkdown(none, 11);
      expect(md).not.toContain('own figures');
      expect(md).not.toContain('‡');
      expect(parseHTML(reachabilityHtml(none, 11)).document.body.textContent).not.toContain('own figures');
    }
  });
});

it('a batch holds each area to the observed figures it is given, from the runs it wrote', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-own-')), 'b');
  try {
    // A resident rate of 1 % in 2015: no run comes near it; Anhui has no figure. (Not a population: Dongguan's pilot
    // draws net migration at the law fitted to its own populations, so a population would not be weighed again.)
    const { rows } = await runBatch(['scenarios/pilots/dongguan.yaml', 'scenarios/pilots/anhui.yaml'], {
      outDir: out, runs: 20, load: loadScenario, observed: [point('dongguan', 'resident_rate', 2015, 0.01, 'resident_6month')],
    });
    expect(rows.map((r) => r.ownFigures?.map((f) => f.inside))).toEqual([[false], []]);
    expect(rows[0].ownFigures![0].lower80).toBeGreaterThan(0.5);
    expect(readFileSync(join(out, 'reachability.md'), 'utf8')).toContain("**0 of 1 own figures inside the scenarios' 80 % intervals");
    // Its targets weighed by that figure too (Anhui: none to weigh by).
    expect(rows[0].ownWeighed?.targets.map((t) => t.id)).toEqual([...rows[0].targets.map((t) => t.id)]);
    expect(rows[1].ownWeighed).toBeUndefined();
    expect(readFileSync(join(out, 'reachability.md'), 'utf8')).toContain("## Targets weighed by the area's own figures (1)");
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}, 60_000);

describe("the targets weighed by an area's own figures (issue 16)", () => {
  // Two targets of both directions in 2015, where the 11 runs differ: resident rate ≥ 45 % (runs 5–10), registered
  // population ≤ 195万 (runs 0–5); jointly run 5 only.
  const targets = [
    { id: 'resident_rate>=0.45@2015', metric: 'resident_rate', year: 2015, op: '>=' as const, value: 0.45 },
    { id: 'registered_pop<=1950000@2015', metric: 'registered_pop', year: 2015, op: '<=' as const, value: 1_950_000 },
  ];
  const withTargets = { ...dongguan, targets };
  // One figure: the 2015 resident rate 45 % (a sample estimate: 0.4 points, on the logit scale sd 0.004 / (0.45 · 0.55)).
  const figure = [point('dongguan', 'resident_rate', 2015, 0.45, 'resident_6month')];

  it('weighs run r by exp(−z²/2), z = (logit(40 + r %) − logit(45 %)) / sd, and takes the weighted shares', () => {
    const w = ownWeighedTargets(withTargets, figure, result)!;
    expect(w.figures.map((p) => `${p.metric} ${p.year}`)).toEqual(['resident_rate 2015']);
    const logit = (x: number) => Math.log(x / (1 - x));
    const sd = 0.004 / (0.45 * 0.55);
    const weight = Array.from({ length: 11 }, (_, r) => Math.exp(-(((logit(0.4 + 0.01 * r) - logit(0.45)) / sd) ** 2) / 2));
    const total = weight.reduce((a, b) => a + b, 0);
    const share = (runs: number[]) => runs.reduce((s, r) => s + weight[r], 0) / total;
    expect(w.targets.map((t) => t.id)).toEqual(['resident_rate>=0.45@2015', 'registered_pop<=1950000@2015', 'all']);
    expect(w.targets[0].probability).toBeCloseTo(share([5, 6, 7, 8, 9, 10]), 9);
    expect(w.targets[1].probability).toBeCloseTo(share([0, 1, 2, 3, 4, 5]), 9);
    expect(w.targets[2].probability).toBeCloseTo(share([5]), 9);
    // Run 5 sits on the figure and weighs most; its neighbours 4 and 6 (z ≈ ±2.5) about e^−3.1 of it: the ≥ target, met
    // from run 5 up, is about (1 + 0.045) / (1 + 2·0.045) ≈ 0.96, the joint about 0.92.
    expect(w.targets[0].probability).toBeGreaterThan(0.9);
    expect(w.targets[2].probability).toBeGreaterThan(0.85);
    expect(w.kishRuns).toBeCloseTo(total ** 2 / weight.reduce((a, b) => a + b * b, 0), 6);
    // The weighed runs' rates by year: each value at the middle of its weight, (C_j − w_j/2 − w_0/2) / (W − w_0/2 − w_10/2)
    // (values ascending with r here), a percentile read between the two values around it.
    const at = weight.map((_, j) => (weight.slice(0, j + 1).reduce((a, b) => a + b, 0) - weight[j] / 2 - weight[0] / 2) / (total - weight[0] / 2 - weight[10] / 2));
    const percentile = (p: number) => {
      const j = at.findIndex((x) => x >= p);
      return 0.4 + 0.01 * (j - 1) + 0.01 * ((p - at[j - 1]) / (at[j] - at[j - 1]));
    };
    expect(w.intervals.map((i) => `${i.metric} ${i.year}`)).toEqual(['resident_rate 2013', 'resident_rate 2014', 'resident_rate 2015', 'registered_rate 2013', 'registered_rate 2014', 'registered_rate 2015']);
    const r2015 = w.intervals[2];
    expect(r2015.p10).toBeCloseTo(percentile(0.1), 7);
    expect(r2015.p50).toBeCloseTo(percentile(0.5), 7);
    expect(r2015.p90).toBeCloseTo(percentile(0.9), 7);
    // Run 5 (45 %) carries about 90 % of the weight, so all three lie within a point of it, far inside the plain 41–49 %.
    expect(r2015.p10).toBeGreaterThan(0.44);
    expect(r2015.p90).toBeLessThan(0.46);
    expect(r2015.p10).toBeLessThan(r2015.p50);
    expect(w.intervals[5]).toEqual({ metric: 'registered_rate', year: 2015, p10: 0, p50: 0, p90: 0 });
  });

  it('runs drawn from another law than the prior: each weight times its run\'s prior / proposal ratio', () => {
    // The same likelihood weights as above, times ratio r + 1 for run r (as a defensive mixture's p/m would weigh them).
    const logit = (x: number) => Math.log(x / (1 - x));
    const sd = 0.004 / (0.45 * 0.55);
    const ratios = Float64Array.from({ length: 11 }, (_, r) => r + 1);
    const weight = Array.from({ length: 11 }, (_, r) => (r + 1) * Math.exp(-(((logit(0.4 + 0.01 * r) - logit(0.45)) / sd) ** 2) / 2));
    const total = weight.reduce((a, b) => a + b, 0);
    const share = (runs: number[]) => runs.reduce((s, r) => s + weight[r], 0) / total;
    const w = weighTargets(withTargets, result(), figure, figure, ratios);
    expect(w.targets[0].probability).toBeCloseTo(share([5, 6, 7, 8, 9, 10]), 9);
    expect(w.targets[1].probability).toBeCloseTo(share([0, 1, 2, 3, 4, 5]), 9);
    expect(w.kishRuns).toBeCloseTo(total ** 2 / weight.reduce((a, b) => a + b * b, 0), 6);
  });

  it('runs that are all one projection: marked identical, and the report says weighing cannot tell them apart instead of listing intervals', () => {
    const one = result();
    const per = one.rows.length / 11;
    // Every run a copy of run 5 (45 %, 195万 in 2015).
    const rows = new Float64Array(one.rows.length);
    for (let r = 0; r < 11; r++) rows.set(one.rows.subarray(5 * per, 6 * per), r * per);
    const w = ownWeighedTargets(withTargets, figure, () => ({ ...one, rows }))!;
    expect(w.identical).toBe(true);
    expect(ownWeighedTargets(withTargets, figure, result)!.identical).toBeUndefined();
    // A slice of runs 100–110 (a shard's, whose runs are numbered from 100): 11 runs, all one projection.
    expect(ownWeighedTargets(withTargets, figure, () => ({ ...one, rows, runStart: 100, runEnd: 111 }))!.identical).toBe(true);
    const plain = w.targets.map((t) => ({ id: t.id, metric: t.id === 'all' ? '*' : 'resident_rate', year: t.id === 'all' ? null : 2015, op: '>=', value: 0.45, met: 11, runs: 11, probability: 1, lower: 0.74, upper: 1 }));
    const md = reachabilityMarkdown([{ ...reachabilityRow(withTargets, plain, new Map(), '东莞市'), ownFigures: [], ownWeighed: w }], 11);
    expect(md).toContain('- dongguan 东莞市 (1 figure: resident_rate 2015): every run is the same projection (the scenario draws nothing at random), so weighing cannot tell one from another: each P(met) stands as in the table');
    expect(md.split('\n').filter((l) => l.startsWith('- dongguan')).join('\n')).not.toContain('effective');
  });

  it('no targets, no area or no figure: nothing, and the runs are never read', () => {
    const never = () => { throw new Error('read'); };
    expect(ownWeighedTargets(anhui, figure, never)).toBeUndefined(); // targets, but no figure of its own
    expect(ownWeighedTargets({ ...withTargets, targets: [] }, figure, never)).toBeUndefined();
    expect(ownWeighedTargets({ ...withTargets, city: undefined }, figure, never)).toBeUndefined();
    expect(ownWeighedTargets(withTargets, [], never)).toBeUndefined();
  });

  it('the report lists each area\'s plain → weighed probabilities, the interval, the effective runs and what they mean', () => {
    const plain = [
      { ...targets[0], met: 6, runs: 11, probability: 6 / 11, lower: 0.28, upper: 0.79 },
      { ...targets[1], met: 6, runs: 11, probability: 6 / 11, lower: 0.28, upper: 0.79 },
      { id: 'all', metric: '*', year: null, op: 'and', value: NaN, met: 1, runs: 11, probability: 1 / 11, lower: 0.016, upper: 0.38 },
    ];
    const weighed = (id: string, probability: number, effectiveRuns: number) => ({ id, probability, lower: probability / 2, upper: (1 + probability) / 2, effectiveRuns, kishRuns: 40 });
    const row = {
      ...reachabilityRow(withTargets, plain, new Map(), '东莞市'),
      ownFigures: [],
      ownWeighed: { figures: figure, inLaws: [], kishRuns: 40, targets: [weighed(plain[0].id, 0.96, 40), weighed(plain[1].id, 0.5, 31.6), weighed('all', 0.92, 40)], intervals: [] },
    };
    const md = reachabilityMarkdown([row], 11);
    expect(md).toContain("## Targets weighed by the area's own figures (1)");
    expect(md).toContain("Monte Carlo error given the model, not the model's error");
    expect(md).toContain("weighing its runs would count them twice, and those laws condition only the paces,\nnot where each year's path stands at the last figure");
    // What the second runs draw instead: an area's laws without any figure of its own after its base year; its history
    // before the base year, which no run reaches, kept.
    expect(md).toContain("(the pooled laws, or the fit's wide prior or the\nassumed range where too few areas were pooled; an urbanization pace its pilot also conditions on the area's resident rates\nbefore its base year keeps those, the pooled law conditioned on them alone)");
    expect(md).toContain("more effective runs). The conversion's yearly σ, where the area's own registered rates entered its fit, is drawn as\nfitted without them, half the runs as fitted with them, weighed back likewise. Where these runs leave fewer than 400\neffective runs (the intervals' ends rest on the few runs of most weight), they are drawn once more with more runs (up\nto 4 times as many).\nPooled laws and the paces' year-to-year variation still include each area as one of the areas pooled.");
    expect(md).toContain("figures. Each such law is in fact drawn from a half-and-half mix of it and the scenario's own law where both are\nlogit-normal or both normal (not truncated): about half the runs draw it from the scenario's own, and each run is\nweighed back by the ratio of that law to the mix, at most 2 a law");
    expect(md).toContain(
      // On 40 and 32 effective runs the weighed probabilities are whole percent (a tenth of a point would be precision they lack).
      '- dongguan 东莞市 (1 figure: resident_rate 2015; 40 effective runs, under 100: rough, raise --runs): resident 2015 54.5% → **96%** (48%–98%); ' +
        'registered_pop ≤ 195万 2015 54.5% → **50%** (25%–75%, 32 effective runs); all 9.1% → **92%** (46%–96%)',
    );
    // One effective run is "1 effective run".
    const one = { ...row, ownWeighed: { ...row.ownWeighed, kishRuns: 1.2, targets: row.ownWeighed.targets.map((t) => ({ ...t, effectiveRuns: 1.2 })) } };
    expect(reachabilityMarkdown([one], 11)).toContain('; 1 effective run, under 100: rough, raise --runs): resident 2015 54.5% → **96%** (48%–98%);');
    const { document } = parseHTML(reachabilityHtml([row], 11));
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toContain("Targets weighed by the area's own figures (1)");
    // Markdown's code span in the section's note is code on the page, not backticks shown as they are.
    const note = [...document.querySelectorAll('p')].find((p) => p.textContent.startsWith("Each target's plain probability (every run counting once; first in the table's cells)"))!;
    expect(note.textContent).not.toContain('`');
    expect([...note.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['urbsim calibrate']);
    // A figure the laws were fitted to is named as left out; with none left, the area is listed unweighed.
    const registered = point('dongguan', 'registered_pop', 2015, 1_950_100, 'registered_hukou');
    const both = { ...row, ownWeighed: { ...row.ownWeighed, inLaws: [registered] } };
    expect(reachabilityMarkdown([both], 11)).toContain('(1 figure: resident_rate 2015; already in its laws, left out: registered_pop 2015; 40 effective runs');
    // Weighed by runs drawn again with the laws fitted to the figures as an area without figures draws them: said so, with their number and the laws.
    const redrawn = { ...row, ownWeighed: { ...row.ownWeighed, redrawn: { keys: ['net_migration', 'settle_willingness'], runs: 40_000 } } };
    expect(reachabilityMarkdown([redrawn], 11)).toContain(
      '- dongguan 东莞市 (1 figure: resident_rate 2015; 40,000 runs drawn again with net_migration, settle_willingness as an area without figures of its own draws them; 40 effective runs, under 100: rough, raise --runs): resident 2015 54.5% → **96%**',
    );
    const oneLaw = { ...row, ownWeighed: { ...row.ownWeighed, redrawn: { keys: ['net_migration'], runs: 800 } } };
    expect(reachabilityMarkdown([oneLaw], 11)).toContain('; 800 runs drawn again with net_migration as an area without figures of its own draws it; 40 effective runs');
    const none = { ...row, ownWeighed: { figures: [], inLaws: [registered], kishRuns: 0, targets: [], intervals: [] } };
    expect(reachabilityMarkdown([none], 11)).toContain('- dongguan 东莞市: not weighed (already in its laws, left out: registered_pop 2015)');
    // Without own figures to weigh by: no section.
    expect(reachabilityMarkdown([{ ...row, ownWeighed: undefined }], 11)).not.toContain('Targets weighed');
  });
});

describe('figures a scenario\'s laws were fitted to are not weighed again', () => {
  const never = () => { throw new Error('read'); };
  // The generator writes "this area's own figures (…)" in the comment of each pace whose law it fitted to them.
  const ownLines = (file: string) =>
    readFileSync(file, 'utf8').split('\n').filter((l) => l.includes("this area's own figures (")).map((l) => l.trim().split(':')[0]).sort();

  it('every generated pilot: the paces drawn at the own law are those its comments say', () => {
    for (const f of readdirSync('scenarios/pilots').filter((x) => x.endsWith('.yaml'))) {
      const s = loadScenario(join('scenarios/pilots', f));
      expect([...pacesOnOwnFigures(s, s.city!)].sort(), f).toEqual(ownLines(join('scenarios/pilots', f)));
    }
    expect(ownLines('scenarios/pilots/dalian.yaml')).toEqual(['hukou_conversion_rate']); // the comments are read at all
  });

  it("Dongguan's pilot: its net migration's 2015 resident population and its take-up's 2015 count are in its laws; its registered population and the 2011–2015 count are in none", () => {
    const pilot = loadScenario('scenarios/pilots/dongguan.yaml');
    const at = (line: number) => shippedObserved().find((p) => p.area === 'dongguan' && p.line === line)!;
    // observed.csv: 59 registered_pop 2015, 62 resident_pop 2015 (fitted-defaults.json areas: net migration),
    // 65 settled_migrants 2011–2015, 66 settled_migrants 2015 (migrantTakeUp: settle_willingness).
    const r = figuresInLaws(pilot, 'dongguan', [at(59), at(62), at(65), at(66)]);
    expect(r.keys).toEqual(['net_migration', 'settle_willingness']);
    expect(r.figures.map((p) => p.line)).toEqual([62, 66]);
    expect(figuresInLaws(pilot, 'dongguan', [at(66)])).toEqual({ keys: ['settle_willingness'], figures: [at(66)] });
    expect(figuresInLaws(pilot, 'dongguan', [at(59), at(65)])).toEqual({ keys: [], figures: [] });
    // Net migration drawn at the law's components (a mixture of normals, src/analysis/paceLaw.ts) but every mean 1 point
    // higher is not the own law.
    const nm = pilot.variables.net_migration;
    if (nm.kind !== 'dist' || nm.spec.dist !== 'normalmix') throw new Error('dongguan.yaml draws net_migration as a mixture of normals');
    const moved = { ...pilot, variables: { ...pilot.variables, net_migration: { ...nm, spec: { ...nm.spec, means: nm.spec.means.map((m) => m + 0.01) } } } };
    expect(pacesOnOwnFigures(pilot, 'dongguan')).toEqual(['net_migration']);
    expect(pacesOnOwnFigures(moved, 'dongguan')).toEqual([]);
  });

  it("Dalian's pilot is fitted to its 2015 registered rate (001:427): nothing left to weigh, runs never read; the curated file weighs it", () => {
    const pilot = loadScenario('scenarios/pilots/dalian.yaml');
    const w = ownWeighedTargets(pilot, shippedObserved(), never)!;
    expect(w.figures).toEqual([]);
    expect([w.kishRuns, w.targets, w.intervals]).toEqual([0, [], []]);
    expect(w.inLaws.map((p) => `${p.metric} ${p.year} ${p.value}`)).toEqual(['registered_rate 2015 0.712']);
    expect(pacesOnOwnFigures(loadScenario('scenarios/dalian.yaml'), 'dalian')).toEqual([]);
    expect(() => ownWeighedTargets(loadScenario('scenarios/dalian.yaml'), shippedObserved(), never)).toThrow('read');
  });
});

it('the own-figures check is in the batch\'s targets.arrow (counts per row, every figure in its metadata) and in urbsim report', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-own-')), 'b');
  try {
    // 1 person in 2015: no run comes near it (outside, below); Anhui has no figure.
    await runBatch(['scenarios/pilots/dongguan.yaml', 'scenarios/pilots/anhui.yaml'], {
      outDir: out, runs: 20, load: loadScenario, observed: [point('dongguan', 'resident_pop', 2015, 1, 'resident_6month')],
    });
    const t = tableFromIPC(readFileSync(join(out, 'targets.arrow')));
    const names = [...t.getChild('scenario')!].map(String);
    expect(new Set(names)).toEqual(new Set(['dongguan', 'anhui']));
    // Dongguan's rows: 1 figure, 0 inside; Anhui's: none (null).
    expect([...t.getChild('own_figures')!]).toEqual(names.map((n) => (n === 'dongguan' ? 1 : null)));
    expect([...t.getChild('own_inside')!]).toEqual(names.map((n) => (n === 'dongguan' ? 0 : null)));
    const own = JSON.parse(t.schema.metadata.get('own_figures')!);
    expect(own).toMatchObject({ inside: 0, figures: 1, items: [{ scenario: 'dongguan', area: 'dongguan', metric: 'resident_pop', period: '2015', observed: 1, definition: 'resident_6month', source: '001:273', status: 'used', inside: false }] });
    expect(own.items[0].lower80).toBeGreaterThan(1e6);
    // The figure informs the law of Dongguan's net migration (fitted to its 2015 resident population): its rows are
    // weighed by runs drawn again with that law as for an area without it, not left unweighed.
    const weighedRuns = [...t.getChild('weighed_runs')!];
    expect(weighedRuns.map((x) => typeof x === 'number' && x > 0)).toEqual(names.map((n) => n === 'dongguan'));
    // The report's † per row (on_defaults): Anhui's pilot draws every pace from the pooled defaults, so each of its
    // targets is marked; no joint row is; and the column marks as many targets as reachability.md does.
    const onDefaults = [...t.getChild('on_defaults')!];
    const ids = [...t.getChild('target')!].map(String);
    expect(onDefaults.filter((_, i) => ids[i] === 'all')).toEqual(['dongguan', 'anhui'].map(() => null));
    expect(onDefaults.filter((_, i) => names[i] === 'anhui' && ids[i] !== 'all').every((d) => d === true)).toBe(true);
    const md = readFileSync(join(out, 'reachability.md'), 'utf8').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area')).join('\n');
    expect(onDefaults.filter((d) => d === true).length).toBe(md.split('†').length - 1);
    // § likewise (on_break): both pilots draw the change of count of 2015 or 2016, so their registered targets (2017 and
    // 2020) are marked, nothing else.
    const onBreak = [...t.getChild('on_break')!];
    const metrics = [...t.getChild('metric')!];
    expect(onBreak).toEqual(ids.map((id, i) => (id === 'all' ? null : metrics[i] === 'registered_rate')));
    expect(onBreak.filter((d) => d === true).length).toBe(md.split('§').length - 1);
    // urbsim report of the batch: the count above the table, ‡ on Dongguan, the figure after the table.
    const r = await cli(['report', out, '--lang', 'en']);
    expect(r.code, r.err).toBe(0);
    const { document } = parseHTML(readFileSync(join(out, 'report', 'report.en.html'), 'utf8'));
    expect(document.querySelector('p.own-figures')!.textContent).toBe("0 of 1 own figures inside the scenarios' 80 % intervals (each area's observed figures after its base year; ‡ marks the 1 area with one outside, listed below the table).");
    const cells = [...document.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent);
    expect(cells.filter((c) => c!.includes('‡'))).toEqual([cells.find((c) => /dongguan|Dongguan/.test(c!))]);
    // † on Anhui's targets in the table, and what it means under it.
    const anhui = [...document.querySelectorAll('tbody tr')].find((tr) => /anhui|Anhui|安徽/.test(tr.textContent!))!;
    // († then § on its registered targets)
    expect(anhui.querySelector('td:last-child')!.innerHTML.split('<br>').every((c) => / †( §)?$/.test(c))).toBe(true);
    expect([...document.querySelectorAll('p.note')].map((p) => p.textContent)).toContain(
      "† the probability rests mainly on defaults: every pace that moves the figure (urbanization pace and net migration for resident figures; hukou conversion and settlement take-up for the registered rate) is the one pooled over other areas (data/observed/fitted-defaults.json), fitted to no figure of the area's own after its base year nor set by the scenario; a figure other than where people live (resident rate and populations) has none where the migrants' take-up is fitted to the area's own counts of migrants settled.",
    );
    expect(document.querySelector('ul.own-figures li')!.textContent).toMatch(/‡ resident_pop 2015: observed 1 \(resident_6month, \w+; 001:273\), runs' p10–p90 [\d.]+万–[\d.]+万: below$/);
    expect((await cli(['report', out, '--lang', 'zh'])).code).toBe(0);
    expect(readFileSync(join(out, 'report', 'report.zh.html'), 'utf8')).toContain('本地区基期后的实际数据 1 个中有 0 个落在情景的80%区间内');
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}, 60_000);

it('a batch none of whose areas has a figure after its base year: urbsim report says no "0 of 0", en or zh', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-own-')), 'b');
  try {
    await runBatch(['scenarios/pilots/anhui.yaml'], { outDir: out, runs: 20, load: loadScenario, observed: [] });
    expect(JSON.parse(tableFromIPC(readFileSync(join(out, 'targets.arrow'))).schema.metadata.get('own_figures')!)).toMatchObject({ inside: 0, figures: 0 });
    for (const lang of ['en', 'zh'] as const) {
      const r = await cli(['report', out, '--lang', lang]);
      expect(r.code, r.err).toBe(0);
      expect(parseHTML(readFileSync(join(out, 'report', `report.${lang}.html`), 'utf8')).document.querySelector('p.own-figures')).toBeNull();
    }
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}, 60_000);

describe("the batch's targets.arrow carries each target weighed by its area's own figures", () => {
  const fig = (inside: boolean) => ({ point: point('a', 'resident_rate', 2015, 0.5, 'resident_6month'), status: 'used', caliber: 'sample', lower80: 0.4, median: 0.5, upper80: 0.6, inside }) as OwnFigure;
  const weighed = (id: string, probability: number) => ({ id, probability, lower: probability - 0.1, upper: probability + 0.1, effectiveRuns: 50 + probability * 100, kishRuns: 200 });
  // a: two figures (one inside), its targets weighed; b: one figure, every one in its laws (not weighed); c: none.
  const scenarios = [
    { scenario: 'a', city: 'a', ownFigures: [fig(true), fig(false)], ownWeighed: { figures: [fig(true).point], inLaws: [], kishRuns: 200, targets: [weighed('t1', 0.3), weighed('all', 0.2)], intervals: [] } },
    { scenario: 'b', city: 'b', ownFigures: [fig(true)], ownWeighed: { figures: [], inLaws: [fig(true).point], kishRuns: 0, targets: [], intervals: [] } },
    { scenario: 'c', city: 'c', ownFigures: [] },
  ];
  const names = ['a', 'a', 'b', 'b', 'c'];
  const ids = ['t1', 'all', 't1', 'all', 'all'];

  it('per row: counts, and the weighed probability, interval and effective runs of that row\'s target', () => {
    const rows = ownFiguresColumns(scenarios, names, ids).rows;
    expect(rows).toEqual([
      { figures: 2, inside: 1, weighed: { probability: 0.3, lower: 0.3 - 0.1, upper: 0.3 + 0.1, effectiveRuns: 80 } },
      { figures: 2, inside: 1, weighed: { probability: 0.2, lower: 0.2 - 0.1, upper: 0.2 + 0.1, effectiveRuns: 70 } },
      { figures: 1, inside: 1 },
      { figures: 1, inside: 1 },
      null,
    ]);
  });

  it('a scenario without the check (no ownFigures), one with figures but no weighed answer, a row of no scenario given; the JSON counts those inside', () => {
    const more = [...scenarios, { scenario: 'd', city: 'd' }, { scenario: 'e', city: 'e', ownFigures: [fig(false), fig(true), fig(true)] }];
    const own = ownFiguresColumns(more, ['d', 'e', 'x'], ['all', 'all', 'all']);
    expect(own.rows).toEqual([null, { figures: 3, inside: 2 }, null]);
    // a: 1 of 2 inside, b: 1 of 1, e: 2 of 3 → 4 of 6.
    const json = JSON.parse(own.json);
    expect([json.inside, json.figures, json.items.length]).toEqual([4, 6, 6]);
  });

  it('as columns: null where nothing is weighed', () => {
    const own = ownFiguresColumns(scenarios, names, ids);
    const results = ids.map((id, i) => ({ id, metric: id === 'all' ? '*' : 'resident_rate', year: id === 'all' ? null : 2020, op: id === 'all' ? 'and' : '>=', value: 0.6, met: i, runs: 10, probability: i / 10, lower: 0, upper: 1 }));
    const t = tableFromIPC(targetsIpc(names, results as never, own));
    expect([...t.getChild('weighed_probability')!]).toEqual([0.3, 0.2, null, null, null]);
    expect([...t.getChild('weighed_lower')!].map((x) => (x === null ? null : Number((x as number).toFixed(9))))).toEqual([0.2, 0.1, null, null, null]);
    expect([...t.getChild('weighed_upper')!].map((x) => (x === null ? null : Number((x as number).toFixed(9))))).toEqual([0.4, 0.3, null, null, null]);
    expect([...t.getChild('weighed_runs')!]).toEqual([80, 70, null, null, null]);
    expect([...t.getChild('own_figures')!]).toEqual([2, 2, 1, 1, null]);
  });
});
