import { AnalysisInputError } from './analysisInputError.ts';
import { type PaceGrid, type PaceLikelihood, onPaceGrid } from './poolLikelihoods.ts';
import type { PreBaseSpan } from './preBaseSpan.ts';
import { meanVariance } from './processVariation.ts';

/**
 * A pilot's own one-year resident-rate gain at fixed values of its urbanization pace (src/analysis/paceDrift.ts):
 * the mean and the variance over its runs, the other laws drawn as the pilot draws them.
 */
export interface PaceDrift {
  /** Paces (yearly rates, fractions), strictly increasing, within [0, 1]. */
  readonly paces: readonly number[];
  /** Mean gain of the resident rate in the first projected year at each pace (fraction a year). */
  readonly mean: readonly number[];
  /** Its variance over the runs: what migration, births and the baseline's error make of one year's gain. */
  readonly variance: readonly number[];
}

/** The pace's year-to-year variation (src/model/README.md, "Sources of uncertainty", 1): stationary sd of its logit deviation and φ. */
export interface PaceVariation {
  readonly stationarySd: number;
  readonly phi: number;
}

/**
 * The drift at pace c, linear in c between the paces run (and beyond the ends, along the end segment): the mean
 * gain, its variance (never below 0) and the slope d(mean)/dc. Under the `share` form one year's gain is affine in c
 * (the step moves a share c of the villagers once), so the interpolation is exact there up to the runs' noise.
 *
 * @example
 * driftAt({ paces: [0, 1], mean: [0.001, 0.5], variance: [1e-6, 1e-6] }, 0.03); // { mean: 0.01597, variance: 1e-6, slope: 0.499 }
 */
export function driftAt(d: PaceDrift, c: number): { mean: number; variance: number; slope: number } {
  let i = 0;
  while (i < d.paces.length - 2 && c > d.paces[i + 1]) i++;
  const f = (c - d.paces[i]) / (d.paces[i + 1] - d.paces[i]);
  const slope = (d.mean[i + 1] - d.mean[i]) / (d.paces[i + 1] - d.paces[i]);
  return { mean: d.mean[i] + f * (d.mean[i + 1] - d.mean[i]), variance: Math.max(0, d.variance[i] + f * (d.variance[i + 1] - d.variance[i])), slope };
}

/**
 * The likelihood of an area's urbanization pace θ (logit of the yearly rate c) given its resident rate before its
 * base year, on the pace's grid: a linearised back-cast with the pilot's own drift. The pilot cannot run before its
 * base year, so the gain it would have made there is taken as the gain it makes in its first year at the same pace,
 * D(c) (its runs at fixed paces: migration and births included), held over the span's years. The span's observed
 * gain per year G is then normal around D(c) with variance
 *
 *   (e_from² + e_base²) / L²   the two figures' errors by caliber
 * + v(c)                       the variance of the pilot's one-year gain over its other laws (held for L years: not
 *                              divided by L, as the persistent laws — net migration, the newborns' share — do not average out)
 * + (D'(c) · c(1 − c))² · s² · V(L)   the pace's own deviation over the span: the mean of L yearly AR(1) deviations of
 *                              stationary sd s has variance s² V(L) (V: {@link meanVariance}), carried to the gain by the
 *                              derivative of D with respect to θ — the error of assuming the pace held.
 *
 * The deviations before the base year are taken independent of those a projection draws after it (their AR(1)
 * correlation, φ^k, is left out: a little more spread than the AR(1) implies). Bad input (a span that does not end
 * after it starts, a drift not increasing in its paces or not finite, a negative variance or sd, |φ| ≥ 1) throws
 * {@link AnalysisInputError}, which the CLI reports with exit code 2.
 *
 * @example
 * // Luoyang: G = (49.4 − 44.33) / 3 = 1.69 points a year; D(c) ≈ 0.13 + 50.1 c points
 * historyLikelihood(span, drift, { stationarySd: 0.18, phi: 0.5 }, { center: logit(0.02), sd: 1.5 }); // peaks near c = 3.1 %
 */
export function historyLikelihood(span: PreBaseSpan, drift: PaceDrift, variation: PaceVariation, grid: PaceGrid): PaceLikelihood | undefined {
  checkInputs(span, drift, variation);
  const deviation = variation.stationarySd ** 2 * meanVariance(span.years, variation.phi);
  return onPaceGrid(grid, (theta) => {
    const c = 1 / (1 + Math.exp(-theta));
    const d = driftAt(drift, c);
    const variance = span.figureVariance + d.variance + (d.slope * c * (1 - c)) ** 2 * deviation;
    return -0.5 * Math.log(variance) - (0.5 * (span.gain - d.mean) ** 2) / variance;
  });
}

function checkInputs(span: PreBaseSpan, drift: PaceDrift, v: PaceVariation): void {
  const where = `the history of ${span.area} (resident rate ${span.from.year} → ${span.base.year})`;
  const problems: string[] = [];
  if (!(Number.isInteger(span.years) && span.years > 0)) problems.push(`the span must cover at least one whole year, found ${span.years}`);
  if (!Number.isFinite(span.gain)) problems.push(`the gain per year must be a finite number, found ${span.gain}`);
  if (!(span.figureVariance > 0 && Number.isFinite(span.figureVariance))) problems.push(`the figures' error variance must be positive and finite, found ${span.figureVariance}`);
  const n = drift.paces.length;
  if (n < 2 || drift.mean.length !== n || drift.variance.length !== n) problems.push(`the drift needs at least two paces and one mean and one variance per pace, found ${n} paces, ${drift.mean.length} means, ${drift.variance.length} variances`);
  else {
    if (drift.paces.some((c, i) => !(c >= 0 && c <= 1) || (i > 0 && !(c > drift.paces[i - 1])))) problems.push(`the drift's paces must increase strictly within 0–1, found ${drift.paces.join(', ')}`);
    if (drift.mean.some((m) => !Number.isFinite(m))) problems.push(`the drift's mean gains must be finite, found ${drift.mean.join(', ')}`);
    if (drift.variance.some((x) => !(x >= 0 && Number.isFinite(x)))) problems.push(`the drift's variances must be finite and not negative, found ${drift.variance.join(', ')}`);
  }
  if (!(v.stationarySd >= 0 && Number.isFinite(v.stationarySd))) problems.push(`the pace's year-to-year sd must be finite and not negative, found ${v.stationarySd}`);
  if (!(Math.abs(v.phi) < 1)) problems.push(`the pace's autocorrelation φ must lie strictly between −1 and 1, found ${v.phi}`);
  if (problems.length) throw new AnalysisInputError(`${where}: ${problems.join('; ')}`);
}
