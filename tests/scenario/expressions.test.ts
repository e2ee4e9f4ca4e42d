import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from 'mathjs';
import { ExpressionError, checkExpression, compileExpression } from '../../src/scenario/expressions.ts';

const problems = (text: string, known: string[] = []) => checkExpression(text, known).problems;

describe('checkExpression: what is allowed', () => {
  it.each([
    ['79 + 0.15 * t', ['t']],
    ['200000 * (1 + growth) ^ (year - 2013)', ['growth', 'year']],
    ['year < 2018 ? 50000 : Infinity', ['year']],
    ['min(max(a, 0), 1)', ['a']],
    ['abs(a) + exp(a) + log(a) + log(a, 10) + log10(a) + sqrt(a)', ['a']],
    ['floor(a) + ceil(a) + round(a) + round(a, 2) + pow(a, 2) + sign(a)', ['a']],
    ['not (a > 1 and a <= 2) or a == 3 or a != 4 or a >= 5', ['a']],
    ['-a + +a - a % 3', ['a']],
    ['pi * e', []],
    ['2 year', ['year']],
    ['20万 * (1 + 2%) ^ t', ['t']],
    // Zeros that lead nothing: a comma between two arguments, a fraction, an exponent, a name's digits.
    ['max(0,100) + 0.05 * a + 0e3 + 1.05 + 1e05 + 10', ['a']],
    // Commas that cannot be thousands separators: after a group of more than 3 digits, a 0, a fraction or a name's
    // digit; or followed by a space.
    ['max(1000,250) + max(0,250) + max(1.5,250) + max(a2,250) + max(1, 2, 500)', ['a2']],
  ])('%s', (text, symbols) => {
    const c = checkExpression(text, ['a', 'a2', 'growth']);
    expect(c.problems).toEqual([]);
    expect(c.symbols).toEqual(symbols);
  });
});

