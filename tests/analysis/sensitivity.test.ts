import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/analysisInputError.ts';
import { sensitivity, sensitivityPlan } from '../../src/analysis/sensitivity.ts';
import { sensitivityRanking, sensitivityTable } from '../../src/analysis/sensitivityTable.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

describe('sensitivity on a case with known indices', () => {
  // In the first projected year in_migrants is the inflow itself (no housing feedback, no shocks):
  // here base + extra, with base ~ U(100k, 300k) and extra ~ U(0, 20k); tfr_migrant cannot act on it.
  // Additive, so S = ST = V_i / V: V_base = 200k²/12, V_extra = 20k²/12 → 100/101 and 1/101, and 0.
  const scenario = dalianResolved({
    end: 2014,
    seed: 11,
    shocks: {},
    variables: {
      base: { kind: 'dist', spec: { dist: 'uniform', min: 100_000, max: 300_000 } },
      extra: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 20_000 } },
    },
    parameters: {
      inflow: { kind: 'expr', text: 'base + extra', symbols: ['base', 'extra'] },
      migrant_settle_rate: { kind: 'number', value: 0.05 },
      tfr_migrant: { kind: 'dist', spec: { dist: 'uniform', min: 1.2, max: 1.4 } },
    },
  });

  it('recovers S = ST = 100/101, 1/101 and 0, and ranks base first by both measures', async () => {
    const r = await sensitivity(scenario, { metric: 'in_migrants', year: 2014, runs: 512, bootstrap: 100 });
    expect(r.parameters).toEqual(['base', 'extra', 'tfr_migrant']);
    expect(r.designRuns).toBe(5 * 512);
    const truth = [100 / 101, 1 / 101, 0];
    // How precise each estimate is at n = 512 (V̂ the variance over A and B): ST_extra = ½·mean((extra_A − extra_B)²)/V̂
    // and S_base = 1 − that: relative error ≈ 5 % of 1/101, i.e. ±0.0005. ST_base, S_extra, S_tfr are 1 or 0 minus
    // mean((base_A − m)(base_B − m))/V̂, a cross product of independent draws: sd ≈ 1/√512 = 0.044, so ±0.15 is 3.4 sd.
    expect(Math.abs(r.first[0] - truth[0])).toBeLessThan(0.002);
    expect(Math.abs(r.total[1] - truth[1])).toBeLessThan(0.002);
    for (const [est, i] of [[r.total, 0], [r.first, 1], [r.first, 2]] as const) expect(Math.abs(est[i] - truth[i]), `${r.parameters[i]}`).toBeLessThan(0.15);
    expect(r.totalLower[0]).toBeLessThanOrEqual(truth[0]);
    expect(r.totalUpper[0]).toBeGreaterThanOrEqual(truth[0]);
    expect(r.total[2]).toBe(0); // f(A) = f(AB_tfr) run by run: exactly no effect
    expect(r.prcc[0]).toBeGreaterThan(0.99); // in_migrants is increasing in base, and extra is partialled out
    expect(r.prccLower[2]).toBeLessThan(0); // tfr_migrant: no effect, its interval holds 0
    expect(r.prccUpper[2]).toBeGreaterThan(0);
    expect(sensitivityRanking(r)[0]).toBe(0);
    expect(sensitivityTable(r)).toMatch(/^1 +base /m);
    expect(r.mean).toBeCloseTo(210_000, -4); // E = 200k + 10k
  });
});

describe('sensitivity on the model', () => {
  it('ranks a wide inflow first on the resident rate, above a near-constant settlement rate and the shocks', async () => {
    const scenario = dalianResolved({
      end: 2016,
      seed: 3,
      shocks: { inflow: { type: 'ar1', phi: 0.5, sigma: 0.02 } },
      parameters: {
        inflow: { kind: 'dist', spec: { dist: 'lognormal', median: 200_000, sigma: 0.5 } },
        migrant_settle_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0.05, max: 0.0501 } },
      },
    });
    const r = await sensitivity(scenario, { metric: 'resident_rate', year: 2016, runs: 128, bootstrap: 50 });
    expect(r.parameters).toEqual(['inflow', 'migrant_settle_rate', 'noise:shocks.inflow']);
    expect(sensitivityRanking(r)[0]).toBe(0);
    expect(r.total[0]).toBeGreaterThan(0.9);
    expect(r.total[1]).toBeLessThan(0.01);
    expect(Math.abs(r.prcc[0])).toBeGreaterThan(Math.abs(r.prcc[1]));
    expect(r.prcc[0]).toBeGreaterThan(0); // more migrants, more urban residents
  });

  it('refuses what it cannot answer, saying what is allowed', async () => {
    const s = dalianResolved({ end: 2016 });
    const ask = (o: { metric: string; year: number; runs?: number }, sc = s) => sensitivity(sc, { runs: 40, ...o });
    await expect(ask({ metric: 'registred_rate', year: 2016 })).rejects.toThrow(/unknown metric `registred_rate`, did you mean `registered_rate`\?/);
    await expect(ask({ metric: 'registered_rate', year: 2013 })).rejects.toThrow(/year 2013 is outside dalian-test's projection: expected a year from 2014 to 2016/);
    await expect(ask({ metric: 'registered_rate', year: 2016, runs: 5 })).rejects.toThrow(AnalysisInputError);
    const one = dalianResolved({ end: 2016, parameters: { migrant_settle_rate: { kind: 'number', value: 0.05 } } });
    await expect(ask({ metric: 'registered_rate', year: 2016 }, one)).rejects.toThrow(/at least 2 sampled parameters; dalian-test samples only inflow/);
  });
});

