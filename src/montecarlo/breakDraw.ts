import type { RegisteredBreakSpec } from '../scenario/resolved.ts';

/**
 * One run's change of count from three uniforms, in the order a run draws them from its stream `break`: the year
 * (equal odds among `years`), then b of the rural-hukou town dwellers, then v of the villagers, each uniform in its
 * range. Written into `out` as [year, b, v], so that a run allocates nothing; the conversion's σ likelihood draws its
 * paths' changes of count by the same rule (src/analysis/registeredPaceVariation.ts).
 *
 * @example
 * breakDraw({ years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } }, 0.7, 0.25, 0.5, out); // out = [2016, 0.25, 0.05]
 */
export function breakDraw(spec: RegisteredBreakSpec, uYear: number, uShare: number, uVillage: number, out: Float64Array): void {
  const { years, share, villageShare } = spec;
  out[0] = years[Math.min(years.length - 1, Math.floor(uYear * years.length))];
  out[1] = share.min + uShare * (share.max - share.min);
  out[2] = villageShare.min + uVillage * (villageShare.max - villageShare.min);
}
