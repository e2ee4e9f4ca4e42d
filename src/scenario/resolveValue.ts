import { checkExpression } from './expressions.ts';
import type { IssueSink } from './issueSink.ts';
import type { Path } from './origin.ts';
import { isMapping } from './isMapping.ts';
import { isQuantityText } from './quantity.ts';
import { readConstant } from './readConstant.ts';
import { resolveDistribution } from './resolveDistribution.ts';
import { DRAWN_BY_DEFAULT } from './uncertaintyDefaults.ts';
import type { ValueSpec } from './resolved.ts';
import type { ValueRule } from './valueRule.ts';

/** Longest expression quoted whole in a message. */
const MAX_SHOWN = 80;

/**
 * Resolve one scalar of a scenario: a constant (number or quantity text), an
 * expression (any other text; checked against the whitelist and the names in
 * `known`) or a distribution (a mapping with `dist`). Problems go to the
 * sink; the result is undefined when there were any.
 *
 * @example
 * resolveValue('5%', path, RATE_RULE, [], sink);             // { kind: 'number', value: 0.05 }
 * resolveValue('79 + 0.15 * t', path, e0Rule, [], sink);     // { kind: 'expr', text: '79 + 0.15 * t', symbols: ['t'] }
 */
export function resolveValue(raw: unknown, path: Path, rule: ValueRule, known: readonly string[], sink: IssueSink): ValueSpec | undefined {
  if (typeof raw === 'number' || (typeof raw === 'string' && isQuantityText(raw))) {
    const value = readConstant(raw, path, rule, sink);
    return value === undefined ? undefined : { kind: 'number', value };
  }
  if (typeof raw === 'string') {
    // `none` belongs under uncertainty, where it switches a default draw off; here it would read as an unknown name.
    const drawn = path[0] === 'parameters' && raw.trim() === 'none' ? (DRAWN_BY_DEFAULT as Readonly<Record<string, string>>)[String(path[1])] : undefined;
    if (drawn) {
      sink.add(path, 'a number, a quantity or an allowed expression', '"none"', `\`none\` is not a value of ${String(path[1])}; to keep the engine default instead of the city's draw, leave ${String(path[1])} out and write \`uncertainty: { ${drawn}: none }\``);
      return undefined;
    }
    const { symbols, problems } = checkExpression(raw, known);
    const shown = raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
    for (const p of problems) sink.add(path, 'a number, a quantity or an allowed expression', JSON.stringify(shown), `${p} (in "${shown}")`);
    return problems.length ? undefined : { kind: 'expr', text: raw, symbols };
  }
  if (isMapping(raw)) {
    const spec = resolveDistribution(raw, path, rule, sink);
    return spec && { kind: 'dist', spec };
  }
  return undefined;
}
