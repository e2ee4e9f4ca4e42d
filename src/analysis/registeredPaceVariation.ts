import { REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import { CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { breakDraw } from '../montecarlo/breakDraw.ts';
import { normalQuantile } from '../montecarlo/normalQuantile.ts';
import type { Uniform } from '../montecarlo/rng.ts';
import type { RegisteredBreakSpec } from '../scenario/resolved.ts';
import { HUKOU_REFORM_YEAR } from '../scenario/uncertaintyDefaults.ts';
import { sdPosterior } from './sdPosterior.ts';

/** An area's registered rate at two or more dates of one count, the whole series (each figure once). */
export interface RegisteredSeries {
  readonly area: string;
  /** The dates, ascending: at least two. */
  readonly years: readonly number[];
  /** The rates, as fractions. */
  readonly values: readonly number[];
  /** Each figure's error by caliber (sd, as a fraction). */
  readonly errors: readonly number[];
  /** file:line of the figures. */
  readonly lines: readonly string[];
  /** The change of count the series may cross, drawn in its likelihood; absent: one count throughout. */
  readonly countBreak?: CountBreak;
}

/**
 * A change of the registered rate's count a series of one document may cross
 * (the 2014 reform), drawn as the area's pilot draws it (src/model/README.md,
 * "Sources of uncertainty" 3): in a year of `years` (equal odds; a year after
 * the series' last date leaves it untouched), after that year's conversion, a
 * share b of the rural-hukou town dwellers and v of the villagers are counted
 * urban, so the rural-hukou share falls by the factor
 * 1 − (b·townShare + v·(1 − townShare)).
 */
export interface CountBreak extends RegisteredBreakSpec {
  /** The rural-hukou town dwellers' share of the rural hukou, Ru / (Ru + Rr), at the area's pilot baseline. */
  readonly townShare: number;
}

export interface RegisteredVariation {
  readonly phi: number;
  /**
   * Stationary sd s of the yearly logit deviation of the registered pace: the
   * profile's maximum where the 80 % likelihood interval (log-likelihood
   * within χ²₁(0.8) / 2 = 0.821 of the maximum) is closed within the grid,
   * else its lower end, the smallest s the figures allow ({@link rule}).
   * Undefined without a series, or where that lower end is 0: no series
   * bounds s from below.
   */
  readonly stationarySd?: number;
  /** Which value {@link stationarySd} is: the profile's maximum (the figures bound s from above too) or the interval's lower end. */
  readonly rule?: 'maximum' | 'lower end';
  /** The 80 % likelihood interval of s; `upper` absent where it is open above within the grid. */
  readonly interval?: { readonly lower: number; readonly upper?: number };
  /** Innovation sd σ = s·√(1 − φ²). */
  readonly sigma?: number;
  /** Where the likelihood is largest on the grid (it may be its edge: the data bound s from below only). */
  readonly argmax?: number;
  /**
   * Wherever a series enters: s's posterior under a half-normal prior of the reference prior's sd (as τ's), as 8
   * equal-odds values ({@link sdPosterior}); a run draws one, so what the figures leave unknown of s is carried. Also
   * where no series bounds s from below (no `stationarySd`): the prior does, and pairs still bound it from above.
   */
  readonly posterior?: readonly number[];
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
/** The median logit pace's grid, for each area and for the pooled mean μ: a conversion of 0.005 % to 73 % a year. */
export const CENTERS = Array.from({ length: 111 }, (_, i) => -10 + i * 0.1);
/** τ's grid, 0–7.5 (5 prior sds, as poolLikelihoods), weighted by its half-normal prior of scale the reference prior's sd. */
export const TAUS = Array.from({ length: 60 }, (_, j) => {
  const tau = (7.5 * (j + 0.5)) / 60;
  return { tau, weight: Math.exp(-0.5 * (tau / REFERENCE_PRIORS.hukou_conversion_rate.sd) ** 2) };
});

/**
 * The registered-rate series with two or more dates of one definition segment
 * of a hukou count: counted by registered address since a unification before
 * the series (`registered_unified`: all its dates), or figures of one source
 * document (two documents' figures of a count they do not state need not
 * count alike) — all its dates where `o.countBreak` gives a change of count
 * the area's pilot draws between them, which the series then carries, else
 * those in or before the year of the national reform (2014), when no city had
 * yet changed its count by it. Each series enters once, as a whole:
 * its n − 1 gains are one path of the pace ({@link seriesLikelihood}), so no
 * gain is counted twice, as overlapping windows of three dates would.
 *
 * @example
 * registeredSeries(readObserved('data/observed/observed.csv')); // Shijiazhuang 2013/2014/2015 (001:327: unified 2003), Weihai 2013/2015 (001:145: 2004)
 * registeredSeries(readObserved('data/observed/observed.csv'), { countBreak: pilotCountBreak }); // and Dalian, Liuzhou 2010/2015 (001:427, 001:559), each with its change of count
 */
export function registeredSeries(points: readonly ObservedPoint[], o: SeriesOptions = {}): RegisteredSeries[] {
  const by = new Map<string, ObservedPoint[]>();
  for (const p of points) {
    if (p.metric !== 'registered_rate' || !HUKOU_COUNTS.has(p.definition) || p.area === o.excludeArea) continue;
    // Two documents' figures of a count not stated need not count alike (Luzhou's two seeds disagree, data/observed/README.md "Breaks").
    const document = p.definition === 'registered_unified' ? '' : p.source.split(':')[0];
    const key = `${p.area}\u0000${p.segment}\u0000${p.definition}\u0000${document}`;
    by.set(key, [...(by.get(key) ?? []), p]);
  }
  const out: RegisteredSeries[] = [];
  for (const list of by.values()) {
    const all = [...list].sort((a, b) => a.year - b.year);
    const first = all[0].year;
    const last = all[all.length - 1].year;
    const drawn = all[0].definition === 'registered_unified' ? undefined : o.countBreak?.(all[0].area, first, last);
    const countBreak = drawn?.years.some((y) => y > first && y <= last) ? drawn : undefined;
    const s = countBreak ? all : all.filter((p) => p.definition === 'registered_unified' || p.year <= HUKOU_REFORM_YEAR);
    if (s.length < 2) continue;
    out.push({
      area: s[0].area,
      years: s.map((p) => p.year),
      values: s.map((p) => p.value),
      errors: s.map((p) => CALIBER_ERRORS[caliberOf(p.definition, p.year)].rate),
      lines: s.map((p) => `${p.file.split('/').at(-1)}:${p.line}`),
      ...(countBreak && { countBreak }),
    });
  }
  // The series that may hold a change of count last: each draws its paths after the others', which keep theirs.
  return [...out.filter((x) => !x.countBreak), ...out.filter((x) => x.countBreak)];
}

export interface SeriesOptions {
  /** A cross-validation fold's area, left out. */
  readonly excludeArea?: string;
  /**
   * The change of count an area's figures of one document from `first` to
   * `last` may cross (its pilot's, {@link CountBreak}); absent, undefined for
   * the area or none between the dates: its figures after 2014 are left out,
   * as of another count.
   */
  readonly countBreak?: (area: string, first: number, last: number) => CountBreak | undefined;
}

/**
 * Year-to-year variation of the registered pace (the hukou conversion in
 * place), fitted jointly from every area's registered-rate figures of one
 * count at two or more dates ({@link registeredSeries}), each series entering
 * the likelihood once. Model of a series: the rural-hukou share converts at a
 * yearly pace c_t = logistic(c + e_t), c the area's median logit pace, e_t a
 * stationary AR(1) of sd s and autocorrelation φ (as the model's process
 * variation, src/model/README.md "Sources of uncertainty" 1), so the rate
 * moves r_{t+1} = r_t + c_t (1 − r_t); the observed gains differ from the
 * simulated ones by the figures' errors by caliber (a multivariate normal:
 * each inner figure enters the gains on either side of it). The areas' median
 * paces are pooled as the fits pool a pace ({@link poolLikelihoods}): c_a ~
 * N(μ, τ²), μ flat, τ half-normal of scale the reference prior's sd (1.5), so
 * L(s) = ∫∫ Π_a ∫ L_a(c, s) N(c; μ, τ²) dc dμ p(τ) dτ ({@link pooledSeriesLikelihood}).
 * The paths are drawn by Monte Carlo, the same `draws` paths for every s and
 * c (common random numbers: a smooth profile).
 *
 * What identifies s: only a series of three or more dates sees the pace vary
 * within one area (Shijiazhuang's 0.09 then 3.09 points); a pair's one gain is
 * told from the others' only through τ, so pairs bound s from above (their
 * gains would spread more under a large s) but never from below. The
 * estimate is the profile's maximum where the 80 % likelihood interval closes
 * within the grid (the figures bound s on both sides), else its lower end —
 * the least variation the figures allow, not the maximum of a profile open
 * above, which the grid's end would set; where that lower end is 0 (no series
 * bounds s from below) no point is fitted. The runs draw s from its posterior
 * (`posterior`) either way: pairs alone still bound it from above, and the
 * prior bounds it from below; only without any series does the conversion
 * vary as the urbanization pace.
 *
 * @example
 * registeredPaceVariation(readObserved('data/observed/observed.csv'), 0.5, stream(2014, 0, 'registered-pace'), { countBreak: pilotCountBreak }).stationarySd; // ≈ 0.89, the maximum (interval 0.29–2.47)
 */
export function registeredPaceVariation(points: readonly ObservedPoint[], phi: number, random: Uniform, o: SeriesOptions & { readonly draws?: number } = {}): RegisteredVariation {
  const series = registeredSeries(points, o);
  if (!series.length) return { phi, profile: [], series };
  const draws = o.draws ?? 2000;
  const perArea = series.map((x) => {
    const T = x.years[x.years.length - 1] - x.years[0];
    const z = Float64Array.from({ length: draws * T }, () => normalQuantile(random()));
    // A change of count's year, b and v: three uniforms a path.
    const u = x.countBreak ? Float64Array.from({ length: 3 * draws }, () => random()) : undefined;
    const lik = seriesLikelihood(x, phi, z, draws, CENTERS, u);
    const table = S_GRID.map((s) => lik(s));
    // Each area's likelihood scaled by its largest value: the profile is relative, and the product of the areas' then cannot underflow where it matters.
    let top = 0;
    for (const row of table) for (const v of row) top = Math.max(top, v);
    return table.map((row) => row.map((v) => v / top));
  });
  const pooled = pooledSeriesLikelihood(CENTERS, TAUS);
  const logLik = S_GRID.map((_, i) => Math.log(pooled(perArea.map((t) => t[i]))));
  let best = 0;
  for (let i = 1; i < S_GRID.length; i++) if (logLik[i] > logLik[best]) best = i;
  const max = logLik[best];
  const profile = S_GRID.map((s, i) => ({ s, logLik: logLik[i] - max }));
  const i = profile.findIndex((p) => p.logLik >= -HALF_CHI2_80);
  const posterior = sdPosterior(profile, REFERENCE_PRIORS.hukou_conversion_rate.sd);
  // No lower end: no point estimate, but the posterior stands — the prior bounds s from below where the figures do not.
  if (i === 0) return { phi, argmax: S_GRID[best], posterior, profile, series };
  const lower = crossing(profile[i - 1], profile[i]);
  const j = profile.findIndex((p, k) => k > best && p.logLik < -HALF_CHI2_80);
  const upper = j > 0 ? crossing(profile[j], profile[j - 1]) : undefined;
  const stationarySd = upper === undefined ? lower : peak(profile, best);
  return {
    phi,
    stationarySd,
    sigma: stationarySd * Math.sqrt(1 - phi * phi),
    rule: upper === undefined ? 'lower end' : 'maximum',
    interval: { lower, ...(upper !== undefined && { upper }) },
    argmax: S_GRID[best],
    posterior,
    profile,
    series,
  };
}

type ProfilePoint = { readonly s: number; readonly logLik: number };

/** Where the profile crosses the 80 % bound between a grid point outside it and its neighbour inside, linearly (the outside one may be −∞ far below: then the inside one). */
function crossing(outside: ProfilePoint, inside: ProfilePoint): number {
  if (!Number.isFinite(outside.logLik)) return inside.s;
  return outside.s + ((-HALF_CHI2_80 - outside.logLik) / (inside.logLik - outside.logLik)) * (inside.s - outside.s);
}

/** The profile's maximum between grid points: the vertex of the parabola through the largest point and its two neighbours (the grid point itself at the grid's edge). */
function peak(profile: readonly ProfilePoint[], best: number): number {
  if (best === 0 || best === profile.length - 1) return profile[best].s;
  const [a, b, c] = [profile[best - 1].logLik, profile[best].logLik, profile[best + 1].logLik];
  const h = profile[best].s - profile[best - 1].s;
  const curvature = a - 2 * b + c;
  return curvature < 0 ? profile[best].s + (h * (a - c)) / (2 * curvature) : profile[best].s;
}

/**
 * The areas' median paces pooled out of their likelihoods: with L_a(c) each
 * area's likelihood on the grid `centers` (equally spaced) at one s,
 * Σ_τ p(τ) Σ_μ Π_a Σ_c L_a(c) N(c; μ, τ²) — μ flat on the same grid, the
 * normal normalized over the grid (a τ below the grid's step keeps its mass
 * on the nearest nodes), τ on `taus` with its prior weights. Constant factors
 * (the steps of c and μ) are left out: only ratios between values of s count.
 * The normals do not depend on s: they are computed once, and the function
 * returned is called at every s.
 *
 * @example
 * pooledSeriesLikelihood(CENTERS, TAUS)([likA, likB]); // ∝ L(s) at the s likA and likB were computed at
 */
export function pooledSeriesLikelihood(centers: readonly number[], taus: readonly { readonly tau: number; readonly weight: number }[]): (perArea: readonly ArrayLike<number>[]) => number {
  const n = centers.length;
  // kernels[(t·n + m)·n + c]: N(c; μ_m, τ_t²), normalized over c.
  const kernels = new Float64Array(taus.length * n * n);
  taus.forEach(({ tau }, t) => {
    for (let m = 0; m < n; m++) {
      const row = kernels.subarray((t * n + m) * n, (t * n + m + 1) * n);
      let norm = 0;
      for (let c = 0; c < n; c++) norm += row[c] = Math.exp(-0.5 * ((centers[c] - centers[m]) / tau) ** 2);
      for (let c = 0; c < n; c++) row[c] /= norm;
    }
  });
  return (perArea) => {
    let total = 0;
    taus.forEach(({ weight }, t) => {
      for (let m = 0; m < n; m++) {
        const row = (t * n + m) * n;
        let product = 1;
        for (const lik of perArea) {
          let sum = 0;
          for (let c = 0; c < n; c++) sum += lik[c] * kernels[row + c];
          product *= sum;
        }
        total += weight * product;
      }
    });
    return total;
  };
}

/**
 * The likelihood of one series' gains as a function of s, at each median
 * logit pace of `centers`, on fixed standard normal draws z (draws × the
 * series' years), averaged over the paths. The n − 1 observed gains differ
 * from a path's by the figures' errors: gain i's error is e_{i+1} − e_i, so
 * the gains' errors are multivariate normal with variances e_i² + e_{i+1}²
 * and covariance −e_{i+1}² between neighbours (each inner figure enters the
 * gains on either side of it), 0 otherwise. The density is computed by the
 * LDLᵀ factorization of that tridiagonal covariance (two gains: the bivariate
 * normal's closed form, to rounding).
 *
 * @example
 * seriesLikelihood(series, 0.5, z, 2000, CENTERS)(1); // the likelihood at s = 1, one value per centre
 */
export function seriesLikelihood(x: RegisteredSeries, phi: number, z: Float64Array, draws: number, centers: readonly number[], breakDraws?: Float64Array): (s: number) => Float64Array {
  const m = x.years.length - 1;
  const T = x.years[m] - x.years[0];
  // After how many simulated years each observed date falls, and the observed gains.
  const at = x.years.map((y) => y - x.years[0]);
  const d = Float64Array.from({ length: m }, (_, i) => x.values[i + 1] - x.values[i]);
  const density = gainDensity(x.errors);
  // Each path's change of count: the simulated year it falls in (−1: none within the series) and the share of the rural hukou it counts urban.
  const breakAt = new Int32Array(draws).fill(-1);
  const relabelled = new Float64Array(draws);
  const cb = x.countBreak;
  if (cb && breakDraws) {
    const drawn = new Float64Array(3);
    for (let n = 0; n < draws; n++) {
      breakDraw(cb, breakDraws[3 * n], breakDraws[3 * n + 1], breakDraws[3 * n + 2], drawn);
      breakAt[n] = drawn[0] - x.years[0] - 1;
      relabelled[n] = drawn[1] * cb.townShare + drawn[2] * (1 - cb.townShare);
    }
  }
  const e = new Float64Array(T);
  const u = new Float64Array(m);
  return (s: number) => {
    const innovation = s * Math.sqrt(1 - phi * phi);
    const out = new Float64Array(centers.length);
    for (let n = 0; n < draws; n++) {
      e[0] = s * z[n * T];
      for (let t = 1; t < T; t++) e[t] = phi * e[t - 1] + innovation * z[n * T + t];
      for (let k = 0; k < centers.length; k++) {
        let r = x.values[0];
        let last = r;
        let i = 0;
        for (let t = 0; t < T; t++) {
          r += (1 - r) / (1 + Math.exp(-(centers[k] + e[t])));
          if (t === breakAt[n]) r += relabelled[n] * (1 - r);
          if (t === at[i + 1] - 1) {
            u[i] = d[i] - (r - last);
            last = r;
            i++;
          }
        }
        out[k] += density(u);
      }
    }
    for (let k = 0; k < centers.length; k++) out[k] = out[k] / draws + Number.MIN_VALUE;
    return out;
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
