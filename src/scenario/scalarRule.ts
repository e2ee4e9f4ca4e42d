import { GROUP_LEVERS, type GroupLeverName } from './groupLevers.ts';
import { PARAMETERS, type ParameterKey } from './parameterKeys.ts';
import { VARIABLE_RULE, type ValueRule, parameterRule } from './valueRule.ts';

/**
 * The rule of one of a scenario's named scalars (as compileScenario names
 * them): a parameter key's, a source group lever's
 * (`settlement_groups.<group>.<lever>`), or a helper variable's (any number).
 *
 * @example
 * scalarRule('migrant_settle_rate');                        // { kind: 'rate', min: 0, max: 1, … }
 * scalarRule('settlement_groups.rural_students.take_up');   // a rate too
 * scalarRule('growth');                                     // VARIABLE_RULE
 */
export function scalarRule(name: string): ValueRule {
  if (Object.hasOwn(PARAMETERS, name)) return parameterRule(PARAMETERS[name as ParameterKey]);
  const lever = /^settlement_groups\.\w+\.(\w+)$/.exec(name)?.[1];
  if (lever && Object.hasOwn(GROUP_LEVERS, lever)) return parameterRule(GROUP_LEVERS[lever as GroupLeverName]);
  return VARIABLE_RULE;
}
