import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type AreaFit, poolPaces } from '../../src/analysis/fitDefaults.ts';
import { binLikelihood, posteriorOn } from '../../src/analysis/poolLikelihoods.ts';
import { likelihoodWeight, weighPasses } from '../../src/analysis/weighPasses.ts';

// The fit's reference priors on their scales, written out (src/batch/pilotDefaults.ts), in PACE_KEYS order:
// urbanization pace logit(2 %), take-up logit(5 %), net migration 0, conversion logit(2 %).
const PRIORS = [
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
  { center: Math.log(0.05 / 0.95), sd: 1.5 },
  { center: 0, sd: 0.02 },
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
];
const URBANIZATION = 0;
const NET_MIGRATION = 2;

function draws(runs: number, seed: string) {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return PRIORS.map((l) => Float64Array.from({ length: runs }, () => l.center + l.sd * normal()));
}

/**
 * An area fitted as fitArea does, one pass from the reference priors: `logLik` gives each run's log likelihood of
 * the figures of one pace (the others' figures are absent: log likelihood 0).
 */
function area(name: string, informs: number, logLik: (z: Float64Array[], r: number) => number, runs: number): AreaFit {
  const z = draws(runs, name);
  const lik = Float64Array.from({ length: runs }, (_, r) => logLik(z, r));
  const w = weighPasses([{ z, laws: PRIORS, logLik: PRIORS.map((_, i) => (i === informs ? lik : new Float64Array(runs))) }], [informs === URBANIZATION ? 'rural_to_town_rate' : 'net_migration']);
  const key = informs === URBANIZATION ? 'rural_to_town_rate' : 'net_migration';
  const l = binLikelihood(w.z[informs], w.logLikWeight[key]!, PRIORS[informs])!;
  const post = posteriorOn(l, PRIORS[informs], [0.1, 0.5, 0.9]);
  return {
    area: name,
    baseYear: 2013,
    figures: [],
    runs,
    passes: 1,
    estimates: { [key]: { median: post.quantiles[1], lower80: post.quantiles[0], upper80: post.quantiles[2], ess: runs } },
    likelihoods: { [key]: l },
    sample: w.sample,
  };
}

describe('likelihoodWeight: an area\'s likelihood of a pace with the other paces integrated out under given laws', () => {
  // One figure y of the urbanization pace θ (logit) that net migration ν also moves: y ~ N(θ + cν, s²). With ν ~ N(m, v²)
  // the likelihood of θ is N(y; θ + cm, s² + c²v²): centred at y − cm, sd √(s² + c²v²) — by hand, not by the code.
  const c = 40;
  const y = -3.2;
  const s = 0.3;
  const runs = 40_000;
  const fit = area('linear', URBANIZATION, (z, r) => -0.5 * ((z[URBANIZATION][r] + c * z[NET_MIGRATION][r] - y) / s) ** 2, runs);
  const flat = { center: PRIORS[0].center, sd: 1e6 };

  it('under the reference priors (ν ~ N(0, 0.02²)): centred at y, sd √(0.3² + 0.8²) = 0.854', () => {
    const l = binLikelihood(fit.sample!.z[URBANIZATION], likelihoodWeight(fit.sample!, 'rural_to_town_rate'), PRIORS[0])!;
    const p = posteriorOn(l, flat);
    expect(Math.abs(p.mean - y)).toBeLessThan(0.03);
    expect(Math.abs(p.sd / Math.sqrt(s ** 2 + (c * 0.02) ** 2) - 1)).toBeLessThan(0.04);
  });

  it('under ν ~ N(0.01, 0.005²): centred at y − 0.4 = −3.6, sd √(0.3² + 0.2²) = 0.361', () => {
    const l = binLikelihood(fit.sample!.z[URBANIZATION], likelihoodWeight(fit.sample!, 'rural_to_town_rate', { net_migration: { center: 0.01, sd: 0.005 } }), PRIORS[0])!;
    const p = posteriorOn(l, flat);
    expect(Math.abs(p.mean - (y - 0.4))).toBeLessThan(0.03);
    expect(Math.abs(p.sd / Math.sqrt(s ** 2 + 0.2 ** 2) - 1)).toBeLessThan(0.05);
  });
});

describe('poolPaces: each area\'s likelihood of a pace integrates the other paces under their pooled laws', () => {
  // Three areas' figures say net migration ν ≈ 0.01 (each N(0.01, 0.003²), alike: the pooled centre is 0.01 by symmetry).
  // Four areas' figures of the urbanization pace θ are moved by ν as above: y_i ~ N(θ_i + 40ν_i, 0.3²). With ν drawn
  // from its pooled law, centred at 0.01, each area's likelihood of θ is centred at y_i − 0.4 with one sd for all, so
  // for every τ the pooled μ is centred at their mean: E[μ] = mean(y) − 0.4 = −3.5 − 0.4 = −3.9. Integrated under
  // the reference prior of ν (centre 0), the centre would be mean(y) = −3.5.
  const runs = 20_000;
  const ys = [-3.8, -3.4, -3.6, -3.2];
  const fits = [
    ...ys.map((y, i) => area(`pace ${i}`, URBANIZATION, (z, r) => -0.5 * ((z[URBANIZATION][r] + 40 * z[NET_MIGRATION][r] - y) / 0.3) ** 2, runs)),
    ...[0, 1, 2].map((i) => area(`migration ${i}`, NET_MIGRATION, (z, r) => -0.5 * ((z[NET_MIGRATION][r] - 0.01) / 0.003) ** 2, runs)),
  ];

  it('pools net migration at 0.01 and the urbanization pace at mean(y) − 40 × 0.01 = −3.9, not at mean(y) = −3.5', () => {
    const p = poolPaces(fits);
    expect(p.net_migration.fitted).toBe(true);
    expect(Math.abs(p.net_migration.center - 0.01)).toBeLessThan(0.0005);
    expect(p.rural_to_town_rate.fitted).toBe(true);
    expect(Math.abs(p.rural_to_town_rate.center - -3.9)).toBeLessThan(0.06);
  });

  it('leaves an excluded area out of both pools', () => {
    const p = poolPaces(fits, ['pace 3']);
    // Without y = −3.2: mean(−3.8, −3.4, −3.6) − 0.4 = −4.0.
    expect(Math.abs(p.rural_to_town_rate.center - -4.0)).toBeLessThan(0.06);
    expect(p.rural_to_town_rate.areas.map((a) => a.area)).toEqual(['pace 0', 'pace 1', 'pace 2']);
  });
});
