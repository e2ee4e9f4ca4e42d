import type { Uniform } from '../montecarlo/rng.ts';

/**
 * The sample design of Saltelli et al. (2010, Comput. Phys. Commun. 181:259)
 * for first-order and total Sobol' indices of k inputs from (k + 2)·n model
 * evaluations: two independent n × k matrices A and B of uniform numbers,
 * and for each input i the matrix AB_i, which is A with column i taken from B.
 *
 * Returned as one row-major Float64Array of (k + 2)·n rows × k columns, in
 * blocks of n rows: block 0 is A, block 1 is B, block 2 + i is AB_i. Row r of
 * block b starts at `((b · n) + r) · k`. A is drawn first, row by row, then
 * B, so a given source gives the same design. Values are in (0, 1): map each
 * column through its distribution's quantile function (`quantile(spec, u)`)
 * before evaluating, which keeps the inputs independent as the indices assume.
 *
 * @example
 * const d = saltelliDesign(1024, 3, stream(seed, 'sobol', 'design'));
 * d.length; // (3 + 2) · 1024 · 3
 * // f(A) = evaluations of rows 0..1023, f(B) rows 1024..2047, f(AB_0) rows 2048..3071, …
 */
export function saltelliDesign(n: number, k: number, u: Uniform): Float64Array {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1) throw new RangeError(`n and k must be positive integers, got n = ${n}, k = ${k}`);
  const out = new Float64Array((k + 2) * n * k);
  for (let j = 0; j < 2 * n * k; j++) out[j] = u();
  fillSaltelliMixes(out, n, k);
  return out;
}

/**
 * Fills the AB_i blocks of a Saltelli design whose blocks A (rows 0..n−1) and
 * B (rows n..2n−1) are already in `out`: block 2 + i is A with column i taken
 * from B, as {@link saltelliDesign} lays it out. Rows past block k + 1 (if
 * `out` is longer) are left as they are.
 *
 * @example
 * const d = new Float64Array(4 * 2 * 2); d.set([1, 2, 3, 4, 5, 6, 7, 8]); // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]
 * fillSaltelliMixes(d, 2, 2); // AB_0 = [[5, 2], [7, 4]], AB_1 = [[1, 6], [3, 8]]
 */
export function fillSaltelliMixes(out: Float64Array, n: number, k: number): void {
  const bOffset = n * k;
  for (let i = 0; i < k; i++) {
    const block = (2 + i) * n * k;
    out.copyWithin(block, 0, n * k);
    for (let r = 0; r < n; r++) out[block + r * k + i] = out[bOffset + r * k + i];
  }
}
