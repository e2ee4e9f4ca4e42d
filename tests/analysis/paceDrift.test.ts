import { describe, expect, it, vi } from 'vitest';
import { DRIFT_PACES, paceDrift } from '../../src/analysis/paceDrift.ts';
import { loadScenario } from '../../src/scenario/loadScenario.ts';
import { monteCarloPool } from '../../src/montecarlo/monteCarloPool.ts';

describe('paceDrift: a pilot\'s own first-year gain of the resident rate at fixed paces', () => {
  it('under the share form one year\'s gain is affine in the pace, run by run, so the mean gains lie on a line', async () => {
    // Step 6 moves a share c of the villagers once a year; nothing else in the year reads c (src/model/README.md).
    // The pace's own yearly deviation must be off, or the paces would be moved by e^e_t on the logit scale, not linearly.
    const counted: [number, number][] = [];
    const d = await paceDrift(loadScenario('scenarios/pilots/luoyang.yaml'), { runs: 40, seed: 7, onProgress: (done, total) => counted.push([done, total]) });
    expect(d.paces).toEqual(DRIFT_PACES);
    // The runs of the 10 paces counted as one draw of 10 × 40 = 400: each pace's 40 runs (one chunk) a step of 40.
    expect(counted).toEqual([40, 80, 120, 160, 200, 240, 280, 320, 360, 400].map((done) => [done, 400]));
    const slope = (d.mean[9] - d.mean[0]) / (DRIFT_PACES[9] - DRIFT_PACES[0]);
    for (let k = 1; k < DRIFT_PACES.length - 1; k++) expect((d.mean[k] - d.mean[0]) / DRIFT_PACES[k]).toBeCloseTo(slope, 9);
    // About the villagers' share of the residents: Luoyang's 49.4 % urban in 2013 leaves at most 50.6 points to gain.
    expect(slope).toBeGreaterThan(0.3);
    expect(slope).toBeLessThan(0.506);
    // The other laws (migration, births, the baseline's error) spread one year's gain: a variance, finite and positive.
    for (const x of d.variance) expect(x > 0 && Number.isFinite(x)).toBe(true);
  });
});

describe('paceDrift on the caller\'s threads', () => {
  it('runs every pace on the pool it is given (a batch\'s), not on threads of its own, with the same drift', async () => {
    const luoyang = loadScenario('scenarios/pilots/luoyang.yaml');
    const alone = await paceDrift(luoyang, { runs: 40, seed: 7 });
    const pool = monteCarloPool(2);
    try {
      const run = vi.spyOn(pool, 'run');
      const shared = await paceDrift(luoyang, { runs: 40, seed: 7, workers: 2, pool });
      // 40 runs a pace in one chunk (chunks of at least 50 runs): one task a pace, 10 in all, on this pool.
      expect(run).toHaveBeenCalledTimes(DRIFT_PACES.length);
      expect(shared).toEqual(alone);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});
