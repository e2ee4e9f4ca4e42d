/** Runs of two paired variants, by whether each met a target. */
export interface PairedCounts {
  /** Runs where both met it. */
  readonly both: number;
  /** Runs where only the variant met it. */
  readonly onlyVariant: number;
  /** Runs where only the reference met it. */
  readonly onlyReference: number;
  /** Runs where neither did. */
  readonly neither: number;
}

/**
 * The difference P(variant meets) − P(reference meets) of two proportions
 * measured on the same runs, with Tango's score interval for paired data
 * (Tango 1998, Stat. Med. 17:891; one of the intervals Fagerland, Lydersen &
 * Laake 2014 recommend): every difference Δ whose score statistic
 *
 *   T(Δ) = (b − c − nΔ) / √(n (2q + Δ(1 − Δ)))
 *
 * stays within ±z, b and c the runs where only the variant and only the
 * reference meet it and q the maximum-likelihood share of reference-only runs
 * under Δ. Only the discordant runs carry information, so with common random
 * numbers (few discordant runs) the interval is far narrower than the two
 * proportions' own intervals, and with none at all it is the honest
 * ±z²/(n + z²), not a point.
 *
 * @example
 * pairedProportionDifference({ both: 40, onlyVariant: 12, onlyReference: 0, neither: 48 });
 * // { difference: 0.12, lower: ≈0.07, upper: ≈0.20 }
 */
export function pairedProportionDifference(c: PairedCounts, z = 1.959963984540054): { difference: number; lower: number; upper: number } {
  const b = c.onlyVariant;
  const r = c.onlyReference;
  const n = c.both + b + r + c.neither;
  if (n === 0) return { difference: NaN, lower: -1, upper: 1 };
  const difference = (b - r) / n;
  const score = (d: number): number => {
    const B = -b - r + (2 * n - b + r) * d;
    const C = -r * d * (1 - d);
    const q = (Math.sqrt(Math.max(0, B * B - 8 * n * C)) - B) / (4 * n);
    const v = n * (2 * q + d * (1 - d));
    const num = b - r - n * d;
    return v > 0 ? num / Math.sqrt(v) : num === 0 ? 0 : Math.sign(num) * Infinity;
  };
  // T falls as Δ rises, from the observed difference (T = 0) outwards.
  const bisect = (inside: number, outside: number, limit: number): number => {
    if (Math.abs(score(outside)) <= z) return outside;
    let [i, o] = [inside, outside];
    for (let k = 0; k < 60; k++) {
      const m = (i + o) / 2;
      if (Math.abs(score(m)) <= z) i = m;
      else o = m;
    }
    return limit < 0 ? Math.max(-1, i) : Math.min(1, i);
  };
  return { difference, lower: bisect(difference, -1, -1), upper: bisect(difference, 1, 1) };
}
