import { wanText } from '../analysis/effectsText.ts';
import { planRate } from '../analysis/solveEffects.ts';
import type { Summary } from '../analysis/summarize.ts';
import { M, METRIC_COUNT } from '../model/indicators.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/** A plan's figures of one year: the total, the split beside it (or the split alone, summed). */
function yearFigures(at: readonly { readonly persons: number; readonly kind: 'total' | 'local' | 'nonlocal' }[]): string {
  const of = (k: string) => at.find((p) => p.kind === k)?.persons;
  const [total, local, nonlocal] = [of('total'), of('local'), of('nonlocal')];
  const split = [local !== undefined && `${wanText(local)} locals`, nonlocal !== undefined && `${wanText(nonlocal)} from elsewhere`].filter(Boolean).join(' + ');
  if (total === undefined) return local !== undefined && nonlocal !== undefined ? `${wanText(local + nonlocal)} (${split})` : split;
  return split ? `${wanText(total)} (${split})` : wanText(total);
}

/**
 * What `urbsim run` and `merge` print of the scenario's settlement plan (落户: persons settled, cumulative from the
 * base year; `settlement_plan:` or the city's data/areas figures), under the run's first line: every figure of the
 * plan with its year and source, then its last year's figure as persons a year ({@link planRate}) beside the runs' median yearly settlement over the same years — the
 * yearly medians of `settled` (`settled_local`, `settled_migrants` where the plan splits them) averaged, as the
 * batch's reachability table sets them side by side. Undefined when the scenario has no plan.
 *
 * @example
 * planLine(loadScenario('scenarios/dongguan.yaml'), summary);
 * // 'settlement plan (落户, cumulative from 2013): 150.0万 (60.0万 locals + 90.0万 from elsewhere) by 2020 (seed 004 L4746)\n' +
 * // "  a year, 2014–2020: the plan 21.4万 (locals 8.6万, from elsewhere 12.9万); the runs' median 3.9万 (locals 0.50万, from elsewhere 3.4万)"
 */
export function planLine(s: ResolvedScenario, summary: Summary): string | undefined {
  const plans = s.settlementPlan ?? [];
  if (!plans.length) return undefined;
  const end = s.years.end;
  const rate = planRate(s, end);
  if (!rate) return undefined;
  const years = [...new Set(plans.map((p) => p.year))].sort((a, b) => a - b);
  // Each year's figures with their source: the total's, else the first of the split's.
  const figures = years.map((y) => {
    const at = plans.filter((p) => p.year === y);
    const source = (at.find((p) => p.kind === 'total') ?? at[0]).source;
    return `${yearFigures(at)} by ${y}${source ? ` (${source})` : ''}`;
  });
  // The runs' yearly medians over the plan's years (a plan's year lies within the scenario's: resolvePlan.ts).
  const last = Math.min(rate.year, end);
  const yearly = (m: 'settled' | 'settled_local' | 'settled_migrants') => {
    let sum = 0;
    let n = 0;
    for (let y = rate.from + 1; y <= last; y++) {
      const r = summary.years.indexOf(y);
      if (r < 0) continue;
      sum += summary.stats.p50[r * METRIC_COUNT + M[m]];
      n++;
    }
    return n ? sum / n : NaN;
  };
  const split = (local: string | undefined, nonlocal: string | undefined) =>
    local !== undefined && nonlocal !== undefined ? ` (locals ${local}, from elsewhere ${nonlocal})` : local !== undefined ? ` (locals ${local})` : nonlocal !== undefined ? ` (from elsewhere ${nonlocal})` : '';
  const planned = `${rate.total !== undefined ? wanText(rate.total) : ''}${split(rate.local !== undefined ? wanText(rate.local) : undefined, rate.nonlocal !== undefined ? wanText(rate.nonlocal) : undefined)}`.trim();
  const settled = `${rate.total !== undefined ? wanText(yearly('settled')) : ''}${split(rate.local !== undefined ? wanText(yearly('settled_local')) : undefined, rate.nonlocal !== undefined ? wanText(yearly('settled_migrants')) : undefined)}`.trim();
  return [
    `settlement plan (落户, cumulative from ${rate.from}): ${figures.join(', ')}`,
    `  a year, ${rate.from + 1}–${last}: the plan ${planned}; the runs' median ${settled}`,
  ].join('\n');
}
