import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/analysis/backtest.ts';
import { backtestScore } from '../../src/analysis/backtestScore.ts';
import { CalibrationError, calibrate } from '../../src/analysis/calibrate.ts';
import { selectObserved } from '../../src/analysis/selectObserved.ts';
import { simulatedAtPoints } from '../../src/analysis/simulatedAtPoints.ts';
import { backtestTable, calibrationTable } from '../../src/cli/calibrationTable.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { parseObserved } from '../../src/io/readObserved.ts';
import { writeCalibration } from '../../src/io/writeCalibration.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { normalQuantile } from '../../src/montecarlo/normalQuantile.ts';
import { stream } from '../../src/montecarlo/rng.ts';
import { CALIBER_ERRORS } from '../../src/data/calibers.ts';
import type { ValueSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';

const END = 2018;
/** The parameters behind the synthetic "observations". */
const TRUTH = { inflow: 250_000, migrant_settle_rate: 0.05, local_settle_rate: 0.06 };
const uniform = (min: number, max: number): ValueSpec => ({ kind: 'dist', spec: { dist: 'uniform', min, max } });
const PRIOR = { inflow: uniform(100_000, 400_000), migrant_settle_rate: uniform(0.01, 0.1), local_settle_rate: uniform(0.02, 0.12) };

/**
 * Observed figures made by the model itself: one run of the Dalian fixture at
 * the TRUTH values (no shocks), written as an observed CSV the way a city
 * would report it: both rates, migrants, and local and non-local people
 * settled each year.
 */
async function syntheticObservations() {
  const constant = (value: number): ValueSpec => ({ kind: 'number', value });
  const truth = await runMonteCarlo(
    dalianResolved({
      runs: 1, end: END, shocks: {},
      parameters: { inflow: constant(TRUTH.inflow), migrant_settle_rate: constant(TRUTH.migrant_settle_rate), local_settle_rate: constant(TRUTH.local_settle_rate) },
    }),
  );
  const at = (year: number, metric: keyof typeof M) => truth.rows[(year - 2013) * METRIC_COUNT + M[metric]];
  const rows: string[] = [];
  for (let year = 2014; year <= END; year++) {
    rows.push(`dalian,resident_rate,${year},,,${(100 * at(year, 'resident_rate')).toFixed(6)},%,resident_6month,,synthetic,,`);
    rows.push(`dalian,registered_rate,${year},,,${(100 * at(year, 'registered_rate')).toFixed(6)},%,registered_urban_hukou,,synthetic,,`);
    rows.push(`dalian,migrant_pop,${year},,,${at(year, 'migrant_pop').toFixed(1)},人,resident_6month,,synthetic,,`);
    // A registry that tells local from non-local settlers (as Dalian's plan does, seed 004 L903) separates the two rates.
    rows.push(`dalian,settled_local,${year},,,${at(year, 'settled_local').toFixed(1)},人,settled_registry,,synthetic,,`);
    rows.push(`dalian,settled_migrants,${year},,,${at(year, 'settled_migrants').toFixed(1)},人,settled_registry,,synthetic,,`);
  }
  return parseObserved([OBSERVED_HEADER, ...rows].join('\n'), 'synthetic.csv');
}

const priorScenario = (runs: number) => dalianResolved({ runs, end: END, shocks: {}, parameters: PRIOR });

describe('calibrate on synthetic truth', () => {
  it('by default weighs runs by the figures\' errors: exact data narrow the posterior around the truth without collapsing it', async () => {
    const observed = await syntheticObservations();
    const c = await calibrate(priorScenario(3000), observed, { until: 2014 });
    expect(c.fit.kernel).toBe('observation');
    // Not one run, not a tolerance's fixed share: as many as the errors cannot tell apart.
    expect(c.fit.ess).toBeGreaterThan(5);
    for (const [name, truth] of Object.entries(TRUTH)) {
      const i = c.result.sampledNames.indexOf(name);
      const p = c.parameters[i];
      expect(c.fit.posterior.quantiles.p5[i], name).toBeLessThanOrEqual(truth);
      expect(c.fit.posterior.quantiles.p95[i], name).toBeGreaterThanOrEqual(truth);
      expect(p.posterior.sd, name).toBeGreaterThan(0);
      expect(p.posterior.sd, name).toBeLessThan(p.prior.sd);
    }
  }, 30_000);

  it('recovers the parameters that made the data: truth inside the posterior 90 % interval, posterior much narrower than the prior', async () => {
    const observed = await syntheticObservations();
    const c = await calibrate(priorScenario(3000), observed, { acceptFraction: 0.04 });
    expect(c.fitted).toHaveLength(25);
    expect(c.fit.accepted).toHaveLength(120);
    for (const [name, truth] of Object.entries(TRUTH)) {
      const i = c.result.sampledNames.indexOf(name);
      const p = c.parameters[i];
      expect(c.fit.posterior.quantiles.p5[i], name).toBeLessThanOrEqual(truth);
      expect(c.fit.posterior.quantiles.p95[i], name).toBeGreaterThanOrEqual(truth);
      expect(p.posterior.sd, name).toBeLessThan(p.prior.sd / 2);
      expect(p.posterior.p90 - p.posterior.p10, name).toBeLessThan((p.prior.p90 - p.prior.p10) / 2);
    }
  }, 30_000);

  it('with the regression adjustment the posterior closes in on the truth', async () => {
    // The data have no noise and the model answers smoothly to its parameters, so the local-linear
    // correction of the accepted runs lands (almost) on the truth, as in the noise-free case of abc.test.ts.
    const observed = await syntheticObservations();
    const plain = await calibrate(priorScenario(1000), observed, { acceptFraction: 0.1 });
    const adjusted = await calibrate(priorScenario(1000), observed, { acceptFraction: 0.1, regression: true });
    for (const [name, truth] of Object.entries(TRUTH)) {
      const i = adjusted.result.sampledNames.indexOf(name);
      expect(Math.abs(adjusted.parameters[i].posterior.p50 - truth) / truth, name).toBeLessThan(0.01);
      expect(adjusted.parameters[i].posterior.sd, name).toBeLessThan(plain.parameters[i].posterior.sd / 10);
      // Truth inside the prior and well inside the accepted runs: linear on the parameter's own scale, no extrapolation.
      expect(adjusted.fit.adjustment![i], name).toMatchObject({ scale: 'none', linearOutside: 0, beyondAccepted: 0 });
    }
  }, 30_000);

  it('with the regression adjustment and the truth on the edge of the prior: a figure beyond every run, so no adjustment', async () => {
    // local_settle_rate's prior starts at its truth, 6 %, so the settlement figures the truth made lie at or beyond
    // the edge of every run. A linear correction towards them can only extrapolate (before, it piled every value on
    // the bound); the regression is skipped, said so, and the posterior is the rejection sample, inside the prior.
    const observed = await syntheticObservations();
    const edge = dalianResolved({ runs: 400, end: END, shocks: {}, parameters: { ...PRIOR, local_settle_rate: uniform(0.06, 0.12) } });
    const c = await calibrate(edge, observed, { acceptFraction: 0.1, regression: true });
    expect(c.fit.regressionSkipped).toMatch(/of 25 lies? outside every run, where the correction can only extrapolate/);
    expect(c.fit.adjustment).toBeUndefined();
    const i = c.result.sampledNames.indexOf('local_settle_rate');
    const k = c.result.sampledNames.length;
    for (let a = 0; a < c.fit.accepted.length; a++) {
      expect(c.fit.values[a * k + i]).toBe(c.result.sampled[c.fit.accepted[a] * k + i]);
      expect(c.fit.weights[a]).toBe(1);
    }
    expect(calibrationTable(c, 'synthetic.csv')).toContain('regression adjustment not done: ');
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-calibrate-'));
    writeCalibration(dir, c, { observedFile: 'synthetic.csv', startedAt: new Date(), workers: 1 });
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta.abc.regressionSkipped).toBe(c.fit.regressionSkipped);
  }, 30_000);

  it('back-test: the accepted runs cover what the truth does after the cut-off', async () => {
    const observed = await syntheticObservations();
    const b = await backtest(priorScenario(2000), observed, { until: 2016, acceptFraction: 0.05 });
    expect(b.calibration.fitted.every((u) => u.point.year <= 2016)).toBe(true);
    expect(b.scored.map((u) => u.point.year)).toEqual([2017, 2017, 2017, 2017, 2017, 2018, 2018, 2018, 2018, 2018]);
    // Data from the model itself at parameters inside the prior: the posterior predictive is far closer than the prior.
    expect(b.score.totals.coverage80).toBeGreaterThanOrEqual(0.75);
    expect(b.score.totals.meanAbsoluteRelativeError).toBeLessThan(b.priorScore.totals.meanAbsoluteRelativeError / 2);
  }, 30_000);
});

