import { describe, expect, it } from 'vitest';
import { mean, sampleCorrelation, standardDeviation } from 'simple-statistics';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { ValueSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/api.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

const constant = (value: number): ValueSpec => ({ kind: 'number', value });
const logit = (x: number) => Math.log(x / (1 - x));

describe('process variation: a yearly AR(1) on the logit or log scale', () => {
  const runs = 3000;
  const s = dalianResolved({
    runs,
    shocks: {},
    parameters: { rural_to_town_rate: constant(0.02), inflow: constant(200_000), reclass_share: constant(0) },
    uncertainty: {
      process: {
        rural_to_town_rate: { sigma: 0.3, phi: 0.6, scale: 'logit' },
        inflow: { sigma: 0.2, phi: 0, scale: 'log' },
        reclass_share: { sigma: 0.5, phi: 0.5, scale: 'logit' },
      },
      baseline: {},
    },
  });
  const sampler = new RunSampler(compileScenario(s), runs);
  const draws = Array.from({ length: runs }, (_, r) => {
    const p = sampler.fill(r);
    return { rate: Float64Array.from(p.ruralToTownRate), inflow: Float64Array.from(p.inflow), reclass: Float64Array.from(p.reclassShare) };
  });

  it('keeps the stationary sd σ/√(1 − φ²) = 0.3/0.8 = 0.375 of logit(rate) in every year, and φ between years', () => {
    for (const y of [0, 3, 6]) {
      const e = draws.map((d) => logit(d.rate[y]) - logit(0.02));
      expect(mean(e)).toBeCloseTo(0, 1);
      expect(standardDeviation(e) / 0.375).toBeGreaterThan(0.95);
      expect(standardDeviation(e) / 0.375).toBeLessThan(1.05);
    }
    const e0 = draws.map((d) => logit(d.rate[0]) - logit(0.02));
    const e1 = draws.map((d) => logit(d.rate[1]) - logit(0.02));
    expect(sampleCorrelation(e0, e1)).toBeGreaterThan(0.55);
    expect(sampleCorrelation(e0, e1)).toBeLessThan(0.65);
  });

  it('multiplies a count by exp(e): with φ = 0, log(inflow / 200000) has sd 0.2 and no correlation', () => {
    const e = (y: number) => draws.map((d) => Math.log(d.inflow[y] / 200_000));
    expect(standardDeviation(e(4)) / 0.2).toBeGreaterThan(0.95);
    expect(standardDeviation(e(4)) / 0.2).toBeLessThan(1.05);
    expect(Math.abs(sampleCorrelation(e(3), e(4)))).toBeLessThan(0.05);
  });

  it('leaves a rate of 0 at 0 (a lever switched off stays off) and every rate inside (0, 1)', () => {
    expect(draws.every((d) => d.reclass.every((v) => v === 0))).toBe(true);
    expect(draws.every((d) => d.rate.every((v) => v > 0 && v < 1))).toBe(true);
  });
});

describe('process variation with σ drawn per run from a law', () => {
  // σ is 0.1 in half the runs and 0.5 in the other half; φ = 0, so a run's yearly deviations are iid N(0, σ²).
  const runs = 2000;
  const s = dalianResolved({
    runs,
    shocks: {},
    parameters: { rural_to_town_rate: constant(0.02) },
    uncertainty: { process: { rural_to_town_rate: { sigma: { dist: 'choice', values: [0.1, 0.5], weights: [0.5, 0.5] }, phi: 0, scale: 'logit' } }, baseline: {} },
  });
  const sampler = new RunSampler(compileScenario(s), runs);
  const deviations = Array.from({ length: runs }, (_, r) => Array.from(sampler.fill(r).ruralToTownRate, (x) => logit(x) - logit(0.02)));

  it('draws one σ a run: a run\'s own deviations spread by 0.1 or by 0.5, about half of the runs each', () => {
    const within = deviations.map((e) => Math.sqrt(mean(e.map((x) => x * x))));
    // Over 8 years the root-mean-square of N(0, 0.1²) stays far under 0.25 and that of N(0, 0.5²) far above it.
    const small = within.filter((w) => w < 0.25).length / runs;
    expect(small).toBeGreaterThan(0.45);
    expect(small).toBeLessThan(0.55);
    expect(mean(within.filter((w) => w < 0.25))).toBeCloseTo(0.1, 1);
    expect(mean(within.filter((w) => w >= 0.25))).toBeCloseTo(0.5, 1);
  });

  it('gives the mixture\'s spread across runs in a year: √((0.1² + 0.5²)/2) = 0.361', () => {
    const e = deviations.map((d) => d[3]);
    expect(standardDeviation(e) / Math.sqrt((0.01 + 0.25) / 2)).toBeGreaterThan(0.94);
    expect(standardDeviation(e) / Math.sqrt((0.01 + 0.25) / 2)).toBeLessThan(1.06);
  });
});

describe('registered-rate break: the hukou unification counts a share of Ru as urban in one year', () => {
  it('relabels a share b of Ru and v of Rr in the year drawn, and only that year; settlement rates untouched', () => {
    const s = dalianResolved({
      runs: 10,
      parameters: { local_settle_rate: constant(0.05), land_rights_kept: constant(1), land_rights_takeup_multiplier: constant(2) },
      uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015, 2018], share: { min: 0.2, max: 0.2 }, villageShare: { min: 0.07, max: 0.07 } } },
    });
    const sampler = new RunSampler(compileScenario(s), 10);
    const seen = new Set<number>();
    for (let run = 0; run < 10; run++) {
      const p = sampler.fill(run);
      // Step y projects start + y + 1: 2015 is step 1, 2018 step 4. One year relabelled per run, the last run's cleared.
      const years = [...p.hukouRelabelShare.keys()].filter((y) => p.hukouRelabelShare[y] !== 0);
      expect(years.length).toBe(1);
      expect([1, 4]).toContain(years[0]);
      expect(p.hukouRelabelShare[years[0]]).toBe(0.2);
      // The villagers' share in the same year, 0 in every other.
      expect([...p.hukouRelabelVillageShare]).toEqual([...p.hukouRelabelShare].map((b) => (b === 0 ? 0 : 0.07)));
      seen.add(years[0]);
      expect([...p.localSettleRate].every((v) => v === 0.05)).toBe(true);
    }
    expect(seen.size).toBe(2);
  });

  it('moves no one: resident rate and populations are those of the same runs without the break, the registered rate jumps', async () => {
    const base = { runs: 50, seed: 9, parameters: { local_settle_rate: constant(0.05) } };
    const without = await runMonteCarlo(dalianResolved({ ...base, uncertainty: { process: {}, baseline: {} } }));
    const withBreak = await runMonteCarlo(dalianResolved({ ...base, uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015], share: { min: 0.5, max: 0.5 }, villageShare: { min: 0.1, max: 0.1 } } } }));
    const at = (rows: Float64Array, run: number, year: number, m: keyof typeof M) => rows[(run * 8 + year - 2013) * METRIC_COUNT + M[m]];
    for (let run = 0; run < 50; run++) {
      // Equal to rounding: the same people summed in another order (Uu + Ru).
      expect(at(withBreak.rows, run, 2015, 'resident_rate')).toBeCloseTo(at(without.rows, run, 2015, 'resident_rate'), 12);
      expect(at(withBreak.rows, run, 2015, 'registered_pop') / at(without.rows, run, 2015, 'registered_pop')).toBeCloseTo(1, 12);
      expect(at(withBreak.rows, run, 2014, 'registered_rate')).toBe(at(without.rows, run, 2014, 'registered_rate'));
      expect(at(withBreak.rows, run, 2015, 'registered_rate')).toBeGreaterThan(at(without.rows, run, 2015, 'registered_rate'));
      // Relabelled, not settled: the year's settled and the 市民化 cost do not rise (fewer Ru are left to settle).
      expect(at(withBreak.rows, run, 2015, 'settled_local')).toBeLessThanOrEqual(at(without.rows, run, 2015, 'settled_local'));
      expect(at(withBreak.rows, run, 2015, 'cost_government')).toBeLessThanOrEqual(at(without.rows, run, 2015, 'cost_government'));
    }
  });
});

