import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { RunSampler, drawnProcessSigmas } from '../../src/montecarlo/runSampler.ts';
import type { ValueSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const constant = (value: number): ValueSpec => ({ kind: 'number', value });

describe('drawnProcessSigmas: the σ each run drew for a yearly variation whose σ is a law', () => {
  const runs = 200;
  const withLaw = (sigma: number | { dist: 'choice'; values: number[]; weights: number[] }) =>
    dalianResolved({
      runs,
      shocks: {},
      parameters: { hukou_conversion_rate: constant(0.02) },
      uncertainty: { process: { hukou_conversion_rate: { sigma, phi: 0.5, scale: 'logit' } }, baseline: {} },
    });

  it('names the σ the sampler drew, run by run: a run said to draw σ = 0 keeps the pace at 2 % every year, the others move it', () => {
    const s = withLaw({ dist: 'choice', values: [0, 3], weights: [1, 1] });
    const sigmas = drawnProcessSigmas(s, 'hukou_conversion_rate', runs)!;
    const sampler = new RunSampler(compileScenario(s), runs);
    let still = 0;
    for (let r = 0; r < runs; r++) {
      const pace = Array.from(sampler.fill(r).hukouConversionRate);
      const unchanged = pace.every((x) => x === 0.02);
      expect(unchanged, `run ${r}: σ ${sigmas[r]}`).toBe(sigmas[r] === 0);
      if (unchanged) still++;
    }
    // Both values drawn, about half each (binomial(200, ½): 100 ± 7).
    expect(still).toBeGreaterThan(70);
    expect(still).toBeLessThan(130);
  });

  it('draws each value with its weight: 1 : 3 over many runs', () => {
    const s = withLaw({ dist: 'choice', values: [0.5, 2], weights: [1, 3] });
    const sigmas = drawnProcessSigmas(s, 'hukou_conversion_rate', 4000)!;
    const low = sigmas.filter((x) => x === 0.5).length;
    // binomial(4000, ¼): 1000 ± 27
    expect(Math.abs(low - 1000)).toBeLessThan(110);
    expect(sigmas.every((x) => x === 0.5 || x === 2)).toBe(true);
  });

  it('is undefined where σ is a number, or the rate has no yearly variation', () => {
    expect(drawnProcessSigmas(withLaw(0.4), 'hukou_conversion_rate', 10)).toBeUndefined();
    expect(drawnProcessSigmas(withLaw(0.4), 'inflow', 10)).toBeUndefined();
    expect(drawnProcessSigmas({ ...withLaw(0.4), uncertainty: undefined }, 'hukou_conversion_rate', 10)).toBeUndefined();
  });
});
