import { describe, expect, it } from 'vitest';
import { calibratedRange } from '../../src/analysis/calibratedRange.ts';

// Binomial tail sums written out with exact binomial coefficients, not the code's table.
const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
const pmf = (n: number, p: number, k: number) => choose(n, k) * p ** k * (1 - p) ** (n - k);
const below = (n: number, p: number, k: number) => Array.from({ length: k }, (_, i) => pmf(n, p, i)).reduce((a, b) => a + b, 0);
const above = (n: number, p: number, k: number) => Array.from({ length: n - k }, (_, i) => pmf(n, p, k + 1 + i)).reduce((a, b) => a + b, 0);

/** lo and hi are the range's ends: at most `tail` of chance beyond each, and more beyond the next count inwards. */
function expectEnds(n: number, p: number, lo: number, hi: number, tail = 0.05) {
  expect(below(n, p, lo)).toBeLessThanOrEqual(tail);
  expect(below(n, p, lo + 1)).toBeGreaterThan(tail);
  expect(above(n, p, hi)).toBeLessThanOrEqual(tail);
  expect(above(n, p, hi - 1)).toBeGreaterThan(tail);
}

describe('calibratedRange', () => {
  it('27 figures at 50 %: 9–18, the widest range with ≤ 5 % of chance outside each end', () => {
    // P(X ≤ 8) = 0.026 and P(X ≤ 9) = 0.061: 9 is the lowest count with ≤ 5 % below it; symmetric above.
    expectEnds(27, 0.5, 9, 18);
    expect(calibratedRange(27, 0.5)).toEqual([9, 18]);
  });

  it('27 figures at 80 %: 18–25, not symmetric about 21.6', () => {
    expectEnds(27, 0.8, 18, 25);
    expect(calibratedRange(27, 0.8)).toEqual([18, 25]);
  });

  it('a wider mass widens the range; tiny n covers every count; no figures, no range', () => {
    // 99 %: at most 0.5 % each side. Binomial(27, 0.5): P(X ≤ 6) = 0.0030, P(X ≤ 7) = 0.0096 → 7; symmetric → 20.
    expectEnds(27, 0.5, 7, 20, 0.005);
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
    expectEnds(200, 0.8, lo, hi);
    expect(lo).toBeGreaterThanOrEqual(150);
    expect(hi).toBeLessThanOrEqual(170);
  });
});
