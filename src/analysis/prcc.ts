import { averageRanks } from './averageRanks.ts';
import { leastSquares } from './leastSquares.ts';

/**
 * Partial rank correlation coefficients of an output with each of k inputs
 * over n samples (Marino et al. 2008, J. Theor. Biol. 254:178): rank every
 * input and the output (ties get average ranks), then for input i regress its
 * ranks and the output's ranks on the other inputs' ranks (with intercept)
 * and correlate the two residuals. Ranks make the measure fit any monotone
 * relation, not only linear ones; partialling out the other inputs removes
 * the spurious correlation a Latin hypercube's finite sample leaves between
 * inputs. An input whose residual has no variance (constant, or a copy of
 * other inputs) gets NaN; an input whose partner, the output's residual, has
 * none (the other inputs already rank the output exactly) gets 0.
 *
 * `X` is row-major n × k (sample s, input i at `s · k + i`), as the
 * Monte Carlo runner's `sampled` array is.
 *
 * @example
 * // x1 = [1 2 3 4 5], x2 = [2 1 4 3 5], y = [1 3 2 5 4]
 * prcc(Float64Array.of(1, 2, 2, 1, 3, 4, 4, 3, 5, 5), 2, Float64Array.of(1, 3, 2, 5, 4));
 * // Float64Array [0.9784, -0.9444]
 */
export function prcc(X: Float64Array, k: number, y: Float64Array): Float64Array {
  const n = y.length;
  if (X.length !== n * k) throw new RangeError(`X has ${X.length} values, expected ${n} samples × ${k} inputs`);
  const ranks: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const col = new Float64Array(n);
    for (let s = 0; s < n; s++) col[s] = X[s * k + i];
    ranks.push(averageRanks(col));
  }
  const ry = averageRanks(y);
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const others = ranks.filter((_, j) => j !== i);
    const ex = leastSquares(others, ranks[i]).residuals;
    const ey = leastSquares(others, ry).residuals;
    out[i] = correlation(ex, ey);
  }
  return out;
}

/** Pearson correlation of two residual vectors (re-centred to absorb rounding in the intercept). */
function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // Ranks are O(n), so residual sums of squares below 1e-18·n² are rounding
  // noise: the input (first case) cannot be told apart from the others, or
  // the output (second case) is already fully explained without this input.
  const tiny = 1e-18 * n * n;
  if (saa <= tiny) return NaN;
  if (sbb <= tiny) return 0;
  return sab / Math.sqrt(saa * sbb);
}
