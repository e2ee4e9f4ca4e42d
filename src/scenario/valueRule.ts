import { COUNT_UNITS, type ParameterInfo } from './parameterKeys.ts';
import { MOST_PERSONS } from './mostPersons.ts';
import type { QuantityKind } from './quantity.ts';

/** What a value must be: how it may be written and the bounds it must keep. */
export interface ValueRule {
  readonly kind: QuantityKind;
  /** Inclusive bounds of a constant, of every explicit distribution parameter, and of the support where `support` says so. */
  readonly min: number;
  readonly max: number;
  /** Which bounds a distribution's whole support must keep (a normal rate needs lower/upper inside [0, 1]). */
  readonly support: 'both' | 'lower' | 'none';
  /** What it is, for messages: 'a rate', 'a number of persons'. */
  readonly noun: string;
  /** `.inf` allowed as a constant, meaning no limit; otherwise every value must be finite. */
  readonly unlimited?: boolean;
  /** The upper bound as messages say it, where the number alone would not tell why (`20亿 (more people than China has)`). */
  readonly shownMax?: string;
  /**
   * Said in messages as a plain number though it may be written as a percentage: a weight, a share of a law, not a
   * rate. `written` is then how it may be written, said where it is not (instead of the kind's 'a rate: …').
   */
  readonly plain?: { readonly written: string };
}

/** The ceiling as messages say it, by what is counted. */
const MOST_SHOWN = {
  persons: '20亿 (more people than China has)',
  places: '20亿 (more places than China has people)',
  dwellings: '20亿 (more dwellings than China has people)',
} as const;

const NOUNS: Record<ParameterInfo['unit'], string> = {
  rate: 'a rate',
  persons: 'a number of persons',
  places: 'a number of places',
  dwellings: 'a number of dwellings',
  years: 'a number of years',
  'children per woman': 'a number of children per woman',
  'males per female': 'a ratio of males per female',
  multiplier: 'a number',
};

/**
 * The rule of an engine parameter. Rates must stay in their bounds whatever
 * is drawn; person counts must not go negative; for other units only the
 * written numbers are checked (a normal life expectancy has thin tails).
 *
 * @example
 * parameterRule(PARAMETERS.local_settle_rate); // { kind: 'rate', min: 0, max: 1, support: 'both', noun: 'a rate' }
 */
export function parameterRule(info: Pick<ParameterInfo, 'unit' | 'min' | 'max' | 'unlimited'>): ValueRule {
  const count = COUNT_UNITS.has(info.unit);
  const kind: QuantityKind = info.unit === 'rate' ? 'rate' : count ? 'persons' : 'number';
  const support = info.unit === 'rate' ? 'both' : count ? 'lower' : 'none';
  const shownMax = count && info.max === MOST_PERSONS ? MOST_SHOWN[info.unit as keyof typeof MOST_SHOWN] : undefined;
  return { kind, min: info.min, max: info.max, support, noun: NOUNS[info.unit], ...(info.unlimited && { unlimited: true }), ...(shownMax && { shownMax }) };
}

/** Helper variables: any unit, any value. */
export const VARIABLE_RULE: ValueRule = { kind: 'any', min: -Infinity, max: Infinity, support: 'none', noun: 'a number' };

/** A rate in [0, 1]. */
export const RATE_RULE: ValueRule = { kind: 'rate', min: 0, max: 1, support: 'both', noun: 'a rate' };

/**
 * A weight of a choice or a mixture: ≥ 0, normalized with the others to sum 1; written as a number or, as a share,
 * a percentage (50% is 0.5), and said as a number ('a weight ≥ 0'): the weights are not percentages of anything.
 */
export const WEIGHT_RULE: ValueRule = {
  kind: 'rate',
  min: 0,
  max: Infinity,
  support: 'none',
  noun: 'a weight',
  plain: { written: 'a weight: a number ≥ 0, or a share like 50%' },
};

/** A person count from 0 to 20亿 ({@link MOST_PERSONS}). */
export const PERSONS_RULE: ValueRule = { kind: 'persons', min: 0, max: MOST_PERSONS, support: 'lower', noun: 'a number of persons', shownMax: MOST_SHOWN.persons };

