/**
 * The numeric meaning of what an expression may use, written to agree with
 * mathjs on real numbers (its tolerant comparisons, floored `mod`, rounding
 * half away from zero) so that an expression means what the mathjs docs say.
 * Where mathjs would return a complex number (`sqrt(-1)`, `log(-1)`,
 * `(-8)^(1/3)`) these return NaN.
 */

const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

/**
 * mathjs equality: equal within a relative 1e-12 (absolute 1e-15).
 *
 * @example
 * nearlyEqual(0.1 + 0.2, 0.3); // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/**
 * Round half away from zero to `decimals` places, as mathjs `round`: on the
 * decimal digits as written (1.005 → 1.01), by shifting exponents in the
 * text rather than multiplying (1.005 × 100 is 100.49999…).
 */
function round(x: number, decimals = 0): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) return NaN;
  if (!Number.isFinite(x)) return x;
  const shift = (v: number, by: number): number => {
    const [mantissa, exponent = '0'] = String(v).split('e');
    return Number(`${mantissa}e${Number(exponent) + by}`);
  };
  const r = shift(Math.round(shift(Math.abs(x), decimals)), -decimals);
  return x < 0 ? -r : r;
}

/** mathjs `floor`/`ceil` snap values within rounding noise of an integer to it. */
function floor(x: number): number {
  const f = Math.floor(x);
  const r = round(x);
  return nearlyEqual(x, r) && !nearlyEqual(x, f) ? r : f;
}
function ceil(x: number): number {
  const c = Math.ceil(x);
  const r = round(x);
  return nearlyEqual(x, r) && !nearlyEqual(x, c) ? r : c;
}

/** Functions an expression may call, with how many arguments each takes. */
export const FUNCTIONS: Readonly<Record<string, { readonly fn: (...a: number[]) => number; readonly minArgs: number; readonly maxArgs: number }>> = {
  min: { fn: Math.min, minArgs: 1, maxArgs: Infinity },
  max: { fn: Math.max, minArgs: 1, maxArgs: Infinity },
  abs: { fn: Math.abs, minArgs: 1, maxArgs: 1 },
  exp: { fn: Math.exp, minArgs: 1, maxArgs: 1 },
  log: { fn: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)), minArgs: 1, maxArgs: 2 },
  log10: { fn: Math.log10, minArgs: 1, maxArgs: 1 },
  sqrt: { fn: Math.sqrt, minArgs: 1, maxArgs: 1 },
  floor: { fn: floor, minArgs: 1, maxArgs: 1 },
  ceil: { fn: ceil, minArgs: 1, maxArgs: 1 },
  round: { fn: round, minArgs: 1, maxArgs: 2 },
  pow: { fn: (a, b) => a ** b, minArgs: 2, maxArgs: 2 },
  sign: { fn: Math.sign, minArgs: 1, maxArgs: 1 },
};

/** Named constants. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** Binary operators by mathjs function name; comparisons and logic give 1 or 0. */
export const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
  mod: (a, b) => (b === 0 ? a : a - b * Math.floor(a / b)),
  equal: (a, b) => +nearlyEqual(a, b),
  unequal: (a, b) => +!nearlyEqual(a, b),
  smaller: (a, b) => +(a < b && !nearlyEqual(a, b)),
  larger: (a, b) => +(a > b && !nearlyEqual(a, b)),
  smallerEq: (a, b) => +(a < b || nearlyEqual(a, b)),
  largerEq: (a, b) => +(a > b || nearlyEqual(a, b)),
  and: (a, b) => +(truthy(a) && truthy(b)),
  or: (a, b) => +(truthy(a) || truthy(b)),
};

export const UNARY: Readonly<Record<string, (a: number) => number>> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => +!truthy(a),
};

/** mathjs truth of a number: anything but 0 and NaN. */
export function truthy(x: number): boolean {
  return x !== 0 && !Number.isNaN(x);
}
