import { minus } from './rangeText.ts';
import { COUNT_UNITS, PARAMETERS, type ParameterUnit } from '../scenario/parameterKeys.ts';

/**
 * An input's value as its key is written in a scenario: rates in percent,
 * counts (persons, places, dwellings) in 万 from 1万 up, anything else (points, years, a variable of the
 * scenario) as a number to three significant figures; a negative one with a true minus sign. The change of count's
 * draws (params.arrow `uncertainty.registered_break.*`): its year whole, b and v as rates.
 *
 * @example
 * inputValueText('migrant_settle_rate', 0.046); // '4.6%'
 * inputValueText('school_places', 300000);      // '30万'
 * inputValueText('points_cutoff', 106.25);      // '106'
 * inputValueText('uncertainty.registered_break.year', 2015); // '2015'
 */
/** The change of count's params.arrow columns (montecarlo/compileWithTrees.ts BREAK_COLUMN_PREFIX; written out: the report reads no engine code). */
const BREAK_COLUMN_PREFIX = 'uncertainty.registered_break.';

export function inputValueText(name: string, x: number): string {
  return minus(valueText(name, x));
}

function valueText(name: string, x: number): string {
  if (!Number.isFinite(x)) return '–';
  // a calendar year to three figures would read 2010 for 2014
  if (name === `${BREAK_COLUMN_PREFIX}year`) return String(Math.round(x));
  const unit = name.startsWith(BREAK_COLUMN_PREFIX) ? 'rate' : (PARAMETERS as Record<string, { unit: ParameterUnit } | undefined>)[name]?.unit;
  if (unit === 'rate') return `${(x * 100).toFixed(Math.abs(x) < 0.01 ? 2 : 1)}%`;
  if (unit !== undefined && COUNT_UNITS.has(unit) && Math.abs(x) >= 1e4) return `${Number((x / 1e4).toPrecision(3))}万`;
  return String(Number(x.toPrecision(3)));
}
