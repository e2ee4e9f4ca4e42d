import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { binLikelihood, onPaceGrid, poolLikelihoods, posteriorOn } from '../../src/analysis/poolLikelihoods.ts';

// The pace's reference prior on the logit scale (2 % a year, sd 1.5): the proposal the runs are drawn from, and the
// grid and τ-prior scale of the pooling.
const REF = { center: Math.log(0.02 / 0.98), sd: 1.5 };
const logistic = (z: number) => 1 / (1 + Math.exp(-z));

/** Runs drawn from the reference prior, weighed as samples of the likelihood: log L(z) − log q(z). */
function importanceSample(logL: (z: number) => number, runs: number, seed: string) {
  const rng = seedrandom(seed);
  const z = Float64Array.from({ length: runs }, () => REF.center + REF.sd * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
  const logWeight = Float64Array.from(z, (x) => logL(x) + 0.5 * ((x - REF.center) / REF.sd) ** 2);
  return binLikelihood(z, logWeight, REF)!;
}

/**
 * The hierarchical model by brute force, on a grid of step 0.02 (θ on −16…4, μ on −9…0, τ in steps of 0.05 up to 6):
 * m_i(μ, τ) = Σ_θ L_i(θ) N(θ; μ, τ²) · 0.02 (or in closed form, when given), a flat prior on μ and a half-normal
 * prior of scale REF.sd on τ; a new area's value is the posterior mixture of N(μ, τ²).
 */
function byHand(logL: ((z: number) => number)[], closed?: (i: number, mu: number, tau: number) => number) {
  const step = 0.02;
  const thetas = Array.from({ length: 1001 }, (_, j) => -16 + j * step);
  const Ls = logL.map((f) => thetas.map((t) => Math.exp(f(t))));
  let total = 0, m1 = 0, m2 = 0, tauMean = 0;
  for (let tau = 0.025; tau < 6; tau += 0.05) {
    const normal = thetas.map((_, d) => Math.exp(-0.5 * ((d * step) / tau) ** 2) / (Math.sqrt(2 * Math.PI) * tau));
    for (let g = 350; g <= 800; g++) {
      const mu = thetas[g];
      let logP = -0.5 * (tau / REF.sd) ** 2;
      Ls.forEach((L, i) => {
        if (closed) logP += Math.log(closed(i, mu, tau));
        else logP += Math.log(L.reduce((m, l, j) => m + l * normal[Math.abs(j - g)] * step, 0));
      });
      const p = Math.exp(logP);
      total += p;
      m1 += p * mu;
      m2 += p * (mu * mu + tau * tau);
      tauMean += p * tau;
    }
  }
  const mean = m1 / total;
  return { mean, sd: Math.sqrt(m2 / total - mean * mean), tau: tauMean / total };
}

describe('poolLikelihoods: the hierarchical model over the areas\' importance-sampled likelihoods', () => {
  it('with normal likelihoods agrees with the normal hierarchical model in closed form (within Monte Carlo error)', () => {
    // Four areas whose figures say pace ~ N(y_i, s_i²) on the logit scale: then m_i(μ, τ) = N(y_i; μ, s_i² + τ²).
    const y = [-4.3, -3.5, -3.9, -2.9];
    const s = [0.3, 0.5, 0.4, 0.6];
    const logL = y.map((yi, i) => (z: number) => -0.5 * ((z - yi) / s[i]) ** 2);
    const expected = byHand(logL, (i, mu, tau) => Math.exp(-0.5 * (y[i] - mu) ** 2 / (s[i] ** 2 + tau ** 2)) / Math.sqrt(s[i] ** 2 + tau ** 2));
    const p = poolLikelihoods(logL.map((f, i) => importanceSample(f, 20_000, `normal ${i}`)), REF);
    expect(p.k).toBe(4);
    expect(Math.abs(p.mean - expected.mean)).toBeLessThan(0.03);
    expect(Math.abs(p.predictiveSd / expected.sd - 1)).toBeLessThan(0.04);
    expect(Math.abs(p.tau / expected.tau - 1)).toBeLessThan(0.05);
  });

  it('with likelihoods that flatten to a plateau (a pace the figures bound only from above) recovers the pooled law, where a normal summary with the prior divided out does not', () => {
    // A resident rate's gain over two years is 80 points × the pace (rural share 0.4); observed with an error of
    // 0.4 points. As the pace → 0 the gain → 0 and the likelihood levels off at exp(−½ (y/0.4)²), not at 0.
    const gains = [0.5, 0.9, 1.4, 0.6, 0.7];
    const logL = gains.map((g) => (z: number) => -0.5 * ((80 * logistic(z) - g) / 0.4) ** 2);
    const expected = byHand(logL);
    const p = poolLikelihoods(logL.map((f, i) => importanceSample(f, 20_000, `plateau ${i}`)), REF);
    expect(Math.abs(p.mean - expected.mean)).toBeLessThan(0.04);
    expect(Math.abs(p.predictiveSd / expected.sd - 1)).toBeLessThan(0.06);

    // The summary pooled before: each area's posterior under the reference prior as a normal, the prior's precision
    // taken out, pooled as normals (closed form above): each area's estimate lands low (−5.73 for a true −5.07), and
    // the pooled mean by about 0.09 — more than twice the tolerance above.
    const old = logL.map((f) => {
      let w0 = 0, w1 = 0, w2 = 0;
      for (let z = -20; z <= 6; z += 0.005) {
        const w = Math.exp(f(z) - 0.5 * ((z - REF.center) / REF.sd) ** 2);
        w0 += w;
        w1 += w * z;
        w2 += w * z * z;
      }
      const mean = w1 / w0;
      const sd = Math.sqrt(w2 / w0 - mean * mean);
      const precision = 1 / sd ** 2 - 1 / REF.sd ** 2;
      return { estimate: (mean / sd ** 2 - REF.center / REF.sd ** 2) / precision, se: Math.sqrt(1 / precision) };
    });
    const summarised = byHand(old.map(() => () => 0), (i, mu, tau) => Math.exp(-0.5 * (old[i].estimate - mu) ** 2 / (old[i].se ** 2 + tau ** 2)) / Math.sqrt(old[i].se ** 2 + tau ** 2));
    expect(expected.mean - summarised.mean).toBeGreaterThan(0.08);
  });
});

describe('posteriorOn: an area\'s likelihood times a normal prior', () => {
  it('gives the normal-normal posterior for a normal likelihood', () => {
    // L = N(−3, 0.5²), prior N(−4, 1²): precision 4 + 1 = 5, mean (−3·4 − 4·1)/5 = −3.2, sd √0.2.
    const lik = importanceSample((z) => -0.5 * ((z + 3) / 0.5) ** 2, 40_000, 'posterior');
    const p = posteriorOn(lik, { center: -4, sd: 1 }, [0.1, 0.5, 0.9]);
    expect(p.mean).toBeCloseTo(-3.2, 1);
    expect(p.sd).toBeCloseTo(Math.sqrt(0.2), 1);
    expect(p.quantiles[1]).toBeCloseTo(-3.2, 1);
    expect(p.quantiles[2] - p.quantiles[0]).toBeCloseTo(2 * 1.2816 * Math.sqrt(0.2), 1);
  });
});

// Cases hand-made mutants showed untested (2026-12-04, review; no Stryker during the lead's cross-validation).
describe('poolLikelihoods: its guards and a τ posterior that leaves strata empty', () => {
  it('refuses no areas, and a likelihood binned on another grid', () => {
    expect(() => poolLikelihoods([], REF)).toThrow('pooling needs at least one area');
    const lik = onPaceGrid(REF, (x) => -0.5 * ((x + 3.9) / 0.3) ** 2)!;
    expect(() => poolLikelihoods([lik, { ...lik, lo: lik.lo + lik.step }], REF)).toThrow("binned on the pace's own grid");
    expect(() => poolLikelihoods([{ ...lik, weights: lik.weights.slice(0, 400) }], REF)).toThrow("binned on the pace's own grid");
  });

  it('leaves out the strata no τ step falls in: eight areas that agree exactly put most of τ\'s mass on its first step', () => {
    // Eight areas each saying pace ~ N(−3.9, 0.05²): the posterior of τ is ∝ (0.05² + τ²)^(−7/2) × prior, near 0, so
    // its first step (τ = 0.0156) holds far more than 1/8 of the mass, and the strata it spans are empty.
    const lik = onPaceGrid(REF, (x) => -0.5 * ((x + 3.9) / 0.05) ** 2)!;
    const p = poolLikelihoods(Array.from({ length: 8 }, () => lik), REF);
    expect(p.mix.weights.length).toBeLessThan(8);
    expect(p.mix.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 12);
    for (const x of [...p.mix.weights, ...p.mix.centers, ...p.mix.sds]) expect(Number.isFinite(x)).toBe(true);
    for (const w of p.mix.weights) expect(w).toBeGreaterThan(0);
  });
});

// The grid by its definition (PaceGrid: the reference prior's centre ± 6 sd in 400 steps), written out here.
describe('binLikelihood and onPaceGrid: the grid, linear binning, what is left out (values by hand)', () => {
  const grid = { center: -3, sd: 0.5 };
  const lo = -3 - 6 * 0.5; // −6
  const step = (12 * 0.5) / 400; // 0.015
  const at = (b: number) => lo + b * step;

  it('shifts by the largest log weight, wherever it comes: a later run 1,000 nats below an earlier one gets no weight, and no NaN', () => {
    // exp(0 − 1000) underflows to 0: all weight on point 10. Shifting by the last run's log weight would give exp(1000) = ∞, then ∞/∞.
    const l = binLikelihood([at(10), at(20)], [1000, 0], grid)!;
    expect(l.weights[10]).toBeCloseTo(1, 9);
    expect(l.weights[19] + l.weights[20] + l.weights[21]).toBe(0);
  });

  it('leaves out a run whose log weight is NaN (its weight is not > 0), keeping the others', () => {
    const l = binLikelihood([at(10), at(20)], [0, Number.NaN], grid)!;
    expect(l.weights[10]).toBeCloseTo(1, 9);
    expect(l.weights.every((w) => Number.isFinite(w))).toBe(true);
  });

  it('splits a run between its two grid points by distance, weights exp(log weight), normalised to sum 1', () => {
    // Run 1 a quarter of a step above point 10, weight 1; run 2 halfway between 20 and 21, weight 3 (log 3 + 1,000:
    // only differences of log weights count, and they must not overflow). Total 4.
    const l = binLikelihood([at(10.25), at(20.5)], [1000, 1000 + Math.log(3)], grid)!;
    expect(l.lo).toBeCloseTo(-6, 12);
    expect(l.step).toBeCloseTo(0.015, 12);
    expect(l.weights).toHaveLength(401);
    expect(l.weights[10]).toBeCloseTo(0.75 / 4, 9);
    expect(l.weights[11]).toBeCloseTo(0.25 / 4, 9);
    expect(l.weights[20]).toBeCloseTo(1.5 / 4, 9);
    expect(l.weights[21]).toBeCloseTo(1.5 / 4, 9);
    expect(l.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 12);
  });

  it('keeps a run on either end of the grid, leaves out runs beyond it, of weight 0 or NaN; none left: undefined', () => {
    // On the last point (x = 400) all its weight goes there; on the first, there.
    const ends = binLikelihood([at(400), at(0)], [0, Math.log(3)], grid)!;
    expect(ends.weights[400]).toBeCloseTo(0.25, 9);
    expect(ends.weights[0]).toBeCloseTo(0.75, 9);
    expect(ends.weights[399]).toBeCloseTo(0, 9);
    expect(ends.weights[1]).toBeCloseTo(0, 9);
    // Beyond either end, −∞ log weight, NaN position: left out; the one run kept takes all the mass.
    const kept = binLikelihood([at(-0.5), at(400.5), at(30), NaN, at(50)], [0, 0, -Infinity, 0, -1], grid)!;
    expect(kept.weights[50]).toBeCloseTo(1, 12);
    expect(binLikelihood([at(-0.5), at(401)], [0, 0], grid)).toBeUndefined();
    expect(binLikelihood([at(10), at(20)], [-Infinity, -Infinity], grid)).toBeUndefined();
    expect(binLikelihood([], [], grid)).toBeUndefined();
  });

  it('onPaceGrid: the log density at every grid point, exponentiated from its largest (no underflow), NaN as 0, normalised', () => {
    const point = (x: number) => Math.round((x - lo) / step);
    // −2,000 at point 5, −2,000 + log 3 at point 7, NaN at 6, −∞ elsewhere: 1/4 and 3/4.
    const l = onPaceGrid(grid, (x) => (point(x) === 5 ? -2000 : point(x) === 7 ? -2000 + Math.log(3) : point(x) === 6 ? NaN : -Infinity))!;
    expect(l.lo).toBeCloseTo(-6, 12);
    expect(l.step).toBeCloseTo(0.015, 12);
    expect(l.weights[5]).toBeCloseTo(0.25, 12);
    expect(l.weights[6]).toBe(0);
    expect(l.weights[7]).toBeCloseTo(0.75, 12);
    expect(l.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 12);
    // The density is read at lo + b × step, b = 0…400: its first and last points.
    const xs: number[] = [];
    onPaceGrid(grid, (x) => (xs.push(x), 0));
    expect(xs).toHaveLength(401);
    expect(xs[0]).toBeCloseTo(-6, 12);
    expect(xs[400]).toBeCloseTo(0, 12);
    expect(onPaceGrid(grid, () => -Infinity)).toBeUndefined();
    expect(onPaceGrid(grid, () => NaN)).toBeUndefined();
  });
});

describe('posteriorOn: a likelihood on two grid points times a normal prior (mean, sd, quantiles and mass by hand)', () => {
  const grid = { center: -3, sd: 0.5 };
  const lo = -6;
  const step = 0.015;
  const point = (x: number) => Math.round((x - lo) / step);
  // L = 1/4 at point 5, 3/4 at point 7; the prior centred on point 5 with sd one step: its factor 1 there, e^−2 at 7.
  const lik = onPaceGrid(grid, (x) => (point(x) === 5 ? 0 : point(x) === 7 ? Math.log(3) : -Infinity))!;
  const z5 = lo + 5 * step;
  const z7 = lo + 7 * step;
  const p5 = 0.25;
  const p7 = 0.75 * Math.exp(-2);
  const mass = p5 + p7;
  const a = p5 / mass; // the share on point 5

  it('mean, sd and mass', () => {
    const p = posteriorOn(lik, { center: z5, sd: step });
    expect(p.mass).toBeCloseTo(mass, 12);
    expect(p.mean).toBeCloseTo((p5 * z5 + p7 * z7) / mass, 12);
    // Two points 2 steps apart with shares a and 1 − a: sd 2·step·√(a(1 − a)).
    expect(p.sd).toBeCloseTo(2 * step * Math.sqrt(a * (1 - a)), 12);
    expect(p.quantiles).toEqual([]);
  });

  it('quantiles: each point\'s mass spread evenly over its step, the empty point between them skipped', () => {
    const q = [0.5 * a, a, a + 0.5 * (1 - a), a + 0.25 * (1 - a)];
    const p = posteriorOn(lik, { center: z5, sd: step }, q);
    expect(p.quantiles[0]).toBeCloseTo(z5, 12); // half of point 5's mass: the point itself
    expect(p.quantiles[1]).toBeCloseTo(z5 + step / 2, 12); // all of it: the step's upper end
    expect(p.quantiles[2]).toBeCloseTo(z7, 12); // half-way through point 7's
    expect(p.quantiles[3]).toBeCloseTo(z7 - step / 4, 12);
  });
});

describe('poolLikelihoods of one area known exactly (its likelihood a point mass at the grid\'s centre): closed forms', () => {
  // Grid: centre −3, sd 0.5, so μ runs over −6…0 (±3 around the point) and τ's prior is half-normal of scale 0.5 up to
  // 2.5. With one area at θ = −3, m(μ, τ) = N(−3; μ, τ²): μ | τ is N(−3, τ²) cut to ±3, and τ's posterior is its prior
  // times the mass left inside, P(|Z| ≤ 3/τ). By quadrature over τ (continuous, 20,000 midpoints up to 2.5):
  // E[τ], E[τ²], and var(μ) = E[var(μ | τ)], the truncated normal's τ²(1 − 2kφ(k) / (2Φ(k) − 1)), k = 3/τ.
  const grid = { center: -3, sd: 0.5 };
  const lik = onPaceGrid(grid, (x) => (Math.abs(x + 3) < 0.001 ? 0 : -Infinity))!;
  const erf = (x: number) => {
    // erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, by the midpoint rule.
    let s = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const t = ((i + 0.5) / n) * x;
      s += Math.exp(-t * t) * (x / n);
    }
    return (2 / Math.sqrt(Math.PI)) * s;
  };
  let w0 = 0, w1 = 0, w2 = 0, v = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const tau = ((i + 0.5) / n) * 2.5;
    const k = 3 / tau;
    const inside = k > 8 ? 1 : erf(k / Math.SQRT2); // 2Φ(k) − 1
    const w = Math.exp(-0.5 * (tau / 0.5) ** 2) * inside;
    const phi = Math.exp(-0.5 * k * k) / Math.sqrt(2 * Math.PI);
    w0 += w;
    w1 += w * tau;
    w2 += w * tau * tau;
    v += w * tau * tau * (1 - (2 * k * phi) / inside);
  }
  const tauMean = w1 / w0;
  const tau2 = w2 / w0;
  const muVar = v / w0;

  it('mean at the point, τ and the predictive sd as the closed forms say', () => {
    const p = poolLikelihoods([lik], grid);
    expect(p.k).toBe(1);
    expect(p.mean).toBeCloseTo(-3, 9);
    expect(p.tau / tauMean).toBeCloseTo(1, 3);
    expect(p.se / Math.sqrt(muVar)).toBeCloseTo(1, 3);
    expect(p.predictiveSd / Math.sqrt(tau2 + muVar)).toBeCloseTo(1, 3);
    // Nearly the half-normal's own moments (the cut at ±3 removes little): E[τ] = 0.5·√(2/π), E[τ²] = 0.25.
    expect(tauMean).toBeCloseTo(0.5 * Math.sqrt(2 / Math.PI), 2);
  });

  it('its strata: 8 of about equal mass, each centred on the point, sds rising with τ, and their mixture has the pooled mean and sd', () => {
    const { mix, mean, predictiveSd } = poolLikelihoods([lik], grid);
    expect(mix.weights).toHaveLength(8);
    // About equal: a τ step joins the stratum its mass's midpoint falls in, and one step near τ = 0 holds
    // 2.5/240 × 2φ(0)/0.5 ≈ 0.017 of the mass, so a stratum may be off 1/8 by about that.
    for (const w of mix.weights) expect(Math.abs(w - 1 / 8)).toBeLessThan(0.02);
    for (const c of mix.centers) expect(c).toBeCloseTo(-3, 9);
    for (let j = 1; j < 8; j++) expect(mix.sds[j]).toBeGreaterThan(mix.sds[j - 1]);
    // Law of total variance: Σ w c = mean, Σ w (sd² + c²) − mean² = predictiveSd².
    const m = mix.weights.reduce((a, w, j) => a + w * mix.centers[j], 0);
    const second = mix.weights.reduce((a, w, j) => a + w * (mix.sds[j] ** 2 + mix.centers[j] ** 2), 0);
    expect(m).toBeCloseTo(mean, 12);
    expect(second - m * m).toBeCloseTo(predictiveSd ** 2, 10);
    // The first stratum holds the smallest eighth of τ's posterior (nearly its prior): τ up to the half-normal's 1/8
    // quantile, 0.5 × z(0.5625) = 0.5 × 0.1573 = 0.079, plus at most a step (0.0104); its sd, √(E[τ²] + var(μ)) with
    // var(μ | τ) ≤ τ², is below √2 × 0.09. The last holds the largest eighth: τ from the 7/8 quantile,
    // 0.5 × z(0.9375) = 0.5 × 1.5341 = 0.767, less a step: its sd above that.
    expect(mix.sds[0]).toBeLessThan(Math.SQRT2 * 0.09);
    expect(mix.sds[7]).toBeGreaterThan(0.767 - 0.0104);
  });
});