describe('backtest scoring', () => {
  it('scores exactly the accepted runs\' own values at the later figures (no re-run)', async () => {
    const observed = await syntheticObservations();
    const b = await backtest(priorScenario(200), observed, { until: 2015, acceptFraction: 0.1 });
    const points = b.scored.map((u) => u.point);
    // Built by hand from the trajectories: run r's value at point j is row (r, year − 2013), or a sum of rows for a flow.
    const nYears = END - 2013 + 1;
    const value = (run: number, j: number) => b.calibration.result.rows[(run * nYears + points[j].year - 2013) * METRIC_COUNT + M[points[j].metric]];
    const accepted = [...b.calibration.fit.accepted];
    // Each value gets its figure's error: a normal draw from the stream of (seed, run, figure), on the logit scale of a
    // rate (sd = points / (y(1 − y))) or the log scale of a count (caliber sd of data/calibers.ts).
    const seed = b.calibration.scenario.monteCarlo.seed;
    const noisy = (run: number, j: number) => {
      const p = points[j];
      const z = normalQuantile(stream(seed, run, `observation:${p.area}/${p.metric}/${p.year}`)());
      const v = value(run, j);
      if (p.metric.endsWith('_rate')) {
        const sd = CALIBER_ERRORS[p.definition === 'resident_6month' ? 'sample' : 'registry'].rate / (p.value * (1 - p.value));
        return 1 / (1 + Math.exp(-(Math.log(v / (1 - v)) + sd * z)));
      }
      const sd = p.metric === 'migrant_pop' ? CALIBER_ERRORS.sample.population : CALIBER_ERRORS.registry.flow;
      return v * Math.exp(sd * z);
    };
    const predictive = Float64Array.from(accepted.flatMap((r) => points.map((_, j) => noisy(r, j))));
    const expected = backtestScore(predictive, Float64Array.from(points, (p) => p.value), b.score.label);
    for (let j = 0; j < points.length; j++) expect(b.score.median[j] / expected.median[j]).toBeCloseTo(1, 12);
    expect([...b.score.covered80]).toEqual([...expected.covered80]);
    expect(b.priorScore.totals.points).toBe(points.length);
  }, 30_000);

  it('sums a flow over its period, row by row', async () => {
    const r = await runMonteCarlo(priorScenario(3));
    const [sim] = [simulatedAtPoints(r, [{ metric: 'settled', year: 2017, fromYear: 2015 }, { metric: 'resident_pop', year: 2030 }])];
    const row = (run: number, year: number, m: keyof typeof M) => r.rows[(run * 6 + year - 2013) * METRIC_COUNT + M[m]];
    for (let run = 0; run < 3; run++) {
      const hand = [2015, 2016, 2017].reduce((s, y) => s + row(run, y, 'settled_local') + row(run, y, 'settled_migrants'), 0);
      expect(sim[run * 2]).toBeCloseTo(hand, 6);
      expect(sim[run * 2 + 1]).toBeNaN(); // 2030 is past the scenario's end
    }
  });
});

