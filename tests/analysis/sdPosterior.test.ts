import { describe, expect, it } from 'vitest';
import { erf } from 'mathjs';
import { sdPosterior, sdPosteriorMasses } from '../../src/analysis/sdPosterior.ts';

const Phi = (x: number): number => (1 + erf(x / Math.SQRT2)) / 2;
const grid = (f: (s: number) => number) => Array.from({ length: 101 }, (_, i) => ({ s: i * 0.05, logLik: f(i * 0.05) }));
const levels = Array.from({ length: 8 }, (_, k) => (k + 0.5) / 8);

describe('sdPosterior: an sd\'s posterior on a grid under a half-normal prior, as equal-odds values', () => {
  it('leaves the prior where the likelihood is flat: the half-normal of scale 1.5 cut at the grid\'s end 5', () => {
    const values = sdPosterior(grid(() => 0), 1.5);
    // F(s) = (2Φ(s/1.5) − 1) / (2Φ(5/1.5) − 1) at each value is its level.
    const F = (s: number) => (2 * Phi(s / 1.5) - 1) / (2 * Phi(5 / 1.5) - 1);
    values.forEach((v, k) => expect(Math.abs(F(v) - levels[k])).toBeLessThan(1e-3));
  });

  it('multiplies a normal likelihood N(2, 0.3²) by the prior: a normal of precision 1/0.09 + 1/2.25, mean (2/0.09)/that', () => {
    const precision = 1 / 0.09 + 1 / 2.25;
    const [m, sd] = [2 / 0.09 / precision, 1 / Math.sqrt(precision)]; // 1.923, 0.2942
    const values = sdPosterior(grid((s) => -((s - 2) ** 2) / (2 * 0.09)), 1.5);
    values.forEach((v, k) => expect(Math.abs(Phi((v - m) / sd) - levels[k])).toBeLessThan(2e-3));
  });

  it('gives as many values as asked, increasing', () => {
    const values = sdPosterior(grid((s) => -s), 1.5, 5);
    expect(values).toHaveLength(5);
    for (let k = 1; k < 5; k++) expect(values[k]).toBeGreaterThan(values[k - 1]);
  });

  it('weighs each cell by its width on an uneven grid: a flat density on 0, 1, 3 has its thirds at 0.5, 1.5 and 2.5', () => {
    // logLik = ½(s/σ)² cancels the half-normal prior of scale σ = 1: the density is 1 on the whole grid, so the
    // posterior is uniform on [0, 3] and its equal-odds values (k + ½)/3 of the way are 0.5, 1.5, 2.5.
    const values = sdPosterior([0, 1, 3].map((s) => ({ s, logLik: 0.5 * s * s })), 1, 3);
    [0.5, 1.5, 2.5].forEach((want, k) => expect(values[k]).toBeCloseTo(want, 12));
  });

  it('takes the least s whose CDF reaches the level where no mass lies between two halves (the quantile inf{s : F(s) ≥ p})', () => {
    // Density 1, 0, 0, 1 at s = 0, 1, 2, 3 (σ = 1; logLik 4.5 = ½·3² cancels the prior at 3, −∞ empties 1 and 2):
    // F = ½ on the whole of [1, 2], so the median is 1, not 2.
    const [median] = sdPosterior([0, 1, 2, 3].map((s, i) => ({ s, logLik: [0, -Infinity, -Infinity, 4.5][i] })), 1, 1);
    expect(median).toBe(1);
  });
});

describe('sdPosteriorMasses: the same posterior as probabilities of the grid\'s points', () => {
  it('gives each point its density times half the cells on either side: uneven grid 0, 1, 3, flat density', () => {
    // Density 1 everywhere (logLik cancels the prior of scale 1): trapezoid weights ½·1, ½·(1 + 2), ½·2 of a total 3.
    const masses = sdPosteriorMasses([0, 1, 3].map((s) => ({ s, logLik: 0.5 * s * s })), 1);
    [0.5 / 3, 1.5 / 3, 1 / 3].forEach((want, k) => expect(masses[k]).toBeCloseTo(want, 12));
  });

  it('multiplies likelihood and prior: two points at s = 0 and 2 with logLik 0 and 1, prior scale 2', () => {
    // Densities e^0 and e^(1 − ½·(2/2)²) = e^½, each half a cell of width 2: masses 1/(1 + e^½) and e^½/(1 + e^½).
    const masses = sdPosteriorMasses([{ s: 0, logLik: 0 }, { s: 2, logLik: 1 }], 2);
    expect(masses[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 12);
    expect(masses[1]).toBeCloseTo(Math.exp(0.5) / (1 + Math.exp(0.5)), 12);
  });

  it('puts its mass where the equal-odds values put theirs: the half-normal prior\'s mass above its 15/16 quantile', () => {
    const masses = sdPosteriorMasses(grid(() => 0), 1.5);
    const top = sdPosterior(grid(() => 0), 1.5).at(-1)!;
    // P(s > top) = 1/16 of the prior cut at 5 (top is the 15/16 level); the grid's points above it hold about that.
    const above = masses.reduce((a, m, i) => a + (i * 0.05 > top ? m : 0), 0);
    expect(Math.abs(above - 1 / 16)).toBeLessThan(0.01);
  });
});
