import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate, planCalibration } from '../../src/analysis/calibrate.ts';
import { fitArea } from '../../src/analysis/fitDefaults.ts';
import { determinedBy, independentFigures } from '../../src/analysis/independentFigures.ts';
import { simulatedAtPoints } from '../../src/analysis/simulatedAtPoints.ts';
import { readObserved } from '../../src/io/readObserved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { observedPoints } from '../helpers/observedRows.ts';

// Luoyang's figures of 2014 and 2015 as 001:529 gives them (data/observed/observed.csv), set on the Dalian fixture's
// area so that a scenario can be calibrated on them: 2015 rate, population and urban population of one survey
// (52.65 % × 674.3万 = 355.02万), 2014 population and urban population (no 2014 rate).
const ROWS = [
  'dalian,resident_pop,2014,,,667.8,万人,resident_6month,,001:529,,',
  'dalian,resident_pop,2015,,,674.3,万人,resident_6month,,001:529,,',
  'dalian,resident_rate,2015,,,52.65,%,resident_6month,,001:529,,',
  'dalian,urban_resident_pop,2014,,,340.24,万人,resident_6month,,001:529,,',
  'dalian,urban_resident_pop,2015,,,355.02,万人,resident_6month,,001:529,,',
];
const label = (p: { metric: string; year: number }) => `${p.metric} ${p.year}`;

describe('an urban resident population fixed by the rate and population of its year is not an observation of its own', () => {
  it('calibration fits the 2015 rate and population, not their product; 2014\'s urban population (no rate that year) stays', () => {
    const plan = planCalibration(dalianResolved({ runs: 10, end: 2016 }), observedPoints(ROWS));
    expect(plan.fitted.map((u) => label(u.point))).toEqual(['resident_pop 2014', 'resident_pop 2015', 'resident_rate 2015', 'urban_resident_pop 2014']);
  });

  it('calibration weighs each run by the rate\'s and the population\'s errors only (by hand: logit sd 0.004 / (r(1 − r)), log sd 0.01)', async () => {
    // One survey's 2015 figures near the fixture's runs: 69.8 % × 722万 = 503.96万.
    const observed = observedPoints([
      'dalian,resident_pop,2015,,,722,万人,resident_6month,,x,,',
      'dalian,resident_rate,2015,,,69.8,%,resident_6month,,x,,',
      'dalian,urban_resident_pop,2015,,,503.96,万人,resident_6month,,x,,',
    ]);
    const c = await calibrate(dalianResolved({ runs: 200, end: 2016 }), observed);
    const [pop, rate] = observed;
    const sim = simulatedAtPoints(c.result, [rate, pop]);
    const logit = (x: number) => Math.log(x / (1 - x));
    const sdRate = 0.004 / (0.698 * (1 - 0.698));
    const logW = Array.from({ length: 200 }, (_, r) => -0.5 * (((logit(sim[2 * r]) - logit(0.698)) / sdRate) ** 2 + ((Math.log(sim[2 * r + 1]) - Math.log(7_220_000)) / 0.01) ** 2));
    const top = Math.max(...logW);
    const expected = logW.map((l) => Math.exp(l - top));
    const got = new Map(Array.from(c.fit.accepted, (r, a) => [r, c.fit.weights[a]]));
    expect(expected.filter((w) => w > 0.01).length).toBeGreaterThan(5); // the check is not one run's
    expected.forEach((w, r) => {
      if (w >= 1e-9) expect(got.get(r)).toBeCloseTo(w, 9);
    });
  }, 60_000);

  it('the fit of Luoyang\'s paces reads its resident figures after 2013 without the 2015 urban population', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-same-year-'));
    const fit = await fitArea('luoyang', readObserved('data/observed/observed.csv'), { runs: 60, seed: 7, dir, process: { sigma: 0.127, phi: 0.5 } });
    const resident = fit!.figures.filter((f) => /^(resident|urban_resident)/.test(f)).map((f) => f.replace(/ \(.*\)$/, ''));
    expect(resident).toEqual(['resident_pop 2014', 'resident_pop 2015', 'resident_rate 2015', 'urban_resident_pop 2014']);
  }, 120_000);
});

