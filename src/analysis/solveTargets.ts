import { METRICS } from '../model/indicators.ts';
import { metricHint } from '../scenario/metricHint.ts';
import { metricRule, targetId } from '../scenario/resolveTargets.ts';
import { parseQuantity } from '../scenario/quantity.ts';
import type { ResolvedScenario, TargetSpec } from '../scenario/resolved.ts';
import { percentSignHint, rangeText } from '../scenario/valueRule.ts';
import { isRate } from '../report/labels.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { checkMetricYear } from './checkMetricYear.ts';

/**
 * The target(s) a solve must meet, from how a planner names them:
 *
 * - `registered_rate>=72.5%@2020`: metric, comparison, value (written as in
 *   scenario files: `72.5%`, `120万`) and year;
 * - `72.5%` or `<=150万` with `metric` and `year` given apart (`>=` by default);
 * - `2`: the scenario's second target, in the order `urbsim run` prints them;
 * - `registered_rate@2020`: the scenario's target on that metric and year;
 * - `all`: every target of the scenario, met jointly.
 *
 * Throws {@link AnalysisInputError} with what was expected (and the
 * scenario's targets, when one was referred to).
 *
 * @example
 * solveTargets(dalian, 'registered_rate>=72.5%@2020');
 * // [{ id: 'registered_rate>=0.725@2020', metric: 'registered_rate', op: '>=', value: 0.725, year: 2020, source: '--target' }]
 * solveTargets(dalian, '0.6', { metric: 'registered_rate', year: 2020 });
 * solveTargets(dalian, 'all'); // the 4 targets of scenarios/dalian.yaml
 */
export function solveTargets(s: ResolvedScenario, raw: string, o: { metric?: string; year?: number } = {}): TargetSpec[] {
  const text = raw.trim();
  // Each as --target takes it, a rate in percent as the scenario file writes it (67%, not 0.67).
  const asWritten = (t: TargetSpec) => `${t.metric}${t.op}${isRate(t.metric) ? `${Number((t.value * 100).toFixed(10))}%` : t.value}@${t.year}`;
  const listed = () =>
    s.targets.length ? `${s.name}'s targets: ${s.targets.map((t, i) => `${i + 1} ${asWritten(t)}`).join(', ')}` : `${s.name} has no targets`;
  const apart = o.metric !== undefined || o.year !== undefined;
  if (apart) {
    if (o.metric === undefined || o.year === undefined) throw new AnalysisInputError('--metric and --year go together: give both, or write the target as metric>=value@year');
    const m = /^(>=|<=)?\s*(.+)$/.exec(text);
    // The CLI says more (src/cli/targetOption.ts); a library caller gets what is missing, not a TypeError.
    if (!m) throw new AnalysisInputError(`--target with --metric and --year: the value is missing (e.g. 72.5% or >=72.5%)`);
    return [make(s, o.metric, (m[1] ?? '>=') as '>=' | '<=', m[2], o.year)];
  }
  if (text === 'all') {
    if (!s.targets.length) throw new AnalysisInputError(`--target all: ${listed()}`);
    return [...s.targets];
  }
  if (/^\d+$/.test(text)) {
    const i = Number(text);
    if (i < 1 || i > s.targets.length) throw new AnalysisInputError(`--target ${text}: no target number ${text}; ${listed()}`);
    return [s.targets[i - 1]];
  }
  const ref = /^([a-z0-9_]+)\s*@\s*(\d+)$/.exec(text);
  if (ref) {
    // A misspelt metric is said as such, with what it may be (`registered@2020`: registered_rate or registered_pop).
    if (!(METRICS as readonly string[]).includes(ref[1])) throw new AnalysisInputError(`--target ${text}: unknown metric \`${ref[1]}\`${metricHint(ref[1])}; ${listed()}`);
    const found = s.targets.filter((t) => t.metric === ref[1] && t.year === Number(ref[2]));
    if (found.length === 0) throw new AnalysisInputError(`--target ${text}: ${s.name} has no target on ${ref[1]} in ${ref[2]}; ${listed()}`);
    return found;
  }
  const FULL = /^([a-z0-9_]+)\s*(>=|<=)\s*(.+?)\s*@\s*(\d+)$/;
  const full = FULL.exec(text);
  if (full) return [make(s, full[1], full[2] as '>=' | '<=', full[3], Number(full[4]))];
  // ≥ as typed in a document, => for >=, a Chinese input method's ＞＝ and ＠: said with what to write (it said only
  // 'expected metric>=value@year').
  const typed = text.normalize('NFKC').replace(/≥|=>/g, '>=').replace(/≤|=</g, '<=');
  const meant = typed !== text && FULL.test(typed) ? ` (did you mean ${typed}?)` : '';
  throw new AnalysisInputError(
    `--target "${raw}"${meant}: expected metric>=value@year (e.g. registered_rate>=72.5%@2020), a value with --metric and --year, ` +
      `a target's number or metric@year, or all; ${listed()}`,
  );
}

function make(s: ResolvedScenario, metric: string, op: '>=' | '<=', rawValue: string, year: number): TargetSpec {
  checkMetricYear(s, metric, year);
  const rule = metricRule(metric);
  const v = parseQuantity(rawValue, rule.kind);
  if (!v.ok) throw new AnalysisInputError(`target value of ${metric}: ${v.message}`);
  if (v.value < rule.min || v.value > rule.max) {
    // A percentage without its sign is said so, as a scenario file's is.
    const shown = rawValue.trim();
    throw new AnalysisInputError(`target value of ${metric}: expected ${rangeText(rule)}, found ${shown}${percentSignHint(rule, shown, v.value)}`);
  }
  return { id: targetId(metric, op, v.value, year), metric, year, op, value: v.value, source: '--target' };
}
