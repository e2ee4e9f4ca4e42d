import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { type WidthCheck } from '../../src/analysis/intervalWidths.ts';
import { widthsMarkdown } from '../../src/cli/widths.ts';
import { cli, expectInputError } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

const root = mkdtempSync(join(tmpdir(), 'urbsim-widths-'));
type CvRow = { metric: string; observed: number; p50: number; horizon: number; change?: boolean; obs?: number; area?: string };
/**
 * A cross-validation folder holding only what `widths` reads: area (default dalian), metric, year (2013 + horizon),
 * observed, p50, horizon, count_may_change, observation_sd, and the folds' scenarios of the areas with a registered
 * rate, the generated pilots (`scenarios`: those areas; none: no scenarios/ folder).
 */
function cvFolder(name: string, rows: CvRow[], columns = ['area', 'metric', 'year', 'observed', 'p50', 'horizon', 'count_may_change', 'observation_sd'], scenarios = [...new Set(rows.filter((r) => r.metric === 'registered_rate').map((r) => r.area ?? 'dalian'))]): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  for (const a of scenarios) copyFileSync(join('scenarios/pilots', `${a}.yaml`), join(dir, 'scenarios', `${a}.yaml`));
  const all = {
    area: rows.map((r) => r.area ?? 'dalian'),
    metric: rows.map((r) => r.metric),
    year: Int32Array.from(rows, (r) => 2013 + r.horizon),
    observed: Float64Array.from(rows, (r) => r.observed),
    p50: Float64Array.from(rows, (r) => r.p50),
    horizon: Int32Array.from(rows, (r) => r.horizon),
    count_may_change: rows.map((r) => r.change ?? false),
    observation_sd: Float64Array.from(rows, (r) => r.obs ?? 0),
  };
  writeFileSync(join(dir, 'cross-validation.arrow'), tableToIPC(tableFromArrays(Object.fromEntries(Object.entries(all).filter(([k]) => columns.includes(k))))));
  return dir;
}

// Resident 0.5 against 0.49, one year ahead: logit 0.01 / 0.25 = 0.04. Registered, as shares of the rural hukou
// (1 − p), one year ahead, same count: 0.4 against 0.37, 0.03 / 0.6 = 0.05; two years ahead, the count may have
// changed: 0.5 against 0.45, 0.05 / 0.5 = 0.1.
const cv = cvFolder('cv', [
  { metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 },
  { metric: 'registered_rate', observed: 0.4, p50: 0.37, horizon: 1 },
  { metric: 'registered_rate', observed: 0.5, p50: 0.45, horizon: 2, change: true },
  { metric: 'resident_pop', observed: 5e6, p50: 4.8e6, horizon: 1 },
]);
// Dalian from 2013: its runs may break the registered count in 2015 or 2016 (the default), so from 2015 on its
// registered rate is held to both registered figures. Laibin's pilot counts it where people live: to the resident one.
const scenarios = writeScenarios({
  'w.yaml': 'name: w\ncity: dalian\nyears: { end: 2016 }\nmonte_carlo: { runs: 40, seed: 7 }\n',
});
const run = join(root, 'runs', 'w');
const residence = join(root, 'runs', 'r');
// Dongguan's registered rate is a share of its residents, most of them migrants the registry cannot relabel.
const overResidents = join(root, 'other', 'd');

beforeAll(async () => {
  for (const args of [[join(scenarios, 'w.yaml'), '--out', run], ['scenarios/pilots/laibin.yaml', '--runs', '40', '--out', residence], ['scenarios/pilots/dongguan.yaml', '--runs', '40', '--out', overResidents]]) {
    const r = await cli(['run', ...args]);
    expect(r.code, r.err).toBe(0);
  }
}, 120_000);

type Row = { metric: string; year: number; p10: number; p50: number; p90: number };
const summary = (dir: string): Row[] => tableFromIPC(readFileSync(join(dir, 'summary.arrow'))).toArray().map((x) => x.toJSON() as Row);

