import { binomialDistribution } from 'simple-statistics';
import { calibratedRange } from './calibratedRange.ts';

/**
 * Coverage counted with each area as one unit: an area's figures share one weight, each 1/n of it (n the area's
 * figures), so the count says in how many areas' worth of figures the intervals held, whatever number of figures an
 * area has. The figures of one area share their fold's defaults, runs and pace draws (and some are computed from
 * others of their year: src/analysis/independentFigures.ts), so they are not independent trials; a per-figure count
 * lets an area with five figures weigh five times.
 *
 * @example
 * coverageByArea([{ area: 'a', inside: true }, { area: 'a', inside: false }, { area: 'b', inside: true }]); // { inside: 1.5, areas: 2, sizes: [2, 1] }
 */
export function coverageByArea(figures: readonly { area: string; inside: boolean }[]): { inside: number; areas: number; sizes: number[] } {
  const by = new Map<string, { n: number; k: number }>();
  for (const f of figures) {
    const a = by.get(f.area) ?? { n: 0, k: 0 };
    a.n++;
    if (f.inside) a.k++;
    by.set(f.area, a);
  }
  let inside = 0;
  for (const a of by.values()) inside += a.k / a.n;
  return { inside, areas: by.size, sizes: [...by.values()].map((a) => a.n) };
}

/**
 * What chance gives a calibrated forecast for {@link coverageByArea}'s count, 90 % of the time (by default), at the two
 * ends of the dependence between an area's figures: `apart`, each figure inside its interval of nominal coverage p
 * independently (the count is Σ Bin(n, p)/n over the areas, computed exactly); `together`, an area's figures all
 * inside or all outside (Bin(areas, p)). The truth lies between. Each range, as {@link calibratedRange}'s: its low end
 * the smallest count with more than 5 % at or below it, its high end the largest with more than 5 % at or above it.
 *
 * @example
 * byAreaRange([2, 1], 0.5); // { apart: [0, 2], together: [0, 2] }: counts 0, 0.5, 1, 1.5, 2 with 1/8, 1/4, 1/4, 1/4, 1/8 apart
 */
export function byAreaRange(sizes: readonly number[], p: number, mass = 0.9): { apart: [number, number]; together: [number, number] } {
  const together = calibratedRange(sizes.length, p, mass);
  // The law of Σ Bin(n, p)/n on its support, keyed by the count rounded to 1e-9 (sums of fractions n ≤ a few dozen).
  let law = new Map<number, number>([[0, 1]]);
  for (const n of sizes) {
    const pmf = binomialDistribution(n, p);
    if (!pmf) throw new RangeError(`byAreaRange: an area's number of figures ${n} must be a whole number ≥ 1`);
    const next = new Map<number, number>();
    for (const [v, q] of law)
      for (let k = 0; k <= n; k++) {
        const w = q * (pmf[k] ?? 0);
        if (w === 0) continue;
        const key = Math.round((v + k / n) * 1e9) / 1e9;
        next.set(key, (next.get(key) ?? 0) + w);
      }
    law = next;
  }
  const support = [...law.keys()].sort((a, b) => a - b);
  const tail = (1 - mass) / 2;
  let low = support[0];
  let below = 0;
  for (const v of support) {
    below += law.get(v)!;
    low = v;
    if (below > tail) break;
  }
  let high = support[support.length - 1];
  let above = 0;
  for (const v of [...support].reverse()) {
    above += law.get(v)!;
    high = v;
    if (above > tail) break;
  }
  return { apart: [low, high], together };
}
