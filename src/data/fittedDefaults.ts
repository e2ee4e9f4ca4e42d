import { readFileSync } from 'node:fs';
import type { CountBreak } from '../analysis/registeredPaceVariation.ts';

/**
 * What `urbsim fit-defaults` writes to data/observed/fitted-defaults.json
 * (src/analysis/fitDefaults.ts makes it): the year-to-year variation of the
 * urbanization pace, the pooled paces the generated pilots draw from, and
 * each area's own estimates. Paces are on their scale: the logit of a rate,
 * or net migration as a share of residents.
 */
export interface FittedDefaultsFile {
  /** The command that wrote it, for the provenance comments of the files that use it. */
  readonly command: string;
  readonly observed: string;
  /** The seed of the fit's runs (`--seed`), which conditioning on an area's figures before its base year uses too. */
  readonly seed: number;
  readonly process: {
    readonly phi: number;
    readonly stationarySd: number;
    readonly sigma: number;
    readonly pairs: readonly { readonly area: string; readonly years: readonly number[]; readonly lines: readonly string[] }[];
  };
  /**
   * Year-to-year variation of the registered pace (the hukou conversion in place), from the areas' registered rates of
   * one count at two or more dates, and those of one document across the 2014 reform with its change of count drawn,
   * pooled (src/analysis/registeredPaceVariation.ts); absent in files written before it or
   * where no series bounds it from below (the conversion then varies as the urbanization pace: a fit of every area
   * always has Shijiazhuang's three dates; a cross-validation fold without them draws s from its posterior instead,
   * which this file does not keep).
   */
  readonly registeredProcess?: {
    readonly phi: number;
    readonly stationarySd: number;
    readonly sigma: number;
    /** Which value of the profile `stationarySd` is (absent in files written before 2026-12-05: the lower end). */
    readonly rule?: 'maximum' | 'lower end';
    /** The 80 % likelihood interval of the stationary sd; `upper` absent where it is open above. */
    readonly interval?: { readonly lower: number; readonly upper?: number };
    readonly argmax: number;
    /**
     * The stationary sd's posterior under its prior, as 8 equal-odds values, and the innovation σ of each: a run draws
     * one (absent in files written before 2026-12-05 18:00: every run takes `sigma`).
     */
    readonly posterior?: { readonly prior: string; readonly stationarySds: readonly number[]; readonly sigmas: readonly number[] };
    readonly series: readonly { readonly area: string; readonly years: readonly number[]; readonly lines: readonly string[]; readonly countBreak?: CountBreak }[];
    /**
     * The profile log-likelihood of the stationary sd the posterior was computed from (absent in files written before
     * 2026-12-06): an answer weighed by more figures draws σ from the posterior on this grid (src/batch/ownWeighedRedrawn.ts).
     */
    readonly profile?: SdProfile;
    /**
     * Per area of `series`: the σ values a run draws where the fit leaves that area's figures out (absent in files
     * written before 2026-12-05 21:00), and that fit's profile (absent before 2026-12-06) — what an answer weighed by
     * the area's own figures draws (src/batch/ownWeighedRedrawn.ts).
     */
    readonly withoutArea?: Readonly<Record<string, { readonly sigmas: readonly number[]; readonly profile?: SdProfile }>>;
  };
  readonly paces: Readonly<Record<string, FittedPace>>;
  /** The form of the urbanization pace the paces were fitted with (src/model/README.md, step 6); absent: `share`. */
  readonly ruralToTownForm?: 'share' | 'logit';
  /** The factor the paces' sds are drawn with, chosen by leaving one area out at a time, and the CRPS of each factor tried. */
  readonly spread: { readonly factor: number; readonly scores: readonly { readonly spread: number; readonly crps: number }[] };
  /** Each area's own estimates, for the pilot of that area (absent in files that do not keep them). */
  readonly areas?: readonly FittedArea[];
  /** The areas whose urbanization pace is conditioned on their resident rate before the base year (absent in files written before it). */
  readonly history?: readonly FittedHistory[];
  /**
   * The areas whose migrants' take-up is updated with their own counts of migrants settled after the base year
   * (src/analysis/migrantTakeUp.ts; absent in files written before it, or when no area has such a count).
   */
  readonly migrantTakeUp?: readonly FittedTakeUp[];
  /**
   * What the fit warned about (absent when nothing): an area's pace resting on fewer than 50 effective runs
   * (src/analysis/weighPasses.ts, SMALL_FIT_ESS), an unusual resident-rate gain before a base year (src/analysis/preBaseSpan.ts).
   */
  readonly warnings?: readonly string[];
}

/** A profile log-likelihood of an sd on its grid (`s` increasing), relative to its maximum. */
export interface SdProfile {
  readonly s: readonly number[];
  readonly logLik: readonly number[];
}

/**
 * An area's urbanization pace conditioned on its own resident rate before its base year (src/analysis/conditionOnHistory.ts):
 * the law its pilot draws after (`after`), on the logit scale.
 */