describe('determinedBy: which urban populations the rate and population of their year fix', () => {
  const at = (rows: string[]) => observedPoints(rows);
  const urban = (year: number, value = '57.1') => `a,urban_resident_pop,${year},,,${value},万人,resident_6month,,x,,`;
  it('fixed only with both the rate and the population of the same area and year', () => {
    const rows = ['a,resident_rate,2013,,,37.1,%,resident_6month,,x,,', 'a,resident_pop,2013,,,153.9,万人,resident_6month,,x,,', urban(2013)];
    const all = at(rows);
    expect(determinedBy(all[2], all)).toMatch(/^resident_rate × resident_pop of 2013 \(test.csv:2, test.csv:3\)/);
    // Guyuan 2013 (004:6341–6343): rate and urban population, no population: the urban population is the population's only figure.
    expect(determinedBy(all[2], [all[0], all[2]])).toBeUndefined();
    expect(determinedBy(all[2], [all[1], all[2]])).toBeUndefined();
  });
  it('not by another year\'s, another area\'s or another definition\'s figures, and never a rate or a population', () => {
    const all = at([
      'a,resident_rate,2014,,,37.1,%,resident_6month,,x,,',
      'a,resident_pop,2013,,,153.9,万人,resident_6month,,x,,',
      'b,resident_rate,2013,,,37.1,%,resident_6month,,x,,',
      'b,resident_pop,2014,,,153.9,万人,resident_6month,,x,,',
      urban(2013),
    ]);
    expect(determinedBy(all[4], all)).toBeUndefined();
    expect(all.slice(0, 4).map((p) => determinedBy(p, all))).toEqual([undefined, undefined, undefined, undefined]);
    // Yicheng 2013 (004:8721–8723): its rate counts urban residents over the registered, not the survey's rate.
    const yicheng = at(['c,resident_rate,2013,,,45.6,%,resident_over_registered,,x,,', 'c,resident_pop,2013,,,56.8,万人,resident_6month,,x,,', 'c,urban_resident_pop,2013,,,25.9,万人,resident_6month,,x,,']);
    expect(determinedBy(yicheng[2], yicheng)).toBeUndefined();
  });
});

