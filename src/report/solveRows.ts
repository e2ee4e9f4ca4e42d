import type { Table } from 'apache-arrow';
import { numberOr, requiredColumn } from '../io/readColumns.ts';

/** One row of solve.arrow: the probability of meeting the target(s) at one lever value. */
export interface SolveRow {
  readonly lever: string;
  readonly x: number;
  readonly probability: number;
  readonly lower: number;
  readonly upper: number;
  readonly met: number;
  readonly runs: number;
  readonly evaluation: number;
  /** Whether this value is the answer. */
  readonly answer: boolean;
}

/**
 * solve.arrow as plain rows, sorted by lever value as written. Works in Node
 * and in the browser.
 *
 * @example
 * solveRows(tableFromIPC(readFileSync('out/q/solve.arrow'))).find((r) => r.answer)?.x;
 */
export function solveRows(table: Table): SolveRow[] {
  const names = ['lever', 'x', 'probability', 'lower', 'upper', 'met', 'runs', 'evaluation', 'answer'] as const;
  const cols = names.map((k) => requiredColumn(table, k, 'solve'));
  const out: SolveRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const [lever, x, probability, lower, upper, met, runs, evaluation, answer] = cols.map((c) => c.get(i));
    out.push({
      lever: String(lever), x: Number(x), probability: numberOr(probability), lower: numberOr(lower), upper: numberOr(upper),
      met: Number(met), runs: Number(runs), evaluation: Number(evaluation), answer: answer === true,
    });
  }
  return out;
}
