// The number-only build (expressions are plain numbers), and of it only the parser: creating every function of
// mathjs takes ~0.6 s of CPU at start, the parser alone ~0.03 s once bundled.
import { create, parseDependencies, type MathNode } from 'mathjs/number';
import { didYouMean } from './didYouMean.ts';
import { CONSTANTS, FUNCTIONS, UNARY, BINARY } from './expressionFunctions.ts';
import { compileTree, TIME_SYMBOLS, type ExpressionTree } from './compileTree.ts';
import { expandQuantities } from './quantity.ts';
import { fullWidth } from './fullWidth.ts';
import { BASELINE_SYMBOLS } from './baselineSymbols.ts';

export { TIME_SYMBOLS } from './compileTree.ts';

const { parse } = create({ parseDependencies });

/** Functions that would let an expression change or escape the expression language. */
const DANGEROUS = new Set(['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'chain', 'config', 'typed', 'reviver', 'replacer', 'help']);
/** Functions that build matrices, which could exhaust memory. */
const MATRIX_BUILDERS = new Set(['ones', 'zeros', 'matrix', 'identity', 'range', 'diag', 'random', 'randomInt', 'sparse', 'concat', 'resize', 'reshape', 'size']);

const CONSTRUCTS: Record<string, string> = {
  AssignmentNode: 'an assignment (`=`)',
  FunctionAssignmentNode: 'a function definition',
  ArrayNode: 'a matrix or array (`[...]`)',
  ObjectNode: 'an object (`{...}`)',
  AccessorNode: 'property access or indexing (`a.b`, `a[1]`)',
  IndexNode: 'indexing',
  RangeNode: 'a range (`a:b`)',
  BlockNode: 'a sequence of statements (`;`)',
  RelationalNode: 'a chained comparison (`a < b < c`)',
};

export interface ExpressionCheck {
  /** Parameters and variables (and `year`, `t`) read, sorted; constants excluded. */
  readonly symbols: string[];
  /** Everything wrong with the text, one sentence each; empty when it may be compiled. */
  readonly problems: string[];
}

export interface CompiledExpression {
  /** Parameters and variables (and `year`, `t`) read, sorted; constants excluded. */
  readonly symbols: string[];
  /** True when it reads nothing but `year` and `t`: the same in every run, so computed once. */
  readonly yearOnly: boolean;
  /** Evaluate with values by name. */
  readonly fn: (scope: Readonly<Record<string, number>>) => number;
  /** Evaluate with values by slot: `slots[i]` holds the value of `known[i]`. */
  readonly fnSlots: (slots: Float64Array) => number;
}

/** An expression that may not be compiled; `problems` lists every reason. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  constructor(readonly text: string, readonly problems: readonly string[]) {
    super(`expression "${text}": ${problems.join('; ')}`);
  }
}

/**
 * Parse an expression with mathjs and check every node against a whitelist:
 * numbers, known names (`year`, `t` = year − start, `pi`, `e`, and the names
 * in `known`), arithmetic `+ - * / ^ %`, comparisons, `and`/`or`/`not`,
 * `c ? a : b`, parentheses and the functions min, max, abs, exp, log, log10,
 * sqrt, floor, ceil, round, pow, sign. Anything else (assignment, function
 * definition, matrices, objects, property access, ranges, strings, `import`,
 * `createUnit`, `evaluate`, unknown names) is reported, each problem once.
 * Nothing is evaluated. Numbers may carry a unit as in plain values:
 * `20万` is 200000 and `5%` (right after a number) is 0.05.
 *
 * @example
 * checkExpression('79 + 0.15 * t', ['e0_female']); // { symbols: ['t'], problems: [] }
 * checkExpression('import("fs")', []).problems;    // ['`import(...)` is not allowed: …']
 */
export function checkExpression(text: string, known: Iterable<string>): ExpressionCheck {
  const knownSet = new Set<string>([...TIME_SYMBOLS, ...known]);
  const problems = new Set<string>();
  const symbols = new Set<string>();
  const root = parseText(text, problems);
  if (root) walk(root, knownSet, symbols, problems);
  return { symbols: [...symbols].sort(), problems: [...problems] };
}

/**
 * Check an expression (see {@link checkExpression}) and compile it into
 * plain JavaScript closures, so that the Monte Carlo evaluates it without
 * mathjs (about a million evaluations a run). Throws {@link ExpressionError}
 * listing every problem.
 *
 * @example
 * const c = compileExpression('200000 * (1 + g) ^ (year - 2013)', ['g']);
 * c.fn({ g: 0.02, year: 2015 });                    // 208080
 * c.fnSlots(Float64Array.of(0.02, 2015, 2));         // slots follow ['g', 'year', 't']
 * compileExpression('79 + 0.15 * t', []).yearOnly;  // true
 */
export function compileExpression(text: string, known: readonly string[]): CompiledExpression {
  const { symbols, problems } = checkExpression(text, known);
  if (problems.length) throw new ExpressionError(text, problems);
  return { symbols, yearOnly: symbols.every((s) => (TIME_SYMBOLS as readonly string[]).includes(s)), ...compileTree(expressionTree(text), known) };
}

/**
 * The syntax tree of a checked expression as plain data, which can be sent to
 * a worker thread and compiled there with {@link compileTree} without loading
 * mathjs (half a second of every worker's start-up).
 *
 * @example
 * compileTree(expressionTree('2 * year'), []).fn({ year: 2020 }); // 4040
 */
export function expressionTree(text: string): ExpressionTree {
  return plain(parseText(text, new Set())!);
}

function plain(node: MathNode): ExpressionTree {
  const n = node as unknown as Fields;
  switch (n.type) {
    case 'ConstantNode':
      return { type: n.type, value: n.value as number };
    case 'ParenthesisNode':
      return { type: n.type, content: plain(n.content as MathNode) };
    case 'SymbolNode':
      return { type: n.type, name: n.name as string };
    case 'OperatorNode':
      return { type: n.type, fn: n.fn as string, args: (n.args as MathNode[]).map(plain) };
    case 'ConditionalNode':
      return { type: n.type, condition: plain(n.condition as MathNode), trueExpr: plain(n.trueExpr as MathNode), falseExpr: plain(n.falseExpr as MathNode) };
    case 'FunctionNode':
      return { type: n.type, fn: { type: 'SymbolNode', name: (n.fn as Fields).name as string }, args: (n.args as MathNode[]).map(plain) };
    default:
      throw new Error(`unchecked expression node ${n.type}`);
  }
}

/**
 * Limits that keep checking, compiling and evaluating an expression (each a
 * walk down its tree) far from the stack's end: a flat sum of n terms is n − 1
 * operations deep. Real expressions have a few dozen parts.
 */
export const MAX_EXPRESSION_NODES = 10_000;
export const MAX_EXPRESSION_DEPTH = 1_000;

/**
 * A number written with thousands separators, as a planner types it: 1,000, 20,000人, 1,234,567.5, 2,500 in
 * max(1, 2,500). Its first group is 1 to 3 digits, not after a letter, digit or point, and not 0 (0,100 is no
 * way to write 100: max(0,100) is two numbers).
 */
const GROUPED = /(?<![\p{L}\p{N}_.])[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?!\d)/gu;

/**
 * What to write instead of `grouped`: the number without its separators, or, where the expression reads as it is
 * (among a function's arguments: max(1, 2,500) is max(1, 2, 500)) and every part after a comma is a number as it
 * stands (not 000 or 050), a space after each comma for separate numbers.
 */
function separatorsText(grouped: string, text: string): string {
  let asNumbers = !/,0/.test(grouped);
  if (asNumbers) {
    try {
      parse(expandQuantities(text));
    } catch {
      asNumbers = false;
    }
  }
  return `${grouped} is written with thousands separators: write ${grouped.replaceAll(',', '')}` +
    (asNumbers ? `, or ${grouped.replaceAll(',', ', ')} (a space after the comma) if they are separate numbers` : '');
}

function parseText(text: string, problems: Set<string>): MathNode | undefined {
  // A Chinese input method's full-width characters (，％（）０–９, its 。): mathjs said 'Syntax error in part "，500"', and 1，000万
  // was '000 is written with a leading zero: write 0'. Said as a quantity's are (src/scenario/quantity.ts), with the
  // expression in half-width characters; a number alone (1，000万) without its thousands separators, whereas in
  // max(1, 2，500) the comma may part two numbers.
  const wide = fullWidth(text);
  if (wide) {
    const normal = wide.half.trim();
    const half = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?[^\d,.]*$/u.test(normal) ? normal.replaceAll(',', '') : normal;
    problems.add(`cannot read the expression: ${wide.said}: write ${half}`);
    return undefined;
  }
  // Thousands separators read as a list ("Unexpected operator ,"), or, among a function's arguments, as more arguments:
  // min(50000, 20,000) was min(50000, 20, 000) = 0 and max(1, 2,500) was 500, silently: refused wherever they stand.
  // A number with a leading zero ('000', '050'; not 0, 0.5 or 0e3) is never meant either.
  const grouped = text.match(GROUPED)?.[0];
  const zero = /(?<![\w.])0\d+/.exec(text)?.[0];
  if (grouped !== undefined || zero !== undefined) {
    problems.add(`cannot read the expression: ${grouped !== undefined ? separatorsText(grouped, text) : `${zero} is written with a leading zero: write ${zero!.replace(/^0+(?=\d)/, '')}`}`);
    return undefined;
  }
  let root: MathNode;
  try {
    root = parse(expandQuantities(text));
  } catch (e) {
    const message = e instanceof RangeError ? `it is nested too deeply (at most ${MAX_EXPRESSION_DEPTH.toLocaleString('en-US')} levels)` : (e as Error).message;
    problems.add(`cannot read the expression: ${message}`);
    return undefined;
  }
  const { nodes, depth } = sizeOf(root);
  if (nodes > MAX_EXPRESSION_NODES || depth > MAX_EXPRESSION_DEPTH) {
    problems.add(
      `the expression is too large: ${nodes.toLocaleString('en-US')} parts, ${depth.toLocaleString('en-US')} operations deep; ` +
        `expected at most ${MAX_EXPRESSION_NODES.toLocaleString('en-US')} parts and ${MAX_EXPRESSION_DEPTH.toLocaleString('en-US')} deep (a sum of n terms is n − 1 deep): ` +
        'split it into variables or parameters',
    );
    return undefined;
  }
  return root;
}

/** Number of nodes and depth (edges from the root to the farthest leaf) of a tree, without recursion (the tree may be too deep to recurse over). */
function sizeOf(root: MathNode): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [MathNode, number][] = [[root, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    nodes++;
    if (d > depth) depth = d;
    node.forEach((child) => stack.push([child, d + 1]));
  }
  return { nodes, depth };
}

type Fields = Record<string, unknown> & { type: string };

function walk(node: MathNode, known: Set<string>, symbols: Set<string>, problems: Set<string>): void {
  const n = node as unknown as Fields;
  const recurse = (child: unknown): void => walk(child as MathNode, known, symbols, problems);
  switch (n.type) {
    case 'ConstantNode': {
      const v = n.value;
      if (typeof v === 'string') problems.add(`texts are not allowed in expressions, found ${JSON.stringify(v)}`);
      else if (typeof v === 'boolean') problems.add(`\`${v}\` is not allowed in expressions; write 1 or 0`);
      else if (typeof v !== 'number' || Number.isNaN(v)) problems.add(`\`${String(v)}\` is not a number`);
      return;
    }
    case 'ParenthesisNode':
      return recurse(n.content);
    case 'SymbolNode': {
      const name = n.name as string;
      if (known.has(name)) symbols.add(name);
      else if (!(name in CONSTANTS)) {
        const hint = didYouMean(name, [...known, ...Object.keys(CONSTANTS)]);
        const what = name in FUNCTIONS ? `\`${name}\` is a function; call it as ${name}(...)` : `unknown name \`${name}\``;
        // The baseline's names are only known where a scenario's expressions are checked (not in a bare compileExpression).
        const figures = BASELINE_SYMBOLS.every((b) => known.has(b)) ? `, the baseline's figures (${BASELINE_SYMBOLS.join(', ')})` : '';
        problems.add(`${what}${hint && !(name in FUNCTIONS) ? ` (did you mean \`${hint}\`?)` : ''}; expressions may read year, t, pi, e${figures}, parameters and variables`);
      }
      return;
    }
    case 'OperatorNode': {
      const fn = n.fn as string;
      const args = n.args as MathNode[];
      const allowed = (args.length === 1 && fn in UNARY) || (args.length === 2 && fn in BINARY);
      if (!allowed) problems.add(`operator \`${n.op as string}\` is not allowed; use + - * / ^ %, comparisons, and, or, not`);
      args.forEach(recurse);
      return;
    }
    case 'ConditionalNode':
      recurse(n.condition);
      recurse(n.trueExpr);
      recurse(n.falseExpr);
      return;
    case 'FunctionNode': {
      const callee = n.fn as Fields;
      const args = n.args as MathNode[];
      if (callee.type !== 'SymbolNode') {
        problems.add('calling the result of an expression is not allowed');
      } else {
        const name = callee.name as string;
        const f = FUNCTIONS[name];
        if (DANGEROUS.has(name)) problems.add(`\`${name}(...)\` is not allowed: expressions may not import, define units or evaluate code`);
        else if (MATRIX_BUILDERS.has(name)) problems.add(`\`${name}(...)\` is not allowed: expressions work on single numbers, not matrices`);
        else if (!f) {
          const hint = didYouMean(name, Object.keys(FUNCTIONS));
          problems.add(`unknown function \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; allowed: ${Object.keys(FUNCTIONS).join(', ')}`);
        } else if (args.length < f.minArgs || args.length > f.maxArgs) {
          const wanted = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} or ${f.maxArgs}`;
          problems.add(`\`${name}\` takes ${wanted} argument${wanted === '1' ? '' : 's'}, found ${args.length}`);
        }
      }
      args.forEach(recurse);
      return;
    }
    default:
      problems.add(`${CONSTRUCTS[n.type] ?? `a ${n.type}`} is not allowed in expressions`);
  }
}
