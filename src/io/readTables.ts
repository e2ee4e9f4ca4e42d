import { join } from 'node:path';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import { numberColumn, numberOr } from './readColumns.ts';
import { readArrowFile } from './readArrowFile.ts';

/**
 * targets.arrow of a run folder as plain rows, in memory as the analysis
 * made them: the joint row's null metric is `*` and its null value NaN.
 *
 * @example
 * readTargets('out/dalian').find((t) => t.id === 'all')?.probability;
 */
export function readTargets(dir: string): TargetResult[] {
  const t = readArrowFile(join(dir, 'targets.arrow'));
  return t.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    return {
      id: String(o.target),
      metric: o.metric === null ? '*' : String(o.metric),
      year: o.year === null ? null : Number(o.year),
      op: String(o.op),
      value: numberOr(o.value),
      met: Number(o.met),
      runs: Number(o.runs),
      probability: Number(o.probability),
      lower: Number(o.lower),
      upper: Number(o.upper),
    };
  });
}

/**
 * One statistic of summary.arrow as a lookup `metric → year → value`, NaN
 * where the file holds null (no run has a finite value).
 *
 * @example
 * readSummaryStat('out/dalian', 'p50').get('resident_rate')?.get(2020);
 */
export function readSummaryStat(dir: string, stat: string): Map<string, Map<number, number>> {
  return readSummaryStats(dir, [stat])[0];
}

/**
 * Several statistics of summary.arrow, the file read once: one lookup
 * `metric → year → value` per statistic, in the order asked
 * ({@link readSummaryStat}).
 *
 * @example
 * const [p10, p50, p90] = readSummaryStats('out/dalian', ['p10', 'p50', 'p90']);
 */
export function readSummaryStats(dir: string, stats: readonly string[]): Map<string, Map<number, number>>[] {
  const file = join(dir, 'summary.arrow');
  const t = readArrowFile(file);
  const metric = t.getChild('metric')!;
  const year = t.getChild('year')!.toArray() as Int32Array;
  return stats.map((stat) => {
    const v = numberColumn(t, stat, 'summary', NaN, file);
    const out = new Map<string, Map<number, number>>();
    for (let i = 0; i < t.numRows; i++) {
      const m = String(metric.get(i));
      if (!out.has(m)) out.set(m, new Map());
      out.get(m)!.set(year[i], v[i]);
    }
    return out;
  });
}
