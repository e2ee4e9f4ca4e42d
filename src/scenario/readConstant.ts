import type { IssueSink } from './issueSink.ts';
import type { Path } from './origin.ts';
import { parseQuantity } from './quantity.ts';
import { finiteText, percentSignHint, rangeText, type ValueRule } from './valueRule.ts';

/**
 * Read a constant under a rule: parse its unit, check its bounds and that
 * it is finite (unless the rule is `unlimited` or `infinite` is asked:
 * truncation bounds), report what is wrong. Values of the wrong structure (a list where a number
 * belongs, `.nan`) have already been reported by the structural pass and
 * give undefined quietly, as do absent ones.
 *
 * @example
 * readConstant('68.5%', ['baseline', 'resident_rate'], RATE_RULE, sink); // 0.685
 * readConstant('120%', ['baseline', 'resident_rate'], RATE_RULE, sink);  // undefined, and sink has
 * // "expected a rate from 0% to 100%, found 120%"
 */
export function readConstant(raw: unknown, path: Path, rule: ValueRule, sink: IssueSink, options: { positive?: boolean; infinite?: boolean } = {}): number | undefined {
  if ((typeof raw !== 'number' && typeof raw !== 'string') || Number.isNaN(raw)) return undefined;
  const q = parseQuantity(raw, rule.kind);
  const shown = typeof raw === 'string' ? raw.trim() : String(raw);
  if (!q.ok) {
    // A weight parses as a rate does but is not one: said in its own words.
    const expected = rule.plain?.written ?? q.expected;
    sink.add(path, expected, shown, rule.plain ? q.message.replace(`expected ${q.expected}`, `expected ${expected}`) : q.message);
    return undefined;
  }
  // A number of persons or a rate of Infinity makes every run NaN; only a limit may be .inf ("no quota").
  if (!Number.isFinite(q.value) && !options.infinite && !(rule.unlimited && q.value === Infinity)) {
    sink.add(path, finiteText(rule), shown, `expected ${finiteText(rule)}, found ${shown} (${typeof raw === 'number' ? 'written .inf, or as a number beyond about 1.8e308' : 'beyond about 1.8e308, so infinite'})`);
    return undefined;
  }
  if (options.positive && !(q.value > 0)) {
    sink.add(path, 'a positive number', shown);
    return undefined;
  }
  // .inf, where it passed above (no limit, no truncation), is above any ceiling and still allowed.
  const endless = q.value === Infinity && (options.infinite || rule.unlimited);
  if (!endless && !(q.value >= rule.min && q.value <= rule.max)) {
    const hint = percentSignHint(rule, shown, q.value);
    sink.add(path, rangeText(rule), shown, ...(hint ? [`expected ${rangeText(rule)}, found ${shown}${hint}`] : []));
    return undefined;
  }
  return q.value;
}