describe('sensitivity on a metric that does not vary', () => {
  it('stops before the design with "nothing to rank" rather than print indices of 0/0', async () => {
    // Points-mode levers are sampled but the mode is plain, inflow and settlement are constants, no shocks:
    // every run is the same projection, so the 2014 registered rate is one number (sd 0).
    const flat = dalianResolved({
      end: 2014,
      shocks: {},
      parameters: {
        inflow: { kind: 'number', value: 200_000 },
        migrant_settle_rate: { kind: 'number', value: 0.05 },
        points_cutoff: { kind: 'dist', spec: { dist: 'uniform', min: 80, max: 120 } },
        points_sd: { kind: 'dist', spec: { dist: 'uniform', min: 10, max: 30 } },
      },
    });
    const stages: string[] = [];
    const run = sensitivity(flat, { metric: 'registered_rate', year: 2014, runs: 40, onProgress: (s) => stages.push(s) });
    await expect(run).rejects.toThrow(AnalysisInputError);
    await expect(run).rejects.toThrow(/^registered_rate in 2014 does not vary across runs \(\d+\.\d% in all 40 runs\); nothing to rank: none of the sampled inputs \(points_cutoff, points_sd\)/);
    expect(stages).not.toContain('sobol');
  });

  it('says its counts of runs with a thousands separator, as the project\'s other counts (it wrote "in all 1200 runs", "in 0 of 1200 runs")', async () => {
    const flat = (parameters: NonNullable<Parameters<typeof dalianResolved>[0]>['parameters']) =>
      dalianResolved({ end: 2014, shocks: {}, parameters: { inflow: { kind: 'number', value: 200_000 }, migrant_settle_rate: { kind: 'number', value: 0.05 }, ...parameters } });
    const points = { points_cutoff: { kind: 'dist', spec: { dist: 'uniform', min: 80, max: 120 } }, points_sd: { kind: 'dist', spec: { dist: 'uniform', min: 10, max: 30 } } } as const;
    await expect(sensitivity(flat(points), { metric: 'registered_rate', year: 2014, runs: 1200 })).rejects.toThrow(/^registered_rate in 2014 does not vary across runs \(\d+\.\d% in all 1,200 runs\)/);
    // The fixture sets no school places: unlimited, so not finite, in every run.
    const drawn = { inflow: { kind: 'dist', spec: { dist: 'uniform', min: 100_000, max: 300_000 } }, migrant_settle_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0.02, max: 0.08 } } } as const;
    await expect(sensitivity(flat(drawn), { metric: 'school_places', year: 2014, runs: 1200 })).rejects.toThrow('school_places in 2014 is finite in 0 of 1,200 runs (unlimited, or undefined); nothing to rank');
  });
});