describe('selectObserved', () => {
  const csv = (...rows: string[]) => parseObserved([OBSERVED_HEADER, ...rows].join('\n'), 'o.csv');
  it('says why each figure is left out, and flags the roughly comparable ones', () => {
    const pts = csv(
      'dalian,resident_rate,2013,,,68.5,%,resident_6month,,a,,',
      'dalian,resident_rate,2012,,,68,%,resident_6month,,a,,',
      'dalian,resident_rate,2025,,,80,%,resident_6month,,a,,',
      'dalian,settled,2015,2013,,5,万人,settled_registry,,a,,',
      'dalian,settled,2016,,9,5,万人,settled_registry,,a,,',
      'dalian,registered_rate,2013,,,63.1,%,registered_unstated,,a,,',
      'dalian,registered_rate,2015,,,71.2,%,registered_unstated,,a,,',
      'dalian,registered_rate,2016,,,60,%,registered_residence,yes,a,,',
      'dalian,new_migrants,2016,,,30,万人,permits_new_and_renewed,,a,,',
      'dalian,settled,2016,2014,,9,万人,settled_registry,,a,,',
      'dongguan,settled,2016,2014,,9,万人,settled_registry,,a,,',
    );
    const uses = selectObserved(pts, dalianResolved({ end: 2020 }), 'dalian');
    expect(uses.map((u) => [u.point.line, u.status, u.reason])).toEqual([
      [2, 'excluded', 'base year: the baseline itself, which every run starts from (moved by its errors where they are drawn)'],
      [3, 'excluded', "2012 is outside the scenario's years 2013–2020"],
      [4, 'excluded', "2025 is outside the scenario's years 2013–2020"],
      [5, 'excluded', 'the period starts in the base year 2013, whose flows the model does not have (they start in 2014)'],
      [6, 'excluded', 'covers 9 months of 2016 only'],
      [7, 'excluded', 'base year: the baseline itself, which every run starts from (moved by its errors where they are drawn)'],
      [8, 'flagged', 'registered_unstated (a registered rate whose source does not say what it counts)'],
      [9, 'excluded', 'registered_residence (registered persons living in towns among the registered) does not fit registered_rate_definition hukou'],
      [10, 'excluded', 'permits_new_and_renewed (first issues plus renewals (续签, 延期) of residence permits)'],
      [11, 'used', ''],
    ]);
  });

  it('leaves out the figures after a definition break the baseline is not on', () => {
    const pts = csv(
      'dalian,registered_rate,2013,,,35.87,%,registered_unstated,,a,,',
      'dalian,registered_rate,2015,,,30.53,%,registered_unstated,yes,b,,',
    );
    expect(selectObserved(pts, dalianResolved(), 'dalian')[1]).toMatchObject({ status: 'excluded', reason: 'after a definition break: the baseline is on the earlier definition' });
  });
});

