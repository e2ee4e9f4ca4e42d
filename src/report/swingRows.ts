import type { Table } from 'apache-arrow';
import { numberOr } from '../io/readColumns.ts';

/** One input of swing.arrow: its lowest and highest tenth of draws (or value) and the metric's mean in each. */
export interface SwingRow {
  readonly parameter: string;
  readonly lever: boolean;
  /** Grouped by value (an input of few values): its lowest and highest value, not tenths; absent in files written before the column. */
  readonly byValue?: boolean;
  readonly lowMin: number;
  readonly lowMax: number;
  readonly lowMetric: number;
  readonly highMin: number;
  readonly highMax: number;
  readonly highMetric: number;
}

/**
 * swing.arrow (two rows per input) as one row per input. Works in Node and
 * in the browser.
 *
 * @example
 * swingRows(tableFromIPC(readFileSync('out/s/swing.arrow'))).find((r) => r.lever);
 */
export function swingRows(table: Table): SwingRow[] {
  const get = (name: string, i: number) => table.getChild(name)?.get(i);
  const by = new Map<string, Partial<SwingRow> & { parameter: string }>();
  for (let i = 0; i < table.numRows; i++) {
    const parameter = String(get('parameter', i));
    const row = by.get(parameter) ?? { parameter, lever: get('lever', i) === true, byValue: get('by_value', i) === true };
    const side = get('tenth', i) === 'high' ? 'high' : 'low';
    Object.assign(row, {
      [`${side}Min`]: numberOr(get('input_min', i)),
      [`${side}Max`]: numberOr(get('input_max', i)),
      [`${side}Metric`]: numberOr(get('metric_mean', i)),
    });
    by.set(parameter, row);
  }
  return [...by.values()] as SwingRow[];
}
