import { BINARY, CONSTANTS, FUNCTIONS, UNARY, truthy } from './expressionFunctions.ts';

/** Names every expression may read besides parameters and variables. */
export const TIME_SYMBOLS = ['year', 't'] as const;

/** A checked expression's syntax tree as plain data (the fields of the mathjs nodes that matter). */
export type ExpressionTree =
  | { readonly type: 'ConstantNode'; readonly value: number }
  | { readonly type: 'ParenthesisNode'; readonly content: ExpressionTree }
  | { readonly type: 'SymbolNode'; readonly name: string }
  | { readonly type: 'OperatorNode'; readonly fn: string; readonly args: readonly ExpressionTree[] }
  | { readonly type: 'ConditionalNode'; readonly condition: ExpressionTree; readonly trueExpr: ExpressionTree; readonly falseExpr: ExpressionTree }
  | { readonly type: 'FunctionNode'; readonly fn: { readonly type: 'SymbolNode'; readonly name: string }; readonly args: readonly ExpressionTree[] };

/**
 * Compile a checked expression tree (see `expressionTree`) into plain
 * JavaScript closures: `fn` reads values by name, `fnSlots` by position,
 * `slots[i]` holding `[...known, 'year', 't'][i]`. Needs no mathjs, so a
 * worker thread can compile what the main thread has checked.
 *
 * @example
 * const { fn } = compileTree({ type: 'OperatorNode', fn: 'multiply', args: [{ type: 'ConstantNode', value: 2 }, { type: 'SymbolNode', name: 'year' }] }, []);
 * fn({ year: 2020 }); // 4040
 */
export function compileTree(tree: ExpressionTree, known: readonly string[]): {
  readonly fn: (scope: Readonly<Record<string, number>>) => number;
  readonly fnSlots: (slots: Float64Array) => number;
} {
  const knownSet = new Set<string>([...known, ...TIME_SYMBOLS]);
  const slotOf = new Map<string, number>();
  [...known, ...TIME_SYMBOLS].forEach((name) => {
    if (!slotOf.has(name)) slotOf.set(name, slotOf.size);
  });
  return {
    fn: build<Readonly<Record<string, number>>>(tree, knownSet, (name) => (scope) => scope[name]),
    fnSlots: build<Float64Array>(tree, knownSet, (name) => {
      const i = slotOf.get(name)!;
      return (slots) => slots[i];
    }),
  };
}

type Closure<S> = (scope: S) => number;

/** Turn a checked tree into nested closures; `read` decides how a name is looked up. */
function build<S>(n: ExpressionTree, known: ReadonlySet<string>, read: (name: string) => Closure<S>): Closure<S> {
  switch (n.type) {
    case 'ConstantNode': {
      const v = n.value;
      return () => v;
    }
    case 'ParenthesisNode':
      return build(n.content, known, read);
    case 'SymbolNode': {
      if (n.name in CONSTANTS && !known.has(n.name)) {
        const c = CONSTANTS[n.name];
        return () => c;
      }
      return read(n.name);
    }
    case 'OperatorNode': {
      const args = n.args.map((a) => build(a, known, read));
      if (args.length === 1) {
        const [a] = args;
        const f = UNARY[n.fn];
        return (s) => f(a(s));
      }
      const [a, b] = args;
      if (n.fn === 'and') return (s) => +(truthy(a(s)) && truthy(b(s)));
      if (n.fn === 'or') return (s) => +(truthy(a(s)) || truthy(b(s)));
      const f = BINARY[n.fn];
      return (s) => f(a(s), b(s));
    }
    case 'ConditionalNode': {
      const c = build(n.condition, known, read);
      const t = build(n.trueExpr, known, read);
      const f = build(n.falseExpr, known, read);
      return (s) => (truthy(c(s)) ? t(s) : f(s));
    }
    case 'FunctionNode': {
      const f = FUNCTIONS[n.fn.name].fn;
      const args = n.args.map((a) => build(a, known, read));
      if (args.length === 1) {
        const [a] = args;
        return (s) => f(a(s));
      }
      if (args.length === 2) {
        const [a, b] = args;
        return (s) => f(a(s), b(s));
      }
      return (s) => f(...args.map((a) => a(s)));
    }
  }
}
