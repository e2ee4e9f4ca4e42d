import { describe, expect, it } from 'vitest';
import { type PaceDrift, driftAt, historyLikelihood } from '../../src/analysis/historyLikelihood.ts';
import { posteriorOn } from '../../src/analysis/poolLikelihoods.ts';
import { preBaseSpan, spanFigures } from '../../src/analysis/preBaseSpan.ts';
import { InputError } from '../../src/inputError.ts';
import { observedPoints } from '../helpers/observedRows.ts';

// The urbanization pace's reference prior on the logit scale (2 % a year, sd 1.5): the grid every pace likelihood lies on.
const REF = { center: Math.log(0.02 / 0.98), sd: 1.5 };
const logistic = (z: number) => 1 / (1 + Math.exp(-z));

// Luoyang 44.33 % (2010, census year: 0.2 points), 49.4 % (2013, sample: 0.4 points), 52.65 % (2015); seeds 001 L529, 004 L4215.
const LUOYANG = observedPoints([
  'luoyang,resident_rate,2010,,,44.33,%,resident_6month,,001:529,,',
  'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,004:4215,,',
  'luoyang,resident_rate,2015,,,52.65,%,resident_6month,,001:529,,',
]);

describe('preBaseSpan: the resident rate before the base year and at it', () => {
  it('Luoyang by hand: 5.07 points over 3 years, errors 0.2 and 0.4 points', () => {
    const s = preBaseSpan(LUOYANG, 'luoyang', 2013)!;
    expect([s.from.year, s.base.year, s.years]).toEqual([2010, 2013, 3]);
    expect(s.gain).toBeCloseTo(0.0507 / 3, 12);
    expect(s.figureVariance).toBeCloseTo((0.002 ** 2 + 0.004 ** 2) / 9, 15);
  });

  it('the earliest figure within 5 years; none further back, none across a break, none without the base-year figure', () => {
    const pts = observedPoints([
      'a,resident_rate,2007,,,40,%,resident_6month,,x,,',
      'a,resident_rate,2009,,,42,%,resident_6month,,x,,',
      'a,resident_rate,2011,,,44,%,resident_6month,,x,,',
      'a,resident_rate,2013,,,46,%,resident_6month,,x,,',
      'b,resident_rate,2011,,,44,%,resident_6month,,x,,',
      'b,resident_rate,2013,,,46,%,resident_6month,yes,x,,',
      'c,resident_rate,2011,,,44,%,resident_6month,,x,,',
      'c,resident_rate,2015,,,46,%,resident_6month,,x,,',
    ]);
    const a = preBaseSpan(pts, 'a', 2013)!;
    expect([a.from.year, a.years]).toEqual([2009, 4]); // 2007 lies 6 years back
    // 2009 is a sample year (0.4 points) like 2013.
    expect(a.figureVariance).toBeCloseTo((2 * 0.004 ** 2) / 16, 15);
    expect(preBaseSpan(pts, 'b', 2013)).toBeUndefined(); // 2013 starts a new definition
    expect(preBaseSpan(pts, 'c', 2013)).toBeUndefined(); // no 2013 figure to end the span
    expect(preBaseSpan(pts, 'luoyang', 2013)).toBeUndefined(); // no figures at all
  });

  it('reads only the resident rate of residents, whatever order the rows come in; 5 years back is still in; names its figures', () => {
    const pts = observedPoints([
      'd,resident_rate,2013,,,50,%,resident_6month,,x:3,,',
      'd,resident_rate,2011,,,47,%,resident_6month,,x:2,,',
      'd,resident_rate,2008,,,42,%,resident_6month,,x:1,,',
      'e,registered_rate,2010,,,30,%,registered_unstated,,x,,',
      'e,resident_pop,2011,,,300,万人,resident_6month,,x,,',
      'e,resident_rate,2013,,,50,%,resident_6month,,x,,',
      'f,resident_rate,2010,,,40,%,resident_over_registered,,x,,',
      'f,resident_rate,2013,,,45,%,resident_over_registered,,x,,',
    ]);
    const d = preBaseSpan(pts, 'd', 2013)!;
    // 2008 is exactly 5 years back: the earliest, although listed last; 8 points over 5 years, both sample years.
    expect([d.from.year, d.years]).toEqual([2008, 5]);
    expect(d.gain).toBeCloseTo(0.08 / 5, 12);
    expect(d.figureVariance).toBeCloseTo((2 * 0.004 ** 2) / 25, 15);
    // Rows 2–8 of a file whose line 1 is the header: 2013 on line 2, 2008 on line 4; the file named without its folder.
    expect(spanFigures(d)).toEqual(['resident_rate 2008 (test.csv:4)', 'resident_rate 2013 (test.csv:2)']);
    const nested = preBaseSpan(observedPoints(['d,resident_rate,2010,,,47,%,resident_6month,,x,,', 'd,resident_rate,2013,,,50,%,resident_6month,,x,,'], 'data/observed/o.csv'), 'd', 2013)!;
    expect(spanFigures(nested)).toEqual(['resident_rate 2010 (o.csv:2)', 'resident_rate 2013 (o.csv:3)']);
    expect(preBaseSpan(pts, 'e', 2013)).toBeUndefined(); // a registered rate or a population of residents is not an earlier resident rate
    expect(preBaseSpan(pts, 'f', 2013)).toBeUndefined(); // a rate over the registered population is not read
  });
});

