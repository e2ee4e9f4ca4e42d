import { describe, expect, it } from 'vitest';
import { checkWidths, errorScales, impliedWidth } from '../../src/analysis/intervalWidths.ts';

// Type 7 percentile written out: sorted values, position (n − 1)·q, linear between its neighbours.
const q80 = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) * 0.8;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
};

describe('errors of the cross-validation on the logit scale, per year of horizon', () => {
  const errors = [
    { metric: 'resident_rate', observed: 0.5, median: 0.49, horizon: 2 }, // |e| 0.01 at p(1 − p) 0.25: 0.04
    { metric: 'resident_rate', observed: 0.8, median: 0.82, horizon: 1 }, // 0.02 / 0.16 = 0.125
    { metric: 'resident_rate', observed: 0.6, median: 0.6, horizon: 2 }, // 0
    { metric: 'resident_rate', observed: 0.3, median: 0.27, horizon: 2 }, // 0.03 / 0.21
    { metric: 'resident_rate', observed: 0.9, median: 0.91, horizon: 2 }, // 0.01 / 0.09
    { metric: 'registered_rate', observed: 0.4, median: 0.35, horizon: 2 }, // 0.05 / 0.24
    { metric: 'resident_pop', observed: 5e6, median: 4.9e6, horizon: 2 }, // not a rate: left out
    { metric: 'registered_rate', observed: 0.4, median: 0.3, horizon: 0 }, // no horizon: left out
  ];

  it('80th percentile of |observed − median| / (p(1 − p)) over √h and over h, for each rate', () => {
    const [res, reg] = errorScales(errors);
    const logit = [0.04, 0.125, 0, 0.03 / 0.21, 0.01 / 0.09];
    const h = [2, 1, 2, 2, 2];
    expect(res.metric).toBe('resident_rate');
    expect(res.figures).toBe(5);
    expect(res.horizons).toEqual([1, 2]);
    expect(res.sqrtLaw).toBeCloseTo(q80(logit.map((z, i) => z / Math.sqrt(h[i]))), 12);
    expect(res.linearLaw).toBeCloseTo(q80(logit.map((z, i) => z / h[i])), 12);
    // By hand: √h values sorted 0, 0.0283, 0.0786, 0.1010, 0.125; position 3.2: 0.1010 + 0.2 × (0.125 − 0.1010).
    expect(res.sqrtLaw).toBeCloseTo(0.03 / 0.21 / Math.SQRT2 + 0.2 * (0.125 - 0.03 / 0.21 / Math.SQRT2), 12);
    expect(reg).toMatchObject({ metric: 'registered_rate', figures: 1, horizons: [2, 2] });
    expect(reg.sqrtLaw).toBeCloseTo(0.05 / 0.24 / Math.SQRT2, 12);
    expect(reg.linearLaw).toBeCloseTo(0.05 / 0.24 / 2, 12);
  });

  it('a rate with no held-out figure gets no scale', () => {
    expect(errorScales(errors.filter((e) => e.metric !== 'registered_rate')).map((s) => s.metric)).toEqual(['resident_rate']);
  });
});

describe('implied widths and the check', () => {
  const scale = { metric: 'resident_rate' as const, figures: 8, horizons: [2, 2] as const, sqrtLaw: 0.04, linearLaw: 0.03 };

  it('2 × error × p(1 − p) × √h to × h', () => {
    // p 0.5, h 4: 2 × 0.04 × 0.25 × 2 = 0.04; 2 × 0.03 × 0.25 × 4 = 0.06.
    const w = impliedWidth(scale, 0.5, 4);
    expect(w.lower).toBeCloseTo(0.04, 12);
    expect(w.upper).toBeCloseTo(0.06, 12);
    // One year ahead of errors measured over two: √1 > 1 relative to √2 and 2, so the h law gives the lower bound.
    const one = impliedWidth({ ...scale, sqrtLaw: 0.04 / Math.SQRT2, linearLaw: 0.04 / 2 }, 0.5, 1);
    expect(one.lower).toBeCloseTo(2 * 0.02 * 0.25, 12);
    expect(one.upper).toBeCloseTo(2 * (0.04 / Math.SQRT2) * 0.25, 12);
    // Near 90 %, p(1 − p) = 0.09: the same logit error is a third as many points.
    expect(impliedWidth(scale, 0.9, 4).lower).toBeCloseTo(2 * 0.04 * 0.09 * 2, 12);
  });

  it('narrower below the √h bound, wider above the h bound, within between; base year and unscaled rates left out', () => {
    const at = (p10: number, p90: number, horizon = 4, metric: 'resident_rate' | 'registered_rate' = 'resident_rate') => ({ scenario: 's', metric, year: 2013 + horizon, horizon, p10, p50: 0.5, p90 });
    const checks = checkWidths([at(0.49, 0.52), at(0.48, 0.53), at(0.46, 0.53), at(0.45, 0.55, 0), at(0.4, 0.41, 4, 'registered_rate')], [scale]);
    expect(checks.map((c) => [c.width, c.verdict])).toEqual([
      [expect.closeTo(0.03, 12), 'narrower'], // below 0.04
      [expect.closeTo(0.05, 12), 'within'],
      [expect.closeTo(0.07, 12), 'wider'], // above 0.06
    ]);
  });
});
