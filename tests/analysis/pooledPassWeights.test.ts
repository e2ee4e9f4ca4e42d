import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { PaceKey } from '../../src/batch/pilotDefaults.ts';
import { pooledProposal } from '../../src/analysis/pooledProposal.ts';
import { type FitPass, likelihoodWeight, pooledEss, weighPasses } from '../../src/analysis/weighPasses.ts';

// A fit's passes as src/analysis/fitDefaults.ts weighs them, on a case with a closed-form answer. The figures say
// y = z₀ + a·z₂ + e, e ~ N(0, s²): they inform the urbanization pace z₀ (logit) and move with net migration z₂.
// The pooled laws (the target): z₀ a mixture of two normals, z₂ ~ N(m₂, t₂²); the take-up and the conversion are not
// fitted, their pooled laws their reference priors (written out from src/batch/pilotDefaults.ts).
const REF = [
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
  { center: Math.log(0.05 / 0.95), sd: 1.5 },
  { center: 0, sd: 0.02 },
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
];
const y = -3.1;
const a = 20;
const s = 0.15;
const mix0 = { weights: [0.6, 0.4], centers: [-3.6, -3.25], sds: [0.15, 0.3] };
const m2 = 0.002;
const t2 = 0.006;
const pooledLaws = {
  rural_to_town_rate: { center: 0.6 * -3.6 + 0.4 * -3.25, sd: Math.sqrt(0.6 * (0.15 ** 2 + 0.14 ** 2) + 0.4 * (0.3 ** 2 + 0.21 ** 2)), mix: mix0 },
  net_migration: { center: m2, sd: t2 },
};

// Closed form. With z₂ ~ N(m₂, t₂²) integrated out, y | z₀ ~ N(z₀ + a m₂, S²), S² = s² + a² t₂². Component j of z₀'s
// law, N(c_j, σ_j²), gives the posterior N(μ_j, v_j), v_j = 1 / (1/σ_j² + 1/S²), μ_j = v_j (c_j/σ_j² + (y − a m₂)/S²),
// weighted ∝ w_j N(y − a m₂; c_j, σ_j² + S²). The posterior's mean Σ π_j μ_j and variance Σ π_j (v_j + μ_j²) − mean².
const S2 = s ** 2 + a ** 2 * t2 ** 2;
const yy = y - a * m2;
const parts = mix0.weights.map((w, j) => {
  const c = mix0.centers[j];
  const v0 = mix0.sds[j] ** 2;
  const v = 1 / (1 / v0 + 1 / S2);
  return { pi: (w / Math.sqrt(v0 + S2)) * Math.exp(-0.5 * (yy - c) ** 2 / (v0 + S2)), mu: v * (c / v0 + yy / S2), v };
});
const piSum = parts.reduce((t, p) => t + p.pi, 0);
const postMean = parts.reduce((t, p) => t + (p.pi / piSum) * p.mu, 0);
const postVar = parts.reduce((t, p) => t + (p.pi / piSum) * (p.v + p.mu ** 2), 0) - postMean ** 2;

type Law = { center: number; sd: number; mix?: { weights: readonly number[]; centers: readonly number[]; sds: readonly number[] } };
const logMix = (l: Law, x: number) => {
  const m = l.mix ?? { weights: [1], centers: [l.center], sds: [l.sd] };
  return Math.log(m.weights.reduce((t, w, j) => t + (w / m.sds[j]) * Math.exp(-0.5 * ((x - m.centers[j]) / m.sds[j]) ** 2), 0));
};

/** n runs drawn from `laws` (each pace independently; a mixture by picking a component, then a normal), with the figures' log likelihood. */
function pass(laws: Law[], n: number, seed: string): FitPass {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const draw = (l: Law) => {
    const m = l.mix ?? { weights: [1], centers: [l.center], sds: [l.sd] };
    const total = m.weights.reduce((t, w) => t + w, 0);
    let u = rng() * total;
    let j = 0;
    while (j < m.weights.length - 1 && u >= m.weights[j]) u -= m.weights[j++];
    return m.centers[j] + m.sds[j] * normal();
  };
  const z = laws.map((l) => Float64Array.from({ length: n }, () => draw(l)));
  const lik = Float64Array.from(z[0], (z0, r) => -0.5 * ((y - z0 - a * z[2][r]) / s) ** 2);
  return { z, laws, logLik: [lik, new Float64Array(n), new Float64Array(n), new Float64Array(n)] };
}

