import { describe, expect, it } from 'vitest';
import { solveMonotone } from '../../src/analysis/solveMonotone.ts';

const logistic = (x: number) => 1 / (1 + Math.exp(-(x - 5) / 0.5));

function isSortedByX(curve: { x: number }[]): boolean {
  return curve.every((c, i) => i === 0 || curve[i - 1].x <= c.x);
}

describe('solveMonotone', () => {
  it('finds the jump of a step function within tolerance', async () => {
    const s = await solveMonotone((x) => (x >= 3.7 ? 1 : 0), { lo: 0, hi: 10, target: 0.8, direction: 'increasing', tolerance: 1e-3, maxEvaluations: 40 });
    expect(s.status).toBe('found');
    expect(s.converged).toBe(true);
    // The answer is on the reaching side: in [3.7, 3.7 + tolerance].
    expect(s.value!).toBeGreaterThanOrEqual(3.7);
    expect(s.value! - 3.7).toBeLessThanOrEqual(1e-3);
    expect(s.bracket![1] - s.bracket![0]).toBeLessThanOrEqual(1e-3);
    // 2 ends + ⌈log2(10 / 0.001)⌉ = 14 halvings.
    expect(s.curve.length).toBe(16);
    expect(isSortedByX(s.curve)).toBe(true);
  });

  it('inverts a logistic curve: x = 5 + 0.5·ln(p / (1 − p))', async () => {
    const s = await solveMonotone(logistic, { lo: 0, hi: 10, target: 0.8, direction: 'increasing', tolerance: 1e-6, maxEvaluations: 60 });
    expect(s.status).toBe('found');
    expect(s.value!).toBeCloseTo(5 + 0.5 * Math.log(4), 5);
    expect(logistic(s.value!)).toBeGreaterThanOrEqual(0.8);
    expect(s.message).toContain('80 %');
  });

  it('finds the largest x when the probability decreases in x', async () => {
    const s = await solveMonotone((x) => 1 - logistic(x), { lo: 0, hi: 10, target: 0.8, direction: 'decreasing', tolerance: 1e-6, maxEvaluations: 60 });
    expect(s.status).toBe('found');
    // 1 − logistic(x) ≥ 0.8 ⇔ x ≤ 5 − 0.5·ln 4.
    expect(s.value!).toBeCloseTo(5 - 0.5 * Math.log(4), 5);
    expect(s.value!).toBeLessThanOrEqual(5 - 0.5 * Math.log(4));
  });

  it('says unreachable when even the best end misses, after one evaluation', async () => {
    const s = await solveMonotone((x) => 0.5 * logistic(x), { lo: 0, hi: 10, target: 0.8, direction: 'increasing', tolerance: 0.01, maxEvaluations: 30 });
    expect(s.status).toBe('unreachable');
    expect(s.value).toBeUndefined();
    expect(s.curve.map((c) => c.x)).toEqual([10]);
    expect(s.message).toMatch(/unreachable.*x = 10/);
  });

  it('says always when the worst end already reaches the target', async () => {
    const inc = await solveMonotone((x) => 0.9 + 0.01 * x, { lo: 0, hi: 10, target: 0.8, direction: 'increasing', tolerance: 0.01, maxEvaluations: 30 });
    expect(inc.status).toBe('always');
    expect(inc.value).toBe(0);
    const dec = await solveMonotone((x) => 1 - 0.01 * x, { lo: 0, hi: 10, target: 0.8, direction: 'decreasing', tolerance: 0.01, maxEvaluations: 30 });
    expect(dec.status).toBe('always');
    expect(dec.value).toBe(10);
    expect(dec.curve.map((c) => c.x)).toEqual([0, 10]);
  });

  it('solves integer levers exactly: the smallest quota reaching the target', async () => {
    // P(quota q) = q / 40: the least integer with q / 40 ≥ 0.4 is 16. Async, as a Monte Carlo run would be.
    const seen: number[] = [];
    const s = await solveMonotone(
      async (q) => {
        seen.push(q);
        return Math.min(1, q / 40);
      },
      { lo: 0.5, hi: 100, target: 0.4, direction: 'increasing', tolerance: 0.001, maxEvaluations: 30, integer: true },
    );
    expect(s.status).toBe('found');
    expect(s.value).toBe(16);
    expect(s.bracket).toEqual([15, 16]);
    expect(seen.every(Number.isInteger)).toBe(true);
    expect(seen[0]).toBe(100); // hi first, then lo rounded up to 1
    expect(seen[1]).toBe(1);
  });

  it('stops at maxEvaluations, still returning a value that reaches the target', async () => {
    const s = await solveMonotone(logistic, { lo: 0, hi: 10, target: 0.8, direction: 'increasing', tolerance: 1e-9, maxEvaluations: 6 });
    expect(s.status).toBe('found');
    expect(s.converged).toBe(false);
    expect(s.curve.length).toBe(6);
    expect(logistic(s.value!)).toBeGreaterThanOrEqual(0.8);
    // 4 halvings of [0, 10]: width 10 / 16.
    expect(s.bracket![1] - s.bracket![0]).toBeCloseTo(10 / 16, 12);
    expect(s.message).toContain('limit of 6 evaluations');
  });

  it('rejects an empty range or a budget below two evaluations', async () => {
    await expect(solveMonotone(logistic, { lo: 2, hi: 1, target: 0.5, direction: 'increasing', tolerance: 0.1, maxEvaluations: 10 })).rejects.toThrow(RangeError);
    await expect(solveMonotone(logistic, { lo: 1.2, hi: 1.8, target: 0.5, direction: 'increasing', tolerance: 0.1, maxEvaluations: 10, integer: true })).rejects.toThrow(RangeError);
    await expect(solveMonotone(logistic, { lo: 0, hi: 1, target: 0.5, direction: 'increasing', tolerance: 0.1, maxEvaluations: 1 })).rejects.toThrow(RangeError);
  });
});