/**
 * Whether a value keeps a rule: finite and within its bounds, or `.inf` where the rule allows it (a limit: no limit).
 *
 * @example
 * keepsRule(Infinity, parameterRule(PARAMETERS.settle_quota)); // true
 * keepsRule(1e308, PERSONS_RULE);                               // false: more than 20亿
 */
export function keepsRule(v: number, rule: ValueRule): boolean {
  return (Number.isFinite(v) && v >= rule.min && v <= rule.max) || (rule.unlimited === true && v === Infinity);
}

/**
 * The upper end of a key's own range, as a search or a scale sees it: a count's ceiling of 20亿 is there to refuse
 * slips, not an end to search up to or to squeeze a calibration scale against, so a count is open above.
 *
 * @example
 * openMax(RATE_RULE);    // 1
 * openMax(PERSONS_RULE); // Infinity
 */
export const openMax = (rule: ValueRule): number => (rule.kind === 'persons' && rule.max === MOST_PERSONS ? Infinity : rule.max);

/**
 * The rule's bounds in words.
 *
 * @example
 * rangeText(RATE_RULE);    // 'a rate from 0% to 100%'
 * rangeText(PERSONS_RULE); // 'a number of persons from 0 to 20亿 (more people than China has)'
 */
export function rangeText(rule: ValueRule, min = rule.min, max = rule.max): string {
  const show = (x: number): string => (rule.kind === 'rate' && !rule.plain ? `${+(x * 100).toPrecision(10)}%` : String(x));
  if (min === -Infinity && max === Infinity) return rule.noun;
  if (max === Infinity) return `${rule.noun} ≥ ${show(min)}`;
  const top = max === rule.max && rule.shownMax !== undefined ? rule.shownMax : show(max);
  if (min === -Infinity) return `${rule.noun} ≤ ${top}`;
  return `${rule.noun} from ${show(min)} to ${top}`;
}

/**
 * What to add to the message of a value outside `rule`'s bounds that is most likely a percentage without its sign: a
 * rate (0 to 1) written as a plain number above 1 and at most 100 (from 1 with `under`). '' otherwise. The scenario
 * file's values, solve's --target, a lever's range (--lever, --range) and solve's --tolerance say it alike.
 *
 * @example
 * percentSignHint(RATE_RULE, '8', 8); // ' (a rate is a share: 8 is 800%; did you mean 8%?)'
 * percentSignHint(RATE_RULE, '1', 1, { under: true }); // ' (a rate is a share: 1 is 100%; did you mean 1%?)'
 */
export function percentSignHint(rule: Pick<ValueRule, 'kind' | 'max' | 'plain'>, shown: string, value: number, o: { under?: boolean } = {}): string {
  // `under`: a value that must stay under 100 % (a step of the rate), where 1 is a percentage without its sign too.
  const percent = rule.kind === 'rate' && !rule.plain && rule.max === 1 && (o.under ? value >= 1 : value > 1) && value <= 100 && !shown.endsWith('%');
  return percent ? ` (a rate is a share: ${shown} is ${+(value * 100).toPrecision(10)}%; did you mean ${shown}%?)` : '';
}

/**
 * The rule's bounds in words, for a value that must also be finite (said
 * only where a bound is open).
 *
 * @example
 * finiteText(VARIABLE_RULE); // 'a finite number'
 * finiteText(RATE_RULE);     // 'a rate from 0% to 100%'
 */
export function finiteText(rule: ValueRule): string {
  const text = rangeText(rule);
  return Number.isFinite(rule.min) && Number.isFinite(rule.max) ? text : text.replace(/^(an? )?/, 'a finite ');
}

/**
 * A number as its rule writes it, for messages: rates as percentages.
 *
 * @example
 * showValue(1.2, RATE_RULE); // '120%'
 */
export function showValue(x: number, rule: ValueRule): string {
  if (!Number.isFinite(x)) return String(x); // NaN, Infinity: not a percentage of anything
  return rule.kind === 'rate' && !rule.plain ? `${+(x * 100).toPrecision(10)}%` : String(x);
}
