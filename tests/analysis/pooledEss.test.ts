import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type AreaFit, fewRuns, pooledPaces } from '../../src/analysis/fitDefaults.ts';
import { binLikelihood, posteriorOn } from '../../src/analysis/poolLikelihoods.ts';
import { type PassSample, pooledEss, weighPasses } from '../../src/analysis/weighPasses.ts';

// The fit's reference priors on their scales, written out (src/batch/pilotDefaults.ts), in PACE_KEYS order:
// urbanization pace logit(2 %), take-up logit(5 %), net migration 0, conversion logit(2 %).
const PRIORS = [
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
  { center: Math.log(0.05 / 0.95), sd: 1.5 },
  { center: 0, sd: 0.02 },
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
];
const kish = (w: number[]) => w.reduce((a, x) => a + x, 0) ** 2 / w.reduce((a, x) => a + x * x, 0);

describe('pooledEss: the effective number of runs behind an area\'s likelihood of a pace where pooling reads it', () => {
  // Three runs; the take-up, net migration and conversion sit at one value in every run, so their densities cancel.
  // The urbanization pace's draws 0, 1, 2 with likelihoods 1, 1, 2 and the proposal's density the same for all three.
  const flat = (x: number) => Float64Array.of(x, x, x);
  const sample: PassSample = {
    z: [Float64Array.of(0, 1, 2), flat(-3), flat(0.01), flat(-4)],
    logLik: [Float64Array.of(0, 0, Math.log(2)), flat(0), flat(0), flat(0)],
    logQ: flat(-1.7),
  };

  it('weighs each run by its likelihood times the pace\'s own law over the proposal: law N(0, 1) → weights 1, e^−½, 2e^−2', () => {
    const w = [1, Math.exp(-0.5), 2 * Math.exp(-2)];
    // (1 + 0.6065 + 0.2707)² / (1 + 0.3679 + 0.0733) = 3.5239 / 1.4411 = 2.4452.
    expect(pooledEss(sample, 'rural_to_town_rate', { rural_to_town_rate: { center: 0, sd: 1 } })).toBeCloseTo(kish(w), 12);
    expect(pooledEss(sample, 'rural_to_town_rate', { rural_to_town_rate: { center: 0, sd: 1 } })).toBeCloseTo(2.4452, 3);
  });

  it('under a law centred on the largest likelihood the runs count otherwise: N(2, 1) → weights e^−2, e^−½, 2', () => {
    expect(pooledEss(sample, 'rural_to_town_rate', { rural_to_town_rate: { center: 2, sd: 1 } })).toBeCloseTo(kish([Math.exp(-2), Math.exp(-0.5), 2]), 12);
  });

  it('without a law the pace is read under its reference prior, N(logit 2 %, 1.5²)', () => {
    const c = PRIORS[0].center;
    const w = [0, 1, 2].map((z, r) => [1, 1, 2][r] * Math.exp(-0.5 * ((z - c) / 1.5) ** 2));
    expect(pooledEss(sample, 'rural_to_town_rate')).toBeCloseTo(kish(w), 12);
  });

  it('weighs the other paces by their laws: net migration 0, 0.01, 0.02 under N(0.02, 0.01²) → factors e^−2, e^−½, 1', () => {
    const moved: PassSample = { ...sample, z: [flat(0), flat(-3), Float64Array.of(0, 0.01, 0.02), flat(-4)], logLik: [flat(0), flat(0), flat(0), flat(0)] };
    expect(pooledEss(moved, 'rural_to_town_rate', { net_migration: { center: 0.02, sd: 0.01 } })).toBeCloseTo(kish([Math.exp(-2), Math.exp(-0.5), 1]), 12);
    // Under the reference prior of net migration, N(0, 0.02²): factors 1, e^−⅛, e^−½.
    expect(pooledEss(moved, 'rural_to_town_rate')).toBeCloseTo(kish([1, Math.exp(-1 / 8), Math.exp(-0.5)]), 12);
  });

  it('is 0 when no run has a likelihood', () => {
    expect(pooledEss({ ...sample, logLik: [flat(-Infinity), flat(0), flat(0), flat(0)] }, 'rural_to_town_rate')).toBe(0);
  });
});

