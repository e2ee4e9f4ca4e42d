/**
 * Ranks 1..n of `values`, tied values sharing the average of the ranks they
 * span (the "fractional" ranking Spearman's correlation needs: with ties
 * broken arbitrarily, a constant input would look correlated with anything).
 *
 * @example
 * averageRanks([10, 30, 20, 20]); // Float64Array [1, 4, 2.5, 2.5]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // Positions i..j−1 (0-based) hold equal values: ranks i+1..j, average (i+1+j)/2.
    const r = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) ranks[order[t]] = r;
    i = j;
  }
  return ranks;
}
