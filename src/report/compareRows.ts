import type { Table } from 'apache-arrow';
import { numberOr, requiredColumn } from '../io/readColumns.ts';
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
  const num = (name: string, i: number) => numberOr(table.getChild(name)?.get(i));
  return targetRows(table).map((t, i) => ({
    ...t,
    reference: String(table.getChild('reference')?.get(i) ?? ''),
    difference: num('difference', i),
    differenceLower: num('difference_lower', i),
    differenceUpper: num('difference_upper', i),
  }));
}

/** One row of compare.arrow: the paired difference variant − reference of one metric in one year, over the runs. */
export interface CompareDifferenceRow {
  readonly variant: string;
  readonly reference: string;
  readonly year: number;
  readonly metric: string;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  /** Share of runs where the variant is higher (ties half). */
  readonly pBeats: number;
}

/**
 * compare.arrow's rows of one metric (nulls, where too few runs pair, as NaN).
 *
 * @example
 * compareDifferenceRows(tableFromIPC(readFileSync('out/compare-dongguan/compare.arrow')), 'registered_rate').filter((r) => r.year === 2020);
 */
export function compareDifferenceRows(table: Table, metric: string): CompareDifferenceRow[] {
  const [variant, reference, year, m, p5, p50, p95, pBeats] = ['variant', 'reference', 'year', 'metric', 'p5', 'p50', 'p95', 'pBeats'].map((k) => requiredColumn(table, k, 'compare'));
  const out: CompareDifferenceRow[] = [];
  for (let i = 0; i < table.numRows; i++)
    if (m.get(i) === metric)
      out.push({ variant: String(variant.get(i)), reference: String(reference.get(i)), year: Number(year.get(i)), metric, p5: numberOr(p5.get(i)), p50: numberOr(p50.get(i)), p95: numberOr(p95.get(i)), pBeats: numberOr(pBeats.get(i)) });
  return out;
}
