import type { FittedHistory } from '../data/fittedDefaults.ts';
import { join } from 'node:path';
import { cityFacts } from '../data/areas.ts';
import { FLOW_METRICS, RATE_METRICS, type ObservedPoint, periodText } from '../io/readObserved.ts';
import { PACE_KEYS, type PaceKey } from '../batch/pilotDefaults.ts';
import { backtestScore } from './backtestScore.ts';
import { type AreaFit, type FitProcess, fitAreas, pooledPaces, runsInPasses, thinEstimates, withPaceForm, yearlyVariation } from './fitDefaults.ts';
import { checkPreBaseSpans } from './preBaseSpan.ts';
import { SMALL_FIT_ESS } from './weighPasses.ts';
import { fitSpread, foldDefaults, forecastArea, scoreUnit } from './spreadFactor.ts';
import { HISTORY_RUNS, conditionOnHistory } from './conditionOnHistory.ts';
import { naiveForecast, naivePit, naiveSample } from './naiveForecast.ts';
import { crps, intervalScore } from './predictiveScores.ts';
import { type OwnErrors, populationOwnErrors } from './seriesError.ts';
import { weightedQuantiles } from './weightedQuantiles.ts';
import { runsText } from '../report/batchMarks.ts';

/** How a figure is compared across kinds: rates in points, populations and counts relative to the figure. */
export type Family = 'rates' | 'populations' | 'settled';

/** One forecast's score at one figure. */
export interface FigureScore {
  readonly median: number;
  readonly lower50: number;
  readonly upper50: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly pit: number;
  /** CRPS and the 80 % interval score in the family's unit: points for rates, % of the figure otherwise. */
  readonly crps: number;
  readonly intervalScore80: number;
}

export interface HeldOutFigure {
  readonly area: string;
  readonly point: ObservedPoint;
  readonly status: 'used' | 'flagged';
  readonly family: Family;
  readonly baseYear: number;
  readonly horizon: number;
  /**
   * The count may have changed between the base year and the figure: a figure
   * whose definition is only roughly the model's (flagged) after a definition
   * break the area's pilot draws ({@link countMayChange}).
   */
  readonly countMayChange: boolean;
  readonly model: FigureScore;
  /** The naive trend forecast, where one can be made ({@link naiveForecast}). */
  readonly naive?: FigureScore & { readonly basis: string };
}

export interface CrossValidation {
  readonly figures: readonly HeldOutFigure[];
  /** Per area: the defaults its fold used, fitted without its figures. */
  readonly folds: readonly {
    readonly area: string;
    /** Each pace's law as the fold draws it ({@link foldDefaults}: a pooled pace's sd times `spread`, a pace too few areas fit at the reference prior's sd), before `history`. */
    readonly paces: Readonly<Record<PaceKey, { readonly fitted: boolean; readonly center: number; readonly sd: number; readonly areas: number }>>;
    readonly processSigma: number;
    /** The hukou conversion's year-to-year σ (the registered pace's, or the urbanization pace's without a registered series). */
    readonly conversionSigma: number;
    /** The paces' spread factor, fitted on the other areas ({@link fitSpread}). */
    readonly spread: number;
    /** The urbanization pace conditioned on the area's resident rate before its base year ({@link conditionOnHistory}); absent without one. */
    readonly history?: FittedHistory;
    /**
     * Per area pooled in the fold, per pace it informs: the effective number of runs behind its likelihood as the fold
     * pools it (src/analysis/weighPasses.ts, pooledEss), rounded.
     */
    readonly ess: Readonly<Record<string, Readonly<Partial<Record<PaceKey, number>>>>>;
    /**
     * Per area pooled in the fold: its own fit as the fold made it (under the fold's year-to-year variation, which
     * differs from fold to fold), its passes and, per pace it informs, the effective runs under the reference prior,
     * rounded: the other count of the warnings ({@link foldsFewRuns}).
     */
    readonly ownFits: Readonly<Record<string, { readonly passes: number; readonly ess: Readonly<Partial<Record<PaceKey, number>>> }>>;
    /**
     * The same for the inner folds that fit `spread` ({@link fitSpread}): the fewest effective runs behind an area's
     * likelihood of a pace as an inner fold pools it (without this fold's area and the inner fold's, `without`),
     * rounded; absent when no inner fold pools an area with a fit's runs.
     */
    readonly spreadEss?: { readonly n: number; readonly area: string; readonly pace: PaceKey; readonly without: string };
  }[];
  /**
   * What the run warned about: an area's pace resting on fewer than 50 effective runs in a fold's fit of it or as the
   * fold pools it (the fold with the smallest count; {@link foldsFewRuns}), an unusual resident-rate gain before a base year (src/analysis/preBaseSpan.ts).
   */
  readonly warnings: readonly string[];
  readonly fits: readonly AreaFit[];
  readonly runs: number;
  readonly fitRuns: number;
  readonly seed: number;
}

