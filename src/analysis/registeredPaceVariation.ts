import { REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import { CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { normalQuantile } from '../montecarlo/normalQuantile.ts';
import type { Uniform } from '../montecarlo/rng.ts';
import { HUKOU_REFORM_YEAR } from '../scenario/uncertaintyDefaults.ts';

/** An area's registered rate at three or more dates of one count, the whole series (each figure once). */
export interface RegisteredSeries {
  readonly area: string;
  /** The dates, ascending: at least three. */
  readonly years: readonly number[];
  /** The rates, as fractions. */
  readonly values: readonly number[];
  /** Each figure's error by caliber (sd, as a fraction). */
  readonly errors: readonly number[];
  /** file:line of the figures. */
  readonly lines: readonly string[];
}

export interface RegisteredVariation {
  readonly phi: number;
  /**
   * Stationary sd s of the yearly logit deviation of the registered pace: the
   * smallest s whose likelihood is within the 80 % bound of the largest
   * (log-likelihood within χ²₁(0.8) / 2 = 0.821 of its maximum). Undefined
   * without a series.
   */
  readonly stationarySd?: number;
  /** Innovation sd σ = s·√(1 − φ²). */
  readonly sigma?: number;
  /** Where the likelihood is largest on the grid (it may be its edge: the data bound s from below only). */
  readonly argmax?: number;
  /** Log-likelihood on the grid of s, relative to its maximum. */
  readonly profile: readonly { readonly s: number; readonly logLik: number }[];
  readonly series: readonly RegisteredSeries[];
}

/** Definitions that count hukou by type, or by registered address after a unification before the series. */
const HUKOU_COUNTS = new Set(['registered_unified', 'registered_unstated', 'registered_nonagricultural', 'registered_urban_hukou']);

/** The χ²₁ 80 % quantile, halved: a log-likelihood this far below the maximum bounds the 80 % likelihood interval. */
const HALF_CHI2_80 = 1.6424 / 2;
/** Grid of the stationary sd s searched. */
const S_GRID = Array.from({ length: 101 }, (_, i) => i * 0.05);
/** Quantile nodes of the median pace's nuisance prior: the fit's reference prior of the hukou conversion. */
export const PACE_NODES = 41;

/**
 * The registered-rate series with three or more dates whose count cannot have
 * changed between them: one definition segment of a hukou count, and either
 * counted by registered address since a unification before the series
 * (`registered_unified`: all its dates) or its figures in or before the year
 * of the national reform (2014), when no city had yet changed its count by it
 * (the dates up to then). Each series enters once, as a whole: its n − 1 gains
 * are one path of the pace ({@link seriesLikelihood}), so no gain is counted
 * twice, as overlapping windows of three dates would.
 *
 * @example
 * registeredSeries(readObserved('data/observed/observed.csv')); // Shijiazhuang 2013/2014/2015 (001:327: unified 2003)
 */
export function registeredSeries(points: readonly ObservedPoint[], o: { readonly excludeArea?: string } = {}): RegisteredSeries[] {
  const by = new Map<string, ObservedPoint[]>();
  for (const p of points) {
    if (p.metric !== 'registered_rate' || !HUKOU_COUNTS.has(p.definition) || p.area === o.excludeArea) continue;
    const key = `${p.area}\u0000${p.segment}\u0000${p.definition}`;
    by.set(key, [...(by.get(key) ?? []), p]);
  }
  const out: RegisteredSeries[] = [];
  for (const list of by.values()) {
    const s = [...list].sort((a, b) => a.year - b.year).filter((p) => p.definition === 'registered_unified' || p.year <= HUKOU_REFORM_YEAR);
    if (s.length < 3) continue;
    out.push({
      area: s[0].area,
      years: s.map((p) => p.year),
      values: s.map((p) => p.value),
      errors: s.map((p) => CALIBER_ERRORS[caliberOf(p.definition, p.year)].rate),
      lines: s.map((p) => `${p.file.split('/').at(-1)}:${p.line}`),
    });
  }
  return out;
}

/**
 * Year-to-year variation of the registered pace (the hukou conversion in
 * place), from the registered-rate series with three or more dates of one
 * count ({@link registeredSeries}), each entering the likelihood once. Model of a series: the rural-hukou share
 * converts at a yearly pace c_t = logistic(logit c + e_t), e_t a stationary
 * AR(1) of sd s and autocorrelation φ (as the model's process variation,
 * src/model/README.md "Sources of uncertainty" 1), so the rate moves
 * r_{t+1} = r_t + c_t (1 − r_t); the observed gains differ from the
 * simulated ones by the figures' errors by caliber (a multivariate normal:
 * each inner figure enters the gains on either side of it). The median pace c is a nuisance
 * integrated over the fit's reference prior of the conversion (logit-normal
 * around 2 %, sd 1.5, by Gauss–Hermite-like quantile nodes), the paths by
 * Monte Carlo with the same `draws` paths for every s (common random numbers:
 * a smooth profile). The log ratio of the two periods' gains, which
 * {@link processVariation} uses for the resident pace, fails here: a gain
 * near 0 (Shijiazhuang's 0.09 points in 2014) is within its figures' errors.
 *
 * A series whose gains differ by a factor of 30 bounds s from below only: the
 * likelihood keeps rising or flattens towards large s. The estimate is the
 * lower end of the 80 % likelihood interval — the least variation the series
 * allow —, not the maximum.
 *
 * @example
 * registeredPaceVariation(readObserved('data/observed/observed.csv'), 0.5, stream(2014, 0, 'registered-pace')).stationarySd; // ≈ 0.74 (Shijiazhuang's series)
 */
export function registeredPaceVariation(points: readonly ObservedPoint[], phi: number, random: Uniform, o: { readonly excludeArea?: string; readonly draws?: number } = {}): RegisteredVariation {
  const series = registeredSeries(points, o);
  if (!series.length) return { phi, profile: [], series };
  const draws = o.draws ?? 2000;
  const logLik = new Float64Array(S_GRID.length);
  for (const x of series) {
    const T = x.years[x.years.length - 1] - x.years[0];
    const z = Float64Array.from({ length: draws * T }, () => normalQuantile(random()));
    const lik = seriesLikelihood(x, phi, z, draws);
    S_GRID.forEach((s, i) => (logLik[i] += Math.log(lik(s))));
  }
  let best = 0;
  for (let i = 1; i < S_GRID.length; i++) if (logLik[i] > logLik[best]) best = i;
  const max = logLik[best];
  const profile = S_GRID.map((s, i) => ({ s, logLik: logLik[i] - max }));
  // The first grid point inside the bound, interpolated linearly from the one before.
  const i = profile.findIndex((p) => p.logLik >= -HALF_CHI2_80);
  const stationarySd = i <= 0 ? profile[0].s : profile[i - 1].s + ((-HALF_CHI2_80 - profile[i - 1].logLik) / (profile[i].logLik - profile[i - 1].logLik)) * (profile[i].s - profile[i - 1].s);
  return { phi, stationarySd, sigma: stationarySd * Math.sqrt(1 - phi * phi), argmax: S_GRID[best], profile, series };
}

/**
 * The likelihood of one series' gains as a function of s, on fixed standard
 * normal draws z (draws × the series' years), the median pace integrated over
 * {@link PACE_NODES} quantile nodes of its prior. The n − 1 observed gains
 * differ from a path's by the figures' errors: gain i's error is e_{i+1} − e_i,
 * so the gains' errors are multivariate normal with variances e_i² + e_{i+1}²
 * and covariance −e_{i+1}² between neighbours (each inner figure enters the
 * gains on either side of it), 0 otherwise. The density is computed by the
 * LDLᵀ factorization of that tridiagonal covariance (two gains: the bivariate
 * normal's closed form, to rounding).
 *
 * @example
 * seriesLikelihood(series, 0.5, z, 2000)(1); // the likelihood at s = 1
 */
export function seriesLikelihood(x: RegisteredSeries, phi: number, z: Float64Array, draws: number): (s: number) => number {
  const m = x.years.length - 1;
  const T = x.years[m] - x.years[0];
  // After how many simulated years each observed date falls, and the observed gains.
  const at = x.years.map((y) => y - x.years[0]);
  const d = Float64Array.from({ length: m }, (_, i) => x.values[i + 1] - x.values[i]);
  const density = gainDensity(x.errors);
  const prior = REFERENCE_PRIORS.hukou_conversion_rate;
  const nodes = Array.from({ length: PACE_NODES }, (_, k) => prior.center + prior.sd * normalQuantile((k + 0.5) / PACE_NODES));
  const e = new Float64Array(T);
  const u = new Float64Array(m);
  return (s: number) => {
    const innovation = s * Math.sqrt(1 - phi * phi);
    let total = 0;
    for (let n = 0; n < draws; n++) {
      e[0] = s * z[n * T];
      for (let t = 1; t < T; t++) e[t] = phi * e[t - 1] + innovation * z[n * T + t];
      for (const center of nodes) {
        let r = x.values[0];
        let last = r;
        let i = 0;
        for (let t = 0; t < T; t++) {
          r += (1 - r) / (1 + Math.exp(-(center + e[t])));
          if (t === at[i + 1] - 1) {
            u[i] = d[i] - (r - last);
            last = r;
            i++;
          }
        }
        total += density(u);
      }
    }
    return total / (draws * PACE_NODES) + Number.MIN_VALUE;
  };
}

/**
 * The density of the gains' errors u (one per gain) given the figures' errors
 * by caliber (sd, one per figure): multivariate normal, covariance tridiagonal
 * (see {@link seriesLikelihood}).
 *
 * @example
 * gainDensity([0.004, 0.004])(Float64Array.of(0)); // 1 / √(2π · 0.004² · 2)
 */
export function gainDensity(errors: readonly number[]): (u: Float64Array) => number {
  const m = errors.length - 1;
  const v = errors.map((x) => x * x);
  // LDLᵀ of the tridiagonal covariance: diagonal v_i + v_{i+1}, off-diagonal −v_{i+1}.
  const D = new Float64Array(m);
  const L = new Float64Array(m);
  let det = 1;
  for (let i = 0; i < m; i++) {
    L[i] = i === 0 ? 0 : -v[i] / D[i - 1];
    D[i] = v[i] + v[i + 1] + L[i] * v[i];
    det *= D[i];
  }
  const norm = 1 / Math.sqrt((2 * Math.PI) ** m * det);
  return (u) => {
    let q = 0;
    let w = 0;
    for (let i = 0; i < m; i++) {
      w = u[i] - L[i] * w;
      q += (w * w) / D[i];
    }
    return norm * Math.exp(-0.5 * q);
  };
}
