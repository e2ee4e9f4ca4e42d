import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../src/analysis/calibrate.ts';
import { calibratedTargets } from '../../src/analysis/calibratedTargets.ts';
import { independentLaws } from '../../src/batch/independentLaws.ts';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { ownWeighedRedrawn } from '../../src/batch/ownWeighedRedrawn.ts';
import { runBatch } from '../../src/batch/runBatch.ts';
import { REDRAWN_MAX_RUNS, REDRAWN_RUNS_PER_RUN, moreRedrawnRuns, redrawnRuns } from '../../src/report/batchMarks.ts';
import { InputError } from '../../src/inputError.ts';
import { label } from '../../src/report/labels.ts';
import { METRICS } from '../../src/model/indicators.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';

// Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for a median to a hundredth of a point.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x < 0 ? -y : y;
}

// Anhui's pilot: an area without observed figures of its own, so every law in it is the one such an area draws.
const anhuiLine = (key: string) =>
  readFileSync('scenarios/pilots/anhui.yaml', 'utf8').split('\n').find((l) => l.startsWith(`  ${key}:`))!.trim().split('   # ')[0];
const weihaiLine = (key: string) =>
  readFileSync('scenarios/pilots/weihai.yaml', 'utf8').split('\n').find((l) => l.startsWith(`  ${key}:`))!.trim().split('   # ')[0];

interface SdProfile { s: number[]; logLik: number[] }
interface SigmaFit { phi: number; posterior: { prior: string }; profile: SdProfile; withoutArea: Record<string, { profile: SdProfile }> }

/**
 * σ's law on a fit's grid, worked out here: each s of the profile, times √(1 − φ²), to 12 digits; its probability the
 * posterior's density there — likelihood times the half-normal prior the file names — times half the cells beside it.
 */
function sigmaGridLaw(fit: SigmaFit, profile: SdProfile) {
  const scale = Number(fit.posterior.prior.match(/scale ([\d.]+)/)![1]);
  const { s, logLik } = profile;
  const d = s.map((x, i) => (Math.exp(logLik[i] - 0.5 * (x / scale) ** 2) * ((i > 0 ? x - s[i - 1] : 0) + (i < s.length - 1 ? s[i + 1] - x : 0))) / 2);
  const total = d.reduce((a, b) => a + b, 0);
  return { values: s.map((x) => Number((x * Math.sqrt(1 - fit.phi ** 2)).toPrecision(12))), weights: d.map((x) => x / total) };
}
const meanOf = (law: { values: number[]; weights: number[] }) => law.values.reduce((a, v, i) => a + v * law.weights[i], 0);

// A law's numbers as written in its line (percentages as fractions).
const listOf = (line: string, k: string) => line.match(new RegExp(`${k}: \\[([^\\]]*)\\]`))![1].split(', ').map((x) => (x.endsWith('%') ? parseFloat(x) / 100 : parseFloat(x)));

/**
 * What the weighed answer must be, worked out here: the runs of `mixtureFile` calibrated on `figures` (calibrate's
 * likelihood weights), each weight times Π p(θ)/m(θ) over `laws` (p the prior's line, m the mixture's), the densities
 * of the lines written out — on the logit scale for a logitnormalmix, the value's for a normalmix —, and each target's
 * share of the weight among the runs that meet it (from the runs' rows), then all jointly.
 */