export interface CrossValidateOptions {
  /** Runs of each fold's projection. */
  readonly runs: number;
  /** Runs of each pass of each area's own fit ({@link fitAreas}). */
  readonly fitRuns: number;
  readonly seed: number;
  /** Where the folds' generated scenarios are written (one YAML per area), for the reader to inspect. */
  readonly dir: string;
  /** Where the areas' own fits write their working scenarios (default `dir/fit`). */
  readonly fitDir?: string;
  /** Runs of each inner forecast that fits a fold's spread factor (default `runs`). */
  readonly spreadRuns?: number;
  readonly workers?: number;
  readonly onStep?: (what: string) => void;
  /** The form of the urbanization pace every pilot, fit and fold uses (src/model/README.md, step 6); absent: `share`. */
  readonly ruralToTownForm?: 'share' | 'logit';
}

const family = (p: ObservedPoint): Family => (RATE_METRICS.has(p.metric) ? 'rates' : FLOW_METRICS.has(p.metric) ? 'settled' : 'populations');

/**
 * Leave-one-area-out cross-validation of the generated pilots against every
 * figure in the observed data after an area's base year. For each area, the
 * defaults a generated pilot draws from — the year-to-year variation
 * ({@link processVariation}), the pooled paces ({@link poolPaces}) of the
 * other areas, each fitted to its own figures under that variation
 * ({@link fitAreas}), and the spread factor of the paces, chosen by an inner
 * cross-validation on the other areas ({@link fitSpread}) — are fitted
 * without that area, its scenario is generated with them, run,
 * and its predictive distribution of each later figure (each run's value plus
 * the figure's observation error by caliber) is scored: coverage of the 50 %
 * and 80 % intervals, PIT, CRPS and the 80 % interval score, next to the naive
 * trend forecast ({@link naiveForecast}) fitted the same way. Nothing of an
 * area's figures after its base year enters its own forecast; its resident rate
 * before its base year, known at the cut-off, conditions its urbanization pace
 * as it does its shipped pilot's ({@link conditionOnHistory}). The fold's
 * scenarios are written to `dir`.
 *
 * The folds are not forecasts made in 2013: the other areas' 2014–2016
 * figures, which a forecaster then did not have, inform each fold's defaults.
 *
 * @example
 * const cv = await crossValidate(readObserved('data/observed/observed.csv'), { runs: 1000, fitRuns: 4000, seed: 2014, dir: 'out/cross-validation/scenarios' });
 */
