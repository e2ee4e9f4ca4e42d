import { type SensitivityOptions, type SensitivityResult, sensitivity } from './sensitivity.ts';
import { type SensitivityPrecision, sensitivityPrecision } from './sensitivityPrecision.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

export interface PrecisionOptions extends Omit<SensitivityOptions, 'runs' | 'given'> {
  /** Half-width of the Sobol' indices' intervals to reach (default 0.05). */
  readonly precision?: number;
  /** Base rows of the first pass (default 250) and the most to use (default 4000). */
  readonly startRuns?: number;
  readonly maxRuns?: number;
  /** Called after each pass with its base rows and how precise it was. */
  readonly onPass?: (runs: number, p: SensitivityPrecision) => void;
}

/**
 * {@link sensitivity} with the number of base rows chosen so that the
 * Sobol' indices' bootstrap intervals are at most ±`precision` wide: a first
 * pass of `startRuns`, then, while wider, a pass at the rows the widest
 * interval says are needed (intervals narrow as 1/√n; 10 % more, at least
 * double, rounded up to 50), up to `maxRuns`. Each pass runs the analysis
 * anew, with the same seed. Returns the last pass, its precision (which may
 * still fall short at `maxRuns`: the caller says so) and the passes made.
 *
 * @example
 * const { result, precision } = await sensitivityToPrecision(dalian, { metric: 'registered_rate', year: 2020 });
 * precision.enough; // true, or false with precision.neededRuns beyond maxRuns
 */
export async function sensitivityToPrecision(
  scenario: ResolvedScenario,
  o: PrecisionOptions,
): Promise<{ result: SensitivityResult; precision: SensitivityPrecision; passes: readonly { runs: number; halfWidth: number }[] }> {
  const target = o.precision ?? 0.05;
  const max = o.maxRuns ?? 4000;
  let runs = Math.min(o.startRuns ?? 250, max);
  const passes: { runs: number; halfWidth: number }[] = [];
  for (;;) {
    const result = await sensitivity(scenario, { ...o, runs });
    const precision = sensitivityPrecision(result, target);
    passes.push({ runs, halfWidth: precision.halfWidth });
    o.onPass?.(runs, precision);
    if (precision.enough || runs >= max) return { result, precision, passes };
    runs = Math.min(max, Math.ceil(Math.max(2 * runs, 1.1 * precision.neededRuns) / 50) * 50);
  }
}
