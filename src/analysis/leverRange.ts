import { quantile } from '../montecarlo/distributions.ts';
import { type LeverEndOutside, leverEndOutside, leverEndText } from '../montecarlo/leverBounds.ts';
import { didYouMean } from '../scenario/didYouMean.ts';
import { PARAMETERS, PARAMETER_KEYS } from '../scenario/parameterKeys.ts';
import type { ResolvedScenario, ValueSpec } from '../scenario/resolved.ts';
import { RATE_RULE, VARIABLE_RULE, type ValueRule, openMax, parameterRule, rangeText, showValue } from '../scenario/valueRule.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { wholeLever } from './wholeLever.ts';
import { withRange } from './withLever.ts';

/** A lever's values to search: an interval, whether only whole numbers make sense, and where it came from. */
export interface LeverRange {
  readonly lo: number;
  readonly hi: number;
  /** Persons and years are searched in whole numbers. */
  readonly integer: boolean;
  /** `option`: given; `distribution`: the support of the lever's distribution in the scenario; `bounds`: the key's documented bounds. */
  readonly from: 'option' | 'distribution' | 'bounds';
  /** How the lever's values are written and bounded. */
  readonly rule: ValueRule;
  /** How the scenario sets the lever now. */
  readonly spec: ValueSpec;
  /** A variable of the scenario written in percent (its `percentVariables`): its values are said in percent too. */
  readonly percent?: true;
}

/**
 * Where a lever may be searched: `given` when set (checked against the key's
 * bounds), else the support of the lever's distribution in the scenario (the
 * 0.1 %–99.9 % quantiles of a law without finite ends: a normal or lognormal
 * without bounds, a logit-normal, a mixture), else the
 * key's documented bounds (parameterKeys.ts) when finite. A lever is a
 * parameter key or one of the scenario's variables. Throws
 * {@link AnalysisInputError} for an unknown lever (with a suggestion), a
 * range outside the bounds, or a lever without a finite range; and
 * {@link LeverEndError} for a range given at whose end, or at a value inside
 * it, a parameter computed from the lever leaves its key's bounds
 * (leverEndOutside: the ends, then every sixteenth of the range, every other
 * input at its median) — a variable has no bounds
 * of its own, what it feeds bounds it, as the CLI's --range and --lever refuse.
 *
 * @example
 * leverRange(dalian, 'migrant_settle_rate');       // { lo: 0.03, hi: 0.09, from: 'distribution', integer: false, … }
 * leverRange(dalian, 'settle_quota', [0, 200000]); // { lo: 0, hi: 200000, from: 'option', integer: true, … }
 * leverRange(dalian, 'settle_quota');              // throws: settle_quota has no finite range …: give --range LO,HI
 */
export function leverRange(s: ResolvedScenario, lever: string, given?: readonly [number, number]): LeverRange {
  const r = leverRangeInBounds(s, lever, given);
  if (given) keepsFedBounds(withRange(s, lever, r.lo, r.hi), [{ ...r, lever }]);
  return r;
}

/**
 * {@link leverRange} without its check of what the lever feeds: the range given checked against the lever's own
 * bounds only, or the range the scenario or the key gives. For a caller that checks several levers' ranges at once
 * (withLeverRanges, solveFrontier: each end and value inside with the other levers over their ranges), not one by one.
 *
 * @example
 * leverRangeInBounds(growth, 'g', [-1.5, 0.05]); // { lo: -1.5, hi: 0.05, from: 'option', … }: g's own bounds hold any number
 */