export async function crossValidate(observed: readonly ObservedPoint[], o: CrossValidateOptions): Promise<CrossValidation> {
  // Before anything runs: a pre-base-year span no city could make is refused, an unusual one warned about.
  const spanWarnings = checkPreBaseSpans(observed);
  // Each area's own fit carries the year-to-year variation its fold would use, fitted without the fold's area: the
  // variation depends only on the few areas with three resident or registered rates, so most folds share one set of fits.
  const fitsBySigma = new Map<string, AreaFit[]>();
  // Likewise the own part of the population figures' errors (src/analysis/seriesError.ts), estimated without the fold's area.
  const fitsFor = async (process: FitProcess, own: OwnErrors): Promise<AreaFit[]> => {
    const key = `${process.sigma}/${process.conversionSigma}/${process.conversionSigmas}/${JSON.stringify(own)}`;
    let fits = fitsBySigma.get(key);
    if (!fits) {
      o.onStep?.(`fitting each area to its own figures (year-to-year σ ${process.sigma.toFixed(3)}, conversion ${(process.conversionSigma ?? process.sigma).toFixed(3)}, populations' own error ${ownText(own)})`);
      fits = await fitAreas(observed, { runs: o.fitRuns, seed: o.seed, dir: o.fitDir ?? join(o.dir, 'fit'), process, workers: o.workers, own, onArea: (a) => o.onStep?.(`fit ${a}`) });
      fitsBySigma.set(key, fits);
    }
    return fits;
  };
  const all = await fitsFor(withPaceForm(yearlyVariation(observed, o.seed).process, o.ruralToTownForm), populationOwnErrors(observed).errors);
  const figures: HeldOutFigure[] = [];
  const folds: CrossValidation['folds'][number][] = [];
  const pooledFits: FoldFits[] = [];
  for (const { area } of all) {
    const process = withPaceForm(yearlyVariation(observed, o.seed, area).process, o.ruralToTownForm);
    const own = populationOwnErrors(observed, area).errors;
    const fits = await fitsFor(process, own);
    o.onStep?.(`fold ${area}: spread of the paces, fitted on the other areas`);
    const { spread, ess: spreadEss } = await fitSpread(fits, observed, { exclude: [area], process, runs: o.spreadRuns ?? o.runs, seed: o.seed, dir: o.fitDir ?? join(o.dir, 'fit'), workers: o.workers, own });
    o.onStep?.(`fold ${area}: forecast`);
    const { paces, ess } = pooledPaces(fits, [area]);
    pooledFits.push({ fold: area, fits, ess });
    // The area's own figures before its base year were known at the cut-off: its pace is conditioned on them, as its shipped pilot's is.
    const prior = foldDefaults(paces, spread, process, `cross-validation fold without ${area}`);
    const { defaults, history } = await conditionOnHistory(area, observed, prior, {
      runs: HISTORY_RUNS, seed: o.seed, dir: o.fitDir ?? join(o.dir, 'fit'), workers: o.workers,
    });
    folds.push({
      area,
      // The laws the fold draws (before its history, which `history` gives): a pace too few areas fit at the reference prior's sd, unscaled.
      paces: Object.fromEntries(PACE_KEYS.map((k) => [k, { fitted: paces[k].fitted, center: prior.paces[k].center, sd: prior.paces[k].sd, areas: paces[k].areas.length }])) as Record<PaceKey, { fitted: boolean; center: number; sd: number; areas: number }>,
      processSigma: process.sigma,
      conversionSigma: process.conversionSigma ?? process.sigma,
      spread,
      ...(history && { history }),
      ess: Object.fromEntries([...ess].map(([a, e]) => [a, Object.fromEntries(Object.entries(e).map(([k, n]) => [k, Math.round(n!)]))])),
      ownFits: Object.fromEntries(fits.filter((f) => ess.has(f.area)).map((f) => [f.area, { passes: f.passes, ess: Object.fromEntries(Object.entries(f.estimates).map(([k, e]) => [k, Math.round(e!.ess)])) }])),
      ...(spreadEss && { spreadEss }),
    });
    const f = (await forecastArea(area, observed, defaults, { runs: o.runs, seed: o.seed, dir: o.dir, workers: o.workers, own }))!;
    const points = f.held.map((u) => u.point);
    const score = backtestScore(f.predictive, Float64Array.from(points, (p) => p.value), points.map((p) => `${p.metric} ${periodText(p)}`));
    const others = pairsAfterBase(observed, area);
    const ownFigures = observed.filter((p) => p.area === area);
    f.held.forEach((u, j) => {
      const p = u.point;
      const unit = (x: number) => scoreUnit(p, x);
      const model: FigureScore = {
        median: score.median[j],
        lower50: score.lower50[j],
        upper50: score.upper50[j],
        lower80: score.lower80[j],
        upper80: score.upper80[j],
        pit: score.pit[j],
        crps: unit(score.crps[j]),
        intervalScore80: unit(score.intervalScore80[j]),
      };
      const nf = naiveForecast(p, ownFigures, others, f.scenario.years.start, own);
      let naive: HeldOutFigure['naive'];
      if (nf) {
        const sample = naiveSample(nf);
        const [lower80, lower50, median, upper50, upper80] = weightedQuantiles(sample, new Float64Array(sample.length).fill(1), [0.1, 0.25, 0.5, 0.75, 0.9]);
        naive = {
          basis: nf.basis,
          median, lower50, upper50, lower80, upper80,
          pit: naivePit(nf, p.value),
          crps: unit(crps(sample, undefined, p.value)),
          intervalScore80: unit(intervalScore(lower80, upper80, p.value, 0.2)),
        };
      }
      const status = u.status === 'flagged' ? 'flagged' : 'used';
      const baseYear = f.scenario.years.start;
      const countChange = countMayChange(p, status, baseYear, f.scenario.uncertainty?.registeredBreak?.years ?? []);
      figures.push({ area, point: p, status, family: family(p), baseYear, horizon: p.year - baseYear, countMayChange: countChange, model, naive });
    });
  }
  return { figures, folds, fits: all, runs: o.runs, fitRuns: o.fitRuns, seed: o.seed, warnings: [...spanWarnings, ...foldsFewRuns(pooledFits, o.fitRuns)] };
}