async function weighedByHand(
  mixtureFile: string,
  seed: number,
  runs: number,
  figures: ReturnType<typeof shippedObserved>,
  laws: { key: string; prior: string; mixture: string }[],
  targets: readonly { metric: string; year: number; op: string; value: number }[],
  sigma?: { prior: string; mixture: string },
) {
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-redrawn-test-'));
  try {
    writeFileSync(join(dir, 'by-hand.yaml'), mixtureFile);
    const c = await calibrate(withMonteCarlo(loadScenario(join(dir, 'by-hand.yaml')), { runs, seed }), figures);
    const density = (line: string, x: number) => {
      const logit = line.includes('logitnormalmix');
      const scale = (v: number) => (logit ? Math.log(v / (1 - v)) : v);
      const [w, loc, sd] = logit ? [listOf(line, 'weights'), listOf(line, 'medians'), listOf(line, 'sigmas')] : [listOf(line, 'weights'), listOf(line, 'means'), listOf(line, 'sds')];
      return w.reduce((a, wi, j) => a + (wi * Math.exp(-0.5 * ((scale(x) - scale(loc[j])) / sd[j]) ** 2)) / sd[j], 0) / w.reduce((a, b) => a + b, 0);
    };
    const k = c.result.sampledNames.length;
    // σ is drawn in the run from its stream (seedrandom's tychei seeded "seed/run/process:<key>", its first number),
    // the value whose cumulative probability first passes it; its ratio is that value's probability under each line.
    const sigmaRatio = (r: number) => {
      if (!sigma) return 1;
      const [pw, mw] = [listOf(sigma.prior, 'weights'), listOf(sigma.mixture, 'weights')];
      const u = seedrandom.tychei(`${seed}/${r}/process:hukou_conversion_rate`).double();
      const total = mw.reduce((a, b) => a + b, 0);
      let [i, acc] = [0, mw[0] / total];
      while (u >= acc && i < mw.length - 1) acc += mw[++i] / total;
      return pw[i] / pw.reduce((a, b) => a + b, 0) / (mw[i] / total);
    };
    const ratio = (r: number) => laws.reduce((a, l) => {
      const x = c.result.sampled[r * k + c.result.sampledNames.indexOf(l.key)];
      return a * (density(l.prior, x) / density(l.mixture, x));
    }, sigmaRatio(r));
    const weights = Array.from(c.fit.accepted, (r, i) => c.fit.weights[i] * ratio(r));
    const W = weights.reduce((a, b) => a + b, 0);
    // Each target met or not in each run, from the runs' rows ((run · years + y) · metrics + metric).
    const years = c.result.years;
    const metrics = c.result.rows.length / (c.result.runEnd - c.result.runStart) / years.length;
    const met = (r: number, t: (typeof targets)[number]) => {
      const v = c.result.rows[(r * years.length + years.indexOf(t.year)) * metrics + METRICS.indexOf(t.metric as (typeof METRICS)[number])];
      return t.op === '>=' ? v >= t.value : v <= t.value;
    };
    const probability = (hit: (r: number) => boolean) => Array.from(c.fit.accepted, (r, i) => (hit(r) ? weights[i] : 0)).reduce((a, b) => a + b, 0) / W;
    return {
      kish: W ** 2 / weights.reduce((a, b) => a + b * b, 0),
      probabilities: [...targets.map((t) => probability((r) => met(r, t))), probability((r) => targets.every((t) => met(r, t)))],
      calibrate: calibratedTargets(c).map((t) => t.calibrated.probability),
      fitted: c.fitted.map((u) => u.point.line),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('independentLaws', () => {
  it('each key as a pilot without figures of its own writes it, under its section; a key no pilot writes left out', () => {
    expect(independentLaws(['hukou_conversion_rate', 'net_migration', 'no_such_key', 'migrant_settle_rate', 'settle_willingness'])).toEqual([
      { key: 'hukou_conversion_rate', section: 'parameters', line: anhuiLine('hukou_conversion_rate') },
      { key: 'net_migration', section: 'variables', line: anhuiLine('net_migration') },
      { key: 'migrant_settle_rate', section: 'parameters', line: 'migrant_settle_rate: { dist: uniform, min: 2%, max: 8% }' },
      // Open mode's key (Weihai's pilot writes it so, line 20): the same assumption's range.
      { key: 'settle_willingness', section: 'parameters', line: 'settle_willingness: { dist: uniform, min: 2%, max: 8% }' },
    ]);
    // The lines Anhui's file holds are laws, not the keys themselves (the lookup found them).
    expect(anhuiLine('rural_to_town_rate')).toMatch(/^rural_to_town_rate: \{ dist: logitnormalmix, weights: \[/);
  });
});

describe('ownWeighedRedrawn', () => {
  const weihaiFile = 'scenarios/pilots/weihai.yaml';
  const runs = 2000;

  it("Weihai's pilot: run again with its two own-fitted laws drawn half as Anhui's, half as its own, its conversion σ half as fitted without its figures, half with them, weighed by both 2015 figures and back to Anhui's laws and σ without Weihai", async () => {
    const weihai = loadScenario(weihaiFile);
    const loaded: { file: string; text: string }[] = [];
    const load = (f: string): ResolvedScenario => {
      loaded.push({ file: f, text: readFileSync(f, 'utf8') });
      return loadScenario(f);
    };
    // Asked for as many runs again as drawn: no second draw. Weihai has no history before its base year
    // (fitted-defaults.json): no runs to condition its pace on one.
    const started: number[] = [];
    const history: number[] = [];
    const w = (await ownWeighedRedrawn(weihaiFile, weihai, shippedObserved(), { runs, load, more: () => runs, onStart: (n) => started.push(n), onHistory: (n) => history.push(n) }))!;
    expect([started, history]).toEqual([[runs], []]);
    // The pilot's comments name its 2015 resident rate (observed.csv:225) for the pace, its 2015 registered rate
    // (observed.csv:222) for the conversion: those two laws are drawn again, in the order of the pilot's paces.
    // Weihai's 2013/2015 registered rates enter the conversion σ's fit: its σ is drawn from the posterior fitted
    // without them (fitted-defaults.json withoutArea.weihai.profile), on the fit's grid, under uncertainty.process;
    // half the runs from the one fitted with them (registeredProcess.profile), on the same values.
    const fit = (JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8')) as { registeredProcess: SigmaFit }).registeredProcess;
    const [p, q] = [sigmaGridLaw(fit, fit.withoutArea.weihai.profile), sigmaGridLaw(fit, fit.profile)];
    const [sigmaPrior, sigmaMixture] = [loaded[0], loaded[1]].map((l) => l.text.split('\n').find((x) => x.startsWith('    hukou_conversion_rate: { sigma: { dist: choice, '))!.trim());
    expect(listOf(sigmaPrior, 'values')).toEqual(p.values);
    expect(listOf(sigmaMixture, 'values')).toEqual(p.values);
    expect(listOf(sigmaPrior, 'weights').every((w, i) => Math.abs(w - p.weights[i]) < 1e-11)).toBe(true);
    expect(listOf(sigmaMixture, 'weights').every((w, i) => Math.abs(w - (p.weights[i] + q.weights[i]) / 2) < 1e-11)).toBe(true);
    // Without Weihai the posterior sits lower than with it (its series is one of those bounding s from above and below).
    expect(meanOf(p)).not.toBeCloseTo(meanOf(q), 2);
    const sigmaLines = ['uncertainty:', '  process:', `    ${sigmaPrior}`];
    const file = (lines: string[]) => [`extends: ${JSON.stringify(resolve(weihaiFile))}`, 'parameters:', ...lines.map((l) => `  ${l}`), ...sigmaLines, ''].join('\n');
    const keys = ['rural_to_town_rate', 'hukou_conversion_rate'];
    // Each mixture from the two lines as written: Anhui's weights, then Weihai's, each half of its own sum.
    const law = (line: string) => ({ w: listOf(line, 'weights'), m: listOf(line, 'medians'), s: listOf(line, 'sigmas') });
    const mixture = (key: string) => {
      const [p, q] = [law(anhuiLine(key)), law(weihaiLine(key))];
      const half = (w: number[]) => w.map((x) => x / 2 / w.reduce((a, b) => a + b, 0));
      return { w: [...half(p.w), ...half(q.w)], m: [...p.m, ...q.m], s: [...p.s, ...q.s] };
    };
    // The prior's file (its laws' densities), then the mixture's, loaded once to read its densities and once to draw.
    expect(loaded).toHaveLength(3);
    expect(loaded[0].text).toBe(file(keys.map(anhuiLine)));
    expect(loaded[1].text).toBe(loaded[2].text);
    const drawnLines = loaded[1].text.split('\n').slice(2, 4).map((l) => l.trim());
    keys.forEach((key, i) => {
      const [got, want] = [law(drawnLines[i]), mixture(key)];
      expect(drawnLines[i].startsWith(`${key}: { dist: logitnormalmix, `)).toBe(true);
      expect(got.w.map((x, j) => x - want.w[j]).every((d) => Math.abs(d) < 1e-12)).toBe(true);
      expect(got.m.map((x, j) => x - want.m[j]).every((d) => Math.abs(d) < 1e-12)).toBe(true);
      expect(got.s).toEqual(want.s);
    });
    expect(loaded.every((l) => !existsSync(l.file))).toBe(true); // the temporary files are gone
    expect(w.redrawn).toEqual({ keys: [...keys, 'uncertainty.process.hukou_conversion_rate.sigma'], runs });
    expect(w.inLaws).toEqual([]);
    expect(w.figures.map((p) => `${p.metric} ${p.year} ${p.line}`)).toEqual(['registered_rate 2015 222', 'resident_rate 2015 225']);
    // The mixture's file written by hand and calibrated on the shipped figures: the same runs (the pilot's seed), each
    // weight times Π p(θ)/m(θ).
    const byHand = await weighedByHand(loaded[1].text, weihai.monteCarlo.seed, runs, shippedObserved(), keys.map((key, i) => ({ key, prior: anhuiLine(key), mixture: drawnLines[i] })), weihai.targets, { prior: sigmaPrior, mixture: sigmaMixture });
    expect(w.kishRuns).toBeCloseTo(byHand.kish, 6);
    expect(w.targets.map((t) => t.id)).toEqual([...weihai.targets.map((t) => t.id), 'all']);
    w.targets.forEach((t, i) => expect(t.probability, t.id).toBeCloseTo(byHand.probabilities[i], 9));
    // Not calibrate's own answer on those runs, which would be the posterior under the mixture, not under Anhui's laws.
    expect(byHand.calibrate.some((p, i) => Math.abs(p - byHand.probabilities[i]) > 1e-6)).toBe(true);
    // The 2015 resident rate, 63.16 % against the pilot's median 62.70 % in its own runs, moves the 2017 resident target
    // up: its path now stands where the figure says.
    const resident2017 = w.targets.find((t) => t.id === weihai.targets.find((x) => x.metric === 'resident_rate' && x.year === 2017)!.id)!;
    expect(resident2017.probability).toBeGreaterThan(0.55);
  }, 60_000);

  it('nothing to draw again: no law fitted to its own figures, no figure, no targets or no area; the loader is never called', async () => {
    const never = (): ResolvedScenario => { throw new Error('loaded'); };
    const o = { runs, load: never };
    // The curated Dalian file has a 2015 registered rate but draws the pooled laws: its own runs are weighed instead.
    expect(await ownWeighedRedrawn('scenarios/dalian.yaml', loadScenario('scenarios/dalian.yaml'), shippedObserved(), o)).toBeUndefined();
    expect(await ownWeighedRedrawn('scenarios/pilots/anhui.yaml', loadScenario('scenarios/pilots/anhui.yaml'), shippedObserved(), o)).toBeUndefined();
    const weihai = loadScenario(weihaiFile);
    expect(await ownWeighedRedrawn(weihaiFile, weihai, [], o)).toBeUndefined();
    expect(await ownWeighedRedrawn(weihaiFile, { ...weihai, targets: [] }, shippedObserved(), o)).toBeUndefined();
    expect(await ownWeighedRedrawn(weihaiFile, { ...weihai, city: undefined }, shippedObserved(), o)).toBeUndefined();
  });
});

describe('ownWeighedRedrawn: the second file, its sections and its clean-up', () => {
  // A loader that keeps the file it is given and stops there: no run is drawn.
  const stopping = () => {
    const seen: { file: string; text: string }[] = [];
    const load = (f: string): ResolvedScenario => {
      seen.push({ file: f, text: readFileSync(f, 'utf8') });
      throw new Error('stopped at the load');
    };
    return { seen, load };
  };

  it("Jinchang's pilot: net migration, a variable, under variables; its two paces under parameters; the folder gone when the load fails", async () => {
    // Its comments name its own figures behind the pace, net migration and the conversion (2015 resident rate,
    // resident population, registered rate: observed.csv:130, 128, 126).
    const file = 'scenarios/pilots/jinchang.yaml';
    const { seen, load } = stopping();
    await expect(ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load })).rejects.toThrow('stopped at the load');
    expect(seen.map((x) => x.text)).toEqual([
      [
        `extends: ${JSON.stringify(resolve(file))}`,
        'variables:',
        `  ${anhuiLine('net_migration')}`,
        'parameters:',
        `  ${anhuiLine('rural_to_town_rate')}`,
        `  ${anhuiLine('hukou_conversion_rate')}`,
        '',
      ].join('\n'),
    ]);
    expect(existsSync(dirname(seen[0].file))).toBe(false);
  });

  it("Jinjiang's pilot: its pace, conditioned on its resident rates before its base year too, keeps those (2011 → 2013, 59.96 → 62.80 %) in the law drawn again", async () => {
    const file = 'scenarios/pilots/jinjiang.yaml';
    const { seen, load } = stopping();
    await expect(ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load })).rejects.toThrow('stopped at the load');
    const lines = seen[0].text.split('\n');
    expect(lines.slice(0, 2)).toEqual([`extends: ${JSON.stringify(resolve(file))}`, 'parameters:']);
    expect(lines).toHaveLength(4); // the pace alone, and the closing newline
    // The mixture's median, found by bisection on Σ wᵢ Φ((logit x − logit mᵢ) / σᵢ) = ½, the cdf written out here.
    const median = (line: string) => {
      const list = (k: string) => line.match(new RegExp(`${k}: \\[([^\\]]*)\\]`))![1].split(', ').map((x) => (x.endsWith('%') ? parseFloat(x) / 100 : parseFloat(x)));
      const [w, m, sd] = [list('weights'), list('medians'), list('sigmas')];
      const logit = (x: number) => Math.log(x / (1 - x));
      const phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
      const cdf = (x: number) => w.reduce((a, wi, i) => a + wi * phi((logit(x) - logit(m[i])) / sd[i]), 0) / w.reduce((a, b) => a + b, 0);
      let [lo, hi] = [0.001, 0.2];
      for (let k = 0; k < 60; k++) [lo, hi] = cdf((lo + hi) / 2) < 0.5 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
      return lo;
    };
    const pooled = median(anhuiLine('rural_to_town_rate'));
    const drawn = median(lines[2].trim());
    expect(lines[2].trim()).toMatch(/^rural_to_town_rate: \{ dist: logitnormalmix, /);
    // Jinjiang gained 1.42 points a year in 2011–2013, more than the pooled pace gives it: the cross-validation's own fold
    // moved its median 3.00 → 3.13 % on the same history (README, "Cross-validated coverage"); here from the pooled ~2.96 %.
    expect(pooled).toBeGreaterThan(0.029);
    expect(pooled).toBeLessThan(0.03);
    expect(drawn - pooled).toBeGreaterThan(0.0005);
    expect(drawn).toBeLessThan(0.0335);
  });

  it("Jinjiang's and Huizhou's paces drawn again: the pooled law conditioned on the history alone, wider than the pilot's (history and later figures), narrower than the pooled", async () => {
    // The mixture's sd on the logit scale by its moments, Σ wᵢ(σᵢ² + (μᵢ − μ̄)²) / Σ wᵢ, μᵢ = logit of the printed median.
    const logitSd = (line: string) => {
      const list = (k: string) => line.match(new RegExp(`${k}: \\[([^\\]]*)\\]`))![1].split(', ').map((x) => (x.endsWith('%') ? parseFloat(x) / 100 : parseFloat(x)));
      const [w, m, sd] = [list('weights'), list('medians').map((x) => Math.log(x / (1 - x))), list('sigmas')];
      const W = w.reduce((a, b) => a + b, 0);
      const mean = w.reduce((a, wi, i) => a + wi * m[i], 0) / W;
      return Math.sqrt(w.reduce((a, wi, i) => a + wi * (sd[i] ** 2 + (m[i] - mean) ** 2), 0) / W);
    };
    const pilotLine = (file: string) => readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('  rural_to_town_rate:'))!.trim().split('   # ')[0];
    const pooled = logitSd(anhuiLine('rural_to_town_rate'));
    for (const area of ['jinjiang', 'huizhou']) {
      const file = `scenarios/pilots/${area}.yaml`;
      const { seen, load } = stopping();
      await expect(ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load })).rejects.toThrow('stopped at the load');
      expect(existsSync(dirname(seen[0].file))).toBe(false); // the history's pilot file (dir/history) gone with it
      const drawn = logitSd(seen[0].text.split('\n').find((l) => l.startsWith('  rural_to_town_rate:'))!.trim());
      // The pilot's law is conditioned on the history and the figures after the base year, the law drawn again on the
      // history alone: less information, wider (Jinjiang 0.153 → 0.166, Huizhou 0.141 → 0.160). Conditioning the
      // pilot's law (history counted twice: 0.141, 0.136) or its law before the history (0.153, 0.141) instead of the
      // pooled one (0.192) gives one no wider than the pilot's.
      expect(drawn, area).toBeGreaterThan(logitSd(pilotLine(file)) + 0.005);
      expect(drawn, area).toBeLessThan(pooled - 0.01);
    }
  }, 60_000);

  it("Dongguan's pilot with a whole count of migrants settled in 2015: its take-up (fitted to the 2015 count, observed.csv:66) drawn as a points-mode pilot without counts draws it", async () => {
    const file = 'scenarios/pilots/dongguan.yaml';
    const partial = shippedObserved().find((p) => p.area === 'dongguan' && p.metric === 'settled_migrants' && p.line === 66)!;
    // The same count as a whole one (the shipped one is of some channels only, which no weighing reads).
    const whole = { ...partial, definition: 'settled_registry' as const };
    const { seen, load } = stopping();
    await expect(ownWeighedRedrawn(file, loadScenario(file), [...shippedObserved(), whole], { runs: 10, load })).rejects.toThrow('stopped at the load');
    expect(seen.map((x) => x.text)).toEqual([
      [
        `extends: ${JSON.stringify(resolve(file))}`,
        'variables:',
        `  ${anhuiLine('net_migration')}`,
        'parameters:',
        // Dalian's pilot (points mode, no counts of its own) writes it so, line 19.
        '  settle_willingness: { dist: uniform, min: 2%, max: 8% }',
        '',
      ].join('\n'),
    ]);
  });

  it("Dongguan with a whole 2015 count: its take-up, uniform in the prior, drawn from the prior alone; its net migration still from the mixture", async () => {
    const file = 'scenarios/pilots/dongguan.yaml';
    const partial = shippedObserved().find((p) => p.area === 'dongguan' && p.metric === 'settled_migrants' && p.line === 66)!;
    const whole = { ...partial, definition: 'settled_registry' as const };
    const seen: string[] = [];
    // Kept up to the second file, the mixture's, then stopped: no run is drawn.
    const load = (f: string): ResolvedScenario => {
      seen.push(readFileSync(f, 'utf8'));
      if (seen.length === 2) throw new Error('stopped at the mixture');
      return loadScenario(f);
    };
    await expect(ownWeighedRedrawn(file, loadScenario(file), [...shippedObserved(), whole], { runs: 10, load })).rejects.toThrow('stopped at the mixture');
    const line = (text: string, key: string) => text.split('\n').find((l) => l.trim().startsWith(`${key}:`))!.trim().split('   # ')[0];
    // A uniform prior and the pilot's own law do not mix: the take-up as the prior writes it. Net migration's two
    // normal mixtures do: not Anhui's line, a mixture of normals.
    expect(line(seen[1], 'settle_willingness')).toBe('settle_willingness: { dist: uniform, min: 2%, max: 8% }');
    expect(line(seen[1], 'net_migration')).not.toBe(anhuiLine('net_migration'));
    expect(line(seen[1], 'net_migration')).toMatch(/^net_migration: \{ dist: normalmix,/);
  });

  it('no refitted law that mixes (Dongguan\'s take-up alone, uniform in the prior): the runs drawn from the prior as it is', async () => {
    const file = 'scenarios/pilots/dongguan.yaml';
    const partial = shippedObserved().find((p) => p.area === 'dongguan' && p.metric === 'settled_migrants' && p.line === 66)!;
    // Without its 2015 resident population (observed.csv:62), net migration is fitted to no figure given here.
    const observed = [...shippedObserved().filter((p) => !(p.area === 'dongguan' && p.line === 62)), { ...partial, definition: 'settled_registry' as const }];
    const seen: string[] = [];
    const load = (f: string): ResolvedScenario => {
      seen.push(readFileSync(f, 'utf8'));
      if (seen.length === 2) throw new Error('stopped at the second file');
      return loadScenario(f);
    };
    await expect(ownWeighedRedrawn(file, loadScenario(file), observed, { runs: 10, load })).rejects.toThrow('stopped at the second file');
    expect(seen[0]).toContain('  settle_willingness: { dist: uniform, min: 2%, max: 8% }');
    expect(seen[0]).not.toContain('net_migration');
    expect(seen[1]).toBe(seen[0]);
  });

  it("Dongguan's pilot: its net migration, a normal mixture and a variable, drawn from Anhui's and its own law half and half", async () => {
    const file = 'scenarios/pilots/dongguan.yaml';
    const seen: string[] = [];
    // Kept up to the second file, the mixture's, then stopped: no run is drawn.
    const load = (f: string): ResolvedScenario => {
      seen.push(readFileSync(f, 'utf8'));
      if (seen.length === 2) throw new Error('stopped at the mixture');
      return loadScenario(f);
    };
    await expect(ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load })).rejects.toThrow('stopped at the mixture');
    const line = (text: string) => text.split('\n').find((l) => l.trim().startsWith('net_migration:'))!.trim().split('   # ')[0];
    const [p, q, m] = [anhuiLine('net_migration'), line(readFileSync(file, 'utf8')), line(seen[1])];
    expect(seen[1].split('\n').slice(1, 3)).toEqual(['variables:', `  ${m}`]);
    expect(m.startsWith('net_migration: { dist: normalmix, ')).toBe(true);
    const half = (l: string) => listOf(l, 'weights').map((w) => w / 2 / listOf(l, 'weights').reduce((a, b) => a + b, 0));
    const close = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < 1e-12);
    expect(close(listOf(m, 'weights'), [...half(p), ...half(q)])).toBe(true);
    expect(close(listOf(m, 'means'), [...listOf(p, 'means'), ...listOf(q, 'means')])).toBe(true);
    expect(close(listOf(m, 'sds'), [...listOf(p, 'sds'), ...listOf(q, 'sds')])).toBe(true);
  });

  it("Dongguan's pilot under another seed: the runs of that seed, weighed by its resident and registered populations of 2015 but not by the migrants computed from them", async () => {
    const file = 'scenarios/pilots/dongguan.yaml';
    const runs = 200;
    const dongguan = withMonteCarlo(loadScenario(file), { seed: 7 });
    const texts: string[] = [];
    const load = (f: string): ResolvedScenario => {
      texts.push(readFileSync(f, 'utf8'));
      return loadScenario(f);
    };
    const w = (await ownWeighedRedrawn(file, dongguan, shippedObserved(), { runs, load }))!;
    // observed.csv:57, migrant_pop 2015 = 825.41 − 195.01 (lines 62 and 59), adds nothing of its own.
    expect(w.figures.map((p) => `${p.metric} ${p.year} ${p.line}`)).toEqual(['registered_pop 2015 59', 'resident_pop 2015 62']);
    expect(w.redrawn).toEqual({ keys: ['net_migration'], runs });
    // urbsim calibrate weighs by the count of migrants settled through some channels (observed.csv:66, flagged) as
    // well, which the batch leaves out as a partial count: calibrated on the figures without it.
    const figures = shippedObserved().filter((p) => !(p.area === 'dongguan' && p.line === 66));
    const mixture = texts[1].split('\n').find((l) => l.trim().startsWith('net_migration:'))!.trim();
    const byHand = await weighedByHand(texts[1], 7, runs, figures, [{ key: 'net_migration', prior: anhuiLine('net_migration'), mixture }], dongguan.targets);
    expect(byHand.fitted).toEqual([59, 62]);
    w.targets.forEach((t, i) => expect(t.probability, t.id).toBeCloseTo(byHand.probabilities[i], 9));
    expect(w.kishRuns).toBeCloseTo(byHand.kish, 6);
  }, 60_000);
});

