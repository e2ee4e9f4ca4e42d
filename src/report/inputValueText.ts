import { minus, rangeText } from './rangeText.ts';
import type { Lang } from './labels.ts';
import { COUNT_UNITS, PARAMETERS, type ParameterUnit } from '../scenario/parameterKeys.ts';

/** The change of count's params.arrow columns (montecarlo/compileWithTrees.ts BREAK_COLUMN_PREFIX; written out: the report reads no engine code). */
const BREAK_COLUMN_PREFIX = 'uncertainty.registered_break.';

/**
 * An input's value as its key is written in a scenario: rates in percent,
 * counts (persons, places, dwellings) in 万 from 1万 up, anything else (points, years, a variable of the
 * scenario) as a number to three significant figures, but from 1,000 up as a whole number (a year a scenario draws as a
 * variable is not cut to 2020); a negative one with a true minus sign. The change of count's draws (params.arrow
 * `uncertainty.registered_break.*`): its year whole, b and v as rates. A variable the scenario writes in percent
 * (`percent`, from its `percentVariables`) as a rate.
 *
 * @example
 * inputValueText('migrant_settle_rate', 0.046); // '4.6%'
 * inputValueText('school_places', 300000);      // '30万'
 * inputValueText('points_cutoff', 106.25);      // '106'
 * inputValueText('uncertainty.registered_break.year', 2015); // '2015'
 * inputValueText('inflow_growth', -0.0251, { percent: true }); // '−2.5%'
 */
export function inputValueText(name: string, x: number, o: { percent?: boolean } = {}): string {
  return minus(valueText(name, x, o.percent === true));
}

function valueText(name: string, x: number, percent: boolean): string {
  if (!Number.isFinite(x)) return '–';
  // a calendar year to three figures would read 2010 for 2014
  if (name === `${BREAK_COLUMN_PREFIX}year`) return String(Math.round(x));
  const unit = percent || name.startsWith(BREAK_COLUMN_PREFIX) ? 'rate' : (PARAMETERS as Record<string, { unit: ParameterUnit } | undefined>)[name]?.unit;
  if (unit === 'rate') return `${(x * 100).toFixed(Math.abs(x) < 0.01 ? 2 : 1)}%`;
  if (unit !== undefined && COUNT_UNITS.has(unit) && Math.abs(x) >= 1e4) return `${Number((x / 1e4).toPrecision(3))}万`;
  if (Math.abs(x) >= 1000) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

/**
 * The values of an input from `lo` to `hi` as printed ({@link inputValueText}, {@link rangeText}); one value when
 * both ends print alike — the tenth of a discrete input's draws that holds a single year reads "2015", not "2015–2015".
 *
 * @example
 * inputRangeText('en', 'uncertainty.registered_break.year', 2014, 2015); // '2014–2015'
 * inputRangeText('en', 'uncertainty.registered_break.year', 2016, 2016); // '2016'
 */
export function inputRangeText(lang: Lang, name: string, lo: number, hi: number, o: { percent?: boolean } = {}): string {
  const [a, b] = [inputValueText(name, lo, o), inputValueText(name, hi, o)];
  return a === b ? a : rangeText(lang, a, b);
}
