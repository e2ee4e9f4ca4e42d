import { describe, expect, it } from 'vitest';
import { metricAt } from '../../src/analysis/metricAt.ts';
import { searchRange } from '../../src/analysis/leverRange.ts';
import { solveFrontier } from '../../src/analysis/solveFrontier.ts';
import { leverText, snapped, solveLever } from '../../src/analysis/solveLever.ts';
import { leverRange } from '../../src/analysis/leverRange.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';
import { RATE_RULE, VARIABLE_RULE } from '../../src/scenario/valueRule.ts';
import { join } from 'node:path';
import { solveTable } from '../../src/analysis/solveTable.ts';
import { solveTargets } from '../../src/analysis/solveTargets.ts';
import { withLever } from '../../src/analysis/withLever.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import type { TargetSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved, quotaScenario } from '../helpers/resolvedFixture.ts';

/**
 * Construction: Dalian over one year (2013→2014) with half of the eligible migrants willing to settle, far more
 * than any quota searched, so a quota q binds and settles exactly q persons (src/model/README.md step 8, cap 3),
 * after survival and births. Registered population in 2014 is then R0 + q run by run, R0 the value with no
 * quota; R0 varies between runs through the urban-hukou fertility (uniform 0.5–2.0). With N runs, P(R0 + q ≥ T)
 * ≥ p needs m = ⌈pN⌉ runs, so the smallest quota is ⌈T − R0₍m₎⌉ with R0₍m₎ the m-th largest R0.
 */
const N = 100;
const scenario = quotaScenario(N);
const target = (op: '>=' | '<=', value: number): TargetSpec => ({ id: `registered_pop${op}${value}@2014`, metric: 'registered_pop', year: 2014, op, value });
const registered = async (quota: number) => {
  const r = await runMonteCarlo(withLever(scenario, 'settle_quota', quota));
  return { pop: metricAt(r.rows, r.years, 'registered_pop', 2014), settled: metricAt(r.rows, r.years, 'settled_migrants', 2014) };
};