it("the second runs' messages name the scenario, not the temporary file: more runs than memory holds", async () => {
  const file = 'scenarios/pilots/weihai.yaml';
  // 10⁹ runs of 8 years, some kB each: terabytes, on any machine.
  await expect(ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 1e9, load: loadScenario })).rejects.toThrow(/^weihai: 1,000,000,000 runs of 8 years need about/);
  // What to do: not shards, which second runs are never split into, but fewer runs of the batch (40 times fewer of them).
  const e = await ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 1e9, load: loadScenario }).catch((x: Error) => x);
  expect((e as Error).message).toMatch(/; these are the runs drawn again to weigh its targets by its own figures \(40 times the batch's --runs, at most 1,000,000\), held in one process: give the batch fewer --runs \(at most about [\d,]+\) or more memory$/);
  expect((e as Error).message).not.toContain('shard');
  // How many: a 40th of the runs memory holds, 75 % of the machine's over each run's need, as the message gives them
  // (rounded there, kB and GB of 1000 or 1024: within 20 %).
  const read = (re: RegExp) => Number((e as Error).message.match(re)![1].replace(/,/g, ''));
  const holds = (0.75 * read(/of the ([\d.]+) GB this machine has/) * 1e9) / (read(/\(([\d.]+) kB a run/) * 1e3);
  expect(read(/at most about ([\d,]+)\) or more memory$/) / (holds / 40)).toBeGreaterThan(0.8);
  expect(read(/at most about ([\d,]+)\) or more memory$/) / (holds / 40)).toBeLessThan(1.25);
});

