import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSolve } from '../../src/analysis/writeSolve.ts';
import { reportCommand } from '../../src/cli/report.ts';
import { metricAt } from '../../src/analysis/metricAt.ts';
import { barelyMoves, pointsApart } from '../../src/analysis/solveBarelyMoves.ts';
import { solveLever } from '../../src/analysis/solveLever.ts';
import { withLever } from '../../src/analysis/withLever.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import type { TargetSpec } from '../../src/scenario/resolved.ts';
import { quotaScenario } from '../helpers/resolvedFixture.ts';

/** 95 % Wilson interval of k in n, written out: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.96. */
function wilsonByHand(k: number, n: number): { probability: number; lower: number; upper: number } {
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return { probability: p, lower: k === 0 ? 0 : centre - half, upper: k === n ? 1 : centre + half };
}

describe('barelyMoves: each value inside every other’s 95 % interval, the probabilities not all equal', () => {
  it('not where the curve rises between its ends: 30 and 32 of 100 at the ends, 45 between (above 30’s 39.6 %)', () => {
    expect(barelyMoves([wilsonByHand(30, 100), wilsonByHand(32, 100)])).toBe(true);
    expect(barelyMoves([wilsonByHand(30, 100), wilsonByHand(45, 100), wilsonByHand(32, 100)])).toBe(false);
  });

  it('pointsApart: 8.9 % and 8.4 % are 0.5 points apart; 1 run of 10,000 (0.01 point) is under 0.1', () => {
    expect(pointsApart(0.089, 0.084)).toBe('0.5');
    expect(pointsApart(0.3, 0.32)).toBe('2.0');
    expect(pointsApart(0.5, 0.5001)).toBeUndefined();
  });

  it('Weihai’s 89 and 84 of 1,000 runs: 7.29–10.83 % holds 8.4 %, 6.84–10.28 % holds 8.9 %', () => {
    expect(barelyMoves([wilsonByHand(89, 1000), wilsonByHand(84, 1000)])).toBe(true);
    expect(barelyMoves([wilsonByHand(84, 1000), wilsonByHand(89, 1000)])).toBe(true);
  });

  it('not 89 against 120 of 1,000 (12.0 % above 10.83 %), nor a tie (0 and 0: the margins decide), nor 0 against 1 (0 below 0.018 %)', () => {
    expect(barelyMoves([wilsonByHand(89, 1000), wilsonByHand(120, 1000)])).toBe(false);
    expect(barelyMoves([wilsonByHand(0, 1000), wilsonByHand(0, 1000)])).toBe(false);
    expect(barelyMoves([wilsonByHand(0, 1000), wilsonByHand(1, 1000)])).toBe(false);
  });

  it('one way only is not enough: 30 of 100 (21.9–39.6 %) holds 39 %, 39 of 100 (30.02–48.8 %) does not hold 30 %', () => {
    const [a, b] = [wilsonByHand(30, 100), wilsonByHand(39, 100)];
    expect(b.probability).toBeLessThan(a.upper);
    expect(a.probability).toBeLessThan(b.lower);
    expect(barelyMoves([a, b])).toBe(false);
  });

  it('nor the other way: 61 of 100 (51.2–69.98 %) does not hold 70 %, though 70 of 100 (60.4–78.1 %) holds 61 %', () => {
    const [a, b] = [wilsonByHand(61, 100), wilsonByHand(70, 100)];
    expect(b.probability).toBeGreaterThan(a.upper);
    expect(a.probability).toBeGreaterThan(b.lower);
    expect(barelyMoves([a, b])).toBe(false);
    expect(barelyMoves([b, a])).toBe(false);
  });

  it('an interval holds its ends: a probability on the other’s lower or upper end is inside it', () => {
    expect(barelyMoves([{ probability: 0.1, lower: 0.08, upper: 0.12 }, { probability: 0.12, lower: 0.1, upper: 0.14 }])).toBe(true);
  });

  it('pointsApart says 0.05 point itself (5 runs of 10,000) as 0.1, not "less than 0.1"', () => {
    expect(pointsApart(0.0005, 0)).toBe('0.1');
  });
});

/**
 * Construction (as tests/analysis/solveLever.test.ts): Dalian over one year (2013→2014), half the eligible migrants
 * willing to settle, so a settlement quota q binds and adds exactly q registered persons to each run's R0 (its
 * registered population with none settled), which the urban-hukou fertility (uniform 0.5–2.0) spreads over runs.
 * Then P(registered_pop ≥ T) at a quota q is the share of runs with R0 ≥ T − q: counted here from the runs at q = 0.
 */
const N = 100;
const scenario = quotaScenario(N);
const target = (value: number): TargetSpec => ({ id: `registered_pop>=${value}@2014`, metric: 'registered_pop', year: 2014, op: '>=', value });
const pct = (k: number) => `${k.toFixed(1)}%`; // k of 100 runs, in percent

