/**
 * Quantiles of a weighted sample. Sorted values with positive weights w_j
 * sit at the middle of their weight, (C_j − w_j/2 − w_first/2) / (W −
 * w_first/2 − w_last/2), C_j the running total of weights up to and
 * including j and W their sum, so the smallest value is at 0, the largest at
 * 1, and reversing the sample reverses the positions; a quantile interpolates
 * linearly between the values around p. With equal weights value j sits at
 * j / (n − 1), which is type 7 (simple-statistics `quantileSorted`), so
 * weighted and unweighted summaries agree when the weights do. Zero and NaN weights, and NaN values,
 * are left out; with no value left every quantile is NaN.
 *
 * @example
 * weightedQuantiles([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [0.1, 0.5]); // Float64Array [1.4, 3]
 * weightedQuantiles([1, 2, 3], [1, 2, 1], [0.5]);                   // Float64Array [2]
 */
export function weightedQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, probs: readonly number[]): Float64Array {
  if (values.length !== weights.length) throw new RangeError(`${values.length} values but ${weights.length} weights`);
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (weights[i] > 0 && !Number.isNaN(values[i])) idx.push(i);
  idx.sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(probs.length);
  const n = idx.length;
  if (n === 0) return out.fill(NaN);
  if (n === 1) return out.fill(values[idx[0]]);
  const wFirst = weights[idx[0]];
  let total = 0;
  for (const i of idx) total += weights[i];
  const denom = total - wFirst / 2 - weights[idx[n - 1]] / 2;
  const pos = new Float64Array(n);
  let cum = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[idx[j]];
    cum += w;
    pos[j] = (cum - w / 2 - wFirst / 2) / denom;
  }
  probs.forEach((p, q) => {
    if (p <= 0) return void (out[q] = values[idx[0]]);
    if (p >= 1) return void (out[q] = values[idx[n - 1]]);
    let j = 1;
    // The last position is 1 by construction but can round an ulp below it: a p between stays on the last span.
    while (j < n - 1 && pos[j] < p) j++;
    const span = pos[j] - pos[j - 1];
    const t = span > 0 ? Math.min(1, (p - pos[j - 1]) / span) : 1;
    out[q] = values[idx[j - 1]] + t * (values[idx[j]] - values[idx[j - 1]]);
  });
  return out;
}