describe('urbsim widths', () => {
  it('sets each rate\'s 80 % interval against 2 × the grown error × its slope, each year held to the figures that count what it counts', async () => {
    const r = await cli(['widths', run, residence, overResidents, '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    // Bounds at 1 / 2 / 5 / 10 years, worked out by hand. Resident: 0.04 × √h (slowest), × h (fastest).
    expect(r.out).toContain('| resident | resident rates; registered rates counted where people live | 1 (1 area) | 0 | logit | 0.0400 / 0.0566 / 0.0894 / 0.1265 | 0.0400 / 0.0800 / 0.2000 / 0.4000 |');
    // Same count: the one registered figure, 0.05 × √h, × h.
    expect(r.out).toContain('| 1 (1 area) | 0 | rural | 0.0500 / 0.0707 / 0.1118 / 0.1581 | 0.0500 / 0.1000 / 0.2500 / 0.5000 |');
    // All: with two figures the 80th percentile is the smaller + 0.8 × the difference. Slowest at 1 year: 0.05 and 0.1 / 2;
    // at 2: 0.05·√2 and 0.1; at 5: 0.05·√5 and 0.1 (not grown); at 10: 0.05·√10 and 0.1. Fastest: 0.05·h and 0.1·max(h/2, √(h/2)).
    const two = (a: number, b: number) => Math.min(a, b) + 0.8 * Math.abs(a - b);
    const slowAll = [two(0.05, 0.05), two(0.05 * Math.SQRT2, 0.1), two(0.05 * Math.sqrt(5), 0.1), two(0.05 * Math.sqrt(10), 0.1)];
    const fastAll = [two(0.05, 0.1 * Math.SQRT1_2), two(0.1, 0.1), two(0.25, 0.25), two(0.5, 0.5)];
    expect(r.out).toContain(`| 2 (1 area) | 1 | rural | ${slowAll.map((x) => x.toFixed(4)).join(' / ')} | ${fastAll.map((x) => x.toFixed(4)).join(' / ')} |`);
    // The runs' own p10 / p50 / p90, read here from summary.arrow, and the bound of each year by hand.
    const slowLaw = { resident: (h: number) => 0.04 * Math.sqrt(h), same: (h: number) => 0.05 * Math.sqrt(h), all: (h: number) => two(0.05 * Math.sqrt(h), h >= 2 ? 0.1 : 0.05 * h) };
    const fastLaw = { resident: (h: number) => 0.04 * h, same: (h: number) => 0.05 * h, all: (h: number) => two(0.05 * h, 0.1 * Math.max(h / 2, Math.sqrt(h / 2))) };
    const cases = [
      [run, 'resident_rate', 'resident'],
      [run, 'registered_rate', 'all'], // same count in 2014, all from 2015: see the law below
      [residence, 'registered_rate', 'resident'],
      [overResidents, 'registered_rate', 'all'],
    ] as const;
    const median = (dir: string, metric: string, year: number) => summary(dir).find((x) => x.metric === metric && x.year === year)!.p50;
    // The slope at the median: p(1 − p) on the logit scale; on the rural one 1 − p, or over residents the rural-hukou locals' share of them.
    const slope = (dir: string, x: Row, group: string) => {
      if (group === 'resident') return x.p50 * (1 - x.p50);
      if (dir !== overResidents) return 1 - x.p50;
      return (median(dir, 'registered_pop', x.year) - median(dir, 'away_pop', x.year)) / median(dir, 'resident_pop', x.year) - x.p50;
    };
    for (const [dir, metric, group] of cases) {
      const law = (year: number, fast: boolean) => {
        const h = year - 2013;
        const g = group === 'all' && year < 2015 ? 'same' : group;
        return (fast ? fastLaw : slowLaw)[g](h);
      };
      const years = summary(dir).filter((x) => x.metric === metric && x.year > 2013);
      const bound = (x: Row, fast = false) => 2 * law(x.year, fast) * slope(dir, x, group);
      const ratio = (x: Row) => (x.p90 - x.p10) / bound(x);
      const worst = years.reduce((a, x) => (ratio(x) < ratio(a) ? x : a));
      const held = group === 'resident' ? 'resident' : worst.year < 2015 ? 'registered, same count' : 'registered, all';
      expect(r.out).toContain(`| ${dir} | `);
      expect(r.out).toContain(`| ${worst.year} (${worst.year - 2013}) | ${held} | ${(100 * worst.p50).toFixed(2)}% | ${(100 * worst.p10).toFixed(2)}–${(100 * worst.p90).toFixed(2)}% | ${(100 * (worst.p90 - worst.p10)).toFixed(2)} | ${(100 * bound(worst)).toFixed(2)}–${(100 * bound(worst, true)).toFixed(2)} | ${ratio(worst).toFixed(2)} |`);
    }
    // Dongguan's rural-hukou locals are a small share of its residents: far below 1 − p.
    const d2015 = summary(overResidents).find((x) => x.metric === 'registered_rate' && x.year === 2015)!;
    expect(slope(overResidents, d2015, 'all')).toBeLessThan(0.5 * (1 - d2015.p50));
    const narrower = (dir: string, metric: string, law: (year: number) => number, group: string) =>
      summary(dir).some((x) => x.metric === metric && x.year > 2013 && x.p90 - x.p10 < 2 * law(x.year) * slope(dir, x, group));
    const res = [run, residence, overResidents].filter((d) => narrower(d, 'resident_rate', (y) => slowLaw.resident(y - 2013), 'resident')).length;
    const byBreak = (y: number) => (y < 2015 ? slowLaw.same : slowLaw.all)(y - 2013);
    const reg = [narrower(run, 'registered_rate', byBreak, 'all'), narrower(residence, 'registered_rate', (y) => slowLaw.resident(y - 2013), 'resident'), narrower(overResidents, 'registered_rate', byBreak, 'all')].filter(Boolean).length;
    expect(r.out).toContain(`**resident_rate: ${res} of 3 scenarios narrower than implied in some year.**`);
    expect(r.out).toContain(`**registered_rate: ${reg} of 3 scenarios narrower than implied in some year.**`);
  });

  it('reads a batch folder as its scenarios', async () => {
    const r = await cli(['widths', join(root, 'runs'), '--cross-validation', cv]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Interval widths of 2 scenarios against the errors of ${join(cv, 'cross-validation.arrow')}.`);
    // Without --all only the scenarios narrower in some year are listed, each with its years narrower.
    const rows = r.out.split('\n').filter((l) => l.startsWith(`| ${join(root, 'runs')}`));
    for (const l of rows) expect(l).toMatch(/^\| \S+ \| [1-9]\d* of \d+ \(/);
    const all = await cli(['widths', join(root, 'runs'), '--cross-validation', cv, '--all']);
    expect(all.out.split('\n').filter((l) => l.startsWith(`| ${join(root, 'runs')}`)).length).toBe(4); // 2 scenarios × 2 rates
  });

  it('a folder of runs holding a link that leads nowhere: the link passed by, as a file is', async () => {
    // statSync threw ENOENT on it: 'urbsim: cannot write …/gone: no such file', exit 2.
    const folder = join(root, 'runs-and-link');
    cpSync(join(root, 'runs'), folder, { recursive: true });
    symlinkSync(join(root, 'nowhere'), join(folder, 'gone'));
    const r = await cli(['widths', folder, '--cross-validation', cv]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Interval widths of 2 scenarios against the errors of ${join(cv, 'cross-validation.arrow')}.`);
  });

  it("a batch folder whose targets.arrow was cut to nothing: refused, not read as a table naming no scenario (every folder beside it held)", async () => {
    const batch = join(root, 'cut');
    cpSync(run, join(batch, 'w'), { recursive: true });
    cpSync(residence, join(batch, 'r'), { recursive: true });
    writeFileSync(join(batch, 'targets.arrow'), '');
    expectInputError(await cli(['widths', batch, '--cross-validation', cv]), `urbsim: ${join(batch, 'targets.arrow')}: cannot be read as an Arrow table (it is empty, 0 bytes): changed since urbsim wrote it? run the command that writes it again`);
  });

  it("a batch folder as the scenarios its targets.arrow names: not a folder an earlier batch into the same --out left", async () => {
    // `urbsim batch w.yaml r.yaml --out b`, then `urbsim batch w.yaml --out b`: r's folder stays, not the batch's.
    const batch = join(root, 'left');
    cpSync(run, join(batch, 'w'), { recursive: true });
    cpSync(residence, join(batch, 'r'), { recursive: true });
    const targets = tableFromArrays({ scenario: ['w'] });
    targets.schema.metadata.set('scenarios', JSON.stringify(['w']));
    writeFileSync(join(batch, 'targets.arrow'), tableToIPC(targets));
    const r = await cli(['widths', batch, '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Interval widths of 1 scenario against the errors of ${join(cv, 'cross-validation.arrow')}.`);
    expect(r.out).not.toContain(join(batch, 'r'));
  });

  it('a run folder named twice (itself and within its batch folder, or spelled two ways) is one scenario', async () => {
    // Dalian's w from 2013 to 2016: 3 years held per rate. Named twice it was counted twice: 3 scenarios, 6 years each.
    const r = await cli(['widths', join(root, 'runs'), run, relative(process.cwd(), run), '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Interval widths of 2 scenarios against the errors of ${join(cv, 'cross-validation.arrow')}.`);
    const rows = r.out.split('\n').filter((l) => l.startsWith(`| ${run} |`));
    expect(rows).toHaveLength(2);
    for (const l of rows) expect(l).toMatch(/^\| \S+ \| \d+ of 3 /);
    expect(r.out).toContain('| scenarios | 2 | 2 | 2 |');
  });

  it('a registered rate is held to all registered figures from its runs\' first possible break (Dalian\'s default 2015, not 2016) on', async () => {
    // The same-count figure misses by nothing, the one whose count may have changed by 0.4 of the rural hukou: every
    // year from the first break on is narrower than implied, none before it.
    const dir = cvFolder('break', [
      { metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 },
      { metric: 'registered_rate', observed: 0.4, p50: 0.4, horizon: 1 },
      { metric: 'registered_rate', observed: 0.5, p50: 0.1, horizon: 2, change: true },
    ]);
    const r = await cli(['widths', run, '--cross-validation', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`\\| ${run} \\| 2 of 3 \\(2015–2016\\) \\| \\d+ \\(\\d\\) \\| registered, all \\|`));
  });

  it('a run whose metadata draws no break of the count (no uncertainty written): held to the same-count figures in every year', async () => {
    const copy = join(root, 'nobreak', 'w');
    cpSync(run, copy, { recursive: true });
    const meta = JSON.parse(readFileSync(join(copy, 'meta.json'), 'utf8'));
    delete meta.scenario.uncertainty;
    writeFileSync(join(copy, 'meta.json'), JSON.stringify(meta));
    const dir = cvFolder('nobreak-cv', [
      { metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 },
      { metric: 'registered_rate', observed: 0.4, p50: 0.4, horizon: 1 },
      { metric: 'registered_rate', observed: 0.5, p50: 0.1, horizon: 2, change: true },
    ]);
    const r = await cli(['widths', copy, '--cross-validation', dir, '--all']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`\\| ${copy} \\| 0 of 3 \\| \\d+ \\(\\d\\) \\| registered, same count \\|`));
  });

  it('a held-out registered rate is carried as its fold counted it: where people live (Laibin\'s pilot) with the resident rates on the logit scale; over residents (Dongguan\'s) left out, said so', async () => {
    const dir = cvFolder('kinds', [
      { metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 },
      { metric: 'registered_rate', observed: 0.4, p50: 0.37, horizon: 1 },
      { metric: 'registered_rate', observed: 0.4, p50: 0.37, horizon: 1, area: 'laibin' },
      { metric: 'registered_rate', observed: 0.13, p50: 0.117, horizon: 2, area: 'dongguan' },
    ]);
    const r = await cli(['widths', run, '--cross-validation', dir]);
    expect(r.code, r.err).toBe(0);
    // Resident: 0.01 / 0.25 = 0.04 and Laibin's 0.03 / (0.4 × 0.6) = 0.125, both at 1 year; the 80th percentile of two is
    // 0.04 + 0.8 × 0.085 = 0.108, × √h (slowest), × h (fastest).
    const q = 0.04 + 0.8 * 0.085;
    const f4 = (v: number[]) => v.map((x) => x.toFixed(4)).join(' / ');
    expect(r.out).toContain(`| resident | resident rates; registered rates counted where people live | 2 (2 areas) | 0 | logit | ${f4([1, 2, 5, 10].map((h) => q * Math.sqrt(h)))} | ${f4([1, 2, 5, 10].map((h) => q * h))} |`);
    // Registered: Dalian's alone, 0.03 / 0.6 = 0.05; Dongguan's (over its residents) in no group.
    expect(r.out).toContain('| 1 (1 area) | 0 | rural | 0.0500 / 0.0707 / 0.1118 / 0.1581 | 0.0500 / 0.1000 / 0.2500 / 0.5000 |');
    expect(r.out).toContain('Left out of every bound: 1 held-out registered rate over the resident population (dongguan 2015): the share of the residents that is rural-hukou locals');
  });

  it('every figure of the registered population as before: the bounds of the first check, and nothing left out', async () => {
    const r = await cli(['widths', run, '--cross-validation', cv]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('| 1 (1 area) | 0 | rural | 0.0500 / 0.0707 / 0.1118 / 0.1581 | 0.0500 / 0.1000 / 0.2500 / 0.5000 |');
    expect(r.out).not.toContain('Left out');
  });

  it("a scenario a batch weighed by its area's own figures: held by the weighed runs after the last figure, at the horizon from its year; the plain runs after", async () => {
    // Dalian's run with a weighed answer written by hand: figures to 2014, so 2015 is 1 year ahead, 2016 two.
    const dir = join(root, 'weighed', 'w');
    cpSync(run, dir, { recursive: true });
    const figure = { file: 'x.csv', line: 2, area: 'dalian', metric: 'registered_rate', year: 2014, value: 0.64, written: '64', definition: 'registered_unstated', break: false, segment: 0, source: '004:1', snippet: '', note: '' };
    const interval = (metric: string, year: number, p50: number, width: number) => ({ metric, year, p10: p50 - width / 2, p50, p90: p50 + width / 2 });
    const intervals = [
      interval('resident_rate', 2014, 0.7, 0.001), // up to the figure: conditioned on it, not held however narrow
      interval('resident_rate', 2015, 0.7, 0.05),
      interval('resident_rate', 2016, 0.7, 0.1),
      interval('registered_rate', 2014, 0.6, 0.001),
      interval('registered_rate', 2015, 0.6, 0.03),
      interval('registered_rate', 2016, 0.6, 0.1),
    ];
    // A second figure, of the base year: the forecast's origin is the last figure's year, 2014.
    const early = { ...figure, metric: 'resident_pop', year: 2013, value: 6_900_000 };
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [early, figure], inLaws: [], kishRuns: 500, targets: [], intervals }));
    const r = await cli(['widths', join(root, 'weighed'), '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    // One scenario, said in the singular.
    expect(r.out).toContain('Interval widths of 1 scenario against the errors of');
    expect(r.out).toContain("1 of the 1 scenario is answered weighed by their area's own figures after its base year (weighed.json, written by `urbsim batch`)");
    // Registered 2015, 1 year after the figure and from Dalian's first possible break on: held to both registered
    // figures, the slowest law two(0.05·√1, 0.1 · 1/2) = 0.05, the fastest two(0.05, 0.1·√(1/2)); slope 1 − 0.6.
    const two = (a: number, b: number) => Math.min(a, b) + 0.8 * Math.abs(a - b);
    const lower = 2 * two(0.05, 0.05) * 0.4;
    const upper = 2 * two(0.05, 0.1 * Math.SQRT1_2) * 0.4;
    const label = `${dir} (weighed to 2014)`;
    expect(r.out).toContain(`| ${label} | 1 of 2 (2015–2015) | 2015 (1) | registered, all | 60.00% | 58.50–61.50% | 3.00 | ${(100 * lower).toFixed(2)}–${(100 * upper).toFixed(2)} | ${(0.03 / lower).toFixed(2)} |`);
    // Resident 2015: 0.05 wide against 2 × 0.04 × 0.21 — within, and so is 2016; 2014, narrower than anything, not held.
    const res = 2 * 0.04 * 0.21;
    expect(r.out).toContain(`| ${label} | 0 of 2 | 2015 (1) | resident | 70.00% | 67.50–72.50% | 5.00 | ${(100 * res).toFixed(2)}–${(100 * res).toFixed(2)} | ${(0.05 / res).toFixed(2)} |`);
    const [answers, plain] = r.out.split("On the plain runs (every scenario's own runs, every year from its base year; the weighed one unweighed):");
    expect(answers).toContain('**registered_rate: 1 of 1 scenario narrower than implied in some year.**');
    // The plain runs, every year from 2014 at horizons from the base year 2013, under the folder's own name.
    expect(plain).not.toContain('(weighed to');
    expect(plain).toContain(`| ${dir} | `);
    expect(plain).toMatch(/\| 2014 \(1\) \| /);
    // Weighed by fewer than 100 effective runs: its p10 and p90 are rough, and its row says so, as the report does.
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [early, figure], inLaws: [], kishRuns: 37.6, targets: [], intervals }));
    const few = await cli(['widths', join(root, 'weighed'), '--cross-validation', cv, '--all']);
    expect(few.out).toContain(`| ${dir} (weighed to 2014, 38 effective runs: rough) | 1 of 2 (2015–2015) | `);
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [early, figure], inLaws: [], kishRuns: 500, targets: [], intervals }));
    // Blank lines around the paragraph and after the plain section's title.
    expect(r.out).toContain('after these.\n\n**resident_rate:');
    expect(r.out).toContain('one unweighed):\n\n**resident_rate:');
    // Nothing weighed (figures all in the laws): held as before, no plain section.
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [], inLaws: [figure], kishRuns: 0, targets: [], intervals: [] }));
    const none = await cli(['widths', join(root, 'weighed'), '--cross-validation', cv]);
    expect(none.code, none.err).toBe(0);
    expect(none.out).not.toContain('answered weighed');
    expect(none.out).not.toContain('(weighed to');
    expect(none.out).not.toContain('On the plain runs');
    // Weighed, but no year after its last figure (the scenario ends with it): nothing forecast to hold, so the scenario
    // is held by its plain runs, not counted among the weighed ones.
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [early, figure], inLaws: [], kishRuns: 500, targets: [], intervals: intervals.filter((i) => i.year <= 2014) }));
    const ended = await cli(['widths', join(root, 'weighed'), '--cross-validation', cv, '--all']);
    expect(ended.code, ended.err).toBe(0);
    expect(ended.out).not.toContain('answered weighed');
    expect(ended.out).not.toContain('(weighed to');
    expect(ended.out).toContain(`| ${dir} | `);
  });

  it("a weighed registered rate over residents (Dongguan's): its slope is the locals' share of the residents at the plain medians less the weighed rate", async () => {
    const dir = join(root, 'weighed-d', 'd');
    cpSync(overResidents, dir, { recursive: true });
    const figure = { file: 'x.csv', line: 2, area: 'dongguan', metric: 'registered_pop', year: 2015, value: 1_950_100, written: '195.01', definition: 'registered_hukou', break: false, segment: 0, source: '001:273', snippet: '', note: '' };
    // 2016, a year after the figure: the weighed median a point above the plain one, 0.01 wide.
    const plain2016 = summary(overResidents).find((x) => x.metric === 'registered_rate' && x.year === 2016)!;
    const p50 = plain2016.p50 + 0.01;
    const intervals = [{ metric: 'registered_rate', year: 2016, p10: p50 - 0.005, p50, p90: p50 + 0.005 }];
    writeFileSync(join(dir, 'weighed.json'), JSON.stringify({ key: 'k', figures: [figure], inLaws: [], kishRuns: 500, targets: [], intervals }));
    const r = await cli(['widths', join(root, 'weighed-d'), '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    const median = (metric: string) => summary(overResidents).find((x) => x.metric === metric && x.year === 2016)!.p50;
    const room = (median('registered_pop') - median('away_pop')) / median('resident_pop') - p50;
    // Held to both registered figures from Dongguan's first possible break (2015) on: at 1 year two(0.05, 0.1 / 2) = 0.05 slowest.
    const lower = 2 * 0.05 * room;
    expect(r.out).toContain(`| ${dir} (weighed to 2015) | `);
    expect(r.out).toContain(`| 2016 (1) | registered, all | ${(100 * p50).toFixed(2)}% | ${(100 * (p50 - 0.005)).toFixed(2)}–${(100 * (p50 + 0.005)).toFixed(2)}% | 1.00 | ${(100 * lower).toFixed(2)}–`);
  });

  it.each([
    [() => ['widths', run, '--cross-validation', join(root, 'nowhere')], /nowhere\/cross-validation\.arrow: not found; --cross-validation names the folder/],
    // A link to itself was 'not found'.
    [() => {
      const dir = join(root, 'self-link');
      mkdirSync(dir, { recursive: true });
      symlinkSync('cross-validation.arrow', join(dir, 'cross-validation.arrow'));
      return ['widths', run, '--cross-validation', dir];
    }, /self-link\/cross-validation\.arrow: a symbolic link that leads to no file; expected cross-validation\.arrow/],
    // The file given for its folder: was '…/cross-validation.arrow/cross-validation.arrow: not found'.
    [() => ['widths', run, '--cross-validation', join(cv, 'cross-validation.arrow')], /names the folder that holds cross-validation\.arrow, not the file: --cross-validation .*cv/],
    [() => ['widths', join(root, 'nowhere'), '--cross-validation', cv], /nowhere: no such folder; expected a run folder \(urbsim run\) or a batch folder/],
    // A mistyped folder is named first, though --cross-validation holds nothing either (the default out/cross-validation
    // before npm run cross-validate): it was the cross-validation that was said to be missing.
    [() => ['widths', join(root, 'nowhere'), '--cross-validation', join(root, 'no-cv')], /nowhere: no such folder; expected a run folder/],
    // a file was said to be 'no such folder'
    [() => ['widths', join(cv, 'cross-validation.arrow'), '--cross-validation', cv], /cross-validation\.arrow: is a file; expected a run folder \(urbsim run\) or a batch folder/],
    [() => ['widths', cv, '--cross-validation', cv], /neither a run folder \(meta\.json and summary\.arrow\) nor a batch folder/],
    [() => ['widths', run, '--cross-validation', cvFolder('pops', [{ metric: 'resident_pop', observed: 5e6, p50: 4.8e6, horizon: 1 }])], /pops\/cross-validation\.arrow: no held-out resident or registered rate/],
    // A figure of another metric between 0 and 1 is no rate of the two either.
    [() => ['widths', run, '--cross-validation', cvFolder('share', [{ metric: 'rate_gap', observed: 0.5, p50: 0.48, horizon: 1 }])], /share\/cross-validation\.arrow: no held-out resident or registered rate/],
    [() => ['widths', run, '--cross-validation', cvFolder('inf-obs', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1, obs: Number.POSITIVE_INFINITY }])], /row 1: observation_sd Infinity; expected a finite sd ≥ 0/],
    [() => {
      const dir = join(root, 'meta-only', 'x');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), '{}');
      return ['widths', dir, '--cross-validation', cv];
    }, /meta-only\/x: neither a run folder \(meta\.json and summary\.arrow\) nor a batch folder/],
    [() => {
      const dir = join(root, 'summary-only', 'x');
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(run, 'summary.arrow'), join(dir, 'summary.arrow'));
      return ['widths', dir, '--cross-validation', cv];
    }, /summary-only\/x: neither a run folder \(meta\.json and summary\.arrow\) nor a batch folder/],
    [() => {
      const dir = join(root, 'bad-meta');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), 'not json');
      return ['widths', dir, '--cross-validation', cv];
    }, /bad-meta\/meta\.json: not readable urbsim metadata \(/],
    [() => {
      const dir = join(root, 'no-scenario');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), '{}');
      return ['widths', dir, '--cross-validation', cv];
    }, /no-scenario\/meta\.json: no scenario start year; not a run folder of urbsim/],
    [() => {
      const dir = join(root, 'no-years');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), '{"scenario": {}}');
      return ['widths', dir, '--cross-validation', cv];
    }, /no-years\/meta\.json: no scenario start year/],
    [() => ['widths', run, '--cross-validation', cvFolder('old', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 }], ['area', 'metric', 'year', 'observed', 'p50', 'horizon'])], /old\/cross-validation\.arrow: no column count_may_change; written by another version of urbsim\?/],
    [() => ['widths', run, '--cross-validation', cvFolder('before-obs', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 }], ['area', 'metric', 'year', 'observed', 'p50', 'horizon', 'count_may_change'])], /before-obs\/cross-validation\.arrow: no column observation_sd; written by another version of urbsim\?/],
    [() => ['widths', run, '--cross-validation', cvFolder('nan-obs', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1, obs: 0.01 }, { metric: 'registered_rate', observed: 0.4, p50: 0.38, horizon: 2, obs: Number.NaN }])], /nan-obs\/cross-validation\.arrow: row 2: observation_sd NaN; expected a finite sd ≥ 0/],
    [() => ['widths', run, '--cross-validation', cvFolder('negative-obs', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1, obs: -0.5 }])], /row 1: observation_sd -0\.5; expected a finite sd ≥ 0/],
    // A rate's median below 0 was scaled into an error of 1.128 at 1 year (exit 0); an observed 1.5 or NaN, a horizon
    // of 0, dropped from the bound without a word.
    [() => ['widths', run, '--cross-validation', cvFolder('negative-p50', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 }, { metric: 'resident_rate', observed: 0.5, p50: -0.2, horizon: 1 }])], /negative-p50\/cross-validation\.arrow: row 2 \(resident_rate of dalian\): p50 -0\.2; expected a rate between 0 and 1/],
    [() => ['widths', run, '--cross-validation', cvFolder('over-one', [{ metric: 'registered_rate', observed: 1.5, p50: 0.49, horizon: 1 }])], /row 1 \(registered_rate of dalian\): observed 1\.5; expected a rate between 0 and 1/],
    [() => ['widths', run, '--cross-validation', cvFolder('nan-observed', [{ metric: 'resident_rate', observed: Number.NaN, p50: 0.49, horizon: 1 }])], /row 1 \(resident_rate of dalian\): observed NaN; expected a rate between 0 and 1/],
    [() => ['widths', run, '--cross-validation', cvFolder('zero-horizon', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 0 }])], /row 1 \(resident_rate of dalian\): horizon 0; expected a whole number of years ≥ 1/],
    [() => {
      const dir = join(root, 'text-obs');
      mkdirSync(dir, { recursive: true });
      const t = tableFromArrays({ area: ['dalian'], metric: ['resident_rate'], year: Int32Array.of(2014), observed: Float64Array.of(0.5), p50: Float64Array.of(0.49), horizon: Int32Array.of(1), count_may_change: [false], observation_sd: ['0.01'] });
      writeFileSync(join(dir, 'cross-validation.arrow'), tableToIPC(t));
      return ['widths', run, '--cross-validation', dir];
    }, /text-obs\/cross-validation\.arrow: column observation_sd holds .*Utf8>, not numbers/],
    [() => {
      const dir = join(root, 'text-observed');
      mkdirSync(dir, { recursive: true });
      const t = tableFromArrays({ area: ['dalian'], metric: ['resident_rate'], year: Int32Array.of(2014), observed: ['0.5'], p50: Float64Array.of(0.49), horizon: Int32Array.of(1), count_may_change: [false], observation_sd: Float64Array.of(0) });
      writeFileSync(join(dir, 'cross-validation.arrow'), tableToIPC(t));
      return ['widths', run, '--cross-validation', dir];
    }, /text-observed\/cross-validation\.arrow: column observed holds .*Utf8>, not numbers/],
    [() => ['widths', run, '--cross-validation', cvFolder('no-fold', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 }, { metric: 'registered_rate', observed: 0.4, p50: 0.38, horizon: 2, area: 'liuzhou' }], undefined, [])], /no-fold\/scenarios\/liuzhou\.yaml: not found; row 2 of .*no-fold\/cross-validation\.arrow is a registered rate of liuzhou, and its fold's scenario says what that rate counts and over whom/],
    [() => ['widths', run, '--cross-validation', cvFolder('no-area', [{ metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 }], ['metric', 'year', 'observed', 'p50', 'horizon', 'count_may_change', 'observation_sd'])], /no-area\/cross-validation\.arrow: no column area; written by another version of urbsim\?/],
    [() => {
      const bad = join(root, 'bad');
      mkdirSync(bad, { recursive: true });
      writeFileSync(join(bad, 'cross-validation.arrow'), 'not arrow');
      return ['widths', run, '--cross-validation', bad];
    }, /bad\/cross-validation\.arrow: cannot be read as an Arrow table/],
    // Emptied: was 'no column area; written by another version of urbsim?'.
    [() => {
      const empty = join(root, 'empty-cv');
      mkdirSync(empty, { recursive: true });
      writeFileSync(join(empty, 'cross-validation.arrow'), '');
      return ['widths', run, '--cross-validation', empty];
    }, /empty-cv\/cross-validation\.arrow: cannot be read as an Arrow table \(it is empty, 0 bytes\)/],
    // A run folder's weighed.json that is not JSON, or JSON of another shape (was an internal error, exit 1).
    [() => {
      const dir = join(root, 'weighed-cut');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'weighed.json'), '{"key": "k", ');
      return ['widths', dir, '--cross-validation', cv];
    }, /weighed-cut\/weighed\.json: not readable as urbsim's weighed answer \(.*\); urbsim run writes it anew with the same --out/],
    [() => {
      const dir = join(root, 'weighed-empty');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'weighed.json'), '{}');
      return ['widths', dir, '--cross-validation', cv];
    }, /weighed-empty\/weighed\.json: not readable as urbsim's weighed answer \(figures: expected a list, found nothing\); urbsim run writes it anew with the same --out/],
    [() => {
      const dir = join(root, 'weighed-null');
      cpSync(run, dir, { recursive: true });
      writeFileSync(join(dir, 'weighed.json'), 'null');
      return ['widths', dir, '--cross-validation', cv];
    }, /weighed-null\/weighed\.json: not readable as urbsim's weighed answer \(expected a mapping, found nothing\)/],
  ])('bad input %#: exit 2 with the reason', async (args, message) => {
    expectInputError(await cli(args()), message);
  });
});