describe('solveLever on a lever that moves the answer by no more than its Monte Carlo error', () => {
  it('says how far it moves it over the range given, that it cannot reach the target alone, and where the lever could go', async () => {
    const r = await runMonteCarlo(withLever(scenario, 'settle_quota', 0));
    const r0 = [...metricAt(r.rows, r.years, 'registered_pop', 2014)].sort((a, b) => b - a);
    // 30 runs at or above T with no quota; a quota of 1,000 lifts the runs within 1,000 below T over it.
    const T = Math.round((r0[29] + r0[30]) / 2);
    const k0 = r0.filter((x) => x >= T).length;
    const k1 = r0.filter((x) => x + 1000 >= T).length;
    expect(k0).toBe(30);
    expect(k1).toBeGreaterThan(k0);
    // The construction is what the test needs: each end inside the other's interval (k1 − k0 a few runs).
    expect(barelyMoves([wilsonByHand(k0, N), wilsonByHand(k1, N)])).toBe(true);
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [target(T)], probability: 0.8, range: [0, 1000] });
    expect(s.status).toBe('unreachable');
    // The report's answer in Chinese says the same (its English one is this message).
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-barely-'));
    writeSolve(join(dir, 'solve'), s, { startedAt: new Date() });
    const zh = readFileSync(reportCommand(join(dir, 'solve'), { format: 'html', lang: 'zh', out: join(dir, 'report') })[0], 'utf8');
    expect(zh).toContain(`的达成概率从${pct(k0)}（取0）变为${pct(k1)}（取1,000），相差${(k1 - k0).toFixed(1)}个百分点，在100次模拟的蒙特卡罗误差之内（两端的概率各在对方的95%置信区间内）：单靠这一杠杆无法使其概率不低于80%；年度落户指标没有上限，可扩大搜索范围`);
    expect(s.message).toBe(
      `settle_quota barely moves registered_pop ≥ ${T.toLocaleString('en')} in 2014: ${pct(k0)} at 0, ${pct(k1)} at 1,000, ${(k1 - k0).toFixed(1)} points over [0, 1,000], ` +
        `within the Monte Carlo error of 100 runs (each end inside the other's 95% interval): it cannot reach 80% alone; ` +
        'settle_quota at 1,000, the end of the range given (it has no upper bound: widen --range)',
    );
  }, 60_000);

  it('over a rate’s whole range (0 % to 100 %): a quota of 1,000 caps what any settlement rate settles', async () => {
    // At a rate of 0 no migrant settles (R0); at 100 % far more than 1,000 would, so the quota settles exactly 1,000.
    const capped = withLever(scenario, 'settle_quota', 1000);
    const r = await runMonteCarlo(withLever(capped, 'migrant_settle_rate', 0));
    const r0 = [...metricAt(r.rows, r.years, 'registered_pop', 2014)].sort((a, b) => b - a);
    const T = Math.round((r0[29] + r0[30]) / 2);
    const k0 = r0.filter((x) => x >= T).length;
    const k1 = r0.filter((x) => x + 1000 >= T).length;
    expect([k0, k1 > k0]).toEqual([30, true]);
    expect(barelyMoves([wilsonByHand(k0, N), wilsonByHand(k1, N)])).toBe(true);
    const s = await solveLever(capped, { lever: 'migrant_settle_rate', targets: [target(T)], probability: 0.8, range: [0, 1] });
    expect(s.message).toBe(
      `migrant_settle_rate barely moves registered_pop ≥ ${T.toLocaleString('en')} in 2014: ${pct(k0)} at 0%, ${pct(k1)} at 100%, ${(k1 - k0).toFixed(1)} points ` +
        "over its whole range (0% to 100%), within the Monte Carlo error of 100 runs (each end inside the other's 95% interval): it cannot reach 80% alone",
    );
  }, 60_000);

  it('a move under 0.05 point (one run of 2,500) is said as less than 0.1 point, not 0.0 points', async () => {
    const big = quotaScenario(2500);
    const r = await runMonteCarlo(withLever(big, 'settle_quota', 0));
    const r0 = [...metricAt(r.rows, r.years, 'registered_pop', 2014)].sort((a, b) => b - a);
    // Half a person above the 30th run's R0: a quota of 1 lifts that run over T, and any other within 1 of it.
    const T = r0[29] + 0.5;
    const k0 = r0.filter((x) => x >= T).length;
    const k1 = r0.filter((x) => x + 1 >= T).length;
    expect([k0, k1 - k0]).toEqual([29, 1]);
    const s = await solveLever(big, { lever: 'settle_quota', targets: [target(T)], probability: 0.8, range: [0, 1] });
    // 29 and 30 of 2,500 runs: 1.16 % and 1.20 %, 0.04 point apart.
    expect(s.message).toContain(`: 1.2% at 0, 1.2% at 1, less than 0.1 point over [0, 1], within the Monte Carlo error of 2,500 runs`);
  }, 60_000);

  it('a lever that lowers the chance: the end it helps towards is its low end, here its bound 0 — nowhere further to go', async () => {
    // registered_pop ≤ T: a quota q meets it in the runs with R0 + q ≤ T, fewer as q grows.
    const r = await runMonteCarlo(withLever(scenario, 'settle_quota', 0));
    const r0 = [...metricAt(r.rows, r.years, 'registered_pop', 2014)].sort((a, b) => b - a);
    const T = Math.round((r0[29] + r0[30]) / 2);
    const j0 = r0.filter((x) => x <= T).length;
    const j1 = r0.filter((x) => x + 1000 <= T).length;
    expect(j1).toBeLessThan(j0);
    expect(barelyMoves([wilsonByHand(j0, N), wilsonByHand(j1, N)])).toBe(true);
    const below: TargetSpec = { id: `registered_pop<=${T}@2014`, metric: 'registered_pop', year: 2014, op: '<=', value: T };
    const s = await solveLever(scenario, { lever: 'settle_quota', targets: [below], probability: 0.8, range: [0, 1000] });
    expect(s.message).toBe(
      `settle_quota barely moves registered_pop ≤ ${T.toLocaleString('en')} in 2014: ${pct(j0)} at 0, ${pct(j1)} at 1,000, ${(j0 - j1).toFixed(1)} points over [0, 1,000], ` +
        "within the Monte Carlo error of 100 runs (each end inside the other's 95% interval): it cannot reach 80% alone",
    );
  }, 60_000);
});
