import { selectRanks } from './selectRanks.ts';

/** Below this many values, quickselect ({@link selectRanks}) is cheaper than counting into buckets. */
const SMALL = 512;
/** Buckets within buckets: a crowded bucket is split again, this many times at most, before quickselect takes it. */
const MAX_DEPTH = 4;
const BUCKETS = 4096;
/** Per depth: bucket counts (then starts), the gathering position of each wanted bucket, and the gathered values. */
const counts = Array.from({ length: MAX_DEPTH }, () => new Int32Array(BUCKETS + 1));
const slots = Array.from({ length: MAX_DEPTH }, () => new Int32Array(BUCKETS));
const gathered = Array.from({ length: MAX_DEPTH }, () => new Float64Array(0));
let local = new Int32Array(64);

/**
 * The values a sort of `values` would put at each of `ranks` (ascending, each < values.length) into `out` (`out[i]`
 * for `ranks[i]`), without sorting. `values` (finite, within [min, max]; may be reordered) are counted into
 * buckets of equal width between min and max in one pass — rounding is monotone, so every value of a bucket sorts
 * before every value of the next — and only the buckets holding a wanted rank are gathered and searched, split
 * again when crowded, by quickselect when small. A few passes over the values instead of a quickselect per rank:
 * summaries of 100,000 runs spend most of their time here.
 *
 * @example
 * const out = new Float64Array(2);
 * valuesAtRanks(Float64Array.of(5, 1, 4, 2, 3), 1, 5, Int32Array.of(0, 2), out); // out = [1, 3]
 */
export function valuesAtRanks(values: Float64Array, min: number, max: number, ranks: Int32Array, out: Float64Array): void {
  atRanks(values, min, max, ranks, 0, ranks.length, 0, out, 0);
}

/** ranks[from..to), shifted by `offset` into `v`, whose values lie in [min, max]. */
function atRanks(v: Float64Array, min: number, max: number, ranks: Int32Array, from: number, to: number, offset: number, out: Float64Array, depth: number): void {
  if (!(max > min)) {
    for (let i = from; i < to; i++) out[i] = min; // one value throughout
    return;
  }
  const n = v.length;
  const buckets = Math.min(BUCKETS, n >> 3);
  const scale = buckets / (max - min);
  if (n <= SMALL || depth === MAX_DEPTH || !(scale > 0 && scale < Infinity)) {
    if (local.length < to - from) local = new Int32Array(to - from);
    const k = local.subarray(0, to - from);
    for (let i = from; i < to; i++) k[i - from] = ranks[i] - offset;
    selectRanks(v, k);
    for (let i = from; i < to; i++) out[i] = v[ranks[i] - offset];
    return;
  }
  const last = buckets - 1;
  const start = counts[depth];
  start.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = ((v[i] - min) * scale) | 0;
    start[b < last ? b : last]++;
  }
  // counts → first position of each bucket in sorted order; start[buckets] = n
  for (let b = 0, at = 0; b <= buckets; b++) {
    const c = start[b];
    start[b] = at;
    at += c;
  }
  const slot = slots[depth];
  slot.fill(-1, 0, buckets);
  let size = 0;
  for (let i = from, b = 0; i < to; i++) {
    const k = ranks[i] - offset;
    while (start[b + 1] <= k) b++;
    if (slot[b] < 0) {
      slot[b] = size;
      size += start[b + 1] - start[b];
    }
  }
  if (gathered[depth].length < size) gathered[depth] = new Float64Array(Math.max(size, 2 * gathered[depth].length));
  const into = gathered[depth];
  for (let i = 0; i < n; i++) {
    const x = v[i];
    let b = ((x - min) * scale) | 0;
    if (b > last) b = last;
    const at = slot[b];
    if (at >= 0) {
      into[at] = x;
      slot[b] = at + 1;
    }
  }
  // Each wanted bucket, with the ranks that fall in it: slot[b] now ends the bucket's gathered values.
  for (let i = from, b = 0; i < to; ) {
    const k = ranks[i] - offset;
    while (start[b + 1] <= k) b++;
    let j = i + 1;
    while (j < to && ranks[j] - offset < start[b + 1]) j++;
    const count = start[b + 1] - start[b];
    const part = into.subarray(slot[b] - count, slot[b]);
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = 0; p < count; p++) {
      const x = part[p];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    atRanks(part, lo, hi, ranks, i, j, offset + start[b], out, depth + 1);
    i = j;
  }
}