describe('a migrant population computed as residents less registered people is not an observation of its own', () => {
  // Dongguan 2015, 001:273: 常住 825.41万, 户籍 195.01万, 非户籍 630.4万 = 825.41 − 195.01.
  const rows = (migrants: string) => [
    'dongguan,migrant_pop,2015,,,' + migrants + ',万人,resident_6month,,001:273,,',
    'dongguan,registered_pop,2015,,,195.01,万人,registered_hukou,,001:273,,',
    'dongguan,resident_pop,2015,,,825.41,万人,resident_6month,,001:273,,',
  ];
  it('Dongguan 2015: fixed by the two populations; calibration fits them, not the difference', () => {
    const all = observedPoints(rows('630.4'));
    expect(determinedBy(all[0], all)).toMatch(/^resident_pop − registered_pop of 2015/);
    const plan = planCalibration(dalianResolved({ runs: 10, end: 2016 }), observedPoints(rows('630.4').map((r) => r.replace('dongguan', 'dalian'))));
    expect(plan.fitted.map((u) => label(u.point))).toEqual(['registered_pop 2015', 'resident_pop 2015']);
  });
  it('within the rounding of the three figures as written, and not beyond it', () => {
    const whole = observedPoints(rows('630'));
    expect(determinedBy(whole[0], whole)).toBeDefined(); // 0.4万 off, within ±0.5 + ±0.005 + ±0.005万
    const off = observedPoints(rows('630.5'));
    expect(determinedBy(off[0], off)).toBeUndefined(); // 0.1万 off, beyond ±0.05 + ±0.005 + ±0.005万: another count
    // Each figure's own rounding counts: a registered population written in whole 万 (195万, ±0.5万) leaves 825.41 − 195 =
    // 630.41万, 0.01万 off 630.4 — within ±0.05 + ±0.005 + ±0.5万 only through the registered figure's rounding.
    const coarse = observedPoints([rows('630.4')[0], rows('630.4')[1].replace('195.01', '195'), rows('630.4')[2]]);
    expect(determinedBy(coarse[0], coarse)).toBeDefined();
    const coarseOff = observedPoints([rows('629.8')[0], rows('630.4')[1].replace('195.01', '195'), rows('630.4')[2]]);
    expect(determinedBy(coarseOff[0], coarseOff)).toBeUndefined(); // 0.61万 off, beyond ±0.555万
    // Without the registered population, or on another definition (Haicheng's 外来人口 20 余万, 004:7086), it stays.
    const two = observedPoints([rows('630.4')[0], rows('630.4')[2]]);
    expect(determinedBy(two[0], two)).toBeUndefined();
    const unstated = observedPoints([rows('630.4')[0].replace('resident_6month', 'migrants_unstated'), ...rows('630.4').slice(1)]);
    expect(determinedBy(unstated[0], unstated)).toBeUndefined();
  });
  it('the rounding allowed is the sum of the three figures\' half units, each at its own written precision', () => {
    // 825.466 − 195.01 = 630.456万: 560 persons off 630.4万. Half units: 630.4 → 0.05万 = 500, 825.466 → 0.0005万 = 5,
    // 195.01 → 0.005万 = 50; 555 in all. 825.465 puts it 550 off: within; 825.466, 560 off: beyond.
    const at = (resident: string) => observedPoints([rows('630.4')[0], rows('630.4')[1], rows('630.4')[2].replace('825.41', resident)]);
    const within = at('825.465');
    expect(determinedBy(within[0], within)).toBeDefined();
    const beyond = at('825.466');
    expect(determinedBy(beyond[0], beyond)).toBeUndefined();
  });
  it('a figure written without digits adds no rounding; a flow or another metric of the same value is not fixed', () => {
    const all = observedPoints(rows('630.4'));
    expect(determinedBy({ ...all[0], written: '' }, all)).toBeDefined(); // 630.4 = 825.41 − 195.01 exactly: no rounding needed
    expect(determinedBy({ ...all[0], written: '', value: all[0].value + 150 }, all)).toBeUndefined(); // 150 persons off, 100 allowed by the other two alone
    expect(determinedBy({ ...all[0], fromYear: 2014 }, all)).toBeUndefined();
    expect(determinedBy({ ...all[0], metric: 'new_migrants' }, all)).toBeUndefined();
    // An operand that counts a period (a flow) is not the year's stock.
    expect(determinedBy(all[0], [all[0], all[1], { ...all[2], fromYear: 2015 }])).toBeUndefined();
  });
  it('independentFigures keeps what carries an observation of its own and gives the reason for the rest, in order', () => {
    const all = observedPoints(rows('630.4'));
    const { kept, determined } = independentFigures(all.map((point, i) => ({ point, i })));
    expect(kept.map((u) => u.i)).toEqual([1, 2]);
    expect(determined.map((d) => d.use.i)).toEqual([0]);
    expect(determined[0].reason).toMatch(/^resident_pop − registered_pop of 2015 \(.*:\d+, .*:\d+\) within their rounding/);
  });
  it('the fit of Dongguan\'s paces reads its 2015 resident population, not the difference (the registered population informs no pace)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-same-year-'));
    const fit = await fitArea('dongguan', readObserved('data/observed/observed.csv'), { runs: 60, seed: 7, dir, process: { sigma: 0.127, phi: 0.5 } });
    expect(fit!.figures.map((f) => f.replace(/ \(.*\)$/, ''))).not.toContain('migrant_pop 2015');
    expect(fit!.figures.map((f) => f.replace(/ \(.*\)$/, ''))).toEqual(['resident_pop 2015']);
  }, 120_000);
});
