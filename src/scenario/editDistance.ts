/**
 * Edit distance between two words — insertions, deletions, substitutions and
 * swaps of two adjacent letters, each counting 1 (the optimal string
 * alignment distance) — for "did you mean" suggestions. A swap is the commonest
 * slip in typing (`dalain` for `dalian`): counted as two substitutions, it tied
 * with `dali` (two deletions) and the suggestion depended on the list's order.
 *
 * @example
 * editDistance('inflw', 'inflow'); // 1
 * editDistance('dalain', 'dalian'); // 1
 */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0); // row i − 2
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j); // row i − 1
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
