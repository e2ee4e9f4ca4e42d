import { expressionTree } from '../scenario/expressions.ts';
import type { ExpressionTree } from '../scenario/compileTree.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { compileWithTrees, scenarioScalars, type CompiledScenario } from './compileWithTrees.ts';

export { emptyModelParams, modelArrayOf, type CompiledScenario, type Slot } from './compileWithTrees.ts';

/**
 * Prepare a resolved scenario for many runs (see {@link CompiledScenario}):
 * the baseline built once, static values computed once, expressions compiled
 * to closures in dependency order.
 *
 * @example
 * const c = compileScenario(resolved);
 * c.sampledNames; // ['growth', 'migrant_settle_rate'], the params.arrow columns
 */
export function compileScenario(resolved: ResolvedScenario): CompiledScenario {
  return compileWithTrees(resolved, expressionTrees(resolved));
}

/**
 * The syntax tree of every expression of a resolved scenario, by text: plain
 * data for worker threads.
 *
 * @example
 * expressionTrees(resolved)['250000 * 1.02 ^ t']; // { type: 'OperatorNode', … }
 */
export function expressionTrees(resolved: ResolvedScenario): Record<string, ExpressionTree> {
  const trees: Record<string, ExpressionTree> = {};
  for (const s of scenarioScalars(resolved).values()) if (s.kind === 'expr' && !(s.text in trees)) trees[s.text] = expressionTree(s.text);
  return trees;
}
