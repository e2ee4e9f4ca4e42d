import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { scalarRule } from '../scenario/scalarRule.ts';
import { showValue } from '../scenario/valueRule.ts';
import { runsText } from '../report/batchMarks.ts';

/** One checked parameter over all runs: in how many runs, and how many run-years, it left its key's bounds. */
export interface OutOfBoundsSummary {
  readonly parameter: string;
  readonly source: 'expression' | 'shocks' | 'expression, shocks';
  readonly min: number;
  readonly max: number;
  readonly runs: number;
  readonly runYears: number;
}

/**
 * Sum a Monte Carlo result's per-run out-of-bounds counts
 * ({@link MonteCarloResult.outOfBounds}) per checked parameter, every checked
 * parameter listed (0 runs: checked, never out); for merged shards, the sum
 * of their totals. Empty for a result read back from files, which does not
 * carry the counts.
 *
 * @example
 * outOfBoundsSummary(result); // [{ parameter: 'migrant_settle_rate', source: 'expression', min: 0, max: 1, runs: 312, runYears: 1204 }]
 */
export function outOfBoundsSummary(r: MonteCarloResult): OutOfBoundsSummary[] {
  if (r.outOfBoundsTotals) return [...r.outOfBoundsTotals];
  if (!r.outOfBounds) return [];
  const { checks, counts } = r.outOfBounds;
  const k = checks.length;
  const runs = r.runEnd - r.runStart;
  return checks.map((ch, i) => {
    let out = 0;
    let years = 0;
    for (let run = 0; run < runs; run++) {
      const n = counts[run * k + i];
      if (n > 0) out++;
      years += n;
    }
    return { parameter: ch.name, source: ch.source, min: ch.rule.min, max: ch.rule.max, runs: out, runYears: years };
  });
}

/**
 * One line per parameter that left its bounds in some run, for the terminal.
 * Rates and negative counts are clamped by the kernel; counts above their
 * ceiling of 20亿 and other units (years, points, multipliers) are used as computed.
 *
 * @example
 * outOfBoundsWarnings(result);
 * // ['warning: migrant_settle_rate (expression) gave values outside [0%, 100%] or not finite in 312 of 1,000 runs, 1,204 run-years (clamped; a non-finite value makes the run NaN)']
 */
export function outOfBoundsWarnings(r: MonteCarloResult): string[] {
  const runs = r.runEnd - r.runStart;
  return outOfBoundsSummary(r)
    .filter((s) => s.runs > 0)
    .map((s) => {
      const rule = scalarRule(s.parameter);
      // A count's ceiling (20亿) is checked but not clamped by the kernel: said as what it is.
      const ceiling = rule.kind === 'persons' && rule.shownMax !== undefined && s.max === rule.max;
      const range = `${s.max === Infinity ? `below ${showValue(s.min, rule)}` : ceiling ? `below ${showValue(s.min, rule)} or above ${rule.shownMax}` : `outside [${showValue(s.min, rule)}, ${showValue(s.max, rule)}]`} or not finite`;
      const counts = ceiling ? 'negatives clamped to 0, more than 20亿 used as computed' : 'negatives clamped to 0';
      const effect = `${rule.kind === 'rate' ? 'clamped' : rule.kind === 'persons' ? counts : 'used as computed'}; a non-finite value makes the run NaN`;
      return `warning: ${s.parameter} (${s.source}) gave values ${range} in ${s.runs.toLocaleString('en')} of ${runsText(runs)}, ${s.runYears.toLocaleString('en')} run-years (${effect})`;
    });
}