/** The populations' own errors of a fold, for its progress line: `sample 0.088 %`, or `none` (independent figures). */
const ownText = (own: OwnErrors): string => Object.entries(own).map(([c, d]) => `${c} ${(100 * d!).toFixed(3)} %`).join(', ') || 'none';

/** What a fold pooled: its area (left out), the areas' own fits it pooled, and the runs behind each as it pooled them. */
export interface FoldFits {
  readonly fold: string;
  /** The areas' own fits, under the fold's year-to-year variation and populations' own errors (the fold's area's among them, not pooled). */
  readonly fits: readonly AreaFit[];
  /** Per area pooled, per pace it informs: the effective runs behind its likelihood as the fold pools it (pooledEss). */
  readonly ess: ReadonlyMap<string, Partial<Record<PaceKey, number>>>;
}

/**
 * The areas' paces that rest on fewer than {@link SMALL_FIT_ESS} effective runs in some fold ({@link thinEstimates}:
 * under the reference prior in the area's own fit, or as the fold pools it), one line each. Both counts, and the
 * passes, are of one fold's fit of the area (the folds fit the areas under their own year-to-year variation, so
 * their fits differ): the fold whose count is the smallest, named; then how many folds pool the area under
 * {@link SMALL_FIT_ESS} runs.
 *
 * @example
 * foldsFewRuns(folds, 2000); // ['luoyang net_migration: in the fold without huizhou, 3 effective runs under the reference prior and 15 as pooled (1 of 10 folds under 50 as pooled), of 8,000 runs in 4 passes; under 50: raise --fit-runs']
 */
export function foldsFewRuns(folds: readonly FoldFits[], fitRuns: number): string[] {
  // Each fold's thin estimates of the areas it pools (its own area's fit is not pooled there).
  const thin = folds.flatMap((f) => thinEstimates(f.fits.filter((fit) => fit.area !== f.fold), (area, key) => f.ess.get(area)?.[key]).map((t) => ({ ...t, fold: f.fold })));
  const areas = [...new Set(folds.flatMap((f) => f.fits.map((fit) => fit.area)))];
  // The smaller of a thin estimate's two counts, as printed (rounded); the first fold wins a tie.
  const least = (t: { own: number; pooled?: number }) => Math.round(Math.min(t.own, t.pooled ?? Infinity));
  return areas.flatMap((area) =>
    PACE_KEYS.flatMap((key) => {
      const worst = thin.filter((t) => t.fit.area === area && t.key === key).reduce<(typeof thin)[number] | undefined>((a, b) => (a && least(a) <= least(b) ? a : b), undefined);
      if (!worst) return [];
      const pooled = folds.flatMap((f) => f.ess.get(area)?.[key] ?? []);
      const under = pooled.filter((n) => n < SMALL_FIT_ESS).length;
      const asPooled = worst.pooled === undefined ? '' : ` and ${Math.round(worst.pooled).toLocaleString('en')} as pooled (${under} of ${pooled.length} folds under ${SMALL_FIT_ESS} as pooled)`;
      return [`${area} ${key}: in the fold without ${worst.fold}, ${runsText(worst.own, 'effective')} under the reference prior${asPooled}, ${runsInPasses(fitRuns, worst.fit.passes)}; under ${SMALL_FIT_ESS}: raise --fit-runs`];
    }),
  );
}

