import { CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import type { ObservedPoint } from '../io/readObserved.ts';

/** Two consecutive periods of one area's resident-rate series and how their yearly gains compare. */
export interface PacePair {
  readonly area: string;
  /** The three figures' years: the periods are years[0]–years[1] and years[1]–years[2]. */
  readonly years: readonly [number, number, number];
  /** Yearly gain of the rate over each period, as a fraction (0.0147 = 1.47 points a year). */
  readonly gains: readonly [number, number];
  /** ln(second gain / first gain). */
  readonly logRatio: number;
  /** var(logRatio) / s² under the AR(1): what the two periods' lengths and φ make of the variance. */
  readonly factor: number;
  /** What the three figures' own errors (by caliber) add to var(logRatio). */
  readonly figureVariance: number;
  /** file:line of the three figures. */
  readonly lines: readonly string[];
}

export interface ProcessVariation {
  /** Autocorrelation of the yearly deviations (an assumption: two periods per area cannot tell it from the variance). */
  readonly phi: number;
  /** Stationary sd s of the yearly log-pace deviation. */
  readonly stationarySd: number;
  /** Innovation sd σ = s·√(1 − φ²), the AR(1)'s `sigma`. */
  readonly sigma: number;
  readonly pairs: readonly PacePair[];
}

/**
 * Year-to-year variation of an urbanization pace, from the areas whose
 * resident rate is known at three dates (a base year between two others):
 * if the log of the yearly gain follows a stationary AR(1) with sd s and
 * autocorrelation φ, the log ratio d of the mean gains over two adjacent
 * periods of L1 and L2 years has variance s²·(V(L1) + V(L2) − 2C), with
 * V(L) = Σᵢⱼ φ^|i−j| / L² and C = Σᵢⱼ φ^(L1−i+j) / (L1·L2). The moment
 * estimate is s² = mean(d² / factor). Only the product of s² and the factor
 * is identified, so φ is an assumption the caller states.
 *
 * The figures' own errors by caliber add to d² and are taken out of it
 * (`figureVariance`: 0.06–0.28 in the five areas at 0.4 points per sample
 * figure, against d² of 0.002–0.50); whether a curvature is the figures' error
 * or the pace's variation, five areas barely tell
 * (src/analysis/figureErrorProfile.ts; src/model/README.md "Sources of uncertainty", 2).
 *
 * @example
 * // Liuzhou 55.1 % (2010), 59.5 % (2013), 62.1 % (2015): gains 1.47 and 1.30 points a year, d = −0.12
 * processVariation(readObserved('data/observed/observed.csv'), 0.5).stationarySd; // ≈ 0.17 over three areas
 */
export function processVariation(points: readonly ObservedPoint[], phi: number, o: { readonly excludeArea?: string } = {}): ProcessVariation {
  const series = new Map<string, ObservedPoint[]>();
  for (const p of points) {
    if (p.metric !== 'resident_rate' || p.definition !== 'resident_6month' || p.area === o.excludeArea) continue;
    const key = `${p.area}\u0000${p.segment}`;
    series.set(key, [...(series.get(key) ?? []), p]);
  }
  const pairs: PacePair[] = [];
  for (const list of series.values()) {
    const s = [...list].sort((a, b) => a.year - b.year);
    for (let i = 0; i + 2 < s.length; i++) {
      const [a, b, c] = [s[i], s[i + 1], s[i + 2]];
      const l1 = b.year - a.year;
      const l2 = c.year - b.year;
      const g1 = (b.value - a.value) / l1;
      const g2 = (c.value - b.value) / l2;
      if (!(g1 > 0 && g2 > 0 && l1 > 0 && l2 > 0)) continue; // a log ratio needs two rises
      const [ea, eb, ec] = [a, b, c].map((p) => CALIBER_ERRORS[caliberOf(p.definition, p.year)].rate);
      pairs.push({
        area: a.area,
        years: [a.year, b.year, c.year],
        gains: [g1, g2],
        logRatio: Math.log(g2 / g1),
        factor: meanVariance(l1, phi) + meanVariance(l2, phi) - 2 * meanCovariance(l1, l2, phi),
        figureVariance: (ec / (g2 * l2)) ** 2 + (eb * (1 / (g2 * l2) + 1 / (g1 * l1))) ** 2 + (ea / (g1 * l1)) ** 2,
        lines: [a, b, c].map((p) => `${p.file.split('/').at(-1)}:${p.line}`),
      });
    }
  }
  const factors = pairs.reduce((acc, p) => acc + p.factor, 0);
  // No area with three rates: nothing shows year-to-year variation, and none is carried (the pairs say so).
  const s2 = pairs.length ? Math.max(0, pairs.reduce((acc, p) => acc + p.logRatio ** 2 - p.figureVariance, 0) / factors) : 0;
  const stationarySd = Math.sqrt(s2);
  return { phi, stationarySd, sigma: stationarySd * Math.sqrt(1 - phi * phi), pairs };
}

/**
 * Variance of the mean of L consecutive AR(1) values, in units of the stationary variance.
 *
 * @example
 * meanVariance(3, 0.5); // (3 + 2·(2·0.5 + 0.25)) / 9 = 0.611
 */
export function meanVariance(l: number, phi: number): number {
  let s = 0;
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) s += phi ** Math.abs(i - j);
  return s / (l * l);
}

/** Covariance of the means of the L1 values before and the L2 values after a date, in the same units. */
function meanCovariance(l1: number, l2: number, phi: number): number {
  let s = 0;
  for (let i = 1; i <= l1; i++) for (let j = 1; j <= l2; j++) s += phi ** (l1 - i + j);
  return s / (l1 * l2);
}