describe('driftAt: the pilot\'s drift between the paces it was run at', () => {
  const d: PaceDrift = { paces: [0, 0.01, 0.03], mean: [0.001, 0.006, 0.012], variance: [4e-6, 2e-6, 1e-6] };
  it('linear in c inside a segment, along the end segment beyond it', () => {
    // Between 0.01 and 0.03: slope (0.012 − 0.006) / 0.02 = 0.3; at 0.02 half-way.
    expect(driftAt(d, 0.02).mean).toBeCloseTo(0.009, 15);
    expect(driftAt(d, 0.02).slope).toBeCloseTo(0.3, 12);
    expect(driftAt(d, 0.02).variance).toBeCloseTo(1.5e-6, 18);
    expect(driftAt(d, 0.005).mean).toBeCloseTo(0.0035, 15); // slope 0.5 on the first segment
    expect(driftAt(d, 0.05).mean).toBeCloseTo(0.018, 15); // 0.012 + 0.02 · 0.3
    expect(driftAt(d, 0.05).variance).toBe(0); // 1e-6 − 0.02/0.02 · 1e-6: clipped at 0, never negative
  });
});

describe('historyLikelihood: the linearised back-cast with the pilot\'s own drift', () => {
  const span = preBaseSpan(LUOYANG, 'luoyang', 2013)!;
  // An affine drift as the share form gives it: D(c) = 0.0013 + 0.501 c, variance 0.19² points² a year (Luoyang's pilot, about).
  const a = 0.0013;
  const b = 0.501;
  const v = 0.0019 ** 2;
  const drift: PaceDrift = { paces: [0, 1], mean: [a, a + b], variance: [v, v] };

  it('is the normal density of the gain in closed form: N(G; a + b c, F + v + (b c (1 − c))² s² V(3))', () => {
    const s = 0.18;
    const phi = 0.5;
    const V3 = (3 + 2 * (2 * phi + phi ** 2)) / 9; // mean of 3 AR(1) values: (3 + 4φ + 2φ²) / 9
    const lik = historyLikelihood(span, drift, { stationarySd: s, phi }, REF)!;
    const logDensity = (theta: number) => {
      const c = logistic(theta);
      const variance = span.figureVariance + v + (b * c * (1 - c)) ** 2 * s ** 2 * V3;
      return -0.5 * Math.log(variance) - (0.5 * (span.gain - a - b * c) ** 2) / variance;
    };
    // Two grid points near the peak and one in the tail: their weights' ratios are the densities' ratios.
    const at = (theta: number) => Math.round((theta - lik.lo) / lik.step);
    const [i, j, k] = [at(Math.log(0.03 / 0.97)), at(Math.log(0.02 / 0.98)), at(Math.log(0.05 / 0.95))];
    const x = (g: number) => lik.lo + g * lik.step;
    expect(Math.log(lik.weights[j] / lik.weights[i])).toBeCloseTo(logDensity(x(j)) - logDensity(x(i)), 9);
    expect(Math.log(lik.weights[k] / lik.weights[i])).toBeCloseTo(logDensity(x(k)) - logDensity(x(i)), 9);
  });

  it('without yearly variation it peaks where the drift meets the gain: c* = (G − a) / b', () => {
    const lik = historyLikelihood(span, drift, { stationarySd: 0, phi: 0.5 }, REF)!;
    const top = lik.weights.indexOf(Math.max(...lik.weights));
    const cStar = (span.gain - a) / b; // 3.11 %
    expect(Math.abs(lik.lo + top * lik.step - Math.log(cStar / (1 - cStar)))).toBeLessThanOrEqual(lik.step / 2);
  });

  it('the posterior under a normal prior matches a brute-force integral (step 1e-4 on the logit scale)', () => {
    const prior = { center: Math.log(0.027 / 0.973), sd: 0.2 };
    const s = 0.18;
    const V3 = (3 + 4 * 0.5 + 2 * 0.25) / 9;
    const post = posteriorOn(historyLikelihood(span, drift, { stationarySd: s, phi: 0.5 }, REF)!, prior);
    let total = 0;
    let m1 = 0;
    let m2 = 0;
    for (let theta = prior.center - 2; theta <= prior.center + 2; theta += 1e-4) {
      const c = logistic(theta);
      const variance = span.figureVariance + v + (b * c * (1 - c)) ** 2 * s ** 2 * V3;
      const w = Math.exp(-0.5 * ((theta - prior.center) / prior.sd) ** 2 - 0.5 * Math.log(variance) - (0.5 * (span.gain - a - b * c) ** 2) / variance);
      total += w;
      m1 += w * theta;
      m2 += w * theta * theta;
    }
    const mean = m1 / total;
    // The grid's step is 0.045: its mean and sd agree to a small share of a step.
    expect(post.mean).toBeCloseTo(mean, 3);
    expect(post.sd).toBeCloseTo(Math.sqrt(m2 / total - mean ** 2), 3);
    // And it lies between the prior's centre and the history's c* = 3.11 %.
    expect(post.mean).toBeGreaterThan(prior.center);
    expect(post.mean).toBeLessThan(Math.log(0.0311 / 0.9689));
  });

  it('refuses bad input with a clear InputError (the CLI exits with 2), naming the area and every problem', () => {
    const bad = () => historyLikelihood(span, { paces: [0, 0.02, 0.01], mean: [0, NaN, 0.01], variance: [0, -1, 0] }, { stationarySd: -0.1, phi: 1 }, REF);
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/history of luoyang \(resident rate 2010 → 2013\)/);
    for (const what of [/paces must increase strictly within 0–1, found 0, 0.02, 0.01/, /mean gains must be finite/, /variances must be finite and not negative/, /year-to-year sd must be finite and not negative, found -0.1/, /φ must lie strictly between −1 and 1, found 1/])
      expect(bad).toThrow(what);
    expect(() => historyLikelihood(span, { paces: [0], mean: [0], variance: [0] }, { stationarySd: 0, phi: 0 }, REF)).toThrow(/at least two paces/);
    expect(() => historyLikelihood({ ...span, years: 0 }, drift, { stationarySd: 0, phi: 0 }, REF)).toThrow(/at least one whole year, found 0/);
    const ok = { stationarySd: 0, phi: 0 };
    // Every problem apart, and several joined by '; '.
    expect(() => historyLikelihood({ ...span, gain: NaN }, drift, ok, REF)).toThrow(/the gain per year must be a finite number, found NaN/);
    for (const figureVariance of [0, Infinity]) expect(() => historyLikelihood({ ...span, figureVariance }, drift, ok, REF)).toThrow(/error variance must be positive and finite/);
    expect(() => historyLikelihood(span, { paces: [0, 0.1], mean: [0], variance: [0, 0] }, ok, REF)).toThrow(/found 2 paces, 1 means, 2 variances/);
    expect(() => historyLikelihood(span, { paces: [0, 0.1], mean: [0, 0], variance: [0] }, ok, REF)).toThrow(/found 2 paces, 2 means, 1 variances/);
    for (const paces of [[-0.01, 0.1], [0, 1.01], [0.05, 0.05]])
      expect(() => historyLikelihood(span, { paces, mean: [0, 0], variance: [0, 0] }, ok, REF)).toThrow(/paces must increase strictly within 0–1/);
    expect(() => historyLikelihood(span, { paces: [0, 1], mean: [0, Infinity], variance: [0, 0] }, ok, REF)).toThrow(/mean gains must be finite, found 0, Infinity/);
    expect(() => historyLikelihood(span, { paces: [0, 1], mean: [0, 0.1], variance: [0, Infinity] }, ok, REF)).toThrow(/variances must be finite and not negative, found 0, Infinity/);
    expect(() => historyLikelihood({ ...span, gain: NaN }, drift, { stationarySd: 0, phi: 2 }, REF)).toThrow(/found NaN; the pace's autocorrelation/);
    // A drift of paces 0 and 1 with no variance at either is valid input.
    expect(() => historyLikelihood(span, { paces: [0, 1], mean: [0, 0.1], variance: [0, 0] }, ok, REF)).not.toThrow();
  });
});
