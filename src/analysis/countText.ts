import { METRIC_DOCS } from '../io/metricColumns.ts';
import { wanText } from './effectsText.ts';

/** Metrics counted in these units are said in 万, as plans count people (and the children, dwellings and places they need). */
const IN_WAN = /^(persons|children|dwellings|places)\b/;

/**
 * The value of a metric that is not a rate as the terminal's tables print it: a count of people (of children,
 * dwellings, school places) in 万 ({@link wanText}), as solve's settled column, the reports and README write persons
 * (compare printed registered_pop as 2,008,835 where its report said 200.9万); anything else (yuan, m²) in whole units.
 *
 * @example
 * countText('registered_pop', 2_008_835);  // '200.9万'
 * countText('registered_pop', -4_200);     // '-0.42万'
 * countText('cost_government', 1_234_567); // '1,234,567'
 */
export function countText(metric: string, v: number): string {
  const unit = (METRIC_DOCS as Record<string, { unit: string } | undefined>)[metric]?.unit ?? '';
  return IN_WAN.test(unit) ? wanText(v) : Math.round(v).toLocaleString('en');
}
