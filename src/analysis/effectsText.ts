import type { ResolvedScenario } from '../scenario/resolved.ts';
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

/** Whether a scenario prices what the effects count: the 市民化 cost, the land quota earned. */
export interface Priced {
  readonly cost: boolean;
  readonly land: boolean;
}

/**
 * What a scenario prices: a cost per person settled (`cost_one_off`, `cost_recurring`) or land per person settled
 * (`land_per_settled`) it sets — anything but the engine default, the number 0 — or a lever of the search sets. Taken
 * from the scenario, not from the sums: a cost set where nobody settles sums to 0 and is still a cost of 0 yuan.
 *
 * @example
 * priced(loadScenario('scenarios/dalian.yaml'), ['migrant_settle_rate']); // { cost: true, land: false }
 */
export function priced(s: Pick<ResolvedScenario, 'parameters'>, levers: readonly string[]): Priced {
  const set = (k: 'cost_one_off' | 'cost_recurring' | 'land_per_settled') => {
    const v = s.parameters[k];
    return levers.includes(k) || !(v.kind === 'number' && v.value === 0);
  };
  return { cost: set('cost_one_off') || set('cost_recurring'), land: set('land_per_settled') };
}

/**
 * The 市民化 cost split and the land quota earned, summed over the years
 * (medians over runs); 'not set' where the scenario does not price them ({@link priced}).
 *
 * @example
 * costText(effects, 2013, { cost: true, land: false }); // '市民化 cost 2014–2017: government 102.3亿, enterprises 81.8亿, individuals 71.6亿 yuan; land quota not set (land_per_settled)'
 */
export function costText(e: SolveEffects, start: number, p: Priced): string {
  const years = `${start + 1}–${start + e.years}`;
  const cost = p.cost
    ? `市民化 cost ${years}: government ${yuanText(e.costGovernment)}, enterprises ${yuanText(e.costEnterprise)}, individuals ${yuanText(e.costIndividual)} yuan`
    : '市民化 cost not set (cost_one_off, cost_recurring)';
  const land = p.land ? `land quota earned ${(e.landQuotaM2 / 1e4).toFixed(1)} ha` : 'land quota not set (land_per_settled)';
  return `${cost}; ${land}`;
}
