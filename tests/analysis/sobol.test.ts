import { describe, expect, it } from 'vitest';
import { sobolJansen } from '../../src/analysis/jansen.ts';
import { saltelliDesign } from '../../src/analysis/saltelli.ts';
import { stream } from '../../src/montecarlo/rng.ts';

/** f at each block of a Saltelli design: [f(A), f(B), f(AB_0), …]. */
function evaluateDesign(design: Float64Array, n: number, k: number, f: (x: Float64Array) => number): Float64Array[] {
  return Array.from({ length: k + 2 }, (_, b) => Float64Array.from({ length: n }, (_, r) => f(design.subarray((b * n + r) * k, (b * n + r + 1) * k))));
}

function indices(n: number, k: number, seed: number, f: (x: Float64Array) => number, bootstrap = 200) {
  const d = saltelliDesign(n, k, stream(seed, 'sobol-test', 'design'));
  const [fA, fB, ...fAB] = evaluateDesign(d, n, k, f);
  return sobolJansen(fA, fB, fAB, { bootstrap, seed });
}

// Ishigami & Homma (1990) with a = 7, b = 0.1, inputs uniform on [−π, π]. Closed-form partial
// variances (Sobol' & Levitan 1999): V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V13 = 8b²π⁸/225, no other terms.
const ishigami = (u: Float64Array): number => {
  const x = Array.from(u, (v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x[0]) + 7 * Math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * Math.sin(x[0]);
};
const V1 = (1 + (0.1 * Math.PI ** 4) / 5) ** 2 / 2;
const V2 = 49 / 8;
const V13 = (8 * 0.01 * Math.PI ** 8) / 225;
const V = V1 + V2 + V13;
const ISHIGAMI_FIRST = [V1 / V, V2 / V, 0];
const ISHIGAMI_TOTAL = [(V1 + V13) / V, V2 / V, V13 / V];

describe('saltelliDesign', () => {
  it('lays out A, B and AB_i = A with column i from B', () => {
    const n = 4;
    const k = 3;
    const d = saltelliDesign(n, k, stream(1, 'sobol-test', 'layout'));
    expect(d.length).toBe((k + 2) * n * k);
    const at = (block: number, r: number, c: number) => d[(block * n + r) * k + c];
    for (let i = 0; i < k; i++)
      for (let r = 0; r < n; r++)
        for (let c = 0; c < k; c++) expect(at(2 + i, r, c)).toBe(c === i ? at(1, r, c) : at(0, r, c));
    // A and B are independent draws, not copies.
    expect(at(0, 0, 0)).not.toBe(at(1, 0, 0));
    for (const v of d) expect(v > 0 && v < 1).toBe(true);
  });

  it('draws A first, then B, from the source in order', () => {
    let i = 0;
    const counter = () => (++i) / 100;
    const d = saltelliDesign(2, 2, counter);
    // A = [[.01 .02] [.03 .04]], B = [[.05 .06] [.07 .08]]
    expect([...d.subarray(0, 8)]).toEqual([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08]);
    expect([...d.subarray(8, 12)]).toEqual([0.05, 0.02, 0.07, 0.04]); // AB_0
    expect([...d.subarray(12, 16)]).toEqual([0.01, 0.06, 0.03, 0.08]); // AB_1
  });
});

describe('sobolJansen', () => {
  it('closed form gives the published Ishigami values', () => {
    // Saltelli et al. (2010), and the values quoted in most sensitivity-analysis texts.
    [0.3139, 0.4424, 0].forEach((v, i) => expect(ISHIGAMI_FIRST[i]).toBeCloseTo(v, 4));
    [0.5576, 0.4424, 0.2437].forEach((v, i) => expect(ISHIGAMI_TOTAL[i]).toBeCloseTo(v, 4));
    // Also V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.8446.
    expect(V).toBeCloseTo(49 / 8 + (0.1 * Math.PI ** 4) / 5 + (0.01 * Math.PI ** 8) / 18 + 0.5, 10);
  });

  it('recovers the analytic Ishigami indices with n = 2^13', () => {
    const s = indices(2 ** 13, 3, 1, ishigami);
    expect(s.variance).toBeCloseTo(V, 0);
    // Bootstrap sd of these estimators at this n is ≈ 0.01–0.02 (interval half-widths below), so 0.05 is ~3 sd.
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(s.first[i] - ISHIGAMI_FIRST[i])).toBeLessThan(0.05);
      expect(Math.abs(s.total[i] - ISHIGAMI_TOTAL[i])).toBeLessThan(0.05);
      expect(s.firstLower[i]).toBeLessThanOrEqual(ISHIGAMI_FIRST[i]);
      expect(s.firstUpper[i]).toBeGreaterThanOrEqual(ISHIGAMI_FIRST[i]);
      expect(s.totalLower[i]).toBeLessThanOrEqual(ISHIGAMI_TOTAL[i]);
      expect(s.totalUpper[i]).toBeGreaterThanOrEqual(ISHIGAMI_TOTAL[i]);
      expect(s.firstUpper[i] - s.firstLower[i]).toBeLessThan(0.1);
    }
  });

  it('95 % intervals cover the Ishigami truth about 95 % of the time over independent designs', () => {
    // 8 designs × 6 indices = 48 intervals; with true 95 % coverage fewer than 41 covered has probability < 0.5 %.
    let covered = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const s = indices(2 ** 12, 3, seed, ishigami, 100);
      for (let i = 0; i < 3; i++) {
        if (s.firstLower[i] <= ISHIGAMI_FIRST[i] && ISHIGAMI_FIRST[i] <= s.firstUpper[i]) covered++;
        if (s.totalLower[i] <= ISHIGAMI_TOTAL[i] && ISHIGAMI_TOTAL[i] <= s.totalUpper[i]) covered++;
      }
    }
    expect(covered).toBeGreaterThanOrEqual(41);
  });

  it('gives S_i = ST_i = a_i² / Σa² for an additive function of equal-variance inputs', () => {
    // f = x1 + 2·x2 + 3·x3, x uniform: V_i = a_i²/12, no interactions → 1/14, 4/14, 9/14.
    const s = indices(2 ** 12, 3, 2, (x) => x[0] + 2 * x[1] + 3 * x[2]);
    const truth = [1 / 14, 4 / 14, 9 / 14];
    for (let i = 0; i < 3; i++) {
      expect(s.first[i]).toBeCloseTo(truth[i], 1);
      expect(s.total[i]).toBeCloseTo(truth[i], 1);
      expect(s.firstLower[i]).toBeLessThanOrEqual(truth[i]);
      expect(s.firstUpper[i]).toBeGreaterThanOrEqual(truth[i]);
      expect(s.totalLower[i]).toBeLessThanOrEqual(truth[i]);
      expect(s.totalUpper[i]).toBeGreaterThanOrEqual(truth[i]);
    }
  });

  it('gives an interval of first − total from the same resamples that covers the Ishigami truth', () => {
    // S − ST: −V13/V for x1 and x3 (their interaction), 0 for x2. Paired resamples make the difference's interval
    // narrower than the two intervals set end to end.
    const s = indices(2 ** 12, 3, 4, ishigami);
    for (let i = 0; i < 3; i++) {
      const truth = ISHIGAMI_FIRST[i] - ISHIGAMI_TOTAL[i];
      expect(s.excessLower[i]).toBeLessThanOrEqual(truth);
      expect(s.excessUpper[i]).toBeGreaterThanOrEqual(truth);
      expect(s.excessUpper[i] - s.excessLower[i]).toBeLessThan(s.firstUpper[i] - s.totalLower[i] - (s.firstLower[i] - s.totalUpper[i]));
    }
    expect(s.excessUpper[0]).toBeLessThan(0); // x1's interaction is told apart from none
  });

  it('computes the estimators by hand on a 2-row example', () => {
    // fA = [0, 2], fB = [1, 3], fAB_0 = [1, 2]. V = sample variance of {0, 2, 1, 3} = 5/3.
    // S = (V − ½·mean([0, 1]²)) / V = (5/3 − 0.25) / (5/3) = 0.85;
    // ST = ½·mean([1, 0]²) / V = 0.25 / (5/3) = 0.15.
    const s = sobolJansen(Float64Array.of(0, 2), Float64Array.of(1, 3), [Float64Array.of(1, 2)], { bootstrap: 0, seed: 1 });
    expect(s.variance).toBeCloseTo(5 / 3, 12);
    expect(s.first[0]).toBeCloseTo(0.85, 12);
    expect(s.total[0]).toBeCloseTo(0.15, 12);
    expect(s.firstLower[0]).toBeNaN(); // no bootstrap, no interval
  });

  it('gives the same intervals for the same seed and different ones for another', () => {
    const n = 256;
    const d = saltelliDesign(n, 2, stream(3, 'sobol-test', 'design'));
    const [fA, fB, ...fAB] = evaluateDesign(d, n, 2, (x) => x[0] * x[1] + x[0]);
    const a = sobolJansen(fA, fB, fAB, { bootstrap: 50, seed: 9 });
    const b = sobolJansen(fA, fB, fAB, { bootstrap: 50, seed: 9 });
    const c = sobolJansen(fA, fB, fAB, { bootstrap: 50, seed: 10 });
    expect([...a.firstLower, ...a.totalUpper]).toEqual([...b.firstLower, ...b.totalUpper]);
    expect([...a.firstLower]).not.toEqual([...c.firstLower]);
    expect([...a.first]).toEqual([...c.first]);
  });
});
