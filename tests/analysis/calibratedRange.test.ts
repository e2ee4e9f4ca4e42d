import { describe, expect, it } from 'vitest';
import { calibratedRange } from '../../src/analysis/calibratedRange.ts';

// Binomial tail sums written out with exact binomial coefficients, not the code's table.
const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
const pmf = (n: number, p: number, k: number) => choose(n, k) * p ** k * (1 - p) ** (n - k);
const below = (n: number, p: number, k: number) => Array.from({ length: k }, (_, i) => pmf(n, p, i)).reduce((a, b) => a + b, 0);
const above = (n: number, p: number, k: number) => Array.from({ length: n - k }, (_, i) => pmf(n, p, k + 1 + i)).reduce((a, b) => a + b, 0);

describe('calibratedRange', () => {
  it('27 figures at 50 %: 9–18, the widest range with ≤ 5 % of chance outside each end', () => {
    // P(X ≤ 8) = 0.026 and P(X ≤ 9) = 0.061: 9 is the lowest count with ≤ 5 % below it; symmetric above.
    expect(below(27, 0.5, 9)).toBeLessThanOrEqual(0.05);
    expect(below(27, 0.5, 10)).toBeGreaterThan(0.05);
    expect(calibratedRange(27, 0.5)).toEqual([9, 18]);
  });

  it('27 figures at 80 %: 18–25, not symmetric about 21.6', () => {
    expect(below(27, 0.8, 18)).toBeLessThanOrEqual(0.05);
    expect(below(27, 0.8, 19)).toBeGreaterThan(0.05);
    expect(above(27, 0.8, 25)).toBeLessThanOrEqual(0.05);
    expect(above(27, 0.8, 24)).toBeGreaterThan(0.05);
    expect(calibratedRange(27, 0.8)).toEqual([18, 25]);
  });

  it('a wider mass widens the range; tiny n covers every count; no figures, no range', () => {
    // 99 %: at most 0.5 % each side. Binomial(27, 0.5): P(X ≤ 6) = 0.0030, P(X ≤ 7) = 0.0096 → 7; symmetric → 20.
    expect(below(27, 0.5, 7)).toBeLessThanOrEqual(0.005);
    expect(below(27, 0.5, 8)).toBeGreaterThan(0.005);
    expect(calibratedRange(27, 0.5, 0.99)).toEqual([7, 20]);
    expect(calibratedRange(2, 0.5)).toEqual([0, 2]);
    expect(calibratedRange(0, 0.5)).toEqual([0, 0]);
    // A caller's mistake is refused, not looped on.
    expect(() => calibratedRange(27, 1.5)).toThrow(RangeError);
    expect(() => calibratedRange(27, 0.5, 1)).toThrow(RangeError);
    expect(() => calibratedRange(27, 0.5, 0)).toThrow(RangeError);
  });

  it('200 figures at 80 %: the table simple-statistics truncates still gives both ends', () => {
    // Normal check: 160 ± 1.645·√(200·0.8·0.2) = 160 ± 9.3.
    const [lo, hi] = calibratedRange(200, 0.8);
    expect(below(200, 0.8, lo)).toBeLessThanOrEqual(0.05);
    expect(below(200, 0.8, lo + 1)).toBeGreaterThan(0.05);
    expect(above(200, 0.8, hi)).toBeLessThanOrEqual(0.05);
    expect(above(200, 0.8, hi - 1)).toBeGreaterThan(0.05);
    expect(lo).toBeGreaterThanOrEqual(150);
    expect(hi).toBeLessThanOrEqual(170);
  });
});