export function leverRangeInBounds(s: ResolvedScenario, lever: string, given?: readonly [number, number]): LeverRange {
  const isParameter = (PARAMETER_KEYS as readonly string[]).includes(lever);
  const spec = isParameter ? s.parameters[lever as keyof typeof PARAMETERS] : Object.hasOwn(s.variables, lever) ? s.variables[lever] : undefined;
  if (!spec) {
    const hint = didYouMean(lever, [...PARAMETER_KEYS, ...Object.keys(s.variables)]);
    const vars = Object.keys(s.variables);
    throw new AnalysisInputError(
      `unknown lever \`${lever}\`${hint ? `, did you mean \`${hint}\`?` : ''} (a lever is a parameter key, listed in scenarios/README.md` +
        `${vars.length ? `, or one of ${s.name}'s variables: ${vars.join(', ')}` : ''})`,
    );
  }
  const info = isParameter ? PARAMETERS[lever as keyof typeof PARAMETERS] : undefined;
  const rule = info ? parameterRule(info) : VARIABLE_RULE;
  const integer = wholeLever(lever);
  const percent = !isParameter && s.percentVariables?.includes(lever) === true;
  const make = (lo: number, hi: number, from: LeverRange['from']): LeverRange => ({ lo, hi, integer, from, rule, spec, ...(percent && { percent: true as const }) });
  if (given) {
    const [lo, hi] = given;
    // A variable written in percent said so (5%..1% was 'found 0.05, 0.01').
    const shown = (x: number) => showValue(x, percent ? RATE_RULE : rule);
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new AnalysisInputError(`range of ${lever}: expected two finite numbers, low < high, found ${shown(lo)}, ${shown(hi)}`);
    if (lo < rule.min || hi > rule.max)
      throw new AnalysisInputError(`range of ${lever} [${showValue(lo, rule)}, ${showValue(hi, rule)}] leaves its bounds: ${lever} is ${rangeText(rule)}`);
    return make(lo, hi, 'option');
  }
  if (spec.kind === 'dist') {
    const d = spec.spec;
    const support: [number, number] =
      d.dist === 'choice' ? [Math.min(...d.values), Math.max(...d.values)]
      : d.dist === 'normal' || d.dist === 'lognormal' ? [d.lower ?? quantile(d, 0.001), d.upper ?? quantile(d, 0.999)]
      : d.dist === 'logitnormal' || d.dist === 'logitnormalmix' || d.dist === 'normalmix' ? [quantile(d, 0.001), quantile(d, 0.999)]
      : [d.min, d.max];
    const lo = Math.max(rule.min, support[0]);
    const hi = Math.min(rule.max, support[1]);
    if (lo < hi) return make(lo, hi, 'distribution');
  }
  // A count's 20亿 refuses slips; it is no range to search (openMax).
  if (Number.isFinite(rule.min) && Number.isFinite(openMax(rule))) return make(rule.min, rule.max, 'bounds');
  const example = rule.kind === 'persons' ? '0,20万' : rule.kind === 'rate' ? '0%,20%' : '0,100';
  throw new AnalysisInputError(
    `${lever} has no finite range to search (${rangeText(rule, rule.min, openMax(rule))}, and ${s.name} does not give it as a distribution): give --range LO,HI, e.g. --range ${example}`,
  );
}

/**
 * A range given at whose end (or inside which) a parameter computed from the lever leaves its key's bounds ({@link leverEndOutside}):
 * `found` says where, `ends` are the range's ends as the message writes them (the CLI writes them as the option did).
 */
export class LeverEndError extends AnalysisInputError {
  override name = 'LeverEndError';
  constructor(
    readonly found: LeverEndOutside,
    readonly ends: readonly [string, string],
    /** A value of the lever in its units (a variable written in percent: in percent). */
    readonly shown: (x: number) => string,
  ) {
    super(`range of ${found.lever} [${ends[0]}, ${ends[1]}]: ${leverEndText(found, ends, shown)}`);
  }
}

/**
 * Throw {@link LeverEndError} where an end of one of `ranges`, or a value inside it, takes what its lever feeds out of
 * bounds ({@link leverEndOutside}); `ranged`: the scenario with each of them drawn over its range ({@link withRange}),
 * so that each value is tried with the other levers at their ranges' midpoints.
 *
 * @example
 * const r = { ...leverRangeInBounds(growth, 'g', [-1.5, 0.05]), lever: 'g' };
 * keepsFedBounds(withRange(growth, 'g', -1.5, 0.05), [r]);
 * // throws LeverEndError: range of g [-150%, 5%]: at -150%, g takes inflow to -100000 in 2014, outside its bounds …
 */
export function keepsFedBounds(ranged: ResolvedScenario, ranges: readonly (Pick<LeverRange, 'lo' | 'hi' | 'rule' | 'percent'> & { readonly lever: string })[]): void {
  if (ranges.length === 0) return;
  const found = leverEndOutside(ranged, ranges.map((r) => r.lever));
  if (!found) return;
  const r = ranges.find((x) => x.lever === found.lever)!;
  const shown = (x: number) => showValue(x, r.percent ? RATE_RULE : r.rule);
  throw new LeverEndError(found, [shown(r.lo), shown(r.hi)], shown);
}

/**
 * {@link leverRange} as a solve searches it: a lever of whole numbers (persons, years) between the whole numbers
 * inside it. Throws {@link AnalysisInputError} where none lies between them.
 *
 * @example
 * searchRange(dalian, 'settle_quota', [0.5, 2000.5]); // { lo: 1, hi: 2000, integer: true, … }
 * searchRange(dalian, 'settle_quota', [0.2, 0.8]);    // throws: range of settle_quota holds no whole number to search between 0.2 and 0.8
 */
export function searchRange(s: ResolvedScenario, lever: string, given?: readonly [number, number]): LeverRange {
  return wholeRange(leverRange(s, lever, given), lever);
}

/**
 * A range of whole numbers (persons, years) narrowed to the whole numbers inside it ({@link searchRange}); any other
 * range as it is. Throws {@link AnalysisInputError} where none lies inside.
 *
 * @example
 * wholeRange(leverRange(dalian, 'settle_quota', [0.5, 2000.5]), 'settle_quota'); // { lo: 1, hi: 2000, integer: true, … }
 */
export function wholeRange(r: LeverRange, lever: string): LeverRange {
  const lo = r.integer ? Math.ceil(r.lo) : r.lo;
  const hi = r.integer ? Math.floor(r.hi) : r.hi;
  if (!(lo < hi)) throw new AnalysisInputError(`range of ${lever} holds no whole number to search between ${r.lo} and ${r.hi}`);
  return { ...r, lo, hi };
}
