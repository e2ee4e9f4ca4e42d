import type { ResolvedScenario } from './resolved.ts';

/**
 * The scenario with its Monte Carlo runs and/or seed overridden (a command's
 * `--runs` and `--seed`, or the shared seed of common random numbers);
 * itself when nothing is overridden. Frozen like every resolved scenario.
 *
 * @example
 * withMonteCarlo(loadScenario('scenarios/dalian.yaml'), { runs: 100 }).monteCarlo.runs; // 100, seed unchanged
 */
export function withMonteCarlo(s: ResolvedScenario, over: { readonly runs?: number; readonly seed?: number }): ResolvedScenario {
  if (over.runs === undefined && over.seed === undefined) return s;
  return Object.freeze({ ...s, monteCarlo: Object.freeze({ ...s.monteCarlo, runs: over.runs ?? s.monteCarlo.runs, seed: over.seed ?? s.monteCarlo.seed }) });
}