describe('solveLever on a quota whose answer is known by construction', () => {
  it('checks the construction: a binding quota adds exactly q registered persons in every run', async () => {
    const zero = await registered(0);
    const q = await registered(200_000);
    for (let r = 0; r < N; r++) {
      expect(q.settled[r]).toBeCloseTo(200_000, 4);
      expect(q.pop[r] - zero.pop[r]).toBeCloseTo(200_000, 4);
    }
    expect(Math.max(...zero.pop) - Math.min(...zero.pop)).toBeGreaterThan(20_000); // fertility spreads R0
  });

  it('finds the smallest quota meeting a registered-population target in 80 % of runs', async () => {
    const r0 = [...(await registered(0)).pop].sort((a, b) => b - a);
    const T = Math.round(r0[N / 2]) + 100_000;
    const m = Math.ceil(0.8 * N);
    const expected = Math.ceil(T - r0[m - 1]);
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [target('>=', T)], probability: 0.8, range: [0, 200_000], tolerance: 1, maxEvaluations: 40 });
    expect(s.status).toBe('found');
    expect(s.direction).toBe('min');
    expect(s.trend).toBe('increasing');
    expect(s.value).toBe(expected);
    expect(s.bracket).toEqual([expected - 1, expected]);
    expect(s.curve.find((c) => c.x === expected)!.met).toBe(m);
    expect(s.curve.find((c) => c.x === expected - 1)!.met).toBe(m - 1);
    // The curve is monotone: the same draws at every quota (common random numbers).
    for (let i = 1; i < s.curve.length; i++) expect(s.curve[i].probability).toBeGreaterThanOrEqual(s.curve[i - 1].probability);
    expect(s.message).toContain(`smallest settle_quota meeting registered_pop ≥ ${T.toLocaleString('en')} in 2014 with probability ≥ 80%: ${expected.toLocaleString('en')}`);
    expect(solveTable(s)).toMatch(new RegExp(`^${expected.toLocaleString('en')} .*← answer$`, 'm'));
    // Its runs with a thousands separator, as the project's other counts ("1,000 runs"; it printed "1000 runs per value").
    expect(solveTable({ ...s, runs: 1000 }).split('\n')[1]).toMatch(/^\(1,000 runs per value, seed 7, the same draws for every value; /);
  });

  it('finds the largest quota keeping the population under a ceiling (probability falling: direction max)', async () => {
    // P(R0 + q ≤ T) ≥ 0.8: q ≤ T − R0 in m runs, so the largest is ⌊T − R0₍m₎⌋ with R0₍m₎ the m-th smallest.
    const r0 = [...(await registered(0)).pop].sort((a, b) => a - b);
    const T = Math.round(r0[N / 2]) + 100_000;
    const m = Math.ceil(0.8 * N);
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [target('<=', T)], probability: 0.8, range: [0, 200_000], tolerance: 1, maxEvaluations: 40 });
    expect(s.trend).toBe('decreasing');
    expect(s.direction).toBe('max');
    expect(s.value).toBe(Math.floor(T - r0[m - 1]));
    expect(s.message).toMatch(/^largest settle_quota/);
  });

  it('says so when the low end already meets the target, or no quota in the range does', async () => {
    const r0 = [...(await registered(0)).pop];
    const always = await solveLever(scenario, { lever: 'settle_quota', targets: [target('>=', Math.min(...r0) - 1)], probability: 0.8, range: [0, 200_000] });
    expect(always.status).toBe('always');
    expect(always.value).toBe(0);
    expect(always.curve).toHaveLength(2);
    expect(always.message).toMatch(/settle_quota = 0, the low end of \[0, 200,000\], already meets/);
    const never = await solveLever(scenario, { lever: 'settle_quota', targets: [target('>=', Math.max(...r0) + 300_000)], probability: 0.8, range: [0, 200_000] });
    expect(never.status).toBe('unreachable');
    expect(never.value).toBeUndefined();
    // settle_quota has no upper bound: the end of the range binds, and the message says to widen it
    expect(never.message).toMatch(/^registered_pop ≥ .* with probability ≥ 80% is unreachable within \[0, 200,000\] of settle_quota: best 0\.0% with settle_quota at 200,000, the end of the range given \(it has no upper bound: widen --range\)$/);
  });

  it('says the probability asked as it was given, in the answer as in the header (81.25%, not 81.3% under 81.25%)', async () => {
    const r0 = [...(await registered(0)).pop];
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [target('>=', Math.min(...r0) - 1)], probability: 0.8125, range: [0, 200_000] });
    expect(s.message).toContain('already meets registered_pop ≥ ');
    expect(s.message).toContain(' with probability ≥ 81.25% (P = 100.0%');
    expect(solveTable(s).split('\n')[0]).toMatch(/ with probability ≥ 81\.25%$/);
  });

  it('joint targets out of reach: says which of them the best value still misses, as the frontier does', async () => {
    const r0 = [...(await registered(0)).pop];
    // By construction: R0 + q ≥ min(R0) − 1 in every run at any quota (met in 100 %), R0 + q ≥ max(R0) + 300,000 in
    // none up to 200,000 (0 %): the joint target is out of reach because of the second alone, which the message names.
    const low = Math.min(...r0) - 1;
    const high = Math.round(Math.max(...r0)) + 300_000;
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [target('>=', low), target('>=', high)], probability: 0.8, range: [0, 200_000] });
    expect(s.status).toBe('unreachable');
    expect(s.message).toMatch(
      new RegExp(`^all 2 targets jointly with probability ≥ 80% is unreachable within \\[0, 200,000\\] of settle_quota: best 0\\.0% with settle_quota at 200,000, the end of the range given \\(it has no upper bound: widen --range\\); there, registered_pop ≥ ${high.toLocaleString('en')} in 2014 is met in 0\\.0% of runs$`),
    );
  });

  it('searches a rate on a grid of the tolerance, from the lever’s distribution when no range is given', async () => {
    // One year: 63.23 % at a 3 % rate, 63.47 % at 8 % (a direct run); every run alike, as inflow does not act yet.
    const s0 = dalianResolved({ runs: 30, end: 2014, seed: 7, shocks: {} }); // migrant_settle_rate ~ U(3 %, 8 %)
    const s = await solveLever(s0, { lever: 'migrant_settle_rate', targets: solveTargets(s0, 'registered_rate>=63.4%@2014'), probability: 0.5 });
    expect(s.range.from).toBe('distribution');
    expect([s.range.lo, s.range.hi]).toEqual([0.03, 0.08]);
    expect(s.step).toBeCloseTo(0.0005, 12);
    for (const c of s.curve) expect(Math.abs((c.x - 0.03) / 0.0005 - Math.round((c.x - 0.03) / 0.0005))).toBeLessThan(1e-6);
    expect(s.status).toBe('found');
    const [miss, reach] = s.bracket!;
    expect(reach - miss).toBeCloseTo(s.step, 12);
    expect(s.curve.find((c) => c.x === reach)!.probability).toBeGreaterThanOrEqual(0.5);
    expect(s.curve.find((c) => c.x === miss)!.probability).toBeLessThan(0.5);
  });
});

