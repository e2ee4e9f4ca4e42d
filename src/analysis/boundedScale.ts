/** How a parameter is transformed for the regression adjustment, by which of its bounds are finite. */
export type ScaleKind = 'logit' | 'log' | 'log-upper' | 'none';

/** A parameter's values on an unbounded scale, and how to map adjusted values back. */
export interface BoundedScale {
  readonly kind: ScaleKind;
  /** The values transformed, one per row given. */
  readonly z: Float64Array;
  /** How many values lay on a bound (or outside it) and were moved just inside before transforming. */
  readonly shrunk: number;
  /** Back to the parameter's own scale: always inside [lo, hi]. */
  readonly back: (z: number) => number;
}

/** When no value lies strictly inside, a bound value is moved this share of the range (or of 1) inside. */
const LAST_RESORT = 1e-6;

/**
 * Put values of a parameter whose support is [lo, hi] on an unbounded scale,
 * so that a linear correction made there cannot leave the support once mapped
 * back: the logit of (θ − lo)/(hi − lo) when both bounds are finite, log(θ − lo)
 * with a lower bound only, log(hi − θ) with an upper bound only, θ itself
 * with none (the standard remedy for the Beaumont adjustment, as in Csilléry
 * et al. 2012, the R package abc's `logit.bounds`).
 *
 * A value on a bound would go to ±∞. It is moved inside by half the distance
 * from that bound to the nearest value strictly inside it (so it stays the
 * most extreme value without becoming an outlier that drives the fit), or by
 * 1e-6 of the range when no value is strictly inside; `shrunk` counts them.
 *
 * @example
 * const s = boundedScale(Float64Array.of(0.2, 0.5), 0, 1);
 * s.kind; // 'logit'
 * s.z;    // [log(0.25), 0]
 * s.back(-50); // 1.9e-22, never below 0
 */
export function boundedScale(values: Float64Array, lo: number, hi: number): BoundedScale {
  const n = values.length;
  const z = new Float64Array(n);
  const hasLo = Number.isFinite(lo);
  const hasHi = Number.isFinite(hi);
  if (hasLo && hasHi && !(hi > lo)) {
    // A point prior (uniform with min = max): nothing to adjust, and nowhere else to go.
    return { kind: 'none', z, shrunk: 0, back: () => lo };
  }
  if (!hasLo && !hasHi) {
    z.set(values);
    return { kind: 'none', z, shrunk: 0, back: (x) => x };
  }
  if (hasLo && hasHi) {
    const range = hi - lo;
    const u = Float64Array.from(values, (v) => (v - lo) / range);
    const [dLo, dHi] = [nearestInside(u, (x) => x), nearestInside(u, (x) => 1 - x)];
    let shrunk = 0;
    for (let i = 0; i < n; i++) {
      let x = u[i];
      if (!(x > 0)) [x, shrunk] = [dLo, shrunk + 1];
      else if (!(x < 1)) [x, shrunk] = [1 - dHi, shrunk + 1];
      z[i] = Math.log(x / (1 - x));
    }
    // The final clamp only absorbs rounding of lo + range · p at p ≈ 1.
    return { kind: 'logit', z, shrunk, back: (x) => Math.min(hi, Math.max(lo, lo + range / (1 + Math.exp(-x)))) };
  }
  // One bound: the distance to it, on the log scale.
  const sign = hasLo ? 1 : -1;
  const bound = hasLo ? lo : hi;
  const d = Float64Array.from(values, (v) => sign * (v - bound));
  let widest = Math.max(Math.abs(bound), 1);
  for (const x of d) if (x > widest) widest = x;
  const floor = nearestInside(d, (x) => x, widest);
  let shrunk = 0;
  for (let i = 0; i < n; i++) {
    let x = d[i];
    if (!(x > 0)) [x, shrunk] = [floor, shrunk + 1];
    z[i] = Math.log(x);
  }
  const back = hasLo ? (x: number) => Math.max(lo, lo + Math.exp(x)) : (x: number) => Math.min(hi, hi - Math.exp(x));
  return { kind: hasLo ? 'log' : 'log-upper', z, shrunk, back };
}

/** Half the smallest positive distance(x) among the values, or LAST_RESORT · scale when none is positive. */
function nearestInside(values: Float64Array, distance: (x: number) => number, scale = 1): number {
  let least = Infinity;
  for (const v of values) {
    const dv = distance(v);
    if (dv > 0 && dv < least) least = dv;
  }
  return Number.isFinite(least) ? least / 2 : LAST_RESORT * scale;
}
