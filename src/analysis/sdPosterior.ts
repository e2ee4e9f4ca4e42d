/** A point of a profile log-likelihood of a standard deviation s, relative to its maximum. */
export interface SdProfilePoint {
  readonly s: number;
  readonly logLik: number;
}

/**
 * The posterior of a standard deviation s from its profile log-likelihood on
 * an increasing grid and a half-normal prior of scale `priorScale`, as `n`
 * equal-odds values: its quantiles at (k + ½)/n. A run that draws one of them
 * carries what the figures leave unknown of s, which the profile's maximum
 * alone drops: where few figures bound s, its likelihood interval spans a
 * factor of several, and an interval drawn at one s is too narrow by what the
 * others would add. The density is taken linear between grid points (the
 * CDF by the trapezoid rule, inverted linearly within a cell); the grid's
 * ends truncate it.
 *
 * @example
 * // A flat likelihood on 0–5 leaves the half-normal prior: its median is 1.5 · 0.6745
 * sdPosterior(Array.from({ length: 101 }, (_, i) => ({ s: i * 0.05, logLik: 0 })), 1.5, 1); // ≈ [1.01]
 */
export function sdPosterior(profile: readonly SdProfilePoint[], priorScale: number, n = 8): number[] {
  const density = posteriorDensity(profile, priorScale);
  const cdf = [0];
  for (let i = 1; i < profile.length; i++) cdf.push(cdf[i - 1] + ((density[i - 1] + density[i]) / 2) * (profile[i].s - profile[i - 1].s));
  const total = cdf[cdf.length - 1];
  return Array.from({ length: n }, (_, k) => {
    const target = ((k + 0.5) / n) * total;
    let i = 1;
    while (i < cdf.length - 1 && cdf[i] < target) i++;
    const t = (target - cdf[i - 1]) / (cdf[i] - cdf[i - 1]);
    return profile[i - 1].s + t * (profile[i].s - profile[i - 1].s);
  });
}

/**
 * The same posterior as {@link sdPosterior}'s, as a law on the profile's own grid: each grid point's probability, its
 * density's trapezoid weight (half a cell at either end), summing to 1. A law weighed by more figures needs it where
 * equal-odds values fall short: weighing multiplies the posterior by those figures' likelihood, and where that grows
 * into the tail, the 8 values' last one (at 15/16) stands for all of the tail the weights would favour.
 *
 * @example
 * // A flat likelihood on 0, 1, 2 under a wide prior: the ends get half a cell each
 * sdPosteriorMasses([0, 1, 2].map((s) => ({ s, logLik: 0 })), 1e9); // ≈ [0.25, 0.5, 0.25]
 */
export function sdPosteriorMasses(profile: readonly SdProfilePoint[], priorScale: number): number[] {
  const n = profile.length;
  const mass = posteriorDensity(profile, priorScale).map((d, i) => {
    const cells = (i > 0 ? profile[i].s - profile[i - 1].s : 0) + (i < n - 1 ? profile[i + 1].s - profile[i].s : 0);
    return (d * cells) / 2;
  });
  const total = mass.reduce((a, m) => a + m, 0);
  return mass.map((m) => m / total);
}

/** The posterior's density at each grid point, up to a constant: the likelihood times the half-normal prior of scale `priorScale`. */
const posteriorDensity = (profile: readonly SdProfilePoint[], priorScale: number): number[] =>
  profile.map(({ s, logLik }) => Math.exp(logLik - 0.5 * (s / priorScale) ** 2));
