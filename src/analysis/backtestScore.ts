import { crps, intervalScore, pit } from './predictiveScores.ts';
import { weightedQuantiles } from './weightedQuantiles.ts';

/** Per observed point and overall: how well a projection's predictive distribution met what happened. */
export interface BacktestScore {
  readonly label: readonly string[];
  readonly observed: Float64Array;
  readonly median: Float64Array;
  /** median − observed. */
  readonly error: Float64Array;
  /** (median − observed) / observed. */
  readonly relativeError: Float64Array;
  readonly lower50: Float64Array;
  readonly upper50: Float64Array;
  /** 1 when lower50 ≤ observed ≤ upper50. */
  readonly covered50: Uint8Array;
  readonly lower80: Float64Array;
  readonly upper80: Float64Array;
  readonly covered80: Uint8Array;
  /** Probability integral transform: the predictive's probability below the observation. */
  readonly pit: Float64Array;
  /** Continuous ranked probability score, in the figure's units. */
  readonly crps: Float64Array;
  /** Interval score of the 80 % interval (width + 10 × the miss), in the figure's units. */
  readonly intervalScore80: Float64Array;
  readonly totals: {
    /** Points with an observation and at least one predicted value. */
    readonly points: number;
    readonly meanAbsoluteError: number;
    readonly meanAbsoluteRelativeError: number;
    /** Share of scored points inside their 50 % interval; well calibrated ≈ 0.5. */
    readonly coverage50: number;
    /** Share inside the 80 % interval; well calibrated ≈ 0.8. */
    readonly coverage80: number;
  };
}

/**
 * Score a projection made from data up to a cut-off against what was
 * observed after it (e.g. a 2013 start scored against the 2020 census):
 * the error of the median, and whether the central 50 % (p25–p75) and 80 %
 * (p10–p90) intervals cover each observation. Over many points, coverage far
 * below 50 % / 80 % means the fan is too narrow (overconfident), far above
 * means too wide. Quantiles are type 7, as in `summarize`; bounds count as
 * covered. A point with a NaN observation or no finite predicted value is
 * reported with NaN fields and 0 coverage and left out of the totals.
 *
 * `predictive` is row-major runs × m: run r's value at point j is `r · m + j`.
 * With `weights` (one per run, e.g. a calibration's likelihood weights) the
 * quantiles, PIT and CRPS are those of the weighted sample
 * ({@link weightedQuantiles}: type 7 when the weights are equal).
 *
 * @example
 * // 11 runs predicting 0, 1, …, 10 at one point observed at 8
 * backtestScore(Float64Array.from({ length: 11 }, (_, r) => r), Float64Array.of(8), ['resident_rate@2020']);
 * // median 5, error −3, 50 % [2.5, 7.5] misses, 80 % [1, 9] covers
 */
export function backtestScore(predictive: Float64Array, observed: Float64Array, labels: readonly string[], weights?: ArrayLike<number>): BacktestScore {
  const m = observed.length;
  if (labels.length !== m) throw new RangeError(`${labels.length} labels for ${m} observed points`);
  if (m === 0) throw new RangeError('no observed points to score');
  if (predictive.length % m !== 0) throw new RangeError(`predictive has ${predictive.length} values, not whole runs of ${m} points`);
  const runs = predictive.length / m;
  if (weights && weights.length !== runs) throw new RangeError(`${weights.length} weights for ${runs} runs`);
  const w = weights ?? new Float64Array(runs).fill(1);
  const col = () => new Float64Array(m);
  const median = col(), error = col(), relativeError = col(), lower50 = col(), upper50 = col(), lower80 = col(), upper80 = col();
  const pits = col(), crpss = col(), interval80 = col();
  const covered50 = new Uint8Array(m);
  const covered80 = new Uint8Array(m);
  const column = new Float64Array(runs);
  let points = 0, absError = 0, absRelative = 0, relativePoints = 0, in50 = 0, in80 = 0;
  for (let j = 0; j < m; j++) {
    let n = 0;
    // Stryker disable next-line EqualityOperator: equivalent — r = runs writes past the typed array's end (ignored) and reads undefined, which is not counted
    for (let r = 0; r < runs; r++) {
      column[r] = predictive[r * m + j];
      // Stryker disable next-line UpdateOperator: equivalent — n is only compared with 0
      if (!Number.isNaN(column[r]) && w[r] > 0) n++;
    }
    const obs = observed[j];
    if (n === 0 || Number.isNaN(obs)) {
      for (const c of [median, error, relativeError, lower50, upper50, lower80, upper80, pits, crpss, interval80]) c[j] = NaN;
      continue;
    }
    [lower80[j], lower50[j], median[j], upper50[j], upper80[j]] = weightedQuantiles(column, w, [0.1, 0.25, 0.5, 0.75, 0.9]);
    pits[j] = pit(column, w, obs);
    crpss[j] = crps(column, w, obs);
    interval80[j] = intervalScore(lower80[j], upper80[j], obs, 0.2);
    error[j] = median[j] - obs;
    relativeError[j] = error[j] / obs;
    covered50[j] = lower50[j] <= obs && obs <= upper50[j] ? 1 : 0;
    covered80[j] = lower80[j] <= obs && obs <= upper80[j] ? 1 : 0;
    points++;
    absError += Math.abs(error[j]);
    // An observation of 0 has no relative error; it still counts for the absolute one.
    if (Number.isFinite(relativeError[j])) {
      absRelative += Math.abs(relativeError[j]);
      relativePoints++;
    }
    in50 += covered50[j];
    in80 += covered80[j];
  }
  return {
    label: labels,
    observed,
    median, error, relativeError, lower50, upper50, covered50, lower80, upper80, covered80,
    pit: pits,
    crps: crpss,
    intervalScore80: interval80,
    totals: {
      points,
      meanAbsoluteError: points ? absError / points : NaN,
      meanAbsoluteRelativeError: relativePoints ? absRelative / relativePoints : NaN,
      coverage50: points ? in50 / points : NaN,
      coverage80: points ? in80 / points : NaN,
    },
  };
}
