import type { ObservedPoint } from '../io/readObserved.ts';
import type { PointUse } from './selectObserved.ts';

/** The same area's figure of `metric` in `p`'s year, of `definition`, among `points`. */
const sameYear = (p: ObservedPoint, points: readonly ObservedPoint[], metric: string, definition: string) =>
  points.find((q) => q.area === p.area && q.year === p.year && q.metric === metric && q.definition === definition && q.fromYear === undefined);

/** Where a figure is, for a reason. */
const at = (q: ObservedPoint) => `${q.file.split('/').at(-1)}:${q.line}`;

/** Half a unit of the last digit a figure is written with, in model units (630.4万: 500 persons). */
function halfUnit(p: ObservedPoint): number {
  const m = /^(\d+)(?:\.(\d+))?/.exec(p.written);
  if (!m) return 0;
  const number = Number(m[0]);
  const scale = number > 0 ? p.value / number : 1;
  return 0.5 * 10 ** -(m[2]?.length ?? 0) * scale;
}

/**
 * Why a figure adds no observation of its own beside the others of `points`, or undefined when it does: it was
 * computed from figures of the same area and year that are among `points`, so a likelihood that multiplied in its
 * error as well would count them twice. Two such figures:
 * - an urban resident population (`urban_resident_pop`, `resident_6month`) is the resident rate times the resident
 *   population of its year: the statistics bureau's estimates of one survey (or census), published together (Luoyang
 *   2015, 001:529: 52.65 % × 674.3万 = 355.02万; the eight such triples in data/observed agree within their rounding).
 *   The rate and the population carry the information: their errors by caliber are the ones src/data/calibers.ts
 *   states, the urban population's follows from them;
 * - a migrant population (`migrant_pop`, `resident_6month`) that equals the resident population less the registered
 *   population of its year within the three figures' rounding was computed as that difference (Dongguan 2015,
 *   001:273: 非户籍人口 630.4万 = 825.41 − 195.01). Residents less registered people is not what the migrant stock
 *   counts wherever registered people live away, so it is the arithmetic, not the definition, that ties them: a
 *   migrant count that differs by more than the rounding is another count, and stays.
 * A figure whose year lacks one of its operands among `points` (Luoyang 2014: population and urban population, no
 * rate) is that year's only figure of what it adds, and stays.
 *
 * @example
 * determinedBy(luoyangUrban2015, [luoyangRate2015, luoyangPop2015, luoyangUrban2015]); // 'resident_rate × resident_pop of 2015 …'
 * determinedBy(luoyangUrban2014, [luoyangPop2014, luoyangUrban2014]);                  // undefined
 */
export function determinedBy(p: ObservedPoint, points: readonly ObservedPoint[]): string | undefined {
  if (p.definition !== 'resident_6month' || p.fromYear !== undefined) return undefined;
  if (p.metric === 'urban_resident_pop') {
    const rate = sameYear(p, points, 'resident_rate', 'resident_6month');
    const pop = sameYear(p, points, 'resident_pop', 'resident_6month');
    if (!rate || !pop) return undefined;
    return `resident_rate × resident_pop of ${p.year} (${at(rate)}, ${at(pop)}), one survey's estimates: not an observation of its own`;
  }
  if (p.metric === 'migrant_pop') {
    const pop = sameYear(p, points, 'resident_pop', 'resident_6month');
    const registered = sameYear(p, points, 'registered_pop', 'registered_hukou');
    if (!pop || !registered) return undefined;
    const off = Math.abs(p.value - (pop.value - registered.value));
    if (!(off <= halfUnit(p) + halfUnit(pop) + halfUnit(registered) + 1e-9 * pop.value)) return undefined;
    return `resident_pop − registered_pop of ${p.year} (${at(pop)}, ${at(registered)}) within their rounding: computed from them, not an observation of its own`;
  }
  return undefined;
}

/**
 * The figures of `uses` that carry an observation of their own ({@link determinedBy}), and those left out with the
 * reason: what a likelihood multiplies over (the paces' fit, calibration). Scoring a forecast keeps every figure.
 *
 * @example
 * independentFigures(uses).kept.map((u) => u.point.metric); // Luoyang after 2013: no urban_resident_pop 2015
 */
export function independentFigures<T extends Pick<PointUse, 'point'>>(uses: readonly T[]): { kept: T[]; determined: { use: T; reason: string }[] } {
  const points = uses.map((u) => u.point);
  const kept: T[] = [];
  const determined: { use: T; reason: string }[] = [];
  for (const u of uses) {
    const reason = determinedBy(u.point, points);
    if (reason === undefined) kept.push(u);
    else determined.push({ use: u, reason });
  }
  return { kept, determined };
}