it('a batch draws 40 times its runs again for a scenario fitted to its own figures (more where few weigh), in the process that runs it (a shard too), and keeps the answer in its folder', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-redrawn-batch-')), 'b');
  const file = 'scenarios/pilots/weihai.yaml';
  try {
    const loaded: string[] = [];
    const load = (f: string): ResolvedScenario => {
      loaded.push(f);
      return loadScenario(f);
    };
    const said: unknown[] = [];
    const onSecondRuns = (e: unknown) => said.push(e);
    const base = (f: string) => f.split(/[\\/]/).at(-1);
    const progressed: [number, number, unknown][] = [];
    const onProgress = (done: number, total: number, at: unknown) => progressed.push([done, total, at]);
    await runBatch([file], { outDir: out, runs: 10, load, shard: { index: 1, count: 1 }, onSecondRuns, onProgress });
    // 40 × 10 runs leave Weihai's two 2015 figures fewer than 100 effective runs: drawn once more, with
    // min(4 × 400, ⌈400 × 150 / effective⌉) runs, said before each draw (they print nothing else). The second runs'
    // file is loaded for each draw, after the prior's and the mixture's own loads (their densities).
    expect(loaded.map(base)).toEqual(['weihai.yaml', 'redrawn.yaml', 'redrawn.yaml', 'redrawn.yaml', 'redrawn.yaml']);
    const first = (await ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 400, load: loadScenario }))!;
    expect(first.kishRuns).toBeLessThan(100);
    const second = Math.min(1600, Math.ceil((400 * 150) / Math.max(first.kishRuns, 1)));
    expect(said).toEqual([{ name: 'weihai', index: 0, total: 1, runs: 400 }, { name: 'weihai', index: 0, total: 1, runs: second, effective: first.kishRuns }]);
    // The progress of each of the three draws, the scenario's 10 runs and both second draws, each counted to its end.
    const weihai = { name: 'weihai', index: 0, total: 1 };
    expect(progressed.filter(([done, total]) => done === total)).toEqual([[10, 10, weihai], [400, 400, weihai], [second, second, weihai]]);
    const kept = JSON.parse(readFileSync(join(out, 'weihai', 'weighed.json'), 'utf8'));
    // The second draw's runs are the answer's, listed in the folder's manifest as its other files are.
    expect(kept.redrawn).toEqual({ keys: ['rural_to_town_rate', 'hukou_conversion_rate', 'uncertainty.process.hukou_conversion_rate.sigma'], runs: second });
    expect(kept.kishRuns).toBeGreaterThan(first.kishRuns);
    expect(kept.key).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'weihai', 'manifest.json'), 'utf8')).files)).toContain('weighed.json');
    // The report after the shards reads the answer kept: nothing drawn again.
    loaded.length = 0;
    said.length = 0;
    const { skipped } = await runBatch([file], { outDir: out, runs: 10, load, onSecondRuns });
    expect({ skipped, loaded: loaded.map(base), said }).toEqual({ skipped: 1, loaded: ['weihai.yaml'], said: [] });
    expect(readFileSync(join(out, 'reachability.md'), 'utf8')).toContain(`${second.toLocaleString('en')} runs drawn again`);
    // Other figures to weigh by: the answer kept is not theirs, so it is drawn anew with them, from the runs kept.
    const more = [...shippedObserved().filter((p) => !(p.area === 'weihai' && p.metric === 'resident_rate' && p.year === 2015))];
    expect(more.length).toBe(shippedObserved().length - 1);
    loaded.length = 0;
    const again = await runBatch([file], { outDir: out, runs: 10, load, observed: more });
    expect({ ran: again.ran, reweighed: again.reweighed, loaded: loaded.map(base).slice(0, 2) }).toEqual({ ran: 0, reweighed: 1, loaded: ['weihai.yaml', 'redrawn.yaml'] });
    expect(JSON.parse(readFileSync(join(out, 'weihai', 'weighed.json'), 'utf8')).key).not.toBe(kept.key);
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}, 60_000);

