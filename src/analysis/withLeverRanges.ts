import type { ResolvedScenario } from '../scenario/resolved.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { leverRange } from './leverRange.ts';
import { withValue } from './withLever.ts';

/** A policy lever analysed over a range, as a sensitivity input. */
export interface LeverInput {
  readonly lever: string;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The scenario with each lever (a parameter key or a variable) drawn
 * uniformly from its range in every run, in place of what the scenario says
 * (a fixed cut-off, a number of school places, an expression): so that a
 * sensitivity analysis ranks the policy levers, over the ranges a planner
 * would consider, together with what is uncertain. Each range is checked
 * against the lever's bounds ({@link leverRange}); persons and years are
 * drawn as real numbers (the engine reads them so).
 *
 * @example
 * withLeverRanges(dongguan, [{ lever: 'points_cutoff', lo: 100, hi: 160 }]).parameters.points_cutoff;
 * // { kind: 'dist', spec: { dist: 'uniform', min: 100, max: 160 } }
 */
export function withLeverRanges(s: ResolvedScenario, levers: readonly LeverInput[]): ResolvedScenario {
  const seen = new Set<string>();
  let out = s;
  for (const l of levers) {
    if (seen.has(l.lever)) throw new AnalysisInputError(`lever ${l.lever} is named twice`);
    seen.add(l.lever);
    leverRange(s, l.lever, [l.lo, l.hi]); // unknown lever, range outside its bounds: an error naming it
    const spec = Object.freeze({ kind: 'dist' as const, spec: Object.freeze({ dist: 'uniform' as const, min: l.lo, max: l.hi }) });
    // A drawn value reads nothing: it goes first in the evaluation order.
    const evaluationOrder = out.evaluationOrder && Object.freeze([l.lever, ...out.evaluationOrder.filter((n) => n !== l.lever)]);
    out = withValue(out, l.lever, spec, evaluationOrder);
  }
  return out;
}
