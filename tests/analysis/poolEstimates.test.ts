import { describe, expect, it } from 'vitest';
import { pool } from '../../src/analysis/poolEstimates.ts';

/** The same model by brute force: τ on a fine grid, and for each τ the mixture's moments written out. */
function byHand(y: number[], s: number[], scale: number) {
  let total = 0, m1 = 0, m2 = 0;
  for (let tau = 0.0005; tau < 10 * scale; tau += 0.001) {
    const v = s.map((si) => si * si + tau * tau);
    const sw = v.reduce((a, vi) => a + 1 / vi, 0);
    const mu = y.reduce((a, yi, i) => a + yi / v[i], 0) / sw;
    // p(τ | y) ∝ p(τ) ∫ Π N(y_i; μ, v_i) dμ = p(τ) √(2π/sw) Π (2π v_i)^−½ exp(−½ Σ (y_i − μ̂)²/v_i)
    const dens = Math.exp(-0.5 * (tau / scale) ** 2) * Math.sqrt(1 / sw) * v.reduce((a, vi, i) => a * Math.exp(-0.5 * (y[i] - mu) ** 2 / vi) / Math.sqrt(vi), 1);
    total += dens;
    m1 += dens * mu;
    m2 += dens * (mu * mu + 1 / sw + tau * tau);
  }
  return { mean: m1 / total, sd: Math.sqrt(m2 / total - (m1 / total) ** 2) };
}

describe('pool: normal hierarchical model, τ integrated under a half-normal prior', () => {
  it('agrees with a brute-force integration over τ', () => {
    const y = [0, 2, 4];
    const s = [1, 1, 1];
    const p = pool(y.map((estimate, i) => ({ area: `a${i}`, estimate, se: s[i] })), 2);
    const h = byHand(y, s, 2);
    expect(p.mean).toBeCloseTo(h.mean, 3);
    expect(p.predictiveSd).toBeCloseTo(h.sd, 2);
    expect(p.k).toBe(3);
  });

  it('does not let one precise area set the law of every other: its weight falls as τ grows', () => {
    // One area at −2.3 % ± 0.3 %, four others near 0 ± 2 %: a fixed-effect (or τ = 0) pool sits at −2.2 %.
    const p = pool([
      { area: 'a', estimate: -0.023, se: 0.003 },
      { area: 'b', estimate: 0, se: 0.02 },
      { area: 'c', estimate: -0.005, se: 0.02 },
      { area: 'd', estimate: 0.005, se: 0.02 },
      { area: 'e', estimate: 0, se: 0.02 },
    ], 0.02);
    const h = byHand([-0.023, 0, -0.005, 0.005, 0], [0.003, 0.02, 0.02, 0.02, 0.02], 0.02);
    expect(p.mean).toBeCloseTo(h.mean, 4);
    expect(p.predictiveSd).toBeCloseTo(h.sd, 3);
    expect(p.predictiveSd).toBeGreaterThan(0.005);
  });

  it('narrows when the areas agree, and the sd never falls below the pooled mean\'s', () => {
    const agree = pool([1, 1.1, 0.9, 1, 1.05, 0.95].map((estimate, i) => ({ area: `a${i}`, estimate, se: 0.1 })), 1);
    expect(agree.mean).toBeCloseTo(1, 2);
    expect(agree.predictiveSd).toBeLessThan(0.25);
    expect(agree.predictiveSd).toBeGreaterThan(agree.se);
  });
});