describe("a run's own randomness as one input", () => {
  // Two sampled inputs that cannot act on the first year's arrivals (the fertility of migrants, a points cut-off in
  // plain mode), a fixed inflow of 200k, no shocks, and the inflow's year-to-year variation on (uncertainty.process):
  // in 2014 in_migrants = 200k·exp(e), e drawn from the run's own stream. All of its variance is that noise.
  const inert = {
    inflow: { kind: 'number', value: 200_000 },
    migrant_settle_rate: { kind: 'number', value: 0.05 },
    tfr_migrant: { kind: 'dist', spec: { dist: 'uniform', min: 1.2, max: 1.4 } },
    points_cutoff: { kind: 'dist', spec: { dist: 'uniform', min: 80, max: 120 } },
  } as const;
  const process = { inflow: { sigma: 0.1, phi: 0.5, scale: 'log' } } as const;

  it('is an input whenever a run has randomness of its own, keyed by the sources it holds', () => {
    const plan = (over: Parameters<typeof dalianResolved>[0], year = 2016) => sensitivityPlan(dalianResolved({ end: 2016, parameters: inert, ...over }), { metric: 'registered_rate', year, runs: 20 }).parameters;
    expect(plan({ shocks: {} })).toEqual(['points_cutoff', 'tfr_migrant']);
    expect(plan({ shocks: {}, uncertainty: { process, baseline: {} } })).toEqual(['points_cutoff', 'tfr_migrant', 'noise:process']);
    const all = {
      process,
      baseline: { resident_rate: { sd: 0.01 } },
      registeredBreak: { years: [2016], share: { min: 0.1, max: 0.2 }, villageShare: { min: 0, max: 0.1 } },
    } as const;
    // The change of count's draws are inputs of their own (b and v here; one year, so the year is not drawn).
    const b = 'uncertainty.registered_break.share';
    const v = 'uncertainty.registered_break.village_share';
    expect(plan({ uncertainty: all })).toEqual(['points_cutoff', 'tfr_migrant', b, v, 'noise:shocks.inflow+process+baseline']);
    // Stopped at 2015, the run never reaches the break of 2016: nothing of it is an input.
    expect(plan({ uncertainty: all }, 2015)).toEqual(['points_cutoff', 'tfr_migrant', 'noise:shocks.inflow+process+baseline']);
    // Several years: the year is drawn too; a range that is a point is not.
    const twoYears = { ...all, registeredBreak: { years: [2015, 2016], share: { min: 0.3, max: 0.3 }, villageShare: { min: 0, max: 0.1 } } };
    expect(plan({ shocks: {}, uncertainty: twoYears })).toEqual(['points_cutoff', 'tfr_migrant', 'uncertainty.registered_break.year', v, 'noise:process+baseline']);
    // A process whose sigma is 0 draws nothing.
    expect(plan({ shocks: {}, uncertainty: { process: { inflow: { sigma: 0, phi: 0.5, scale: 'log' } }, baseline: {} } })).toEqual(['points_cutoff', 'tfr_migrant']);
  });

  it('takes all the variance when nothing else moves the metric: first = 1, total ≈ 1, the sampled inputs 0', async () => {
    const scenario = dalianResolved({ end: 2014, seed: 5, shocks: {}, parameters: inert, uncertainty: { process, baseline: {} } });
    const n = 256;
    const r = await sensitivity(scenario, { metric: 'in_migrants', year: 2014, runs: n, bootstrap: 50 });
    expect(r.parameters).toEqual(['points_cutoff', 'tfr_migrant', 'noise:process']);
    expect(r.designRuns).toBe(5 * n);
    // f(AB_i) = f(A) row by row for the inert inputs (A's parameters but for one, A's streams): ST_i = 0 and
    // S_i = (V − ½·mean((f(B) − f(A))²))/V. f(AB_noise) = f(B) row by row (A's inert parameters, B's streams):
    // S_noise = (V − 0)/V = 1. ST_noise = ½·mean((f(A) − f(B))²)/V = 1 + (m² − mean(f(A)·f(B)))/V, a cross product
    // of independent draws: sd ≈ 1/√256 = 0.06, so ±0.25 is 4 sd.
    expect(r.total[0]).toBe(0);
    expect(r.total[1]).toBe(0);
    expect(r.first[2]).toBeCloseTo(1, 12);
    expect(Math.abs(r.total[2] - 1)).toBeLessThan(0.25);
    expect(r.first[0]).toBeCloseTo(1 - r.total[2], 12);
    expect(Number.isNaN(r.prcc[2])).toBe(true);
    expect(sensitivityRanking(r)[0]).toBe(2);
    expect(sensitivityTable(r)).toMatch(/^1 +noise:process /m);
    // sd of 200k·exp(e), e ~ N(0, 0.1²/(1 − 0.25)): 200k·√((e^{s²} − 1)·e^{s²}) with s² = 0.01/0.75, about 23.2k.
    const s2 = 0.01 / 0.75;
    expect(r.sd / (200_000 * Math.sqrt((Math.exp(s2) - 1) * Math.exp(s2)))).toBeGreaterThan(0.8);
    expect(r.sd / (200_000 * Math.sqrt((Math.exp(s2) - 1) * Math.exp(s2)))).toBeLessThan(1.2);
  });
});
