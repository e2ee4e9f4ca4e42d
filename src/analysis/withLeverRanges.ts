import type { ResolvedScenario } from '../scenario/resolved.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { keepsFedBounds, leverRangeInBounds } from './leverRange.ts';
import { withRange } from './withLever.ts';

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
 * against the lever's bounds ({@link leverRange}), and each end and value inside against the
 * bounds of what the lever feeds, the other levers over their ranges
 * (LeverEndError); persons and years are drawn as real numbers (the engine
 * reads them so).
 *
 * @example
 * withLeverRanges(dongguan, [{ lever: 'points_cutoff', lo: 100, hi: 160 }]).parameters.points_cutoff;
 * // { kind: 'dist', spec: { dist: 'uniform', min: 100, max: 160 } }
 */
export function withLeverRanges(s: ResolvedScenario, levers: readonly LeverInput[]): ResolvedScenario {
  const seen = new Set<string>();
  let out = s;
  const ranges = [];
  for (const l of levers) {
    if (seen.has(l.lever)) throw new AnalysisInputError(`lever ${l.lever} is named twice`);
    seen.add(l.lever);
    // Unknown lever, range outside its own bounds: an error naming it.
    ranges.push({ ...leverRangeInBounds(s, l.lever, [l.lo, l.hi]), lever: l.lever });
    out = withRange(out, l.lever, l.lo, l.hi);
  }
  // What each lever feeds, at each end of its range and inside it, with the others over theirs (as the CLI's --lever refuses it).
  keepsFedBounds(out, ranges);
  return out;
}
