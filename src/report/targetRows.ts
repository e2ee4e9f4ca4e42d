import type { Table } from 'apache-arrow';
import type { OwnWeighed } from '../batch/ownFigures.ts';
import { numberOr, requiredColumn } from '../io/readColumns.ts';

/** One row of targets.arrow: a target (or `all` of them) and its probability. */
export interface TargetRow {
  readonly scenario: string;
  /** Target id, or `all` for every target of the scenario jointly. */
  readonly target: string;
  /** Metric column; `*` for the joint row (null in the file). */
  readonly metric: string;
  /** Target year; null for the joint row. */
  readonly year: number | null;
  readonly op: string;
  /** Threshold; null for the joint row. */
  readonly value: number | null;
  readonly met: number;
  readonly runs: number;
  readonly probability: number;
  /** 95 % Wilson interval of the probability. */
  readonly lower: number;
  readonly upper: number;
  /**
   * The probability rests mainly on defaults (column `on_defaults`, the reachability report's †; a run's table and a
   * batch's); absent on a joint row and in a table without the column (a run's written before 2026-12-05).
   */
  readonly onDefaults?: boolean;
  /**
   * The probability rests on an assumed change of the registered count's definition (column `on_break`, the §,
   * src/batch/onBreak.ts; a run's table and a batch's); absent on a joint row and in a table without the column.
   */
  readonly onBreak?: boolean;
  /** A batch's table only: the scenario's area's own figures after its base year (column `own_figures`); absent when none. */
  readonly ownFigures?: number;
  /**
   * A batch's table only: the probability weighed by the area's own figures, its 95 % Wilson interval and the effective
   * runs it rests on (columns `weighed_*`); absent where nothing is weighed.
   */
  readonly weighed?: { readonly probability: number; readonly lower: number; readonly upper: number; readonly runs: number };
}

/**
 * targets.arrow (of a run, or a batch's combined table) as plain rows.
 * Works in Node and in the browser: it takes a table, not a path.
 *
 * @example
 * const rows = targetRows(tableFromIPC(readFileSync('out/dalian/targets.arrow')));
 * rows.find((r) => r.target === 'all')?.probability; // all targets jointly
 */
export function targetRows(table: Table): TargetRow[] {
  const names = ['scenario', 'target', 'metric', 'year', 'op', 'value', 'met', 'runs', 'probability', 'lower', 'upper'] as const;
  const cols = names.map((k) => requiredColumn(table, k, 'targets'));
  // A batch's columns (on_defaults a run's too), absent from a run's table and from a batch's written before them.
  const [onDefaults, onBreak, ownFigures, weighed, weighedLower, weighedUpper, weighedRuns] = ['on_defaults', 'on_break', 'own_figures', 'weighed_probability', 'weighed_lower', 'weighed_upper', 'weighed_runs'].map((k) => table.getChild(k));
  const out: TargetRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const [scenario, target, metric, year, op, value, met, runs, probability, lower, upper] = cols.map((c) => c.get(i));
    const d: unknown = onDefaults?.get(i);
    const b: unknown = onBreak?.get(i);
    const w = weighed?.get(i);
    const own = ownFigures?.get(i);
    out.push({
      scenario: String(scenario),
      target: String(target),
      metric: metric === null ? '*' : String(metric),
      year: year === null ? null : Number(year),
      op: String(op),
      // The joint row has no threshold: null (NaN in older files).
      value: value === null || Number.isNaN(value) ? null : Number(value),
      met: Number(met),
      runs: Number(runs),
      probability: numberOr(probability),
      lower: numberOr(lower),
      upper: numberOr(upper),
      ...(typeof d === 'boolean' && { onDefaults: d }),
      ...(typeof b === 'boolean' && { onBreak: b }),
      ...(own !== null && own !== undefined && { ownFigures: Number(own) }),
      ...(w !== null && w !== undefined && {
        weighed: { probability: Number(w), lower: numberOr(weighedLower?.get(i)), upper: numberOr(weighedUpper?.get(i)), runs: numberOr(weighedRuns?.get(i)) },
      }),
    });
  }
  return out;
}

/**
 * The order plans list targets in: by year, resident before registered,
 * other metrics after, and the joint row last. For `Array.prototype.sort`.
 *
 * @example
 * [...targetRows(table)].sort(byTargetOrder).map((t) => t.target);
 * // ['resident_rate>=0.714@2017', 'registered_rate>=0.67@2017', …, 'all']
 */
export function byTargetOrder(a: TargetRow, b: TargetRow): number {
  const key = (t: TargetRow) => (t.year === null ? Infinity : t.year * 10 + (t.metric === 'resident_rate' ? 0 : t.metric === 'registered_rate' ? 1 : 2));
  return key(a) - key(b) || a.target.localeCompare(b.target);
}

/**
 * A batch member's targets (its own targets.arrow) with each one's probability weighed by the area's own figures, from
 * its folder's weighed answer (weighed.json, {@link OwnWeighed}), as the batch's table carries them (`weighed_*`); as they
 * are where nothing is weighed: no answer, no figure (every one already in the scenario's laws), or every run the same
 * projection (then the weighed probability is the plain one, with no Monte Carlo error to give). Works in the browser
 * too: the report and the targets notebook give the same column.
 *
 * @example
 * withWeighed(targetRows(table), readWeighed('out/pilots/weihai')).find((t) => t.target === 'all')?.weighed;
 * // { probability: 0.601, lower: 0.528, upper: 0.67, runs: 177 }
 */
export function withWeighed(targets: readonly TargetRow[], answer: Pick<OwnWeighed, 'figures' | 'targets' | 'identical'> | undefined): TargetRow[] {
  const byId = new Map((answer?.figures.length && !answer.identical ? answer.targets : []).map((t) => [t.id, t]));
  return targets.map((t) => {
    const w = byId.get(t.target);
    // A probability no run gives (NaN: no run weighs anything) is none: said as such, not as '–' with an interval of 0–100 %.
    return w && Number.isFinite(w.probability) ? { ...t, weighed: { probability: w.probability, lower: w.lower, upper: w.upper, runs: w.effectiveRuns } } : t;
  });
}
