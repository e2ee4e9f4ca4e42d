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
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const out: TargetResult[] = [];
  let all = 0;
  const metAll = new Uint8Array(runs).fill(1);
  for (const t of targets) {
    const y = years.indexOf(t.year);
    const m = (METRICS as readonly string[]).indexOf(t.metric);
    let met = 0;
    for (let r = 0; r < runs; r++) {
      const v = y < 0 || m < 0 ? NaN : rows[(r * nYears + y) * METRIC_COUNT + m];
      const ok = t.op === '>=' ? v >= t.value : v <= t.value;
      if (ok) met++;
      else metAll[r] = 0;
    }
    out.push({ id: t.id, metric: t.metric, year: t.year, op: t.op, value: t.value, met, runs, ...probability(met, runs) });
  }
  if (targets.length > 0) {
    for (let r = 0; r < runs; r++) all += metAll[r];
    out.push({ id: 'all', metric: '*', year: null, op: 'and', value: NaN, met: all, runs, ...probability(all, runs) });
  }
  return out;
}

function probability(met: number, runs: number): { probability: number; lower: number; upper: number } {
  const w = wilson(met, runs);
  return { probability: w.p, lower: w.lower, upper: w.upper };
}
