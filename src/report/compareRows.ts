import type { Table } from 'apache-arrow';
import { type TargetRow, targetRows } from './targetRows.ts';

/** One row of compare-targets.arrow: a target in one variant, and its paired difference from the reference. */
export interface CompareTargetRow extends TargetRow {
  readonly reference: string;
  /** P(variant) − P(reference) run by run and Tango's score interval; NaN on the reference's own rows. */
  readonly difference: number;
  readonly differenceLower: number;
  readonly differenceUpper: number;
}

/**
 * compare-targets.arrow as plain rows (`scenario` is the variant). Works in
 * Node and in the browser: it takes a table, not a path.
 *
 * @example
 * compareTargetRows(tableFromIPC(readFileSync('out/compare-dongguan/compare-targets.arrow'))).filter((r) => Number.isFinite(r.difference));
 */
export function compareTargetRows(table: Table): CompareTargetRow[] {
  const num = (name: string, i: number) => {
    const v = table.getChild(name)?.get(i);
    return v === null || v === undefined ? NaN : Number(v);
  };
  return targetRows(table).map((t, i) => ({
    ...t,
    reference: String(table.getChild('reference')?.get(i) ?? ''),
    difference: num('difference', i),
    differenceLower: num('difference_lower', i),
    differenceUpper: num('difference_upper', i),
  }));
}