/** z₀'s likelihood as a fit keeps it (linear bins on the reference grid, ±6 sd in 400 steps), written out here: N(y − a m₂; z₀, S²) at each grid point. */
function likelihoodOnGrid() {
  const lo = REF[0].center - 6 * REF[0].sd;
  const step = (12 * REF[0].sd) / 400;
  const w = Float64Array.from({ length: 401 }, (_, b) => Math.exp(-0.5 * (yy - (lo + b * step)) ** 2 / S2));
  const total = w.reduce((t, x) => t + x, 0);
  return { lo, step, weights: w.map((x) => x / total) };
}

/** The weighted mean, variance and Kish's effective runs of z₀ under the pooled target, from the fit's own weights of its likelihood. */
function pooledPosterior(passes: FitPass[]) {
  const { sample } = weighPasses(passes, ['rural_to_town_rate']);
  const lw = likelihoodWeight(sample, 'rural_to_town_rate', pooledLaws);
  const log = Array.from(lw, (l, r) => l + logMix(pooledLaws.rural_to_town_rate, sample.z[0][r]));
  const top = Math.max(...log);
  const w = log.map((l) => Math.exp(l - top));
  const sum = w.reduce((t, x) => t + x, 0);
  const mean = w.reduce((t, x, r) => t + x * sample.z[0][r], 0) / sum;
  const variance = w.reduce((t, x, r) => t + x * (sample.z[0][r] - mean) ** 2, 0) / sum;
  return { mean, variance, kish: sum ** 2 / w.reduce((t, x) => t + x * x, 0), ess: pooledEss(sample, 'rural_to_town_rate', pooledLaws) };
}

describe('a pass drawn from the pooled laws keeps the target: the pooled posterior in closed form', () => {
  const paces = {
    rural_to_town_rate: { fitted: true, ...pooledLaws.rural_to_town_rate },
    local_settle_rate: { fitted: false, ...REF[1] },
    net_migration: { fitted: true, ...pooledLaws.net_migration },
    hukou_conversion_rate: { fitted: false, ...REF[3] },
  } as const;
  const proposal = pooledProposal({ rural_to_town_rate: likelihoodOnGrid() }, paces);
  const keys: PaceKey[] = ['rural_to_town_rate', 'local_settle_rate', 'net_migration', 'hukou_conversion_rate'];
  const first = pass(REF, 2000, 'reference');
  const pooled = pass(keys.map((k) => proposal[k]), 2000, 'pooled');
  const both = pooledPosterior([first, pooled]);

  it('the weighted mean and variance of the urbanization pace match the closed form within Monte Carlo error', () => {
    const sd = Math.sqrt(postVar);
    // Monte Carlo sd of a weighted mean ≈ sd / √ESS, of a variance ≈ var · √(2 / ESS); 4 of them.
    expect(Math.abs(both.mean - postMean)).toBeLessThan((4 * sd) / Math.sqrt(both.kish));
    expect(Math.abs(both.variance / postVar - 1)).toBeLessThan(4 * Math.sqrt(2 / both.kish));
    // The case has power: the runs drawn from the proposal, unweighted, are off the posterior by far more.
    const z = pooled.z[0];
    const raw = z.reduce((t, x) => t + x, 0) / z.length;
    expect(Math.abs(raw - postMean)).toBeGreaterThan((20 * sd) / Math.sqrt(both.kish));
  });

  it('counts the runs pooledEss counts: Kish\'s effective runs of the same weights', () => {
    expect(both.ess).toBeCloseTo(both.kish, 6);
  });

  it('the pooled pass gives more effective runs than as many runs drawn again from the reference priors', () => {
    const again = pooledPosterior([first, pass(REF, 2000, 'reference again')]);
    expect(Math.abs(again.mean - postMean)).toBeLessThan((4 * Math.sqrt(postVar)) / Math.sqrt(again.kish));
    // At this seed 1064 against 202.
    expect(both.ess).toBeGreaterThan(3 * again.ess);
  });

  it('divides each run\'s weight by the passes\' mixture ½ q₁ + ½ q₂, written out, not by one pass\'s density', () => {
    const { sample } = weighPasses([first, pooled], ['rural_to_town_rate']);
    // log q of the mixture, written out: log(½ q₁ + ½ q₂), each q_p the product of its paces' laws (up to the same constant).
    const logQ = (laws: Law[], r: number) => keys.reduce((t, _, i) => t + logMix(laws[i], sample.z[i][r]), 0);
    for (const r of [0, 1, 2, 2000, 2001, 3999]) {
      const q1 = logQ(REF, r);
      const q2 = logQ(pooled.laws, r);
      const top = Math.max(q1, q2);
      expect(sample.logQ[r]).toBeCloseTo(top + Math.log(0.5 * Math.exp(q1 - top) + 0.5 * Math.exp(q2 - top)), 9);
    }
  });
});
