import type { Piscina } from 'piscina';
import { type PacePrior, type PilotDefaults, REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import type { FittedHistory } from '../data/fittedDefaults.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { pilotScenario } from './fitDefaults.ts';
import { driftAt, historyLikelihood } from './historyLikelihood.ts';
import { DRIFT_PACES, paceDrift } from './paceDrift.ts';
import { posteriorLaw } from './paceLaw.ts';
import { preBaseSpan, spanFigures, spanProblem } from './preBaseSpan.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { quantile } from '../montecarlo/distributions.ts';

/** Runs of the pilot's drift at each pace (the runs' noise in the mean gain is about 0.2 / √200 = 0.014 points a year). */
export const HISTORY_RUNS = 200;

/**
 * Condition a generated pilot's urbanization pace on the area's own resident rate before its base year
 * (empirical Bayes): the law the pilot would draw (`defaults`: the pooled law, or the pooled law updated with the
 * area's figures after its base year) is the prior; the likelihood is {@link historyLikelihood}'s linearised
 * back-cast with the pilot's own drift ({@link paceDrift}, run under these defaults) and the pace's year-to-year
 * variation as the pilot's scenario carries it; the posterior, computed on the pace's grid, is drawn as a normal of
 * the same mean and sd — or, when the prior is a mixture (a pooled law, src/analysis/paceLaw.ts), as the mixture
 * posterior, each component's posterior a normal of its mean and sd ({@link posteriorLaw}). The other paces are left as they are. `defaults` unchanged (and no record) when the area has
 * no resident rate within MAX_SPAN_YEARS (src/analysis/preBaseSpan.ts) years before its base year, or no generated pilot.
 * A span whose gain {@link spanProblem} refuses (beyond ±10 points a year) throws {@link AnalysisInputError}.
 * Used by `urbsim fit-defaults` (the shipped pilots), by every fold of `urbsim backtest --cross-validate` and by a
 * batch's second runs. `onStart` is told the runs of the drift ({@link HISTORY_RUNS} at each of {@link DRIFT_PACES})
 * just before they start (not when the area has no figure before its base year to condition on); `onProgress`
 * counts them, all paces as one draw; `pool`, threads of the caller's to run them on ({@link paceDrift}).
 *
 * @example
 * const { defaults: d, history } = await conditionOnHistory('luoyang', points, foldDefaults(...), { runs: 200, seed: 2014, dir });
 * history?.after.center; // above history.before.center: Luoyang gained 1.69 points a year in 2010–2013
 */
export async function conditionOnHistory(
  area: string,
  observed: readonly ObservedPoint[],
  defaults: PilotDefaults,
  o: {
    runs: number;
    seed: number;
    dir: string;
    workers?: number;
    pool?: Piscina;
    onStart?: (runs: number) => void;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ defaults: PilotDefaults; history?: FittedHistory }> {
  const scenario = pilotScenario(area, defaults, o.dir);
  if (!scenario) return { defaults };
  const baseYear = scenario.years.start;
  const span = preBaseSpan(observed, area, baseYear);
  if (!span) return { defaults };
  // A gain past what any city has made is a data error, not a pace: refused (src/analysis/preBaseSpan.ts, spanProblem).
  const problem = spanProblem(span);
  if (problem?.level === 'refused') throw new AnalysisInputError(problem.message);
  o.onStart?.(o.runs * DRIFT_PACES.length);
  const drift = await paceDrift(scenario, o);
  // The pace's yearly deviation as this pilot's scenario carries it (none when it carries none).
  const p = scenario.uncertainty?.process.rural_to_town_rate;
  // A law of σ (drawn per run) is taken at its median: the history's likelihood carries one variation.
  const sigma = p === undefined ? 0 : typeof p.sigma === 'number' ? p.sigma : quantile(p.sigma, 0.5);
  const variation = { stationarySd: sigma / Math.sqrt(1 - (p?.phi ?? 0) ** 2), phi: p?.phi ?? 0 };
  const prior = defaults.paces.rural_to_town_rate;
  const lik = historyLikelihood(span, drift, variation, REFERENCE_PRIORS.rural_to_town_rate);
  if (!lik) return { defaults };
  const post = posteriorLaw(lik, prior);
  const figures = spanFigures(span);
  const conditioned: PacePrior = {
    ...post,
    note: `${prior.note}, and this area's resident rates before its base year (${figures.join(' → ')}; empirical Bayes, src/analysis/conditionOnHistory.ts)`,
    own: true,
  };
  const atCenter = driftAt(drift, 1 / (1 + Math.exp(-prior.center)));
  return {
    defaults: { ...defaults, paces: { ...defaults.paces, rural_to_town_rate: conditioned } },
    history: {
      area,
      baseYear,
      figures,
      gain: span.gain,
      gainSd: Math.sqrt(span.figureVariance),
      driftAtCenter: atCenter.mean,
      driftSd: Math.sqrt(atCenter.variance),
      before: { center: prior.center, sd: prior.sd, ...(prior.mix && { mix: prior.mix }) },
      after: post,
    },
  };
}
