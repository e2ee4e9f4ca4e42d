import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAKE_UP_GRID, fitMigrantTakeUp, migrantSettledFigures, migrantTakeUpLikelihood, takeUpKey } from '../../src/analysis/migrantTakeUp.ts';
import { shippedPilotDefaults } from '../../src/batch/pilotDefaults.ts';
import { withLever } from '../../src/analysis/withLever.ts';
import { type ObservedPoint, parseObserved, readObserved } from '../../src/io/readObserved.ts';
import { METRICS, METRIC_COUNT } from '../../src/model/indicators.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const HEADER = 'area,metric,year,from_year,months,value,unit,definition,break,source,snippet,note';


/** Dalian in plain mode, 4 runs whose migrants' departures differ (multiplier uniform 0.5–1.5), to 2016. */
const plainDalian = () =>
  dalianResolved({
    runs: 4,
    seed: 7,
    end: 2016,
    shocks: {},
    parameters: { migrant_return_multiplier: { kind: 'dist', spec: { dist: 'uniform', min: 0.5, max: 1.5 } } },
  });

describe('an area\'s own counts of migrants settled', () => {
  it('are its whole-year settled_migrants counts of hukou moved in after its base year: Dongguan\'s 2015 count alone', () => {
    const dongguan = loadScenario('scenarios/pilots/dongguan.yaml');
    // data/observed: 2011–2014 and 2011–2015 start before the 2013 base, 2016 covers Jan–Sep; 2015 (line 66) is the one.
    const real = migrantSettledFigures(dongguan, readObserved('data/observed/observed.csv'), 'dongguan').map((u) => [u.point.line, u.point.value]);
    expect(real).toEqual([[66, 17865]]);
    // Constructed: registry counts and some channels count; access to services (citizenized), all settlers (settled) and a period from the base year do not.
    // (Each a file of its own: one series of one file holds one definition.)
    const rows = [
      'dongguan,settled_migrants,2014,2014,,1000,人,settled_registry,,x,x,', // kept
      'dongguan,settled_migrants,2016,2016,,3000,人,settled_some_channels,,x,x,', // kept
      'dongguan,settled_migrants,2016,2016,,4000,人,citizenized,,x,x,', // not a count of hukou moved in
      'dongguan,settled,2016,2016,,5000,人,settled_registry,,x,x,', // locals and migrants together
      'dongguan,settled_migrants,2015,2013,,6000,人,settled_registry,,x,x,', // starts in the base year
      'dongguan,settled_migrants,2016,2016,6,6500,人,settled_registry,,x,x,', // half a year
      'huizhou,settled_migrants,2016,2016,,7000,人,settled_registry,,x,x,', // another area
    ];
    const points = rows.flatMap((row, i) => parseObserved(`${HEADER}\n${row}`, `constructed-${i}.csv`));
    expect(migrantSettledFigures(dongguan, points, 'dongguan').map((u) => u.point.value)).toEqual([1000, 3000]);
  });

  it('update the mode\'s take-up key: settle_willingness where an eligible share applies, migrant_settle_rate under plain, none when closed', () => {
    const dongguan = loadScenario('scenarios/pilots/dongguan.yaml');
    expect(dongguan.settlementMode).toBe('points');
    expect(takeUpKey(dongguan)).toBe('settle_willingness');
    const plain = dalianResolved({ runs: 1 });
    expect(takeUpKey(plain)).toBe('migrant_settle_rate');
    expect(takeUpKey({ ...plain, settlementMode: 'closed' })).toBeUndefined();
    expect(takeUpKey({ ...plain, settlementMode: 'open', parameters: Object.fromEntries(Object.entries(plain.parameters).filter(([k]) => k !== 'settle_willingness')) as ResolvedScenario['parameters'] })).toBeUndefined();
  });

  it('the take-up grid: logit(5 %) ± 6 (4 reference sds) in steps of 0.5', () => {
    const c = Math.log(0.05 / 0.95);
    expect(TAKE_UP_GRID).toHaveLength(25);
    expect(TAKE_UP_GRID[0]).toBeCloseTo(c - 6, 12);
    expect(TAKE_UP_GRID[24]).toBeCloseTo(c + 6, 12);
    expect(TAKE_UP_GRID[13] - TAKE_UP_GRID[12]).toBeCloseTo(0.5, 12);
  });

  it('likelihood: the mean over runs of each run\'s Gaussian likelihood of the counts on the log scale, errors by caliber (registry 10 %, some channels 20 %)', async () => {
    // Plain mode, one projected year: the migrants settled in 2014 are w · K_r exactly, K_r the run's migrants of 3+
    // years' stay before settlement (which w does not touch in the first year). K_r differs by run through the
    // migrants' departures (multiplier uniform 0.5–1.5).
    const s = plainDalian();
    const full = await runMonteCarlo(withLever({ ...s, years: { start: 2013, end: 2014 } }, 'migrant_settle_rate', 1));
    const col = METRICS.indexOf('settled_migrants');
    const K = Array.from({ length: 4 }, (_, r) => full.rows[(r * full.years.length + 1) * METRIC_COUNT + col]);
    expect(new Set(K.map((k) => k.toFixed(0))).size).toBe(4);
    const mean = K.reduce((a, k) => a + k, 0) / 4;
    // Two counts of one year: the registry says w = 1 %, some channels 2 % (of the runs' mean K).
    const y1 = 0.01 * mean;
    const y2 = 0.02 * mean;
    const points: ObservedPoint[] = [
      ...parseObserved(`${HEADER}\ndalian,settled_migrants,2014,2014,,${y1},人,settled_registry,,x,x,`, 'registry.csv'),
      ...parseObserved(`${HEADER}\ndalian,settled_migrants,2014,2014,,${y2},人,settled_some_channels,,x,x,`, 'channels.csv'),
    ];
    expect(points.map((p) => p.value)).toEqual([y1, y2]);
    const lik = (await migrantTakeUpLikelihood(s, 'migrant_settle_rate', points, { runs: 4, seed: 7 }))!;
    // By hand: L(x) = ¼ Σ_r exp(−½ ((ln(K_r σ(x)) − ln y1)/0.1)² − ½ ((ln(K_r σ(x)) − ln y2)/0.2)²), σ the logistic.
    const logL = (x: number) => {
      const sig = 1 / (1 + Math.exp(-x));
      const terms = K.map((k) => -0.5 * ((Math.log(k * sig) - Math.log(y1)) / 0.1) ** 2 - 0.5 * ((Math.log(k * sig) - Math.log(y2)) / 0.2) ** 2);
      return Math.log(terms.reduce((a, t) => a + Math.exp(t), 0) / 4);
    };
    const z = Array.from(lik.weights, (_, b) => lik.lo + b * lik.step);
    // The grid: logit(5 %) ± 9 (6 reference sds), 401 points.
    expect(lik.lo).toBeCloseTo(Math.log(0.05 / 0.95) - 9, 10);
    expect(lik.weights).toHaveLength(401);
    const peak = z.reduce((best, x) => (logL(x) > logL(best) ? x : best), z[0]);
    const top = Math.max(...lik.weights);
    let compared = 0;
    z.forEach((x, b) => {
      if (logL(x) - logL(peak) < -9) return;
      // A run's log count is interpolated linearly in the logit between the grid's take-ups: ln σ(x) is nearly linear where σ is small.
      expect(Math.log(lik.weights[b] / top), `x = ${x.toFixed(3)}`).toBeCloseTo(logL(x) - logL(peak), 1);
      compared++;
    });
    expect(compared).toBeGreaterThanOrEqual(15);
    // The likelihood's peak: the precision-weighted mean of ln 1 % and ln 2 % (1/0.1², 1/0.2²), about logit 1.15 %, spread over the runs' K.
    const zmax = z[lik.weights.indexOf(top)];
    expect(1 / (1 + Math.exp(-zmax))).toBeGreaterThan(0.009);
    expect(1 / (1 + Math.exp(-zmax))).toBeLessThan(0.015);
  });
  it("likelihood: the runs and seed asked for, whatever the scenario's own; counts of two years run to the later; finite at the grid's ends", async () => {
    const s = plainDalian();
    const count = (year: number, value: number) => parseObserved(`${HEADER}\ndalian,settled_migrants,${year},${year},,${value},人,settled_registry,,x,x,`, `c${year}.csv`);
    const one = count(2014, 2000);
    const asked = { runs: 4, seed: 7 };
    const lik = (await migrantTakeUpLikelihood(s, 'migrant_settle_rate', one, asked))!;
    // The scenario's own monte_carlo (10 runs, seed 3) plays no part: the runs are those asked for.
    const other = { ...s, monteCarlo: { ...s.monteCarlo, runs: 10, seed: 3 } };
    expect((await migrantTakeUpLikelihood(other, 'migrant_settle_rate', one, asked))!.weights).toEqual(lik.weights);
    // Every grid value is a number, far from the peak too.
    expect(lik.weights.every((w) => Number.isFinite(w))).toBe(true);
    // A 2015 count beside 2014's: the runs go to 2015 (run only to 2014, the 2015 count has no run value and no
    // take-up any likelihood), and it moves the likelihood.
    const two = (await migrantTakeUpLikelihood(s, 'migrant_settle_rate', [...one, ...count(2015, 4000)], asked))!;
    expect(two).toBeDefined();
    expect(two.weights).not.toEqual(lik.weights);
  });
  it("fitMigrantTakeUp: an area's pilot with such a count gets its take-up's law; one without, or a mode that settles no migrant, none", async () => {
    const observed = readObserved('data/observed/observed.csv');
    const o = { runs: 20, seed: 2014, dir: mkdtempSync(join(tmpdir(), 'urbsim-takeup-')) };
    // Anhui's pilot has no count of migrants settled; Dongguan's 2015 count is line 66 (001:311).
    expect(await fitMigrantTakeUp('anhui', observed, shippedPilotDefaults('anhui'), o)).toBeUndefined();
    expect(await fitMigrantTakeUp('dongguan', observed.filter((p) => p.metric !== 'settled_migrants'), shippedPilotDefaults('dongguan'), o)).toBeUndefined();
    const t = (await fitMigrantTakeUp('dongguan', observed, shippedPilotDefaults('dongguan'), o))!;
    expect([t.area, t.key, t.figures, t.runs]).toEqual(['dongguan', 'settle_willingness', ['settled_migrants 2015 (observed.csv:66)'], 20]);
    expect(t.lower80 < t.median && t.median < t.upper80).toBe(true);
    // The pilot's law is the posterior's mean and sd: its centre inside the 80 % interval, its sd below the prior's 1.5.
    expect(t.pilot.center > t.lower80 && t.pilot.center < t.upper80).toBe(true);
    expect(t.pilot.sd > 0 && t.pilot.sd < 1.5).toBe(true);
  }, 60_000);
});
