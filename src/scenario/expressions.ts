import { parse, type MathNode } from 'mathjs';

/** Functions an expression may call, and their JavaScript meaning. */
const FUNCTIONS: Record<string, (...a: number[]) => number> = {
  min: Math.min, max: Math.max, abs: Math.abs, exp: Math.exp, log: Math.log, log10: Math.log10, sqrt: Math.sqrt,
  floor: Math.floor, ceil: Math.ceil, round: Math.round, pow: Math.pow, sign: Math.sign,
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: (a, b) => a ** b, mod: (a, b) => a % b,
  smaller: (a, b) => +(a < b), larger: (a, b) => +(a > b), smallerEq: (a, b) => +(a <= b), largerEq: (a, b) => +(a >= b),
  equal: (a, b) => +(a === b), unequal: (a, b) => +(a !== b), and: (a, b) => +(!!a && !!b), or: (a, b) => +(!!a || !!b),
};
const UNARY: Record<string, (a: number) => number> = { unaryMinus: (a) => -a, unaryPlus: (a) => a, not: (a) => +!a };

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

export interface CompiledExpression {
  /** Symbols read (not constants or functions), sorted. */
  readonly symbols: string[];
  readonly fn: (scope: Record<string, number>) => number;
}

/**
 * Parse an expression with mathjs, check every node against a whitelist
 * (numbers, known symbols, arithmetic, comparisons, logic, conditionals and
 * a fixed list of math functions) and compile it into a plain closure. Any
 * other construct — assignment, function definition, matrices, strings,
 * property access, `import`, `createUnit`, unknown names — is an error
 * naming it; nothing from the text is ever evaluated by mathjs.
 *
 * @example
 * compileExpression('200000 * (1 + g) ^ (year - 2013)', ['g', 'year']).fn({ g: 0.02, year: 2015 }); // 208080
 */
export function compileExpression(text: string, known: readonly string[]): CompiledExpression {
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    throw new ExpressionError(`cannot parse expression "${text}": ${(e as Error).message}`);
  }
  const symbols = new Set<string>();
  const knownSet = new Set(known);
  const build = (n: MathNode): ((s: Record<string, number>) => number) => {
    const any = n as unknown as Record<string, unknown> & { type: string };
    switch (any.type) {
      case 'ConstantNode': {
        const v = any.value;
        if (typeof v !== 'number') throw new ExpressionError(`only numbers are allowed in expressions, found ${JSON.stringify(v)} in "${text}"`);
        return () => v;
      }
      case 'ParenthesisNode':
        return build(any.content as MathNode);
      case 'SymbolNode': {
        const name = any.name as string;
        if (name in CONSTANTS && !knownSet.has(name)) {
          const c = CONSTANTS[name];
          return () => c;
        }
        if (!knownSet.has(name)) throw new ExpressionError(`unknown symbol "${name}" in "${text}" (known: ${[...known].join(', ')})`);
        symbols.add(name);
        return (s) => s[name];
      }
      case 'OperatorNode': {
        const fn = any.fn as string;
        const args = (any.args as MathNode[]).map(build);
        if (args.length === 1 && UNARY[fn]) {
          const [a] = args;
          const f = UNARY[fn];
          return (s) => f(a(s));
        }
        if (args.length === 2 && BINARY[fn]) {
          const [a, b] = args;
          const f = BINARY[fn];
          return (s) => f(a(s), b(s));
        }
        throw new ExpressionError(`operator "${any.op as string}" is not allowed in "${text}"`);
      }
      case 'ConditionalNode': {
        const c = build(any.condition as MathNode);
        const t = build(any.trueExpr as MathNode);
        const f = build(any.falseExpr as MathNode);
        return (s) => (c(s) ? t(s) : f(s));
      }
      case 'FunctionNode': {
        const fnNode = any.fn as { type: string; name?: string };
        const name = fnNode.type === 'SymbolNode' ? fnNode.name! : '';
        const f = FUNCTIONS[name];
        if (!f) throw new ExpressionError(`function "${name || fnNode.type}" is not allowed in "${text}" (allowed: ${Object.keys(FUNCTIONS).join(', ')})`);
        const args = (any.args as MathNode[]).map(build);
        if (args.length === 0) throw new ExpressionError(`${name}() needs arguments in "${text}"`);
        return (s) => f(...args.map((a) => a(s)));
      }
      default:
        throw new ExpressionError(`${describe(any.type)} is not allowed in expressions: "${text}"`);
    }
  };
  const fn = build(node);
  return { symbols: [...symbols].sort(), fn };
}

function describe(type: string): string {
  const names: Record<string, string> = {
    AssignmentNode: 'an assignment', FunctionAssignmentNode: 'a function definition', ArrayNode: 'a matrix or array',
    ObjectNode: 'an object', AccessorNode: 'property access', IndexNode: 'indexing', RangeNode: 'a range', BlockNode: 'a block of statements',
  };
  return names[type] ?? `a ${type}`;
}