/**
 * Whether a held-out figure may count differently from the base year's: a
 * registered rate whose definition is only roughly the model's (flagged:
 * unstated, or counted after the unification) and that lies after a year in
 * which the area's pilot may break its count (the hukou unification,
 * src/model/README.md "Sources of uncertainty", 3). Its error then may hold a
 * one-off change of count, which does not grow with the horizon as a pace's
 * does (src/analysis/intervalWidths.ts).
 *
 * @example
 * countMayChange(dalianRegisteredRate2015, 'flagged', 2013, [2015, 2016]); // true
 * countMayChange(weihaiRegisteredRate2015, 'flagged', 2013, []);           // false: unified in 2004, no break drawn
 */
export function countMayChange(p: Pick<ObservedPoint, 'metric' | 'year'>, status: 'used' | 'flagged', baseYear: number, breakYears: readonly number[]): boolean {
  return p.metric === 'registered_rate' && status === 'flagged' && breakYears.some((y) => y > baseYear && y <= p.year);
}

/**
 * Every other area's pairs of a base-year figure and a later figure of the
 * same series (metric, definition segment and definition), for the naive
 * trend: the base year is the area's (cityFacts), as for its pilot.
 */
function pairsAfterBase(observed: readonly ObservedPoint[], exclude: string): { base: ObservedPoint; later: ObservedPoint }[] {
  const out: { base: ObservedPoint; later: ObservedPoint }[] = [];
  const bases = new Map<string, number | undefined>();
  for (const p of observed) {
    if (p.area === exclude || p.fromYear !== undefined) continue;
    if (!bases.has(p.area)) bases.set(p.area, safeBase(p.area));
    const baseYear = bases.get(p.area);
    if (baseYear === undefined || p.year <= baseYear) continue;
    const base = observed.find((q) => q.area === p.area && q.metric === p.metric && q.year === baseYear && q.segment === p.segment && q.definition === p.definition);
    if (base) out.push({ base, later: p });
  }
  return out;
}

function safeBase(area: string): number | undefined {
  try {
    return cityFacts(area).baseYear;
  } catch {
    return undefined; // an area of the user's own, not in data/areas
  }
}

/** Coverage, PIT counts and mean scores of a set of held-out figures, for the model or the naive forecast. */
export interface CoverageSummary {
  readonly figures: number;
  readonly in50: number;
  readonly in80: number;
  /** Figures by PIT fifth: 0–0.2, …, 0.8–1. */
  readonly pitFifths: readonly number[];
  readonly crps: number;
  readonly intervalScore80: number;
}

/**
 * Sum up scores: how many figures, how many inside the 50 % and 80 %
 * intervals, the PIT histogram in fifths, mean CRPS and interval score.
 *
 * @example
 * summarizeScores(cv.figures.map((f) => f.model)).in80; // figures inside their 80 % interval
 */
export function summarizeScores(scores: readonly FigureScore[]): CoverageSummary {
  const n = scores.length;
  const fifths = [0, 0, 0, 0, 0];
  for (const s of scores) fifths[Math.min(4, Math.floor(s.pit * 5))]++;
  return {
    figures: n,
    in50: scores.filter((s) => s.pit >= 0.25 && s.pit <= 0.75).length,
    in80: scores.filter((s) => s.pit >= 0.1 && s.pit <= 0.9).length,
    pitFifths: fifths,
    crps: n ? scores.reduce((a, s) => a + s.crps, 0) / n : NaN,
    intervalScore80: n ? scores.reduce((a, s) => a + s.intervalScore80, 0) / n : NaN,
  };
}