export interface FittedHistory {
  readonly area: string;
  readonly baseYear: number;
  /** The two figures of the span, as `metric year (file:line)`. */
  readonly figures: readonly string[];
  /** Observed gain per year over the span (fraction), and its sd from the figures' errors alone. */
  readonly gain: number;
  readonly gainSd: number;
  /** The pilot's own first-year gain at the law's centre before conditioning (fraction a year), with its sd over the runs. */
  readonly driftAtCenter: number;
  readonly driftSd: number;
  /**
   * The pace's law before (what the pilot would draw without its history) and after: centre and sd on the logit scale
   * (mean and sd of a mixture), and the mixture's components when the law before is one (src/analysis/paceLaw.ts).
   */
  readonly before: { readonly center: number; readonly sd: number; readonly mix?: { readonly weights: readonly number[]; readonly centers: readonly number[]; readonly sds: readonly number[] } };
  readonly after: { readonly center: number; readonly sd: number; readonly mix?: { readonly weights: readonly number[]; readonly centers: readonly number[]; readonly sds: readonly number[] } };
}

/**
 * An area's migrants' yearly take-up (`settle_willingness`, or `migrant_settle_rate` under the plain mode) given its own
 * counts of migrants settled (src/analysis/migrantTakeUp.ts), on the logit scale.
 */
export interface FittedTakeUp {
  readonly area: string;
  readonly key: 'settle_willingness' | 'migrant_settle_rate';
  /** The counts, as `metric year (file:line)`. */
  readonly figures: readonly string[];
  /** Runs of the pilot at each take-up of the grid. */
  readonly runs: number;
  /** The area's posterior under the wide reference prior: median and 80 % interval. */
  readonly median: number;
  readonly lower80: number;
  readonly upper80: number;
  /** The law its pilot draws: that posterior as a normal of the same mean and sd. */
  readonly pilot: { readonly center: number; readonly sd: number };
}

/** What an area's own figures after its base year say about the paces they inform. */
export interface FittedArea {
  readonly area: string;
  readonly baseYear: number;
  readonly figures: readonly string[];
  /** Passes of adaptive importance sampling the fit ran. */
  readonly passes: number;
  readonly estimates: Readonly<Partial<Record<string, {
    /** The area's posterior of the pace under the fit's wide reference prior (on the pace's scale): median and 80 % interval. */
    readonly median: number;
    readonly lower80: number;
    readonly upper80: number;
    /** Effective number of runs behind it. */
    readonly ess: number;
    /**
     * Effective number of runs behind the area's likelihood of the pace as pooled: the run weights of the last round (the
     * other paces under their pooled laws), the pace under its own pooled law (src/analysis/weighPasses.ts, pooledEss;
     * absent in files written before 2026-12-04).
     */
    readonly pooledEss?: number;
    /**
     * The law the area's own pilot draws: its likelihood times the law a pilot without figures draws (the pooled law, sd
     * times the spread factor; a pace too few areas fit: the reference prior), as a normal on the pace's scale — or, when
     * the pooled law is a mixture (`mix` of the pace), as the mixture posterior, each component a normal (`mix`, its
     * mean `center` and sd `sd`; src/analysis/paceLaw.ts, posteriorLaw).
     */
    readonly pilot?: { readonly center: number; readonly sd: number; readonly mix?: { readonly weights: readonly number[]; readonly centers: readonly number[]; readonly sds: readonly number[] } };
  }>>>;
}

export interface FittedPace {
  /** At least three areas' figures inform it; otherwise the prior is the fit's reference prior. */
  readonly fitted: boolean;
  /** Predictive law for a new area on the pace's scale: center (logit of the median rate, or the mean) and sd. */
  readonly center: number;
  readonly sd: number;
  /**
   * That law itself, a fitted pace's: the hierarchical model's posterior predictive as a mixture of normals, one per
   * stratum of the between-area sd τ (src/analysis/poolLikelihoods.ts, `mix`), its mean `center` and sd `sd`. Absent
   * in files written before 2026-12-04 15:00 and for a pace not fitted: the normal of `center` and `sd`.
   */
  readonly mix?: { readonly weights: readonly number[]; readonly centers: readonly number[]; readonly sds: readonly number[] };
  /** Posterior mean of the between-area sd τ, and the pooled mean's posterior sd. */
  readonly tau: number;
  readonly se: number;
  /** The areas pooled, each with its own posterior of the pace under the fit's reference prior (median and 80 % interval). */
  readonly areas: readonly { readonly area: string; readonly median: number; readonly lower80: number; readonly upper80: number }[];
}

const FITTED_URL = new URL('../../data/observed/fitted-defaults.json', import.meta.url);
let cache: FittedDefaultsFile | undefined;

/**
 * data/observed/fitted-defaults.json, read once.
 *
 * @example
 * fittedDefaults().process.sigma; // ≈ 0.37
 */
export function fittedDefaults(): FittedDefaultsFile {
  cache ??= JSON.parse(readFileSync(FITTED_URL, 'utf8')) as FittedDefaultsFile;
  return cache;
}
