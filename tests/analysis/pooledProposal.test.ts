import { describe, expect, it } from 'vitest';
import { POSTERIOR_WIDENING, pooledProposal } from '../../src/analysis/pooledProposal.ts';

// The reference grid of the urbanization pace (logit 2 %, sd 1.5; ±6 sd in 400 steps), written out.
const C = Math.log(0.02 / 0.98);
const lo = C - 9;
const step = 18 / 400;
/** A normal likelihood N(y; z, s²) on that grid, normalised. */
const normalLik = (y: number, s: number) => {
  const w = Float64Array.from({ length: 401 }, (_, b) => Math.exp(-0.5 * ((y - (lo + b * step)) / s) ** 2));
  const total = w.reduce((t, x) => t + x, 0);
  return { lo, step, weights: w.map((x) => x / total) };
};

const paces = {
  rural_to_town_rate: { fitted: true, center: -3.5, sd: 0.3 },
  local_settle_rate: { fitted: false, center: Math.log(0.05 / 0.95), sd: 1.5 },
  net_migration: { fitted: true, center: 0.001, sd: Math.sqrt(0.5 * 0.006 ** 2 + 0.5 * 0.012 ** 2), mix: { weights: [0.5, 0.5], centers: [0.001, 0.001], sds: [0.006, 0.012] } },
  hukou_conversion_rate: { fitted: true, center: -3.7, sd: 1 },
} as const;

describe('pooledProposal: where an area\'s pooled pass draws its runs', () => {
  const p = pooledProposal({ rural_to_town_rate: normalLik(-3.1, 0.2) }, paces);

  it('a pace the area does not inform: its pooled law as it is (a mixture as its components), a pace not fitted its reference prior', () => {
    expect(p.net_migration.mix).toEqual(paces.net_migration.mix);
    expect(p.net_migration.center).toBeCloseTo(0.001, 12);
    expect(p.net_migration.sd).toBeCloseTo(paces.net_migration.sd, 12);
    expect(p.hukou_conversion_rate).toMatchObject({ center: -3.7, sd: 1 });
    expect(p.local_settle_rate).toMatchObject({ center: Math.log(0.05 / 0.95), sd: 1.5 });
    expect(p.local_settle_rate.mix).toBeUndefined();
  });

  it('a pace it informs: half the pooled law, half the posterior under it (closed form) with its sd 1.5 times', () => {
    // Normal N(−3.5, 0.3²) × likelihood N(−3.1; z, 0.2²): precision 1/0.09 + 1/0.04, mean (−3.5/0.09 − 3.1/0.04) / precision.
    const precision = 1 / 0.09 + 1 / 0.04;
    const mean = (-3.5 / 0.09 + -3.1 / 0.04) / precision;
    const sd = Math.sqrt(1 / precision);
    const m = p.rural_to_town_rate.mix!;
    expect(POSTERIOR_WIDENING).toBe(1.5);
    expect(m.weights).toHaveLength(2);
    expect(m.weights[0]).toBeCloseTo(0.5, 12);
    expect([m.centers[0], m.sds[0]]).toEqual([-3.5, 0.3]);
    // The grid's binning: within a hundredth of the sd.
    expect(Math.abs(m.centers[1] - mean)).toBeLessThan(0.01 * sd);
    expect(Math.abs(m.sds[1] / (1.5 * sd) - 1)).toBeLessThan(0.01);
    // Its centre and sd are the mixture's: ½ (−3.5) + ½ mean; ½ (0.09 + (2.25 sd²)) + the spread of the two centres.
    expect(p.rural_to_town_rate.center).toBeCloseTo(0.5 * -3.5 + 0.5 * m.centers[1], 12);
    const v = 0.5 * (0.09 + m.sds[1] ** 2) + 0.25 * (m.centers[1] + 3.5) ** 2;
    expect(p.rural_to_town_rate.sd).toBeCloseTo(Math.sqrt(v), 12);
  });

  it('a pace it informs whose pooled law is a mixture: that mixture\'s components at half weight, then the posterior\'s', () => {
    const q = pooledProposal({ net_migration: { lo: -0.12, step: 0.24 / 400, weights: Float64Array.from({ length: 401 }, (_, b) => Math.exp(-0.5 * ((0.004 - (-0.12 + (b * 0.24) / 400)) / 0.003) ** 2)) } }, paces);
    const m = q.net_migration.mix!;
    expect(m.weights.slice(0, 2)).toEqual([0.25, 0.25]);
    expect(m.sds.slice(0, 2)).toEqual([0.006, 0.012]);
    expect(m.weights.reduce((t, w) => t + w, 0)).toBeCloseTo(1, 12);
    expect(m.weights.length).toBe(4);
  });
});
