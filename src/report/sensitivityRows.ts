import type { Table } from 'apache-arrow';
import { numberOr, requiredColumn } from '../io/readColumns.ts';
import type { SensitivityRow } from './tornadoChart.ts';

/** One row of sensitivity.arrow: one index of one input. */
export interface SensitivityIndexRow {
  readonly metric: string;
  readonly year: number;
  readonly parameter: string;
  /** `prcc`, `first` or `total`. */
  readonly index: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly runs: number;
}

/**
 * sensitivity.arrow as plain rows. Works in Node and in the browser: it
 * takes a table, not a path.
 *
 * @example
 * const rows = sensitivityRows(tableFromIPC(readFileSync('out/s/sensitivity.arrow')));
 * rows.filter((r) => r.index === 'prcc'); // one per sampled parameter
 */
export function sensitivityRows(table: Table): SensitivityIndexRow[] {
  const names = ['metric', 'year', 'parameter', 'index', 'estimate', 'lower', 'upper', 'runs'] as const;
  const cols = names.map((k) => requiredColumn(table, k, 'sensitivity'));
  const out: SensitivityIndexRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const [metric, year, parameter, index, estimate, lower, upper, runs] = cols.map((c) => c.get(i));
    out.push({
      metric: String(metric), year: Number(year), parameter: String(parameter), index: String(index),
      estimate: numberOr(estimate), lower: numberOr(lower), upper: numberOr(upper), runs: Number(runs),
    });
  }
  return out;
}

/**
 * The Sobol' rows of a sensitivity table, one per input, as the tornado
 * chart takes them (first-order and total index, interval of the total).
 *
 * @example
 * tornadoChart(tornadoRows(sensitivityRows(table)), { lang: 'zh' });
 */
export function tornadoRows(rows: readonly SensitivityIndexRow[]): SensitivityRow[] {
  const by = new Map<string, { first?: number; total?: number; lower?: number; upper?: number }>();
  for (const r of rows) {
    const e = by.get(r.parameter) ?? {};
    if (r.index === 'first') e.first = r.estimate;
    if (r.index === 'total') Object.assign(e, { total: r.estimate, lower: r.lower, upper: r.upper });
    by.set(r.parameter, e);
  }
  return [...by.entries()]
    .filter(([, e]) => e.total !== undefined)
    .map(([parameter, e]) => ({ parameter, first: e.first ?? NaN, total: e.total!, lower: e.lower!, upper: e.upper! }));
}
