import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { weighPasses } from '../../src/analysis/weighPasses.ts';

// The fit's reference priors on their scales, written out (src/batch/pilotDefaults.ts): logit(2 %), logit(5 %), 0, logit(2 %).
const PRIORS = [
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
  { center: Math.log(0.05 / 0.95), sd: 1.5 },
  { center: 0, sd: 0.02 },
  { center: Math.log(0.02 / 0.98), sd: 1.5 },
];

function draws(laws: { center: number; sd: number }[], runs: number, seed: string) {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return laws.map((l) => Float64Array.from({ length: runs }, () => l.center + l.sd * normal()));
}

describe('weighPasses: all passes\' runs as one sample of the passes\' mixture', () => {
  // The urbanization pace's figures say N(−3, 0.4²) on the logit scale; no figure informs the others.
  const y = -3;
  const s = 0.4;
  const pass = (laws: { center: number; sd: number }[], seed: string) => {
    const z = draws(laws, 3000, seed);
    return { z, laws, logLik: [Float64Array.from(z[0], (x) => -0.5 * ((x - y) / s) ** 2), ...[1, 2, 3].map(() => new Float64Array(3000))] };
  };
  // Pass 1 draws from the reference priors; pass 2 narrowly, off the posterior's centre, and the other paces narrowly too.
  const passes = [pass(PRIORS, 'one'), pass([{ center: -3.3, sd: 0.3 }, { center: -3, sd: 0.5 }, { center: 0.005, sd: 0.005 }, { center: -4, sd: 0.8 }], 'two')];
  const w = weighPasses(passes, ['rural_to_town_rate']);

  it('gives the normal-normal posterior under the reference prior', () => {
    // Precision 1/1.5² + 1/0.4²; mean (c/1.5² + y/0.4²) / precision.
    const precision = 1 / 1.5 ** 2 + 1 / s ** 2;
    const mean = (PRIORS[0].center / 1.5 ** 2 + y / s ** 2) / precision;
    const p = w.posterior.rural_to_town_rate!;
    expect(p.mean).toBeCloseTo(mean, 1);
    expect(Math.abs(p.sd / Math.sqrt(1 / precision) - 1)).toBeLessThan(0.05);
    expect(p.ess).toBeGreaterThan(1000);
  });

  it('never weighs a run by more than the number of passes times its prior over the mixture: the reference prior is one of its parts', () => {
    // log weight as a sample of the likelihood = log L + Σ_{j≠0} log π_j − log q; adding log π_0 − log L leaves log (π / q).
    const logPrior = (i: number, x: number) => -0.5 * ((x - PRIORS[i].center) / PRIORS[i].sd) ** 2 - Math.log(PRIORS[i].sd);
    const lw = w.logLikWeight.rural_to_town_rate!;
    const z = passes.flatMap((p) => [...p.z[0]]);
    const L = passes.flatMap((p) => [...p.logLik[0]]);
    let top = -Infinity;
    for (let r = 0; r < lw.length; r++) top = Math.max(top, lw[r] + logPrior(0, z[r]) - L[r]);
    expect(top).toBeLessThanOrEqual(Math.log(2) + 1e-9);
    expect(top).toBeGreaterThan(Math.log(2) - 0.5);
    // Weighed by its own pass's density alone, a run of pass 2 in its tail gets far more than that.
    const alone = Math.max(...Array.from(passes[1].z[0], (_, r) => [0, 1, 2, 3].reduce((l, i) => {
      const law = passes[1].laws[i];
      const v = passes[1].z[i][r];
      return l + logPrior(i, v) + 0.5 * ((v - law.center) / law.sd) ** 2 + Math.log(law.sd);
    }, 0)));
    expect(alone).toBeGreaterThan(Math.log(2) + 2);
  });
});
