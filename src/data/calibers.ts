/**
 * Statistical calibers: how a figure was produced, which sets how far it may
 * be from what it claims to count. The plans quote figures of four kinds:
 * - `census`: a population census (2000, 2010, 2020), the most complete count;
 * - `sample`: the yearly sample estimate of the statistics bureau (常住 figures
 *   between censuses, the 1 % sample survey of 2015);
 * - `registry`: an administrative count of the public-security hukou registry
 *   (户籍人口, people settled, permits issued);
 * - `plan`: a figure a plan or case quotes without saying how it was counted
 *   (most registered rates: `registered_unstated`).
 */
export type Caliber = 'census' | 'sample' | 'registry' | 'plan';

export const CALIBERS: readonly Caliber[] = ['census', 'sample', 'registry', 'plan'];

/** The error of one figure: standard deviations by kind of quantity. */
export interface CaliberError {
  readonly text: string;
  /** A stock of persons: sd of the log (a relative error). */
  readonly population: number;
  /** A rate: sd in points of the rate itself (0.004 = 0.4 points), applied on the logit scale at the figure's value. */
  readonly rate: number;
  /** A count over a period (people settled, permits): sd of the log. */
  readonly flow: number;
}

/**
 * Default error of a figure by caliber. Assumptions (the seeds hold no
 * revision history), given a scale by the one check the seeds allow: where a
 * case seed states a 2010 level or a change since 2010 and a 2015 level, the
 * 2013 figure of the pilot plan can be compared with the straight line between
 * them (src/model/README.md, "Sources of uncertainty", lists the checks). Five
 * resident rates (sample estimates) lie 0.08–0.72 points off the line, root mean
 * square 0.48, which bounds the error of one figure at about 0.4 points (the
 * residual of a point against the line through two others has 1.52 times its
 * variance, and the paths are not straight); Huizhou's resident population lies
 * 0.14 % off, its registered population 1.7 %. Census figures are taken at half
 * the sample error, plan figures at twice it; counts of people settled carry
 * the registry's changes of channel and period.
 *
 * The bound stays although five areas now give three resident rates (2026-12-04):
 * fitted jointly with the pace's year-to-year variation from their curvatures
 * (src/analysis/figureErrorProfile.ts), the sample rate's error is 0.36 points,
 * 80 % profile interval 0.20–0.58, with no variation of the pace at all (s 0,
 * 80 % 0–0.35): a curvature is a figure's error or a change of pace alike, and
 * only the areas' different gains tell them apart (an error moves a slow area's
 * log ratio more), which five areas do weakly. The interval holds 0.4, so no
 * estimate is better founded than the bound (the rule, declared before it was
 * measured: an estimate replaces the bound only if its interval lies below it).
 * With a common slowdown in the log ratios, which the projections' AR(1) does not
 * have, it would be 0.24 (0.01–0.38). A derived figure (a level less its stated
 * change) reconstructs the earlier published level and carries its caliber
 * (data/observed/README.md, "Figures of one survey, and derived figures").
 *
 * These are each figure's whole error. Figures of one series (area, metric,
 * definition, segment) share most of it; the part a figure does not share is
 * estimated where data/observed's curvatures say it is smaller
 * (src/analysis/seriesError.ts, populationOwnErrors: sample populations 0.088 %,
 * 80 % 0.058–0.272 %, since 2026-12-04; registry populations and rates keep
 * independent errors), and a later figure is drawn given its base figure's
 * (src/model/README.md, "Sources of uncertainty", 4).
 *
 * @example
 * CALIBER_ERRORS.sample.rate; // 0.004: a sample-estimated rate is within about ±0.8 points (2 sd)
 */
export const CALIBER_ERRORS: Readonly<Record<Caliber, CaliberError>> = {
  census: { text: 'population census', population: 0.005, rate: 0.002, flow: 0.05 },
  sample: { text: 'yearly sample estimate of the statistics bureau', population: 0.01, rate: 0.004, flow: 0.1 },
  registry: { text: 'administrative count of the hukou registry', population: 0.01, rate: 0.004, flow: 0.1 },
  plan: { text: 'figure quoted by a plan or case without its method', population: 0.02, rate: 0.008, flow: 0.2 },
};

/** Census years of the People's Republic in the seeds' period. */
const CENSUS_YEARS = new Set([2000, 2010, 2020]);

/**
 * The caliber of an observed figure from its definition (data/observed/README.md)
 * and year: resident figures are census counts in census years and sample
 * estimates otherwise; hukou counts, settlement and permits come from the
 * registry; a definition that says it does not know how the figure was counted
 * is a plan figure.
 *
 * @example
 * caliberOf('resident_6month', 2015);     // 'sample'
 * caliberOf('registered_unstated', 2015); // 'plan'
 */
export function caliberOf(definition: string, year: number): Caliber {
  switch (definition) {
    case 'resident_6month':
      return CENSUS_YEARS.has(year) ? 'census' : 'sample';
    case 'as_model':
    case 'registered_hukou':
    case 'registered_nonagricultural':
    case 'registered_urban_hukou':
    case 'registered_residence':
    case 'registered_unified':
    case 'settled_registry':
    case 'permits_new':
    case 'permits_issued':
    case 'permits_new_and_renewed':
    case 'permits_cumulative':
      return 'registry';
    default:
      return 'plan';
  }
}