describe('widthsMarkdown: the bounds, the rule, and the scenarios by their narrowest year', () => {
  // Three scenarios' registered rates, listed B, C, A; each year's width, bounds and verdict given.
  const check = (scenario: string, year: number, p50: number, width: number, lower: number, upper: number, verdict: WidthCheck['verdict'], heldTo: WidthCheck['heldTo'] = 'registered, same count'): WidthCheck =>
    ({ scenario, metric: 'registered_rate', year, horizon: year - 2013, p10: p50 - width / 2, p50, p90: p50 + width / 2, definition: 'hukou', heldTo, width, lower, upper, verdict });
  const checks = [
    check('B', 2014, 0.6, 0.06, 0.04, 0.08, 'within'), // 1.5
    check('B', 2015, 0.6, 0.045, 0.05, 0.1, 'narrower', 'registered, all'), // 0.9
    check('B', 2016, 0.6, 0.2, 0.05, 0.1, 'wider', 'registered, all'), // 4
    check('C', 2014, 0.55, 0.08, 0.04, 0.1, 'within'), // 2
    check('C', 2015, 0.55, 0.12, 0.06, 0.2, 'within'), // 2, a tie: the first year is the narrowest
    check('C', 2016, 0.55, 0.15, 0.05, 0.2, 'within'), // 3
    check('A', 2014, 0.5, 0.02, 0.04, 0.08, 'narrower'), // 0.5
    check('A', 2015, 0.5, 0.03, 0.06, 0.12, 'narrower'), // 0.5, a tie
    check('A', 2016, 0.5, 0.1, 0.05, 0.2, 'within'), // 2
  ];
  // One registered figure by hukou type (0.03 / 0.6 = 0.05 of the rural hukou at 1 year), none of the resident
  // rates, two over residents.
  const reg = (area: string, year: number, observed: number, median: number, denominator: 'registered' | 'resident') =>
    ({ area, year, metric: 'registered_rate', observed, median, horizon: year - 2013, countMayChange: false, definition: 'hukou' as const, denominator });
  const errors = [reg('dalian', 2014, 0.4, 0.37, 'registered'), reg('dongguan', 2015, 0.13, 0.117, 'resident'), reg('dongguan', 2016, 0.14, 0.12, 'resident')];
  /** The lines `want`, one after another, somewhere in `out`. */
  const expectRun = (out: string, want: string[]) => {
    const lines = out.split('\n');
    const i = lines.indexOf(want[0]);
    expect(i, `${want[0]} in\n${out}`).toBeGreaterThanOrEqual(0);
    expect(lines.slice(i, i + want.length)).toEqual(want);
  };
  const bounds = '| 1 (1 area) | 0 | rural | 0.0500 / 0.0707 / 0.1118 / 0.1581 | 0.0500 / 0.1000 / 0.2500 / 0.5000 |';
  const rowA = '| A | 2 of 3 (2014–2015) | 2014 (1) | registered, same count | 50.00% | 49.00–51.00% | 2.00 | 4.00–8.00 | 0.50 |';
  const rowB = '| B | 1 of 3 (2015–2015) | 2015 (2) | registered, all | 60.00% | 57.75–62.25% | 4.50 | 5.00–10.00 | 0.90 |';
  const rowC = '| C | 0 of 3 | 2014 (1) | registered, same count | 55.00% | 51.00–59.00% | 8.00 | 4.00–10.00 | 2.00 |';

  it('narrower scenarios only, narrowest first; by horizon the scenarios, the narrower and the median width / lower bound', () => {
    const out = widthsMarkdown(checks, errors, 3, 'cv/cross-validation.arrow');
    expectRun(out, [
      'Interval widths of 3 scenarios against the errors of cv/cross-validation.arrow.',
      '',
      '| held to | for | held-out figures | of which the count may have changed | scale | error, slowest growth, at 1 / 2 / 5 / 10 years | fastest growth |',
      '|---|---|---|---|---|---|---|',
      `| registered, same count | registered rates by hukou type, before the scenario's first possible break of the count or without one ${bounds}`,
      `| registered, all | registered rates by hukou type, from that year on ${bounds}`,
      '',
    ]);
    expect(out).not.toContain('| resident |'); // no resident figure: no row
    // The rule: seven lines, then a blank one.
    for (const phrase of ['Error: each held-out figure', 'slope 1 − p for a held-out rate of the registered population', 'at its median).', 'Less the figure\'s own observation error', 'an error of a pace as √h', 'every error as h below its horizon', 'Narrower: below it.'])
      expect(out.split('\n').filter((l) => l.includes(phrase))).toHaveLength(1);
    expectRun(out, ['slope(p); the slowest growth gives the lower bound. Narrower: below it.', '']);
    expectRun(out, [
      'Left out of every bound: 2 held-out registered rates over the resident population (dongguan 2015, dongguan 2016): the share of the residents that is rural-hukou locals, the slope of such a rate on the rural scale, is not in the cross-validation\'s table.',
      '',
      '**registered_rate: 2 of 3 scenarios narrower than implied in some year.**',
      '',
      '| horizon (years) | 1 | 2 | 3 |',
      '|---|---|---|---|',
      '| scenarios | 3 | 3 | 3 |',
      '| narrower | 1 | 2 | 0 |',
      // Ratios at 1 year 1.5, 2, 0.5; at 2 0.9, 2, 0.5; at 3 4, 3, 2.
      '| median width / lower bound | 1.50 | 0.90 | 3.00 |',
      '',
      '| scenario (run folder) | years narrower | narrowest year (h) | held to | median | 80 % interval | width (points) | implied (points) | width / lower bound |',
      '|---|---|---|---|---|---|---|---|---|',
      rowA,
      rowB,
      '',
    ]);
    expect(out).not.toContain('| C |');
    expect(out).not.toContain('resident_rate');
    expect(out.endsWith(`${rowB}\n`)).toBe(true);
  });

  it('the horizons in order, whichever scenario reaches them first', () => {
    // E from 2013 to 2016 without its first year, F with only 2014: horizons met as 2, 3, 1.
    const out = widthsMarkdown([check('E', 2015, 0.5, 0.1, 0.05, 0.2, 'within'), check('E', 2016, 0.5, 0.1, 0.05, 0.2, 'within'), check('F', 2014, 0.5, 0.02, 0.04, 0.08, 'narrower')], errors.slice(0, 1), 2, 'x');
    expectRun(out, ['| horizon (years) | 1 | 2 | 3 |', '|---|---|---|---|', '| scenarios | 1 | 1 | 1 |', '| narrower | 1 | 0 | 0 |', '| median width / lower bound | 0.50 | 2.00 | 2.00 |']);
  });

  it('with all: every scenario, narrowest first; one left out is said in the singular; none narrower lists none', () => {
    const out = widthsMarkdown(checks, errors.slice(0, 2), 3, 'x', true);
    expectRun(out, [rowA, rowB, rowC, '']);
    expect(out).toContain('Left out of every bound: 1 held-out registered rate over the resident population (dongguan 2015): the share');
    const none = widthsMarkdown(checks.filter((c) => c.scenario === 'C'), errors.slice(0, 1), 1, 'x');
    expect(none).toContain('**registered_rate: 0 of 1 scenario narrower than implied in some year.**');
    expect(none).not.toContain('| scenario (run folder) |');
    expect(none).not.toContain('Left out');
  });
});
