import { PARAMETERS } from '../scenario/api.ts';
import { type QuantityKind, parseQuantity } from '../scenario/quantity.ts';
import { RATE_RULE, parameterRule, percentSignHint, rangeText, showValue } from '../scenario/valueRule.ts';
import { UsageError } from './errors.ts';

/**
 * `--lever KEY` or `--lever KEY=LO..HI`, the range in the lever's units.
 *
 * @example
 * leverOption('settle_quota=0..20万'); // { lever: 'settle_quota', kind: 'persons', range: [0, 200000] }
 */
export function leverOption(raw: string): { lever: string; range?: [number, number]; kind: QuantityKind; written?: [string, string] } {
  const m = /^([^=]+?)\s*(?:=\s*(.*))?$/.exec(raw.trim());
  const lever = m?.[1] ?? raw;
  const kind: QuantityKind = Object.hasOwn(PARAMETERS, lever) ? parameterRule(PARAMETERS[lever as keyof typeof PARAMETERS]).kind : 'any';
  if (m?.[2] === undefined) return { lever, kind };
  const parts = m[2].split('..');
  if (parts.length !== 2) throw new UsageError(`--lever ${raw}: expected KEY or KEY=LO..HI (e.g. settle_quota=0..20万 or migrant_settle_rate=3%..40%)`);
  return { lever, kind, range: [rangeEnd(`--lever ${lever}`, parts[0], kind), rangeEnd(`--lever ${lever}`, parts[1], kind)], written: [parts[0].trim(), parts[1].trim()] };
}

/**
 * Refuse the range of a variable the scenario writes in percent (`percent`) given without its sign, from 1 up, or
 * as a count: `--lever inflow_growth=1..5` ran 100 % to 500 % a year, and `=1%..5万` 1 % to 5,000,000 %, whatever
 * was meant. As a rate's range is ({@link rangeEnd}), the plain number read as a percentage is named.
 *
 * @example
 * checkPercentRange('--lever inflow_growth=1..5', 'inflow_growth', ['1', '5'], [1, 5]);
 * // UsageError: --lever inflow_growth=1..5: inflow_growth is written in percent in the scenario; 1 is 100%: did you mean 1%? (write 100% if meant)
 */
export function checkPercentRange(option: string, lever: string, written: readonly [string, string], values: readonly [number, number]): void {
  for (const [i, w] of written.entries()) {
    // An end too large to be a number (1e400) is no percentage with or without its sign: the range check refuses it as
    // it does any lever's ('expected two finite numbers … found 1%, Infinity'), not this as 'Infinity%'.
    if (w.endsWith('%') || !Number.isFinite(values[i])) continue;
    const count = /[万亿]$/.test(w);
    if (!count && Math.abs(values[i]) < 1) continue;
    const shown = showValue(values[i], RATE_RULE);
    throw new UsageError(`${option}: ${lever} is written in percent in the scenario; ${w} is ${shown}` + (count ? ': write it as a percentage (e.g. 2%)' : `: did you mean ${w}%? (write ${shown} if meant)`));
  }
}

/**
 * One end of a lever's range ({@link quantityOption}); a rate's written as a plain number above 1 and at most 100 is
 * refused as a scenario file's is: a percentage without its sign (`--range 2,8` read as 200 % to 800 %, refused only
 * as "leaves its bounds").
 *
 * @example
 * rangeEnd('--range', '8', 'rate'); // throws: '--range: expected a rate from 0% to 100%, found 8 (a rate is a share: 8 is 800%; did you mean 8%?)'
 */
export function rangeEnd(name: string, raw: string, kind: QuantityKind): number {
  const value = quantityOption(name, raw, kind);
  const shown = raw.trim();
  // Every lever that is a rate runs from 0 % to 100 % (RATE_RULE).
  const hint = kind === 'rate' ? percentSignHint(RATE_RULE, shown, value) : '';
  if (hint) throw new UsageError(`${name}: expected ${rangeText(RATE_RULE)}, found ${shown}${hint}`);
  return value;
}

/**
 * A quantity option in a key's units (`80%`, `20万`), or a UsageError naming the option.
 *
 * @example
 * quantityOption('--probability', '80%', 'rate'); // 0.8
 */
export function quantityOption(name: string, raw: string, kind: QuantityKind): number {
  const q = parseQuantity(raw, kind);
  if (!q.ok) throw new UsageError(`${name}: ${q.message}`);
  return q.value;
}
