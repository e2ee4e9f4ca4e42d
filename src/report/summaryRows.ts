import { InputError } from '../inputError.ts';
import type { Table } from 'apache-arrow';
import { numberColumn } from '../io/readColumns.ts';

/** One row of summary.arrow: a metric's distribution over runs in one year. */
export interface SummaryRow {
  readonly scenario: string;
  readonly year: number;
  readonly metric: string;
  /** Runs with a finite value, which the statistics are over (NaN in files before this column). */
  readonly n: number;
  /** Runs in which a capacity had no limit: a row with n = 0 and unlimited > 0 means "no limit" (NaN in older files). */
  readonly unlimited: number;
  readonly mean: number;
  readonly sd: number;
  readonly p5: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
}

const NUMBERS = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/**
 * summary.arrow as plain rows, optionally only some metrics. Reads whole
 * columns once instead of materialising Arrow row proxies. A value that does
 * not apply (a base-year flow; an unlimited capacity) is NaN, whether the
 * file holds it as null or, written by an older urbsim, as NaN or Infinity:
 * test with `Number.isFinite`, and `unlimited` for "no limit". Works in Node and in the browser: it takes a
 * table, not a path.
 *
 * @example
 * const rows = summaryRows(tableFromIPC(readFileSync('out/dalian/summary.arrow')), ['resident_rate']);
 * rows.find((r) => r.year === 2020)?.p50; // median resident rate in 2020, e.g. 0.744
 */
export function summaryRows(table: Table, metrics?: readonly string[]): SummaryRow[] {
  const scenario = table.getChild('scenario');
  const year = table.getChild('year');
  const metric = table.getChild('metric');
  if (!scenario || !year || !metric) throw new InputError('not a summary table: scenario, year and metric columns are needed');
  const cols = NUMBERS.map((k) => numberColumn(table, k, 'summary'));
  const years = numberColumn(table, 'year', 'summary');
  const counts = (k: string) => (table.getChild(k) ? numberColumn(table, k, 'summary') : undefined);
  const n = counts('n');
  const unlimited = counts('unlimited');
  const keep = metrics ? new Set(metrics) : null;
  const out: SummaryRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const m = String(metric.get(i));
    if (keep && !keep.has(m)) continue;
    const row: Record<string, unknown> = { scenario: String(scenario.get(i)), year: years[i], metric: m, n: n?.[i] ?? NaN, unlimited: unlimited?.[i] ?? NaN };
    NUMBERS.forEach((k, j) => {
      row[k] = cols[j][i];
    });
    out.push(row as unknown as SummaryRow);
  }
  return out;
}

/**
 * Whether a summary row is a capacity the scenario does not limit: every run
 * counted in `unlimited`, none with a value (`n` = 0), so its statistics are
 * null. Read from the counts, not from a missing median: a median can be
 * missing for other reasons (runs whose parameters went non-finite).
 *
 * @example
 * summaryRows(table, ['school_places']).filter(noLimit).length; // every year, for Dalian without a school_places limit
 */
export const noLimit = (r: Pick<SummaryRow, 'n' | 'unlimited'>): boolean => r.unlimited > 0 && r.n === 0;