describe('checkExpression: what is not, each named', () => {
  it.each([
    ['a = 1', 'an assignment (`=`) is not allowed in expressions'],
    ['f(x) = x^2', 'a function definition is not allowed in expressions'],
    ['import("fs")', '`import(...)` is not allowed: expressions may not import, define units or evaluate code'],
    ['createUnit("x")', '`createUnit(...)` is not allowed'],
    ['evaluate("1+1")', '`evaluate(...)` is not allowed'],
    ['ones(10000, 10000)', '`ones(...)` is not allowed: expressions work on single numbers, not matrices'],
    ['zeros(3)', '`zeros(...)` is not allowed'],
    ['[1, 2, 3]', 'a matrix or array (`[...]`) is not allowed in expressions'],
    ['{a: 1}', 'an object (`{...}`) is not allowed in expressions'],
    ['a.b', 'property access or indexing (`a.b`, `a[1]`) is not allowed in expressions'],
    ['a[1]', 'property access or indexing'],
    ['1:3', 'a range (`a:b`) is not allowed in expressions'],
    ['a; 2', 'a sequence of statements (`;`) is not allowed in expressions'],
    ['"abc"', 'texts are not allowed in expressions, found "abc"'],
    ['true', '`true` is not allowed in expressions; write 1 or 0'],
    ['NaN', '`NaN` is not a number'],
    ['foo(a)', 'unknown function `foo`; allowed: min, max, abs, exp, log, log10, sqrt, floor, ceil, round, pow, sign'],
    ['sqr(a)', 'unknown function `sqr` (did you mean `sqrt`?)'],
    ['grwth * 2', 'unknown name `grwth` (did you mean `growth`?); expressions may read year, t, pi, e, parameters and variables'],
    ['sqrt', '`sqrt` is a function; call it as sqrt(...)'],
    ['a!', 'operator `!` is not allowed'],
    ['a & 1', 'operator `&` is not allowed'],
    ['a xor 1', 'operator `xor` is not allowed'],
    ['pow(a)', '`pow` takes 2 arguments, found 1'],
    ['abs(a, 1)', '`abs` takes 1 argument, found 2'],
    ['min()', '`min` takes at least 1 arguments, found 0'],
    ['a.b(2)', 'calling the result of an expression is not allowed'],
    ['a < 1 < 2', 'a chained comparison (`a < b < c`) is not allowed in expressions'],
    ['1 +', 'cannot read the expression: Unexpected end of expression'],
    ['20万万', 'cannot read the expression'],
    // "Unexpected operator , (char 2)": the thousands separators a planner types
    ['1,000', 'cannot read the expression: 1,000 is written with thousands separators: write 1000'],
    ['a * 20,000人', 'cannot read the expression: 20,000 is written with thousands separators: write 20000'],
    ['1,234,567.5 + a', 'cannot read the expression: 1,234,567.5 is written with thousands separators: write 1234567.5'],
    // Among a function's arguments they parse: min(50000, 20, 000) = 0 and max(a, 1,050) = 50, silently. '000' and '050'
    // (a leading zero) are never meant.
    ['min(50000, 20,000)', 'cannot read the expression: 20,000 is written with thousands separators: write 20000'],
    ['max(0,100) + max(a, 1,050)', 'cannot read the expression: 1,050 is written with thousands separators: write 1050'],
    ['a * 050', 'cannot read the expression: 050 is written with a leading zero: write 50'],
    // No leading zero: max(1, 2,500) read as max(1, 2, 500) = 500 and max(x2,500) stays x2 and 500, silently.
    ['max(1, 2,500)', 'cannot read the expression: 2,500 is written with thousands separators: write 2500, or 2, 500 (a space after the comma) if they are separate numbers'],
    ['max(a, 1,250,500.5万)', 'cannot read the expression: 1,250,500.5 is written with thousands separators: write 1250500.5, or 1, 250, 500.5 (a space after the comma) if they are separate numbers'],
    ['max(a,2,500,7)', 'cannot read the expression: 2,500 is written with thousands separators: write 2500, or 2, 500 (a space after the comma) if they are separate numbers'],
    // A Chinese input method's full-width characters: 'Syntax error in part "，500" (char 2)', and 1，000万 was said to be
    // '000 … written with a leading zero: write 0'. The expression in half-width characters; a number alone without
    // its separators.
    ['1，000万', 'cannot read the expression: ， is a full-width character, as a Chinese input method types it: write 1000万'],
    ['5％', 'cannot read the expression: ％ is a full-width character, as a Chinese input method types it: write 5%'],
    ['（a + １）', 'cannot read the expression: （１） are full-width characters, as a Chinese input method types them: write (a + 1)'],
    // The input method's full stop for a decimal point, which NFKC leaves as it is: 'Syntax error in part "。50000"'.
    ['1。5万', 'cannot read the expression: 。 is a full-width character, as a Chinese input method types it: write 1.5万'],
  ])('%s', (text, message) => {
    expect(problems(text, ['a', 'growth']).join('\n')).toContain(message);
  });

  it('reports every problem of one expression', () => {
    expect(problems('foo(bar) + [1] + baz')).toHaveLength(4);
  });

  it('never evaluates: a huge matrix costs nothing to reject', () => {
    const t0 = performance.now();
    expect(problems('ones(100000, 100000) * ones(100000, 100000)').length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('expression size', () => {
  const sum = (n: number) => Array.from({ length: n }, () => '1').join(' + ');

  it('a flat sum of 200,000 terms is refused with its size, no stack overflow', () => {
    expect(problems(sum(200_000))).toEqual([
      'the expression is too large: 399,999 parts, 199,999 operations deep; expected at most 10,000 parts and 1,000 deep (a sum of n terms is n − 1 deep): split it into variables or parameters',
    ]);
  });

  it('a sum of 1,001 terms (1,000 deep) is allowed and computes; 1,002 is refused', () => {
    const c = compileExpression(sum(1_001).replace(/^1/, 'a'), ['a']);
    expect(c.fn({ a: 5, year: 2020, t: 0 })).toBe(1_005);
    expect(c.fnSlots(Float64Array.of(5, 2020, 0))).toBe(1_005);
    expect(problems(sum(1_002))).toEqual([expect.stringMatching(/^the expression is too large: 2,003 parts, 1,001 operations deep/)]);
  });

  it('more than 10,000 parts is refused however shallow', () => {
    const wide = `max(${Array.from({ length: 10_001 }, () => '1').join(', ')})`;
    expect(problems(wide)).toEqual([expect.stringMatching(/^the expression is too large: 10,00\d parts, 1 operations deep/)]);
  });

  it('parentheses nested past what the parser can read: refused as too deep', () => {
    expect(problems(`${'('.repeat(100_000)}1${')'.repeat(100_000)}`)).toEqual([expect.stringMatching(/^cannot read the expression: it is nested too deeply/)]);
  });
});

describe('compileExpression', () => {
  it('computes what a hand computation gives', () => {
    // 200000 · 1.02² = 208080
    expect(compileExpression('200000 * (1 + g) ^ (year - 2013)', ['g']).fn({ g: 0.02, year: 2015 })).toBeCloseTo(208_080, 9);
    expect(compileExpression('20万 * (1 + g) ^ t', ['g']).fn({ g: 0.1, t: 2 })).toBeCloseTo(242_000, 9);
    expect(compileExpression('79 + 0.15 * t', []).fn({ t: 10 })).toBeCloseTo(80.5, 12);
    expect(compileExpression('year < 2018 ? 5% : 8%', []).fn({ year: 2017 })).toBe(0.05);
    expect(compileExpression('year < 2018 ? 5% : 8%', []).fn({ year: 2018 })).toBe(0.08);
    expect(compileExpression('5%+1', []).fn({})).toBe(1.05); // mathjs alone would read 5 mod +1 = 0
    expect(compileExpression('-7 % 3', []).fn({})).toBe(2); // floored, as mathjs
    expect(compileExpression('round(-2.5)', []).fn({})).toBe(-3); // half away from zero, as mathjs
    expect(compileExpression('round(1.005, 2)', []).fn({})).toBe(1.01); // on the decimal digits, as mathjs
    expect(compileExpression('round(2.675, 2)', []).fn({})).toBe(2.68);
    expect(compileExpression('floor(2.9999999999999996)', []).fn({})).toBe(3); // rounding noise snapped, as mathjs
    expect(compileExpression('0.1 + 0.2 == 0.3', []).fn({})).toBe(1); // mathjs tolerance
    expect(compileExpression('log(8, 2)', []).fn({})).toBeCloseTo(3, 12);
    expect(compileExpression('max(1, 5, 3) - min(4, 2)', []).fn({})).toBe(3);
    expect(compileExpression('not 0 and 2 or 0', []).fn({})).toBe(1);
    expect(compileExpression('pi', []).fn({})).toBe(Math.PI);
    expect(Number.isNaN(compileExpression('sqrt(-1)', []).fn({}))).toBe(true); // complex in mathjs: NaN here
  });

  it('reads values by slot from a Float64Array as well as by name', () => {
    const c = compileExpression('a * year + t', ['a', 'b']);
    expect(c.symbols).toEqual(['a', 't', 'year']);
    // slots: a, b, year, t
    expect(c.fnSlots(Float64Array.of(2, 99, 2015, 2))).toBe(4032);
    expect(c.fn({ a: 2, year: 2015, t: 2 })).toBe(4032);
  });

  it('tells which expressions depend on the year alone', () => {
    expect(compileExpression('79 + 0.15 * t', ['a']).yearOnly).toBe(true);
    expect(compileExpression('year > 2020 ? 1 : 2', ['a']).yearOnly).toBe(true);
    expect(compileExpression('3 * pi', ['a']).yearOnly).toBe(true);
    expect(compileExpression('a * t', ['a']).yearOnly).toBe(false);
  });

  it('throws an ExpressionError listing every problem', () => {
    expect(() => compileExpression('foo(x)', [])).toThrow(ExpressionError);
    try {
      compileExpression('foo(x)', []);
    } catch (e) {
      expect((e as ExpressionError).problems).toHaveLength(2);
    }
  });

  it('agrees with mathjs evaluate on random whitelisted expressions (property)', () => {
    const leaf = fc.oneof(
      fc.constantFrom('a', 'b', 'year', 't', 'pi'),
      fc.integer({ min: 0, max: 50 }).map(String),
      fc.double({ min: 0.01, max: 10, noNaN: true }).map((x) => x.toFixed(3)),
    );
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '<', '>=', '==', 'and', 'or'), tie('e')).map(([x, op, y]) => `(${x} ${op} ${y})`),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
        fc.tuple(fc.constantFrom('abs', 'floor', 'ceil', 'round', 'sign', 'exp'), tie('e')).map(([f, x]) => `${f}(${x})`),
        fc.tuple(fc.constantFrom('min', 'max'), tie('e'), tie('e')).map(([f, x, y]) => `${f}(${x}, ${y})`),
        tie('e').map((x) => `-(${x})`),
      ),
    })).e;
    fc.assert(
      // values with up to 6 decimals, like scenario values (mathjs treats subnormal numbers differently in round)
      fc.property(expr, fc.integer({ min: -5e6, max: 5e6 }).map((i) => i / 1e6), fc.integer({ min: 1e5, max: 5e6 }).map((i) => i / 1e6), fc.integer({ min: 2013, max: 2050 }), (text, a, b, year) => {
        const scope = { a, b, year, t: year - 2013 };
        const ours = compileExpression(text, ['a', 'b']).fn(scope);
        const theirs = Number(evaluate(text, { ...scope }));
        if (Number.isNaN(theirs)) expect(Number.isNaN(ours)).toBe(true);
        else if (!Number.isFinite(theirs)) expect(ours).toBe(theirs);
        else expect(ours).toBeCloseTo(theirs, 9);
      }),
      { numRuns: 500 },
    );
  });
});