describe('calibrate refuses what it cannot fit, before running', () => {
  const pts = parseObserved(`${OBSERVED_HEADER}\ndalian,resident_rate,2013,,,68.5,%,resident_6month,,a,,\n`, 'o.csv');
  it('no sampled parameter, no figure inside the years, no area', async () => {
    const constant = dalianResolved({ parameters: { inflow: { kind: 'number', value: 1 }, migrant_settle_rate: { kind: 'number', value: 0.05 } } });
    await expect(calibrate(constant, pts)).rejects.toThrow(/draws no parameter from a distribution, so there is nothing to fit/);
    await expect(calibrate(dalianResolved(), pts)).rejects.toThrow(/no observed figure of dalian can be fitted[\s\S]*resident_rate 2013 = 68.5% \(o\.csv:2\): base year/);
    await expect(calibrate(dalianResolved(), pts, { area: 'dongguan' })).rejects.toThrow(CalibrationError);
    const one2015 = parseObserved(`${OBSERVED_HEADER}\ndalian,resident_rate,2015,,,70,%,resident_6month,,a,,\n`, 'o.csv');
    await expect(backtest(dalianResolved(), one2015, { until: 2015 })).rejects.toThrow(/no observed figure of dalian after 2015 can be scored by scenario dalian-test \(years 2013–2020\): the file has none/);
  });
});