describe('baseline error: each run starts from a baseline built from figures moved by their errors', () => {
  it('gives the base-year figures the sds asked for: 2 % of the resident population, 0.5 points of the resident rate', async () => {
    const runs = 2000;
    const r = await runMonteCarlo(
      dalianResolved({ runs, uncertainty: { process: {}, baseline: { resident_pop: { sd: 0.02 }, resident_rate: { sd: 0.005 } } } }),
    );
    const base = (m: keyof typeof M) => Array.from({ length: runs }, (_, run) => r.rows[run * 8 * METRIC_COUNT + M[m]]);
    const logPop = base('resident_pop').map((v) => Math.log(v / 6_918_000));
    // 100 stratified draws stand for the normal: their sd is within a few % of the sd asked for.
    expect(standardDeviation(logPop) / 0.02).toBeGreaterThan(0.9);
    expect(standardDeviation(logPop) / 0.02).toBeLessThan(1.1);
    expect(Math.abs(mean(logPop))).toBeLessThan(0.002);
    // A rate's sd is given in points and applied on the logit scale at 68.5 %: close to 0.5 points.
    expect(standardDeviation(base('resident_rate')) / 0.005).toBeGreaterThan(0.9);
    expect(standardDeviation(base('resident_rate')) / 0.005).toBeLessThan(1.1);
    // A figure without an error stays exact in every run.
    expect(new Set(base('registered_pop').map((v) => Math.round(v))).size).toBe(1);
    expect(new Set(base('resident_pop')).size).toBeGreaterThan(50);
  }, 30_000);
});

