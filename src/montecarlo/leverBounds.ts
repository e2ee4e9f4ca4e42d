import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type ValueRule, keepsRule, rangeText, showValue } from '../scenario/valueRule.ts';
import { boundsChecks } from './boundsChecks.ts';
import { compileScenario } from './compileScenario.ts';
import { quantile } from './distributions.ts';

/** A lever at one end of its range putting a parameter computed from it outside its key's bounds. */
export interface LeverEndOutside {
  readonly lever: string;
  /** 0: the range's low end, 1: its high end. */
  readonly end: 0 | 1;
  readonly parameter: string;
  readonly year: number;
  /** The parameter's value that year. */
  readonly value: number;
  readonly rule: ValueRule;
}

/**
 * The first lever end that takes a parameter computed from the lever out of its key's bounds, or undefined. `s` is the
 * scenario with each lever drawn over its range (withLeverRanges, src/analysis): each lever is set to each end of its
 * range in turn, every other drawn input — the other levers too — at its median (a uniform range's midpoint), no
 * shocks, and the scenario's expressions evaluated year by year as a run evaluates them; a parameter that reads the
 * lever (directly or through variables) and leaves its bounds in some year is named. A variable has no bounds of its
 * own: what it feeds bounds it (Dalian's inflow_growth may be negative, inflow = 20万 · (1 + inflow_growth)^t stays
 * above 0 while it is above −100 %; Qingdao's relaxed_share is open_area_share, a rate). Only the ends are tried: a
 * parameter that leaves its bounds only inside the range, or only with other inputs away from their medians, is
 * still counted by the runs (meta.json outOfBounds).
 *
 * @example
 * leverEndOutside(withLeverRanges(qingdao, [{ lever: 'relaxed_share', lo: -0.1, hi: 0.8 }]), ['relaxed_share']);
 * // { lever: 'relaxed_share', end: 0, parameter: 'open_area_share', year: 2014, value: -0.1, rule: { kind: 'rate', … } }
 */
export function leverEndOutside(s: ResolvedScenario, levers: readonly string[]): LeverEndOutside | undefined {
  const c = compileScenario(s);
  const checked = new Map(boundsChecks(c).filter((ch) => ch.source !== 'shocks').map((ch) => [ch.name, ch.rule]));
  const medians = new Map(c.slots.flatMap((slot) => (slot.kind === 'dist' ? [[slot.name, quantile(slot.spec, 0.5)] as const] : [])));
  for (const lever of levers) {
    const slot = c.slots.find((sl) => sl.name === lever);
    if (slot?.kind !== 'dist' || slot.spec.dist !== 'uniform') throw new Error(`leverEndOutside: ${lever} is not drawn over a range in the scenario given`);
    // What is computed from the lever: expressions reading it or what reads it (slots are in evaluation order).
    const fed = new Set([lever]);
    for (const sl of c.slots) if (sl.kind === 'expr' && sl.symbols.some((d) => fed.has(d))) fed.add(sl.name);
    const ends = [slot.spec.min, slot.spec.max] as const;
    for (const end of [0, 1] as const) {
      // Per parameter out of bounds, its year furthest out (not a first year off by rounding: 70% − 10% · 7 is −1e-16).
      const worst = new Map<string, { year: number; value: number; by: number }>();
      const scope: Record<string, number> = {};
      for (let y = 0; y < c.steps; y++) {
        scope.year = s.years.start + y + 1;
        scope.t = y + 1;
        for (const sl of c.slots) {
          const v = sl.name === lever ? ends[end] : sl.kind === 'static' ? sl.values[y] : sl.kind === 'dist' ? medians.get(sl.name)! : sl.fn(scope);
          scope[sl.name] = v;
          const rule = checked.get(sl.name);
          if (!rule || !fed.has(sl.name) || keepsRule(v, rule)) continue;
          const by = Number.isFinite(v) ? Math.max(rule.min - v, v - rule.max) : Infinity;
          const had = worst.get(sl.name);
          if (had === undefined || by > had.by) worst.set(sl.name, { year: scope.year, value: v, by });
        }
      }
      const first = [...worst][0];
      if (first) return { lever, end, parameter: first[0], year: first[1].year, value: first[1].value, rule: checked.get(first[0])! };
    }
  }
  return undefined;
}

/**
 * {@link LeverEndOutside} in words, after the option that gave the range; `written`: the range's ends as given.
 *
 * @example
 * leverEndText(found, ['-10%', '80%']);
 * // 'at -10%, relaxed_share takes open_area_share to -10% in 2014, outside its bounds (a rate from 0% to 100%), every other input at its median: …'
 */
export function leverEndText(o: LeverEndOutside, written: readonly [string, string]): string {
  return (
    `at ${written[o.end]}, ${o.lever} takes ${o.parameter} to ${showValue(o.value, o.rule)} in ${o.year}, outside its bounds (${rangeText(o.rule)}), ` +
    `every other input at its median: give ${o.lever} a range over which what it feeds keeps its bounds`
  );
}