describe('counts of runs with a thousands separator, as the project\'s other counts', () => {
  const observed = parseObserved(`${OBSERVED_HEADER}\ndalian,resident_rate,2015,,,70,%,resident_6month,,a,,\n`, 'o.csv');

  it('runs given of another scenario, or not all of its runs (it wrote "2000 runs", "runs 0–1499, expected all 2000"); seeds without', async () => {
    const other = { scenario: dalianResolved({ runs: 2000, seed: 20140101 }), runStart: 0, runEnd: 2000 } as never;
    await expect(calibrate(dalianResolved({ runs: 1000, seed: 20131231 }), observed, { result: other })).rejects.toThrow(
      'the runs given are of another scenario than dalian-test as calibrated (dalian-test, seed 20140101, 2,000 runs; calibrating seed 20131231, 1,000 runs)',
    );
    const part = { scenario: dalianResolved({ runs: 2000 }), runStart: 0, runEnd: 1500 } as never;
    await expect(calibrate(dalianResolved({ runs: 2000 }), observed, { result: part })).rejects.toThrow('the runs given are runs 0–1,499, expected all 2,000');
  });

  it("the table's runs accepted and effective sample size (it wrote \"1200 accepted\", \"effective sample size 1200\")", async () => {
    // Every one of 1,200 runs accepted, each weighing 1: Kish's (Σw)²/Σw² = 1200² / 1200 = 1,200.
    const all = await calibrate(dalianResolved({ runs: 1200, end: 2016 }), observed, { acceptFraction: 1 });
    expect(calibrationTable(all, 'o.csv').split('\n')[1]).toMatch(/^1,200 runs, 1,200 accepted \(100\.0%\), tolerance ε = \S+ \(scaled distance\); effective sample size 1,200$/);
    // Weighed by the figure's error, an effective sample of 1100.4 (given here): 1,100, 100 × 1100.4 / 1200 = 91.7 % of the runs.
    const weighed = await calibrate(dalianResolved({ runs: 1200, end: 2016 }), observed);
    expect(calibrationTable({ ...weighed, fit: { ...weighed.fit, ess: 1100.4 } }, 'o.csv').split('\n')[1]).toBe(
      "1,200 runs weighed by the figures' observation errors (by caliber); effective sample size 1,100 (91.7% of the runs)",
    );
  }, 60_000);
});

describe('calibrate on runs given without the change of count\'s columns (a folder written before 2026-12-04)', () => {
  it('fits the parameters it has, and says which have no column and so no posterior', async () => {
    const observed = await syntheticObservations();
    const registeredBreak = { years: [2015, 2016], share: { min: 0.2, max: 0.6 }, villageShare: { min: 0, max: 0.1 } };
    const scenario = dalianResolved({ runs: 300, end: END, shocks: {}, parameters: PRIOR, uncertainty: { process: {}, baseline: {}, registeredBreak } });
    const full = await runMonteCarlo(scenario);
    const breakNames = ['uncertainty.registered_break.year', 'uncertainty.registered_break.share', 'uncertainty.registered_break.village_share'];
    expect(full.sampledNames.slice(-3)).toEqual(breakNames);
    // the same runs as an older urbsim wrote them: the scenario's columns only
    const k = full.sampledNames.length;
    const kept = k - 3;
    const old = { ...full, sampledNames: full.sampledNames.slice(0, kept), sampled: Float64Array.from({ length: 300 * kept }, (_, i) => full.sampled[Math.floor(i / kept) * k + (i % kept)]) };
    const c = await calibrate(scenario, observed, { until: 2016, result: old });
    expect(c.notRecorded).toEqual(breakNames);
    expect(c.parameters.map((p) => p.name)).toEqual(full.sampledNames.slice(0, kept));
    expect(calibrationTable(c, 'synthetic.csv')).toContain(`note: the runs given hold no params.arrow column for ${breakNames.join(', ')} (written by an older urbsim): no posterior for them`);
    // …and meta.json records them, as the table says them
    const meta = (x: typeof c) => {
      const dir = mkdtempSync(join(tmpdir(), 'urbsim-calibrate-'));
      writeCalibration(dir, x, { observedFile: 'synthetic.csv', startedAt: new Date(), workers: 1 });
      return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    };
    expect(meta(c).notRecordedParameters).toEqual(['uncertainty.registered_break.year', 'uncertainty.registered_break.share', 'uncertainty.registered_break.village_share']);
    // with every column, nothing to say
    const whole = await calibrate(scenario, observed, { until: 2016, result: full });
    expect(whole.notRecorded).toBeUndefined();
    expect(calibrationTable(whole, 'synthetic.csv')).not.toContain('no params.arrow column');
    expect(meta(whole)).not.toHaveProperty('notRecordedParameters');
  }, 60_000);
});


