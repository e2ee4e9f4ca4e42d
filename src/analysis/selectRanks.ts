/**
 * Reorder `values` so that `values[k]` is the value a sort would put there, for every rank k of `ranks` (any order,
 * repeats allowed; ranks is sorted in place): quickselect for each rank, each within the part of the array the
 * ranks before it left, so a handful of quantiles cost a few passes over the values instead of a sort. NaN must be
 * left out first.
 *
 * @example
 * const v = Float64Array.of(5, 1, 4, 2, 3);
 * selectRanks(v, Int32Array.of(2)); // v[2] === 3
 */
export function selectRanks(values: Float64Array, ranks: Int32Array): void {
  ranks.sort();
  within(values, 0, values.length - 1, ranks, 0, ranks.length - 1);
}

/** Place ranks[kLo..kHi] (sorted, all in lo..hi) within values[lo..hi]. */
function within(a: Float64Array, lo: number, hi: number, ranks: Int32Array, kLo: number, kHi: number): void {
  if (kLo > kHi || lo >= hi) return;
  const mid = (kLo + kHi) >> 1;
  const k = ranks[mid];
  select(a, lo, hi, k);
  let left = mid - 1;
  while (left >= kLo && ranks[left] === k) left--;
  let right = mid + 1;
  while (right <= kHi && ranks[right] === k) right++;
  within(a, lo, k - 1, ranks, kLo, left);
  within(a, k + 1, hi, ranks, right, kHi);
}

/** Hoare's quickselect with a median-of-three pivot: a[k] is the k-th smallest of a[lo..hi], smaller ones before it, larger after. */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    if (a[m] < a[lo]) swap(a, m, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[m]) swap(a, hi, m);
    const pivot = a[m];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
