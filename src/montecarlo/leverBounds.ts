import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type ValueRule, keepsRule, rangeText, showValue } from '../scenario/valueRule.ts';
import { boundsChecks } from './boundsChecks.ts';
import { compileScenario } from './compileScenario.ts';
import { quantile } from './distributions.ts';

/** A lever at one end of its range putting a parameter computed from it outside its key's bounds. */
export interface LeverEndOutside {
  readonly lever: string;
  /** 0: the range's low end, 1: its high end; absent for a value inside the range ({@link leverEndOutside}). */
  readonly end?: 0 | 1;
  /** The lever's value there. */
  readonly at: number;
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
 * above 0 while it is above −100 %; Qingdao's relaxed_share is open_area_share, a rate).
 *
 * The ends first, then values inside the range (every sixteenth of it). The ends alone would do for a parameter
 * that moves one way as the lever grows — min, max, sums, products by what is positive and powers of what is
 * positive all do, and a value between two in bounds is in bounds then — but an expression may read the lever
 * through abs, an even power, `c ? a : b` or twice with opposite signs, and dip out of its bounds inside the range
 * while both ends stay in (`abs(a) - 5%` at −10 %..10 % is −5 % at a = 0). Of the values inside, the one taking a
 * parameter furthest out is named. A dip between two of the values tried, or with other inputs away from their
 * medians, is still counted by the runs (meta.json outOfBounds).
 *
 * @example
 * leverEndOutside(withLeverRanges(qingdao, [{ lever: 'relaxed_share', lo: -0.1, hi: 0.8 }]), ['relaxed_share']);
 * // { lever: 'relaxed_share', end: 0, at: -0.1, parameter: 'open_area_share', year: 2014, value: -0.1, rule: { kind: 'rate', … } }
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
    const { min, max } = slot.spec;
    // The first parameter out of bounds with the lever at x, in its year furthest out (not a first year off by
    // rounding: 70% − 10% · 7 is −1e-16), and by how much.
    const outside = (x: number) => {
      const worst = new Map<string, { year: number; value: number; by: number }>();
      const scope: Record<string, number> = {};
      for (let y = 0; y < c.steps; y++) {
        scope.year = s.years.start + y + 1;
        scope.t = y + 1;
        for (const sl of c.slots) {
          const v = sl.name === lever ? x : sl.kind === 'static' ? sl.values[y] : sl.kind === 'dist' ? medians.get(sl.name)! : sl.fn(scope);
          scope[sl.name] = v;
          const rule = checked.get(sl.name);
          if (!rule || !fed.has(sl.name) || keepsRule(v, rule)) continue;
          const by = Number.isFinite(v) ? Math.max(rule.min - v, v - rule.max) : Infinity;
          const had = worst.get(sl.name);
          if (had === undefined || by > had.by) worst.set(sl.name, { year: scope.year, value: v, by });
        }
      }
      const first = [...worst][0];
      return first && { parameter: first[0], year: first[1].year, value: first[1].value, by: first[1].by, rule: checked.get(first[0])! };
    };
    for (const end of [0, 1] as const) {
      const at = end === 0 ? min : max;
      const o = outside(at);
      if (o) return { lever, end, at, parameter: o.parameter, year: o.year, value: o.value, rule: o.rule };
    }
    let inside: LeverEndOutside | undefined;
    let furthest = -Infinity;
    for (let k = 1; k < INSIDE; k++) {
      const at = min + ((max - min) * k) / INSIDE;
      const o = outside(at);
      if (o && o.by > furthest) [inside, furthest] = [{ lever, at, parameter: o.parameter, year: o.year, value: o.value, rule: o.rule }, o.by];
    }
    if (inside) return inside;
  }
  return undefined;
}

/** Values inside a lever's range tried by {@link leverEndOutside}: every 1/INSIDE of it. */
const INSIDE = 16;

/**
 * {@link LeverEndOutside} in words, after the option that gave the range; `written`: the range's ends as given,
 * `shown`: a value inside it written in the lever's units.
 *
 * @example
 * leverEndText(found, ['-10%', '80%']);
 * // 'at -10%, relaxed_share takes open_area_share to -10% in 2014, outside its bounds (a rate from 0% to 100%), every other input at its median: …'
 */
export function leverEndText(o: LeverEndOutside, written: readonly [string, string], shown: (x: number) => string = String): string {
  // To 12 significant figures: 200000 · (1 − 1.2) is −39999.99999999999, and −10 % + 20 % · 5/16 may end in …0003.
  const clean = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);
  const at = o.end === undefined ? `${shown(clean(o.at))} (inside the range)` : written[o.end];
  return (
    `at ${at}, ${o.lever} takes ${o.parameter} to ${showValue(clean(o.value), o.rule)} in ${o.year}, outside its bounds (${rangeText(o.rule)}), ` +
    `every other input at its median: give ${o.lever} a range over which what it feeds keeps its bounds`
  );
}
