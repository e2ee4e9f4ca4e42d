import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import type { TargetSpec } from '../scenario/resolved.ts';
import { wilson } from './wilson.ts';

export interface TargetResult {
  /** Target id, or `all` for every target jointly. */
  readonly id: string;
  readonly metric: string;
  readonly year: number | null;
  readonly op: string;
  readonly value: number;
  readonly met: number;
  readonly runs: number;
  readonly probability: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The share of runs meeting each target and all of them jointly, with a
 * 95 % Wilson interval. A target year outside the projection, or an unknown
 * metric, counts as not met (the validator rejects both before a run).
 *
 * @example
 * targetProbabilities(result.rows, result.years, scenario.targets);
 * // [{ id: 'resident_rate>=0.756@2020', probability: 0.42, lower: 0.39, upper: 0.45, … }, { id: 'all', … }]
 */
export function targetProbabilities(rows: Float64Array, years: Int32Array, targets: readonly TargetSpec[]): TargetResult[] {
  return targetResults(targets, targetCounts(rows, years, targets), rows.length / (years.length * METRIC_COUNT));
}

/**
 * Runs of `rows` meeting each target, then all of them jointly (none when there are no targets): counts of
 * consecutive slices of runs add up, so a stream of chunks is counted chunk by chunk.
 *
 * @example
 * const met = targetCounts(chunkRows, years, scenario.targets); // Int32Array [412, 97, 80]
 */
export function targetCounts(rows: Float64Array, years: Int32Array, targets: readonly TargetSpec[]): Int32Array {
  if (targets.length === 0) return new Int32Array(0);
  return Int32Array.from(metByRun(rows, years, targets), (m) => m.reduce((a, b) => a + b, 0));
}

/** Each target's (and all targets' jointly) probability with its 95 % Wilson interval, from {@link targetCounts} over `runs` runs. */
export function targetResults(targets: readonly TargetSpec[], counts: Int32Array, runs: number): TargetResult[] {
  if (targets.length === 0) return [];
  const out: TargetResult[] = targets.map((t, i) => ({ id: t.id, metric: t.metric, year: t.year, op: t.op, value: t.value, met: counts[i], runs, ...probability(counts[i], runs) }));
  const all = counts[targets.length];
  out.push({ id: 'all', metric: '*', year: null, op: 'and', value: NaN, met: all, runs, ...probability(all, runs) });
  return out;
}

/**
 * Run by run, 1 where a target is met and 0 where not: one array per
 * target, then one for all of them jointly. A target year outside the
 * projection, or an unknown metric, counts as not met.
 *
 * @example
 * const [first, , all] = metByRun(result.rows, result.years, [t1, t2]);
 * first[17]; // 1 if run 17 meets t1
 */
export function metByRun(rows: Float64Array, years: Int32Array, targets: readonly TargetSpec[]): Uint8Array[] {
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const all = new Uint8Array(runs).fill(1);
  const out = targets.map((t) => {
    const y = years.indexOf(t.year);
    const m = (METRICS as readonly string[]).indexOf(t.metric);
    const met = new Uint8Array(runs);
    for (let r = 0; r < runs; r++) {
      const v = y < 0 || m < 0 ? NaN : rows[(r * nYears + y) * METRIC_COUNT + m];
      met[r] = (t.op === '>=' ? v >= t.value : v <= t.value) ? 1 : 0;
      all[r] &= met[r];
    }
    return met;
  });
  return [...out, all];
}

function probability(met: number, runs: number): { probability: number; lower: number; upper: number } {
  const w = wilson(met, runs);
  return { probability: w.p, lower: w.lower, upper: w.upper };
}