describe('where arrivals live varies by default, persistently', () => {
  // Dongguan (seed 004 L4722–4724): 642.8万 of 831.7万 residents are migrants, so the share of arrivals living in town
  // steers its resident rate. The default: stationary sd 0.5 of the logit around the engine's 0.9, φ 0.9.
  const text = (extra: string) => `city: dongguan\nyears: { end: 2020 }\nparameters:\n  inflow: 60万\n  rural_to_town_rate: 2%\nmonte_carlo: { runs: 400, seed: 5 }\n${extra}`;
  const dir = writeScenarios({ 'with.yaml': text(''), 'without.yaml': text('uncertainty: { process: { inflow_urban_share: none } }\n') });
  const [withIt, without] = ['with.yaml', 'without.yaml'].map((f) => loadScenario(join(dir, f)));

  it('draws logit(share) − logit(0.9) with sd ≈ 0.5 in every year, correlated ≈ 0.9 from one year to the next', () => {
    const sampler = new RunSampler(compileScenario(withIt), 400);
    const e = Array.from({ length: 400 }, (_, r) => Array.from(sampler.fill(r).inflowUrbanShare, (u) => logit(u) - logit(0.9)));
    for (const y of [0, 6]) {
      const col = e.map((x) => x[y]);
      expect(Math.abs(mean(col))).toBeLessThan(0.08);
      expect(standardDeviation(col)).toBeGreaterThan(0.44);
      expect(standardDeviation(col)).toBeLessThan(0.56);
    }
    expect(sampleCorrelation(e.map((x) => x[2]), e.map((x) => x[3]))).toBeGreaterThan(0.85);
  });

  it('widens a city of migrants\' resident-rate interval; switched off, the arrivals stay at 90 % in every run', async () => {
    const off = new RunSampler(compileScenario(without), 400);
    expect([0, 199, 399].every((r) => off.fill(r).inflowUrbanShare.every((u) => u === 0.9))).toBe(true);
    const sd2020 = async (s: typeof withIt) => {
      const r = await runMonteCarlo(s);
      const years = r.years.length;
      return standardDeviation(Array.from({ length: 400 }, (_, k) => r.rows[(k * years + years - 1) * METRIC_COUNT + M.resident_rate]));
    };
    const [a, b] = [await sd2020(withIt), await sd2020(without)];
    // Over seven years a third or more of the migrants are new arrivals: their town share moves the rate by points
    // (sd about 1.4 points against 0.3 without, 400 runs).
    expect(a).toBeGreaterThan(3 * b);
  }, 60_000);
});
