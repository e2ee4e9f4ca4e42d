import type { PlanRate, SolveEffects } from './solveEffects.ts';

/**
 * Persons as plans write them: in 万 with one decimal from 1万 up.
 *
 * @example
 * wanText(234_000); // '23.4万'
 * wanText(4_200);   // '0.42万'
 * wanText(420);     // '420'
 */
export function wanText(persons: number): string {
  if (!Number.isFinite(persons)) return '–';
  if (Math.abs(persons) >= 1e4) return `${(persons / 1e4).toFixed(1)}万`;
  return Math.abs(persons) >= 1e3 ? `${(persons / 1e4).toFixed(2)}万` : Math.round(persons).toLocaleString('en');
}

/**
 * Yuan as budgets write them: 亿 (10⁸) with one decimal, 万 below that.
 *
 * @example
 * yuanText(10_230_000_000); // '102.3亿'
 */
export function yuanText(yuan: number): string {
  if (!Number.isFinite(yuan)) return '–';
  if (Math.abs(yuan) >= 1e8) return `${(yuan / 1e8).toFixed(1)}亿`;
  return Math.abs(yuan) >= 1e4 ? `${(yuan / 1e4).toFixed(0)}万` : Math.round(yuan).toLocaleString('en');
}

const signed = (persons: number) => `${persons >= 0 ? '+' : '−'}${wanText(Math.abs(persons))}`;

/**
 * People settled a year beside the plan's own figure and the gap (model −
 * plan): all, then locals and others where the plan names them.
 *
 * @example
 * settledText(effects, plan, 2013);
 * // 'settles 23.4万 a year over 2014–2017; the plan: 12.5万 a year (50万 by 2017, seed 004 L903): +10.9万'
 */
export function settledText(e: SolveEffects, plan: PlanRate | undefined, start: number): string {
  const model = `settles ${wanText(e.settledPerYear)} a year over ${start + 1}–${start + e.years}`;
  if (!plan) return `${model} (the scenario has no settlement plan to compare with)`;
  const by = `${plan.year}${plan.source ? `, ${plan.source}` : ''}`;
  const parts: string[] = [];
  if (plan.total !== undefined)
    parts.push(`the plan: ${wanText(plan.total)} a year (${wanText(plan.total * (plan.year - plan.from))} by ${by}): ${signed(e.settledPerYear - plan.total)}`);
  if (plan.local !== undefined) parts.push(`locals ${wanText(e.settledLocalPerYear)} against ${wanText(plan.local)}: ${signed(e.settledLocalPerYear - plan.local)}`);
  if (plan.nonlocal !== undefined) parts.push(`from elsewhere ${wanText(e.settledMigrantsPerYear)} against ${wanText(plan.nonlocal)}: ${signed(e.settledMigrantsPerYear - plan.nonlocal)}`);
  return `${model}; ${parts.join('; ')}`;
}

/**
 * The 市民化 cost split and the land quota earned, summed over the years
 * (medians over runs).
 *
 * @example
 * costText(effects, 2013); // '市民化 cost 2014–2017: government 102.3亿, enterprises 81.8亿, individuals 71.6亿 yuan; land quota not set (land_per_settled)'
 */
export function costText(e: SolveEffects, start: number): string {
  const years = `${start + 1}–${start + e.years}`;
  const total = e.costGovernment + e.costEnterprise + e.costIndividual;
  const cost = total > 0
    ? `市民化 cost ${years}: government ${yuanText(e.costGovernment)}, enterprises ${yuanText(e.costEnterprise)}, individuals ${yuanText(e.costIndividual)} yuan`
    : '市民化 cost not set (cost_one_off, cost_recurring)';
  const land = e.landQuotaM2 > 0 ? `land quota earned ${(e.landQuotaM2 / 1e4).toFixed(1)} ha` : 'land quota not set (land_per_settled)';
  return `${cost}; ${land}`;
}
