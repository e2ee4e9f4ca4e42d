import type { Piscina } from 'piscina';
import type { ObservedPoint } from '../io/readObserved.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { STEADY_ESS, moreRedrawnRuns, redrawnRuns } from '../report/batchMarks.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type OwnWeighed, ownWeighedTargets } from './ownFigures.ts';
import { ownWeighedRedrawn } from './ownWeighedRedrawn.ts';

/**
 * The answer a batch keeps for scenario `s` (file `file`, its runs `result`): its targets and rates weighed by its
 * area's own figures after its base year. Where its laws were fitted to them, by second runs drawn with those laws as
 * an area without the figures draws them ({@link ownWeighedRedrawn}: {@link redrawnRuns} of them); where those leave
 * fewer than {@link STEADY_ESS} effective runs (figures in the pooled laws' tail), drawn once more with more runs
 * ({@link moreRedrawnRuns}), unless memory cannot hold them: then the first draw's answer stands, rough as it is, and
 * `onRefused` says so. Otherwise its own runs weighed ({@link ownWeighedTargets}). `onStart` before each draw, which
 * takes many times the scenario's time and prints nothing else (`effective`: the first draw's, before the second).
 * Undefined when the scenario has nothing to weigh by.
 *
 * @example
 * const w = await weighScenario('scenarios/pilots/weihai.yaml', s, shippedObserved(), () => result, { load: loadScenario });
 * w?.redrawn?.runs; // 40000, or more where few runs weigh
 */
export async function weighScenario(
  file: string,
  s: ResolvedScenario,
  observed: readonly ObservedPoint[],
  result: () => MonteCarloResult,
  o: {
    readonly load: (file: string) => ResolvedScenario;
    readonly workers?: number;
    readonly pool?: Piscina;
    readonly onProgress?: (done: number, total: number) => void;
    readonly onHistory?: (runs: number) => void;
    readonly onStart?: (e: { runs: number; effective?: number }) => void;
    readonly onRefused?: (e: { runs: number; kept: number; effective: number }) => void;
  },
): Promise<OwnWeighed | undefined> {
  const redrawn = await ownWeighedRedrawn(file, s, observed, {
    runs: redrawnRuns(s.monteCarlo.runs),
    load: o.load,
    workers: o.workers,
    pool: o.pool,
    onProgress: o.onProgress,
    onHistory: o.onHistory,
    onStart: (runs, effective) => o.onStart?.({ runs, ...(effective !== undefined && { effective }) }),
    more: (first) => (first.kishRuns < STEADY_ESS ? moreRedrawnRuns(first.redrawn!.runs, first.kishRuns) : 0),
    onRefused: o.onRefused,
  });
  return redrawn ?? ownWeighedTargets(s, observed, result);
}
