import type { ObservedPoint } from '../io/readObserved.ts';
import type { PointUse } from './selectObserved.ts';

/** The figures of one year a survey's urban residents are the product of: the resident rate and the resident population. */
const FACTORS = ['resident_rate', 'resident_pop'] as const;

/**
 * Why a figure adds no observation of its own beside the others of `points`, or undefined when it does. An urban
 * resident population (`urban_resident_pop`, `resident_6month`) is the resident rate times the resident population
 * of the same area and year: the statistics bureau's sample estimates (or census counts) of one survey, published
 * together (Luoyang 2015, 001:529: 52.65 % × 674.3万 = 355.02万; the eight such triples in data/observed agree
 * within their rounding). When both factors are among `points` it is fixed by them, and a likelihood that multiplied
 * in its error as well would count that year's rate (and population) twice. The rate and the population carry the
 * information: their errors by caliber are the ones src/data/calibers.ts states (a rate's 0.4 points is the error of
 * a ratio, far smaller than its urban count's relative error would imply). An urban population whose year lacks the
 * rate or the population among `points` (Luoyang 2014: population and urban population, no rate) is the only figure
 * of that year's rate, and stays.
 *
 * @example
 * determinedBy(luoyangUrban2015, [luoyangRate2015, luoyangPop2015, luoyangUrban2015]); // 'resident_rate × resident_pop of 2015 …'
 * determinedBy(luoyangUrban2014, [luoyangPop2014, luoyangUrban2014]);                  // undefined
 */
export function determinedBy(p: ObservedPoint, points: readonly ObservedPoint[]): string | undefined {
  if (p.metric !== 'urban_resident_pop' || p.definition !== 'resident_6month' || p.fromYear !== undefined) return undefined;
  const factors = FACTORS.map((metric) => points.find((q) => q.area === p.area && q.year === p.year && q.metric === metric && q.definition === 'resident_6month' && q.fromYear === undefined));
  if (factors.some((q) => q === undefined)) return undefined;
  const where = factors.map((q) => `${q!.file.split('/').at(-1)}:${q!.line}`).join(', ');
  return `resident_rate × resident_pop of ${p.year} (${where}), one survey's estimates: not an observation of its own`;
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