describe('pooledPaces: the effective runs behind each area\'s likelihood as pooled', () => {
  // Three areas whose figures say θ ~ N(y_i, 0.4²) of the urbanization pace alone, one pass of n runs from the reference
  // priors (no other pace fitted: their laws stay the reference priors, which the runs were drawn from). A run's weight
  // is then L_i(θ) N(θ; μ, σ²) / π(θ): importance sampling of the normal N(m, s²) ∝ L_i × N(μ, σ²) from π = N(c, 1.5²),
  // whose effective sample size is n / E_π[(t/π)²] = n · s √(2·1.5² − s²) / 1.5² · exp(−(m − c)² / (2·1.5² − s²)).
  const n = 20_000;
  const ys = [-3.9, -3.5, -3.1];
  const fit = (name: string, y: number): AreaFit => {
    const rng = seedrandom(name);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const z = PRIORS.map((l) => Float64Array.from({ length: n }, () => l.center + l.sd * normal()));
    const logLik = [Float64Array.from(z[0], (x) => -0.5 * ((x - y) / 0.4) ** 2), ...[1, 2, 3].map(() => new Float64Array(n))];
    const w = weighPasses([{ z, laws: PRIORS, logLik }], ['rural_to_town_rate']);
    const l = binLikelihood(w.z[0], w.logLikWeight.rural_to_town_rate!, PRIORS[0])!;
    const post = posteriorOn(l, PRIORS[0], [0.1, 0.5, 0.9]);
    return {
      area: name, baseYear: 2013, figures: [], runs: n, passes: 1,
      estimates: { rural_to_town_rate: { median: post.quantiles[1], lower80: post.quantiles[0], upper80: post.quantiles[2], ess: w.posterior.rural_to_town_rate!.ess } },
      likelihoods: { rural_to_town_rate: l },
      sample: w.sample,
    };
  };
  const fits = ys.map((y, i) => fit(`area ${i}`, y));

  it('gives each area\'s Kish ESS under the pooled law of the pace (its mixture), as quadrature says (within 4 %)', () => {
    const { paces, ess } = pooledPaces(fits);
    const { center: mu, sd: sigma } = paces.rural_to_town_rate;
    expect(paces.rural_to_town_rate.fitted).toBe(true);
    const c = PRIORS[0].center;
    // As a normal N(μ, σ²) of the pooled law's mean and sd (the closed form above).
    const normalEss = ys.map((y) => {
      const precision = 1 / 0.4 ** 2 + 1 / sigma ** 2;
      const s = Math.sqrt(1 / precision);
      const m = (y / 0.4 ** 2 + mu / sigma ** 2) / precision;
      return (n * s * Math.sqrt(2 * 1.5 ** 2 - s ** 2)) / 1.5 ** 2 * Math.exp(-((m - c) ** 2) / (2 * 1.5 ** 2 - s ** 2));
    });
    // The pooled law is the mixture of its components (src/analysis/paceLaw.ts): t(θ) = L(θ) Σ_j w_j N(θ; c_j, s_j²) / π(θ),
    // ESS = n (E_π t)² / E_π t² = n (∫ L·mix)² / ∫ (L·mix)² / π, by the midpoint rule on θ ∈ c ± 12 (0.001 steps).
    const mix = paces.rural_to_town_rate.mix!;
    expect(mix.weights.length).toBeGreaterThan(1);
    const dens = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const mixtureEss = ys.map((y) => {
      let a = 0;
      let b = 0;
      for (let x = c - 12 + 0.0005; x < c + 12; x += 0.001) {
        const lm = Math.exp(-0.5 * ((x - y) / 0.4) ** 2) * mix.weights.reduce((acc, w, j) => acc + w * dens(x, mix.centers[j], mix.sds[j]), 0);
        a += lm;
        b += (lm * lm) / dens(x, c, 1.5);
      }
      return (n * a * a * 0.001) / b;
    });
    ys.forEach((_, i) => {
      const got = ess.get(`area ${i}`)!.rural_to_town_rate!;
      expect(Math.abs(got / mixtureEss[i] - 1), `area ${i}: ${got} against ${mixtureEss[i]}`).toBeLessThan(0.04);
    });
    // The mixture, heavier-tailed and narrower in its middle than the normal of its sd, leaves fewer runs here.
    expect(mixtureEss.every((e, i) => e < normalEss[i])).toBe(true);
    // Only the paces an area informs.
    expect(Object.keys(ess.get('area 0')!)).toEqual(['rural_to_town_rate']);
  });

  it('without an area: the others\' only', () => {
    expect([...pooledPaces(fits, ['area 1']).ess.keys()]).toEqual(['area 0', 'area 2']);
  });

  it('warns of an area resting on fewer than 50 effective runs, under the reference prior or as pooled, and of no other', () => {
    const few = { ...fits[0], estimates: { rural_to_town_rate: { ...fits[0].estimates.rural_to_town_rate!, ess: 49.6 } } };
    const ess = new Map([['area 0', { rural_to_town_rate: 812.4 }], ['area 1', { rural_to_town_rate: 49.4 }], ['area 2', { rural_to_town_rate: 50 }]]);
    expect(fewRuns([few, fits[1], fits[2]], ess, 2000)).toEqual([
      'area 0 rural_to_town_rate: 50 effective runs under the reference prior, 812 as pooled (of 2,000 runs in 1 pass; under 50: raise --runs)',
      // Area 1's own ESS on its 20,000 seeded runs is 6,981 (its fit above), printed with a thousands separator.
      'area 1 rural_to_town_rate: 6,981 effective runs under the reference prior, 49 as pooled (of 2,000 runs in 1 pass; under 50: raise --runs)',
    ]);
  });

  it('writes its counts of runs with a thousands separator, as the project\'s other counts (it printed "1250 effective runs", "of 6000 runs")', () => {
    // 1249.6 effective runs under the reference prior, rounded: 1,250; 30.2 as pooled: 30; 3 passes of 2,000 runs: 6,000.
    // Then 1.2 under the reference prior, rounded to 1, the noun agreeing (it printed "1 effective runs"); 1,024.4 as pooled: 1,024.
    const wide = { ...fits[0], passes: 3, estimates: { rural_to_town_rate: { ...fits[0].estimates.rural_to_town_rate!, ess: 1249.6 } } };
    const thin = { ...fits[1], passes: 1, estimates: { rural_to_town_rate: { ...fits[1].estimates.rural_to_town_rate!, ess: 1.2 } } };
    const ess = new Map([['area 0', { rural_to_town_rate: 30.2 }], ['area 1', { rural_to_town_rate: 1024.4 }]]);
    expect(fewRuns([wide, thin], ess, 2000)).toEqual([
      'area 0 rural_to_town_rate: 1,250 effective runs under the reference prior, 30 as pooled (of 6,000 runs in 3 passes; under 50: raise --runs)',
      'area 1 rural_to_town_rate: 1 effective run under the reference prior, 1,024 as pooled (of 2,000 runs in 1 pass; under 50: raise --runs)',
    ]);
  });
});
