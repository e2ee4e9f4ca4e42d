/** Coefficients (intercept first) and residuals of a least-squares fit. */
export interface LeastSquaresFit {
  /** `[intercept, b_1, …, b_p]`; a column found collinear with earlier ones gets 0. */
  readonly coefficients: Float64Array;
  /** `y − fitted`, unweighted, one per observation. */
  readonly residuals: Float64Array;
}

/**
 * Least squares of `y` on an intercept and `columns` (each of length n),
 * optionally weighted. Solved by a QR factorisation (modified Gram–Schmidt on
 * the rows scaled by √w) rather than the normal equations: rank-transformed
 * inputs of a Latin hypercube, or ABC summaries, can be nearly collinear, and
 * XᵀX squares the condition number. A column whose remaining norm after
 * removing the earlier ones is below 1e-10 of its own norm adds nothing to the
 * fit, so it is dropped instead of making the system singular.
 *
 * @example
 * // y = 1 + 2x exactly
 * leastSquares([Float64Array.of(0, 1, 2)], Float64Array.of(1, 3, 5));
 * // { coefficients: [1, 2], residuals: [0, 0, 0] }
 */
export function leastSquares(columns: readonly Float64Array[], y: Float64Array, weights?: Float64Array): LeastSquaresFit {
  const n = y.length;
  const p = columns.length + 1;
  for (const c of columns) if (c.length !== n) throw new RangeError(`a column has ${c.length} values, y has ${n}`);
  if (weights && weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} observations`);
  const sw = new Float64Array(n);
  for (let i = 0; i < n; i++) sw[i] = weights ? Math.sqrt(weights[i]) : 1;
  const q: Float64Array[] = [];
  const r = new Float64Array(p * p);
  const kept = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = sw[i] * (j === 0 ? 1 : columns[j - 1][i]);
    const norm0 = Math.sqrt(dot(v, v));
    for (let l = 0; l < j; l++) {
      if (!kept[l]) continue;
      const rl = dot(q[l], v);
      r[l * p + j] = rl;
      for (let i = 0; i < n; i++) v[i] -= rl * q[l][i];
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm0 > 0 && norm > 1e-10 * norm0) {
      kept[j] = 1;
      r[j * p + j] = norm;
      for (let i = 0; i < n; i++) v[i] /= norm;
    }
    q.push(v);
  }
  const wy = new Float64Array(n);
  for (let i = 0; i < n; i++) wy[i] = sw[i] * y[i];
  const beta = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    if (!kept[j]) continue;
    let s = dot(q[j], wy);
    for (let l = j + 1; l < p; l++) s -= r[j * p + l] * beta[l];
    beta[j] = s / r[j * p + j];
  }
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let fit = beta[0];
    for (let j = 1; j < p; j++) fit += beta[j] * columns[j - 1][i];
    residuals[i] = y[i] - fit;
  }
  return { coefficients: beta, residuals };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
