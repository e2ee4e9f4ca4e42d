import { scalarRule } from '../scenario/scalarRule.ts';
import type { ValueRule } from '../scenario/valueRule.ts';
import type { CompiledScenario } from './compileWithTrees.ts';

/** A yearly model parameter whose values are only known per run, checked against its key's bounds after each draw. */
export interface BoundsCheck {
  /** Scenario name of the parameter or group lever. */
  readonly name: string;
  /** What can push it out: an expression of drawn values, yearly shocks, or both. */
  readonly source: 'expression' | 'shocks' | 'expression, shocks';
  readonly rule: ValueRule;
}

/**
 * The parameters whose values the scenario validator cannot check: those set
 * by an expression that reads a drawn value (expressions of the year alone are
 * checked when the scenario is read), and those with yearly shocks (a rate of
 * 0.9 times exp(0.2) is 1.1). Numbers and distributions are checked against
 * the key's bounds by the validator. Helper variables have no bounds. Order:
 * expressions in evaluation order, then shocked keys in the compiled order.
 *
 * @example
 * boundsChecks(compileScenario(resolved)); // [{ name: 'migrant_settle_rate', source: 'expression', rule: { min: 0, max: 1, … } }]
 */
export function boundsChecks(c: CompiledScenario): BoundsCheck[] {
  const shocked = new Set<string>(c.shocks.map((s) => s.key));
  const checks: BoundsCheck[] = [];
  for (const slot of c.slots) {
    if (slot.kind !== 'expr') continue;
    const rule = scalarRule(slot.name);
    if (rule.min === -Infinity && rule.max === Infinity) continue;
    checks.push({ name: slot.name, source: shocked.has(slot.name) ? 'expression, shocks' : 'expression', rule });
  }
  for (const key of shocked)
    if (!checks.some((ch) => ch.name === key)) checks.push({ name: key, source: 'shocks', rule: scalarRule(key) });
  return checks;
}
