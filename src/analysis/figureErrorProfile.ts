import { CALIBER_ERRORS } from '../data/calibers.ts';
import type { PacePair } from './processVariation.ts';

/** A maximum-likelihood value and its profile-likelihood 80 % interval. */
export interface ProfiledValue {
  readonly mle: number;
  readonly lower80: number;
  readonly upper80: number;
}

/** The figures' error and the pace's variation fitted together ({@link figureErrorProfile}). */
export interface FigureErrorProfile {
  /** The sample estimate's error of a rate, as a fraction (0.004 = 0.4 points); census figures at the same ratio to it as in CALIBER_ERRORS. */
  readonly sampleRate: ProfiledValue;
  /** The stationary sd s of the yearly log-pace deviation. */
  readonly stationarySd: ProfiledValue;
  /** The common mean of the log ratios, when fitted (`withMean`). */
  readonly mean?: number;
  /** Maximum log likelihood. */
  readonly logLik: number;
}

/** Log-likelihood drop of a profile 80 % interval: half the 0.8 quantile of χ² with one degree of freedom. */
const DROP_80 = 1.642 / 2;

/**
 * The sample rate's error e and the pace's stationary sd s fitted jointly from the three-date curvatures of
 * {@link processVariation}: each pair's log ratio d_i of its two periods' yearly gains is taken normal, mean 0 (or a
 * common mean μ with `withMean`), variance s²·F_i + e²·c_i, F_i the AR(1)'s factor for its periods and c_i its
 * figures' variance per unit e² (the pair's `figureVariance` at the caliber table's errors, divided by the sample
 * rate's squared: census figures keep their ratio to the sample's). Profile likelihoods on a grid (s 0–0.6 by
 * 0.002, e 0.01–1.2 points by 0.01), 80 % intervals where the profile lies within 0.821 of the maximum.
 *
 * What is identified: one curvature cannot tell a figure's error from a change of pace (both add to d_i); the areas
 * tell them apart only because a figure's error moves the log ratio of a slow area's gains more (c_i ∝ 1/gain²)
 * while the pace's variation moves every area's alike (F_i depends only on the periods' lengths). With five areas
 * that is weak, and φ only rescales s (F_i varies little across areas).
 *
 * @example
 * figureErrorProfile(processVariation(points, 0.5).pairs).sampleRate; // { mle: 0.0036, lower80: 0.0020, upper80: 0.0058 }
 */
export function figureErrorProfile(pairs: readonly PacePair[], o: { readonly withMean?: boolean } = {}): FigureErrorProfile {
  if (pairs.length === 0) throw new RangeError('no three-date curvature to fit');
  const unit = CALIBER_ERRORS.sample.rate ** 2;
  const ss = Array.from({ length: 301 }, (_, i) => i * 0.002);
  const es = Array.from({ length: 120 }, (_, i) => (i + 1) * 0.0001);
  const fit = (s: number, e: number): { l: number; mu: number } => {
    const v = pairs.map((p) => s * s * p.factor + e * e * (p.figureVariance / unit));
    if (!v.every((x) => x > 0)) return { l: -Infinity, mu: NaN }; // a curvature given no variance at all
    let mu = 0;
    if (o.withMean) {
      const w = v.map((x) => 1 / x);
      mu = pairs.reduce((a, p, i) => a + w[i] * p.logRatio, 0) / w.reduce((a, x) => a + x, 0);
    }
    const l = pairs.reduce((a, p, i) => a - 0.5 * Math.log(2 * Math.PI * v[i]) - (0.5 * (p.logRatio - mu) ** 2) / v[i], 0);
    return { l, mu };
  };
  const table = ss.map((s) => es.map((e) => fit(s, e)));
  let best = { l: -Infinity, i: 0, j: 0 };
  table.forEach((row, i) => row.forEach((c, j) => (c.l > best.l ? (best = { l: c.l, i, j }) : undefined)));
  const byS = table.map((row) => Math.max(...row.map((c) => c.l)));
  const byE = es.map((_, j) => Math.max(...table.map((row) => row[j].l)));
  const interval = (grid: number[], profile: number[], mle: number): ProfiledValue => {
    const inside = grid.filter((_, k) => profile[k] >= best.l - DROP_80);
    return { mle, lower80: Math.min(...inside), upper80: Math.max(...inside) };
  };
  return {
    sampleRate: interval(es, byE, es[best.j]),
    stationarySd: interval(ss, byS, ss[best.i]),
    ...(o.withMean && { mean: table[best.i][best.j].mu }),
    logLik: best.l,
  };
}