it("a second draw memory cannot hold leaves the first draw's answer, and says so; any other problem of it stops the batch, not taken for memory", async () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-redrawn-more-'));
  const file = 'scenarios/pilots/weihai.yaml';
  // Weihai's 40 × 10 second runs leave fewer than 100 effective runs (the test above): the fourth load of a second
  // runs' file (after the prior's, the mixture's and the first draw's) is the draw with more runs, which `then` changes.
  const secondDraw = (then: (s: ResolvedScenario) => ResolvedScenario) => {
    let n = 0;
    return (f: string) => {
      const s = loadScenario(f);
      return f.endsWith('redrawn.yaml') && ++n === 4 ? then(s) : s;
    };
  };
  const shard = { index: 1, count: 1 };
  try {
    // A million years a run: terabytes for any number of runs, more than any machine holds.
    const huge = (s: ResolvedScenario) => ({ ...s, years: { ...s.years, end: s.years.start + 1_000_000 } });
    const said: unknown[] = [];
    await runBatch([file], { outDir: join(root, 'a'), runs: 10, load: secondDraw(huge), shard, onSecondRunsRefused: (e) => said.push(e) });
    const kept = JSON.parse(readFileSync(join(root, 'a', 'weihai', 'weighed.json'), 'utf8'));
    const asked = Math.min(1600, Math.ceil((400 * 600) / kept.kishRuns));
    // The answer kept, the first draw's 400 runs, says which draw memory refused.
    expect(kept.redrawn).toEqual({ keys: ['rural_to_town_rate', 'hukou_conversion_rate', 'uncertainty.process.hukou_conversion_rate.sigma'], runs: 400, refused: asked });
    // Said, as the second draw was announced: the draw refused, as many runs as announced (min(4 × 400, ⌈400 × 600 /
    // effective⌉)), and the answer kept, the first draw's.
    expect(kept.kishRuns).toBeLessThan(100);
    expect(said).toEqual([{ name: 'weihai', index: 0, total: 1, runs: asked, kept: 400, effective: kept.kishRuns }]);
    // The report batch (as after a job array's shards) keeps the rough answer — drawn again it would ask the same memory
    // — and says why it is rough, without advising more --runs: the runs it asked for were refused.
    const done = await runBatch([file], { outDir: join(root, 'a'), runs: 10, load: secondDraw(huge) });
    expect({ skipped: done.skipped, reweighed: done.reweighed }).toEqual({ skipped: 1, reweighed: 0 });
    expect(readFileSync(join(root, 'a', 'reachability.md'), 'utf8')).toContain(
      `effective runs, under 100: rough; memory could not hold the ${asked.toLocaleString('en')} runs to draw once more: where more memory is at hand, remove its weighed.json and run the batch again)`,
    );
    // As it says: the file removed (the folder no longer its manifest's), the batch runs the scenario again, the second
    // draw made this time.
    rmSync(join(root, 'a', 'weihai', 'weighed.json'));
    const resumed = await runBatch([file], { outDir: join(root, 'a'), runs: 10, load: loadScenario });
    expect(resumed.ran).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'a', 'weihai', 'weighed.json'), 'utf8')).redrawn).toEqual({ keys: ['rural_to_town_rate', 'hukou_conversion_rate', 'uncertainty.process.hukou_conversion_rate.sigma'], runs: asked });
    // Another input problem of the second draw is not memory's: the batch stops with it.
    const broken = (): ResolvedScenario => {
      throw new InputError('redrawn.yaml: not a scenario');
    };
    await expect(runBatch([file], { outDir: join(root, 'b'), runs: 10, load: secondDraw(broken), shard })).rejects.toThrow('redrawn.yaml: not a scenario');
    expect(existsSync(join(root, 'b', 'weihai', 'weighed.json'))).toBe(false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 60_000);