describe('a lever of persons is searched in whole numbers', () => {
  it('between the whole numbers inside the range given: 0.5–2000.5 persons is 1–2000; 0.2–0.8 holds none, for one lever and for a frontier', async () => {
    expect(searchRange(scenario, 'settle_quota', [0.5, 2000.5])).toMatchObject({ lo: 1, hi: 2000, integer: true, from: 'option' });
    // A rate is not rounded.
    expect(searchRange(scenario, 'local_settle_rate', [0.25, 0.75])).toMatchObject({ lo: 0.25, hi: 0.75, integer: false });
    const none = 'range of settle_quota holds no whole number to search between 0.2 and 0.8';
    const targets = [target('>=', 1)];
    await expect(solveLever(scenario, { lever: 'settle_quota', targets, probability: 0.5, range: [0.2, 0.8] })).rejects.toThrow(none);
    await expect(
      solveFrontier(scenario, { levers: [{ lever: 'local_settle_rate', range: [0, 1] }, { lever: 'settle_quota', range: [0.2, 0.8] }], targets, probability: 0.5 }),
    ).rejects.toThrow(none);
  });
});

describe('a variable lever written in percent, searched over a range symmetric about 0', () => {
  it('is said in percent, as the file writes it, and its grid holds 0, not 6.93889e-18', () => {
    // `urbsim solve scenarios/dalian.yaml --lever inflow_growth` printed -0.0618046 … 6.93889e-18 … 0.0321384.
    const dir = writeScenarios({
      'g.yaml': 'name: g\ncity: dalian\nyears: { start: 2013, end: 2016 }\nvariables: { g: { dist: normal, mean: 0%, sd: 2% } }\nparameters: { inflow: "20万 * (1 + g) ^ t" }\n',
    });
    const r = leverRange(loadScenario(join(dir, 'g.yaml')), 'g');
    // The 0.1 % and 99.9 % quantiles of N(0, 2 %): ∓3.090232 · 0.02 = ∓0.0618046.
    expect(r.lo).toBeCloseTo(-0.0618046, 7);
    // Said to four significant figures (it printed six, -6.18046%): −6.180 % and 3.214 %.
    expect([leverText(r.lo, r), leverText(0.0321384, r), leverText(0, r)]).toEqual(['-6.18%', '3.214%', '0%']);
    // The grid's middle: lo + 50 steps of (hi − lo) / 100 misses 0 by rounding alone.
    const step = (r.hi - r.lo) / 100;
    expect(r.lo + 50 * step).not.toBe(0);
    expect(snapped(r.lo + 50 * step, step)).toBe(0);
    expect(snapped(r.lo + 51 * step, step)).toBe(Number((r.lo + 51 * step).toPrecision(12)));
  });
});

describe('a lever value as solve says it', () => {
  const rate = { rule: RATE_RULE, integer: false };
  it('to four significant figures, as the report\'s title says the answer (it printed six: a law\'s range from 1.13307% to 26.2099%)', () => {
    // 0.0113307 = 1.13307 % → 1.133 %; 0.262099 → 26.21 %; 0.000510409 → 0.05104 %; 0.8443438 → 84.43 %.
    expect([0.0113307, 0.262099, 0.000510409, 0.8443438].map((x) => leverText(x, rate))).toEqual(['1.133%', '26.21%', '0.05104%', '84.43%']);
    // A number that is no rate nor count: 106.254 → 106.3.
    expect(leverText(106.254, { rule: VARIABLE_RULE, integer: false })).toBe('106.3');
  });

  it('finer where the grid step needs it, so that values a step apart never read alike', () => {
    // A step of 0.001 % (1e-5) needs three decimals of a percentage: 40.0012 % and 40.0022 % stay apart.
    expect([0.400012, 0.400022].map((x) => leverText(x, rate, 1e-5))).toEqual(['40.001%', '40.002%']);
    // A coarse step changes nothing: 4 significant figures already say more (step 0.58 %: 4.03703 % → 4.037 %).
    expect(leverText(0.0403703, rate, 0.0058)).toBe('4.037%');
  });

  it('a count from 10,000 up keeps the digits its step needs: 1,000,500 a step of 500 from 1,000,000 (both read 1001000 to four figures)', () => {
    const big = { rule: VARIABLE_RULE, integer: false };
    expect([1_000_000, 1_000_500, 1_001_000, 1_001_500].map((x) => leverText(x, big, 500))).toEqual(['1000000', '1000500', '1001000', '1001500']);
    // Without a step, four significant figures: 1,234,567 → 1,235,000.
    expect(leverText(1_234_567, big)).toBe('1235000');
    // School places are counted: whole, every digit, as a quota is.
    const places = leverRange(dalianResolved(), 'school_places', [1e6, 1.005e6]);
    expect([leverText(1_000_500, places, 500), leverText(1_234_567, places)]).toEqual(['1,000,500', '1,234,567']);
    // Past the 100 decimals toFixed gives, still four significant figures (robust's 15:23 finding: it read 0).
    expect(leverText(1.23456e-120, { rule: VARIABLE_RULE, integer: false }, 1e-3)).toBe('1.235e-120');
  });
});
