import { describe, expect, it } from 'vitest';
import { moments, quantile } from '../../src/montecarlo/distributions.ts';

// Standard normal table: z(0.975) = 1.959964, z(0.95) = 1.644854, z(0.90) = 1.281552, z(0.75) = 0.674490.
const Z975 = 1.959963984540054;
const Z95 = 1.6448536269514722;
const Z90 = 1.2815515655446004;
const Z75 = 0.6744897501960817;

// Values are read through simple-statistics' erf (error < 1.2e-7) where a law is truncated: about 1e-5 relative.
describe('quantile of each law at u, by hand', () => {
  it('a normal truncated above only: u maps into [0, Φ((upper − mean)/sd)]', () => {
    // N(10, 2) below 10: Φ(0) = ½, so u = ½ is the normal's 25 % quantile, 10 − 2·z(0.75).
    expect(quantile({ dist: 'normal', mean: 10, sd: 2, upper: 10 }, 0.5)).toBeCloseTo(10 - 2 * Z75, 5);
  });

  it('a lognormal truncated to its own 2.5 % and 95 % quantiles: u maps into [0.025, 0.95]', () => {
    // median 100, σ 0.5: lower 100·e^(−0.5·z(0.975)), upper 100·e^(0.5·z(0.95)). u = 0.075/0.925 is then p = 0.1:
    // 100·e^(−0.5·z(0.9)) = 52.68835; u = 0.475/0.925 is p = ½, the median.
    const spec = { dist: 'lognormal' as const, median: 100, sigma: 0.5, lower: 100 * Math.exp(-0.5 * Z975), upper: 100 * Math.exp(0.5 * Z95) };
    expect(quantile(spec, 0.075 / 0.925)).toBeCloseTo(100 * Math.exp(-0.5 * Z90), 3);
    expect(quantile(spec, 0.475 / 0.925)).toBeCloseTo(100, 3);
  });

  it('a lognormal bound at or below 0 truncates nothing (its log would be −∞ or not a number)', () => {
    for (const lower of [0, -5]) expect(quantile({ dist: 'lognormal', median: 100, sigma: 0.5, lower }, 0.5), `lower ${lower}`).toBeCloseTo(100, 9);
  });

  it('a truncated law\'s draws at the ends are its bounds exactly, where Φ and its inverse do not meet', () => {
    // N(0.02, 0.02) in [0, 1]: Φ(49) rounds to 1 and its quantile is +Infinity. N(0.05, 0.01) in [0.03, 0.06]: the
    // quantile of Φ(−2) comes back 4e-10 below 0.03.
    expect(quantile({ dist: 'normal', mean: 0.02, sd: 0.02, lower: 0, upper: 1 }, 1)).toBe(1);
    expect(quantile({ dist: 'normal', mean: 0.05, sd: 0.01, lower: 0.03, upper: 0.06 }, 0)).toBe(0.03);
  });

  it('triangular(2, 4, 10): below the mode a + √(u(b − a)(c − a)), above it b − √((1 − u)(b − a)(b − c))', () => {
    // F(mode) = (4 − 2)/(10 − 2) = ¼. u = 0.2: 2 + √(0.2·8·2) = 2 + √3.2; u = 0.9: 10 − √(0.1·8·6) = 10 − √4.8.
    const spec = { dist: 'triangular' as const, min: 2, mode: 4, max: 10 };
    expect(quantile(spec, 0.2)).toBeCloseTo(2 + Math.sqrt(3.2), 12);
    expect(quantile(spec, 0.25)).toBeCloseTo(4, 12);
    expect(quantile(spec, 0.9)).toBeCloseTo(10 - Math.sqrt(4.8), 12);
  });

  it('choice: value i for u in [W<i, W≤i) of the normalized weights; u past a cumulative weight rounded below 1 draws the last', () => {
    const spec = { dist: 'choice' as const, values: [100, 130, 160], weights: [1, 2, 1] };
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999].map((u) => quantile(spec, u))).toEqual([100, 100, 130, 130, 160, 160]);
    // Ten equal weights: their tenths add up to 0.9999999999999999; u = 1 − 2⁻⁵³ is not below it.
    const ten = { dist: 'choice' as const, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], weights: Array(10).fill(1) };
    expect(quantile(ten, 1 - 2 ** -53)).toBe(10);
  });

  it('a mixture of normals (one component: c + s·z)', () => {
    expect(quantile({ dist: 'normalmix', weights: [1], means: [3], sds: [2] }, 0.975)).toBeCloseTo(3 + 2 * Z975, 8);
  });
});

describe('moments, by hand', () => {
  it('a mixture of normals: Σw·μ, and Σw(σ² + (μ − mean)²)', () => {
    // 0.25·N(0, 1) + 0.75·N(4, 2²): mean 3, variance 0.25·(1 + 9) + 0.75·(4 + 1) = 6.25.
    const m = moments({ dist: 'normalmix', weights: [0.25, 0.75], means: [0, 4], sds: [1, 2] });
    expect(m.mean).toBeCloseTo(3, 12);
    expect(m.variance).toBeCloseTo(6.25, 12);
  });

  it('triangular(2, 4, 10): (a + b + c)/3 and (a² + b² + c² − ab − ac − bc)/18', () => {
    const m = moments({ dist: 'triangular', min: 2, mode: 4, max: 10 });
    expect(m.mean).toBeCloseTo(16 / 3, 12);
    expect(m.variance).toBeCloseTo((4 + 100 + 16 - 20 - 8 - 40) / 18, 12);
  });

  it('logit-normal and a symmetric mixture of them: mean ½ at median ½; a narrow one\'s variance (σ·p(1 − p))²', () => {
    // Symmetric about ½ (logit(1 − x) = −logit(x)): the midpoint rule's quantiles pair off, mean ½ to rounding. With
    // σ = 0.05 the law is nearly normal with sd 0.05·¼ (delta method; the next term is of order σ², 0.25 %).
    const one = moments({ dist: 'logitnormal', median: 0.5, sigma: 0.05 });
    expect(one.mean).toBeCloseTo(0.5, 12);
    expect(one.variance / (0.05 * 0.25) ** 2).toBeCloseTo(1, 2);
    const mix = moments({ dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.4, 0.6], sigmas: [0.05, 0.05] });
    expect(mix.mean).toBeCloseTo(0.5, 12);
    // Two narrow components at 0.4 and 0.6: variance 0.1² from their centres plus each one's (0.05·0.24)².
    expect(mix.variance / (0.01 + (0.05 * 0.24) ** 2)).toBeCloseTo(1, 2);
  });
});