describe('a scenario whose laws were fitted to the figures it is calibrated or scored on says so', () => {
  // Dalian's pilot draws the conversion at the law fitted to its 2015 registered rate, 71.2 % (001:427); the curated
  // dalian.yaml draws the pooled law. A 2015 resident rate informs no pace Dalian's pilot fitted to its own figures.
  const csv = (rows: string) => parseObserved(`${OBSERVED_HEADER}\n${rows}`, 'o.csv');
  const registered2015 = 'dalian,registered_rate,2015,,,71.2,%,registered_unstated,,001:427,,\n';
  const resident2015 = 'dalian,resident_rate,2015,,,70,%,resident_6month,,a,,\n';
  const warning = 'warning: hukou_conversion_rate is drawn at the law fitted to registered_rate 2015';
  const load = (file: string) => withMonteCarlo(loadScenario(file), { runs: 200 });

  it('calibrate: weighing again counts them twice; not for the curated file, nor for a figure no own law used', async () => {
    const pilot = load('scenarios/pilots/dalian.yaml');
    const table = calibrationTable(await calibrate(pilot, csv(registered2015)), 'o.csv');
    expect(table).toContain(`${warning} (data/observed/fitted-defaults.json, as the generated pilots and urbsim init write it): weighing the runs by these figures again counts them twice`);
    // the pooled law a new area's pilot draws: the fit's mixture, each component's offset from the centre and sd × the
    // spread factor, as the file gives them (3 significant digits, src/analysis/paceLaw.ts)
    const fit = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
    const conv = fit.paces.hukou_conversion_rate;
    const k = fit.spread.factor;
    const sig = (x: number) => Number(x.toPrecision(3));
    const weights = conv.mix.weights.map(sig).join(', ');
    const medians = conv.mix.centers.map((c: number) => `${sig(100 / (1 + Math.exp(-(conv.center + k * (c - conv.center)))))}%`).join(', ');
    const sigmas = conv.mix.sds.map((x: number) => sig(k * x)).join(', ');
    expect(table).toContain(`draw them as an area without these figures does: hukou_conversion_rate: { dist: logitnormalmix, weights: [${weights}], medians: [${medians}], sigmas: [${sigmas}] }`);
    expect(calibrationTable(await calibrate(load('scenarios/dalian.yaml'), csv(registered2015)), 'o.csv')).not.toContain('drawn at the law fitted');
    expect(calibrationTable(await calibrate(pilot, csv(resident2015)), 'o.csv')).not.toContain('drawn at the law fitted');
  }, 60_000);

  it("Dongguan's pilot: its migrants' take-up is fitted to its 2015 count of migrants settled (17,865, 001:311)", async () => {
    const count = 'dongguan,settled_migrants,2015,2015,,17865,人,settled_some_channels,,001:311,,\n';
    const table = calibrationTable(await calibrate(load('scenarios/pilots/dongguan.yaml'), csv(count)), 'o.csv');
    expect(table).toContain('warning: settle_willingness is drawn at the law fitted to settled_migrants 2015 (');
    // what to write instead: the generator's range for an area without such counts (src/batch/pilotScenarioYaml.ts)
    expect(table).toMatch(/for an independent answer draw them as an area without these figures does: settle_willingness: \{ dist: uniform, min: 2%, max: 8% \}$/m);
  }, 60_000);

  it('backtest: a scored figure the laws saw is not out of sample; a later one they did not see is', async () => {
    // Fit the 2014 resident rate (a made-up 69 %), score the 2015 registered rate (in the law) and a 2016 one (not).
    const t = await backtest(load('scenarios/pilots/dalian.yaml'), csv('dalian,resident_rate,2014,,,69,%,resident_6month,,a,,\n' + registered2015 + 'dalian,registered_rate,2016,,,72,%,registered_unstated,,x,,\n'), { until: 2014 });
    expect(t.scored.map((u) => `${u.point.metric} ${u.point.year}`)).toEqual(['registered_rate 2015', 'registered_rate 2016']);
    expect(backtestTable(t)).toContain(`${warning} (data/observed/fitted-defaults.json, as the generated pilots and urbsim init write it): these figures were not held out, so their score is not out of sample`);
    expect(backtestTable(t)).not.toContain('registered_rate 2015, registered_rate 2016 (');
  }, 60_000);
});
