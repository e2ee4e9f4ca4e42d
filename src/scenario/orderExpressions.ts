import { dependencyOrder } from './dependencyOrder.ts';
import { compileExpression } from './expressions.ts';
import type { IssueSink } from './issueSink.ts';
import type { Path } from './origin.ts';
import type { ValueSpec } from './resolved.ts';
import { finiteText, keepsRule, rangeText, showValue, type ValueRule } from './valueRule.ts';

/**
 * Order the variables and parameters so that each expression comes after
 * what it reads, reporting every cycle (`a → b → a`) at the first name in it.
 * Expressions that depend on nothing drawn (only `year`, `t` and constants,
 * directly or through other such expressions) are evaluated for every
 * projected year, start + 1 … end, and must stay finite and within their
 * key's bounds: `e0_female: "79 + 2 * t"` fails here rather than in the
 * engine. Returns the order of the names that are not plain numbers.
 *
 * @example
 * orderExpressions(specs, rules, { start: 2013, end: 2035 }, (n) => ['parameters', n], sink);
 * // ['growth', 'inflow']
 */
export function orderExpressions(
  specs: ReadonlyMap<string, ValueSpec>,
  rules: ReadonlyMap<string, ValueRule>,
  years: { start: number; end: number } | undefined,
  pathOf: (name: string) => Path,
  sink: IssueSink,
): string[] {
  const reads = new Map<string, readonly string[]>();
  for (const [name, spec] of specs) reads.set(name, spec.kind === 'expr' ? spec.symbols.filter((s) => specs.has(s)) : []);
  const { order, cycles } = dependencyOrder(reads);
  for (const cycle of cycles) sink.add(pathOf(cycle[0]), 'expressions that do not depend on themselves', cycle.join(' → '), `cycle between expressions: ${cycle.join(' → ')}`);
  if (cycles.length || !years) return order.filter((n) => specs.get(n)!.kind !== 'number');

  const known = [...specs.keys()];
  const steps = years.end - years.start;
  const fixed = new Map<string, Float64Array>();
  for (const name of order) {
    const spec = specs.get(name)!;
    if (spec.kind === 'number') fixed.set(name, new Float64Array(steps).fill(spec.value));
    if (spec.kind !== 'expr' || !spec.symbols.every((s) => s === 'year' || s === 't' || fixed.has(s))) continue;
    const { fn } = compileExpression(spec.text, known);
    const values = new Float64Array(steps);
    const scope: Record<string, number> = {};
    const rule = rules.get(name)!;
    for (let y = 0; y < steps; y++) {
      scope.year = years.start + y + 1;
      scope.t = y + 1;
      for (const s of spec.symbols) if (fixed.has(s)) scope[s] = fixed.get(s)![y];
      const v = fn(scope);
      // Finite too, unless it is a limit (a quota): a count of .inf is never a number of people to add (1万 / (year − 2017) in 2017).
      if (!keepsRule(v, rule)) {
        sink.add(pathOf(name), `${rule.unlimited ? rangeText(rule) : finiteText(rule)} in every year`, `${Number.isNaN(v) ? 'NaN' : showValue(v, rule)} in ${scope.year}`);
        break;
      }
      values[y] = v;
    }
    fixed.set(name, values);
  }
  return order.filter((n) => specs.get(n)!.kind !== 'number');
}
