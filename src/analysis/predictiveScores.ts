/**
 * Proper scores of a predictive sample against what happened, for weighted
 * samples (weights need not sum to 1; NaN values and non-positive weights are
 * left out).
 */

/** Sample values sorted, with their weights normalized to sum to 1. */
function sortedSample(values: ArrayLike<number>, weights?: ArrayLike<number>): { x: Float64Array; w: Float64Array } {
  const idx: number[] = [];
  // Stryker disable next-line EqualityOperator: equivalent — a weight of 0 adds nothing to any score, and all of them 0 gives NaN either way
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && (!weights || weights[i] > 0)) idx.push(i);
  idx.sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const i of idx) total += weights ? weights[i] : 1;
  return { x: Float64Array.from(idx, (i) => values[i]), w: Float64Array.from(idx, (i) => (weights ? weights[i] : 1) / total) };
}

/**
 * Continuous ranked probability score of a sample (Gneiting & Raftery 2007,
 * JASA 102:359): E|X − y| − ½E|X − X′|, in the units of the values; 0 for a
 * sample that is all y, smaller is better. For a point forecast it is the
 * absolute error. Uses the sorted-sample identity
 * Σᵢⱼ wᵢwⱼ|xᵢ − xⱼ| = 2 Σᵢ wᵢxᵢ(W<ᵢ − W>ᵢ).
 *
 * @example
 * crps([0, 1], undefined, 0);  // E|X − 0| = 0.5, ½E|X − X′| = 0.25: 0.25
 * crps([3, 3, 3], undefined, 1); // 2
 */
export function crps(values: ArrayLike<number>, weights: ArrayLike<number> | undefined, y: number): number {
  const { x, w } = sortedSample(values, weights);
  if (x.length === 0 || Number.isNaN(y)) return NaN;
  let toY = 0;
  let spread = 0;
  let below = 0;
  for (let i = 0; i < x.length; i++) {
    toY += w[i] * Math.abs(x[i] - y);
    const above = 1 - below - w[i];
    spread += w[i] * x[i] * (below - above);
    below += w[i];
  }
  return toY - spread;
}

/**
 * Probability integral transform: the predictive's probability below y (ties
 * counted half). Over many figures, a well-calibrated forecast gives PIT values
 * spread evenly over 0–1; piled at the ends means too narrow, in the middle
 * too wide.
 *
 * @example
 * pit([1, 2, 3, 4], undefined, 2.5); // 0.5
 */
export function pit(values: ArrayLike<number>, weights: ArrayLike<number> | undefined, y: number): number {
  const { x, w } = sortedSample(values, weights);
  if (x.length === 0 || Number.isNaN(y)) return NaN;
  let p = 0;
  // Stryker disable next-line EqualityOperator: equivalent — x[length] is undefined, neither below y nor equal to it
  for (let i = 0; i < x.length; i++) p += x[i] < y ? w[i] : x[i] === y ? w[i] / 2 : 0;
  return p;
}

/**
 * Interval score of a central (1 − α) interval [l, u] (Gneiting & Raftery
 * 2007): its width plus 2/α times the distance by which y falls outside;
 * smaller is better, and only an interval at the true quantiles minimizes it
 * on average.
 *
 * @example
 * intervalScore(1, 9, 10, 0.2); // width 8 + (2 / 0.2) · 1 = 18
 */
export function intervalScore(l: number, u: number, y: number, alpha: number): number {
  return u - l + (2 / alpha) * (Math.max(0, l - y) + Math.max(0, y - u));
}
