import type { Piscina } from 'piscina';
import { M, METRIC_COUNT } from '../model/indicators.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import type { PaceDrift } from './historyLikelihood.ts';
import { withLever } from './withLever.ts';

/**
 * The paces a pilot's drift is run at: 0 to 1, doubling from 0.5 %, so that linear interpolation between them is
 * fine where paces lie (0.5–10 % a year) and the whole range of the pace's grid is covered without extrapolation.
 */
export const DRIFT_PACES: readonly number[] = [0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1];

/**
 * A pilot's own yearly drift of the resident rate as a function of its urbanization pace: its scenario run for
 * its first projected year at each of {@link DRIFT_PACES}, the pace held at that value in every run (its yearly
 * deviation switched off: the history's likelihood carries that deviation itself), everything else drawn as the
 * pilot draws it — migration, births, the baseline's error — with common random numbers across the paces (the same
 * seed, so the paces are the runs' only difference). Per pace: the mean of the runs' gains (end of the first year
 * less the base year) and their variance. `onProgress` counts the runs of every pace as one draw: `runs` ×
 * {@link DRIFT_PACES} in all. `pool`: the threads to run every pace on (else, with `workers` above 1, each pace starts
 * and stops threads of its own).
 *
 * @example
 * const d = await paceDrift(luoyangPilot, { runs: 200, seed: 2014 });
 * d.mean[3]; // ≈ 0.0113: 1.13 points a year at a pace of 2 % (0.13 of it from migration and births)
 */
export async function paceDrift(
  scenario: ResolvedScenario,
  o: { runs: number; seed: number; workers?: number; pool?: Piscina; onProgress?: (done: number, total: number) => void },
): Promise<PaceDrift> {
  const b = scenario.years.start;
  const process = Object.fromEntries(Object.entries(scenario.uncertainty?.process ?? {}).filter(([k]) => k !== 'rural_to_town_rate'));
  const oneYear: ResolvedScenario = {
    ...scenario,
    years: { start: b, end: b + 1 },
    targets: scenario.targets.filter((t) => t.year <= b + 1),
    settlementPlan: scenario.settlementPlan?.filter((p) => p.year <= b + 1),
    ...(scenario.uncertainty && { uncertainty: { ...scenario.uncertainty, process } }),
  };
  const mean: number[] = [];
  const variance: number[] = [];
  for (const [k, c] of DRIFT_PACES.entries()) {
    const onProgress = o.onProgress && ((done: number, total: number) => o.onProgress!(k * total + done, DRIFT_PACES.length * total));
    const r = await runMonteCarlo(withMonteCarlo(withLever(oneYear, 'rural_to_town_rate', c), { runs: o.runs, seed: o.seed }), { workers: o.workers, pool: o.pool, onProgress });
    const runs = r.runEnd - r.runStart;
    const years = r.years.length;
    const gains = Float64Array.from({ length: runs }, (_, i) => r.rows[(i * years + 1) * METRIC_COUNT + M.resident_rate] - r.rows[i * years * METRIC_COUNT + M.resident_rate]);
    const m = gains.reduce((a, g) => a + g, 0) / runs;
    mean.push(m);
    variance.push(gains.reduce((a, g) => a + (g - m) ** 2, 0) / Math.max(1, runs - 1));
  }
  return { paces: DRIFT_PACES, mean, variance };
}
