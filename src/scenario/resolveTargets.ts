import { METRICS } from '../model/indicators.ts';
import { metricHint } from './metricHint.ts';
import type { IssueSink } from './issueSink.ts';
import { readConstant } from './readConstant.ts';
import type { TargetSpec } from './resolved.ts';
import { PERSONS_RULE, RATE_RULE, type ValueRule } from './valueRule.ts';

const MONEY_OR_AREA = new Set(['cost_government', 'cost_enterprise', 'cost_individual', 'land_quota_m2', 'transfer_yuan']);

/**
 * How a target's value is written: rates and shares as rates (percentages
 * allowed), the gap between the rates from −100% to 100%, yuan and m² as plain
 * numbers, everything else as persons.
 *
 * @example
 * metricRule('resident_rate').kind; // 'rate'
 */
export function metricRule(metric: string): ValueRule {
  if (metric === 'rate_gap') return { ...RATE_RULE, min: -1 };
  if (metric.endsWith('_rate') || metric.endsWith('_share')) return RATE_RULE;
  if (MONEY_OR_AREA.has(metric)) return { kind: 'number', min: 0, max: Infinity, support: 'none', noun: 'a number' };
  return PERSONS_RULE;
}

/**
 * The stable id of a target: metric, comparison, value and year.
 *
 * @example
 * targetId('resident_rate', '>=', 0.756, 2020); // 'resident_rate>=0.756@2020'
 */
export function targetId(metric: string, op: string, value: number, year: number): string {
  return `${metric}${op}${Number(value.toPrecision(12))}@${year}`;
}

/**
 * Check targets: a known metric (with a suggestion when misspelt), a year
 * within the scenario's years, a value in the metric's unit; ids must be
 * unique. `sourceOf(i)` says where target i was written when it does not say.
 *
 * @example
 * resolveTargets([{ metric: 'resident_rate', year: 2020, op: '>=', value: '75.6%' }], { start: 2013, end: 2035 }, () => 'dalian.yaml', sink);
 * // [{ id: 'resident_rate>=0.756@2020', metric: 'resident_rate', year: 2020, op: '>=', value: 0.756, source: 'dalian.yaml' }]
 */
export function resolveTargets(raw: unknown, years: { start?: number; end?: number }, sourceOf: (index: number) => string, sink: IssueSink): TargetSpec[] {
  if (!Array.isArray(raw)) return [];
  const out: TargetSpec[] = [];
  const ids = new Set<string>();
  raw.forEach((t: unknown, i) => {
    if (typeof t !== 'object' || t === null) return;
    const { metric, year, op = '>=', value, source } = t as Record<string, unknown>;
    const path = ['targets', i];
    const metricKnown = typeof metric === 'string' && (METRICS as readonly string[]).includes(metric);
    if (typeof metric === 'string' && !metricKnown) {
      sink.add([...path, 'metric'], `one of the indicators (${METRICS.join(', ')})`, metric, `unknown metric \`${metric}\`${metricHint(metric)}`);
    }
    const yearInRange = typeof year === 'number' && (years.start === undefined || years.end === undefined || (year >= years.start && year <= years.end));
    if (typeof year === 'number' && Number.isInteger(year) && !yearInRange)
      sink.add([...path, 'year'], `a year within the scenario's years, ${years.start} to ${years.end}`, String(year));
    const v = metricKnown ? readConstant(value, [...path, 'value'], metricRule(metric as string), sink) : undefined;
    if (!metricKnown || !yearInRange || v === undefined || !Number.isInteger(year) || (op !== '>=' && op !== '<=')) return;
    const id = targetId(metric as string, op, v, year as number);
    if (ids.has(id)) {
      sink.add(path, 'each target once', id, `duplicate target ${id}`);
      return;
    }
    ids.add(id);
    out.push({ id, metric: metric as string, year: year as number, op, value: v, source: typeof source === 'string' ? source : sourceOf(i) });
  });
  return out;
}
