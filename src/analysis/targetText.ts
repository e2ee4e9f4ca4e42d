import type { TargetSpec } from '../scenario/resolved.ts';

/**
 * A target in words with its own units, e.g. `registered_rate ≥ 72.5% in 2020`.
 *
 * @example
 * targetText({ metric: 'migrant_pop', op: '<=', value: 1_500_000, year: 2030 }); // 'migrant_pop ≤ 1,500,000 in 2030'
 */
export function targetText(t: Pick<TargetSpec, 'metric' | 'op' | 'value' | 'year'>): string {
  const rate = t.metric.endsWith('_rate') || t.metric.endsWith('_share') || t.metric === 'rate_gap';
  const value = rate ? `${Number((t.value * 100).toPrecision(6))}%` : t.value.toLocaleString('en');
  return `${t.metric} ${t.op === '>=' ? '≥' : '≤'} ${value} in ${t.year}`;
}