it("the views' note says how many runs are drawn again", () => {
  expect(label('en', 'weighedNote')).toContain(`run again, ${REDRAWN_RUNS_PER_RUN} times its runs (at most 1,000,000) with its seed`);
  expect(label('zh', 'weighedNote')).toContain(`${REDRAWN_RUNS_PER_RUN} 倍的运行次数（最多 100 万次）`);
  expect(REDRAWN_MAX_RUNS).toBe(1_000_000);
});

it('the second runs: 40 times the runs, at most a million, which memory holds', () => {
  expect([1, 10, 1000, 25_000, 25_001, 10_000_000].map(redrawnRuns)).toEqual([40, 400, 40_000, 1_000_000, 1_000_000, 1_000_000]);
  // Drawn as an area without figures of its own after its base year draws them: the history before it kept.
  expect(label('en', 'weighedNote')).toContain("(the pooled laws, or the fit's wide prior or the assumed range where too few areas were pooled; an urbanization pace its pilot also conditions on the area's resident rates before its base year keeps those, the pooled law conditioned on them alone)");
  expect(label('zh', 'weighedNote')).toContain('这些参数改按没有本地数据的地区的取法抽取（汇总的默认参数；汇总地区太少时为拟合的宽先验或假设的范围；城镇化速度若还按本地区基期以前的常住人口城镇化率调整过，则保留这一调整：汇总的默认参数只按这些基期以前的数据调整）');
  expect(label('en', 'weighedNote')).toContain("Pooled laws and the paces' year-to-year variation still include each area");
  expect(label('zh', 'weighedNote')).toContain('汇总的默认参数及各项速度的年际波动仍把每个地区作为汇总地区之一');
});

it('more second runs where few weigh: enough for 600 effective runs if they grow with the runs, at most 4 times and a million', () => {
  expect(moreRedrawnRuns(40_000, 300)).toBe(80_000); // 40,000 × 600 / 300
  expect(moreRedrawnRuns(40_000, 60)).toBe(160_000); // 4 times
  expect(moreRedrawnRuns(400_000, 80)).toBe(1_000_000); // the cap
  expect(moreRedrawnRuns(40_000, 0)).toBe(160_000); // none weighs: as if one
  expect(moreRedrawnRuns(40_000, 399)).toBe(60_151); // ⌈40,000 × 600 / 399⌉
  expect(moreRedrawnRuns(1_000_000, 10)).toBe(1_000_000); // no more allowed: as many
});
