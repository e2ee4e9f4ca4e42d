import { describeFound } from './describeFound.ts';
import { fullWidth } from './fullWidth.ts';

/**
 * What a constant may be written as: `rate` (rates, shares, probabilities:
 * a number or a percentage), `persons` (a number or a count in 万/亿/人),
 * `number` (a plain number only) or `any` (helper variables, whose unit the
 * toolkit does not know: every form).
 */
export type QuantityKind = 'rate' | 'persons' | 'number' | 'any';

export type QuantityResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly expected: string; readonly message: string };

/** A number with an optional unit; the number and exponent are kept as text so scaling stays exact. */
const QUANTITY = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?\s*(%|万人|万|亿人|亿|人)?\s*$/;

const EXPECTED: Record<QuantityKind, string> = {
  rate: 'a rate: a number or a percentage like 68.5%',
  persons: 'a number of persons, like 6918000 or 691.8万',
  number: 'a plain number',
  any: 'a number, a percentage like 2% or a count like 20万',
};

/** Powers of ten each unit scales by. */
const SCALE: Record<string, number> = { '%': -2, 万: 4, 万人: 4, 亿: 8, 亿人: 8, 人: 0 };

/**
 * Whether a text is a quantity (a number with an optional %, 万, 亿 or 人)
 * rather than an expression.
 *
 * @example
 * isQuantityText('691.8万'); // true
 * isQuantityText('79 + 0.15 * t'); // false
 */
export function isQuantityText(text: string): boolean {
  return QUANTITY.test(text);
}

/**
 * Read a constant written the way the plans write it: `68.5%` → 0.685 (rates
 * only), `691.8万` → 6,918,000, `1.2亿` → 120,000,000, `20万人` → 200,000
 * (person counts only), plain numbers as they are. The decimal point is
 * shifted in the text, so `691.8万` is exactly 6918000 and `7.1%` exactly
 * the double nearest 0.071. Returns an error instead of throwing so that the
 * validator can report every problem at once.
 *
 * @example
 * parseQuantity('691.8万', 'persons'); // { ok: true, value: 6918000 }
 * parseQuantity('68.5%', 'rate');      // { ok: true, value: 0.685 }
 * parseQuantity('5%', 'persons').ok;   // false: percentages are for rates
 */
export function parseQuantity(raw: unknown, kind: QuantityKind): QuantityResult {
  const expected = EXPECTED[kind];
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return fail(expected, 'NaN');
    return { ok: true, value: raw };
  }
  if (typeof raw !== 'string') return fail(expected, describeFound(raw));
  const m = QUANTITY.exec(raw);
  if (!m) return fail(expected, JSON.stringify(raw), fullWidthHint(raw));
  const [, mantissa, exponent = '0', unit = ''] = m;
  if ((unit === '%' && kind !== 'rate' && kind !== 'any') || (unit !== '' && unit !== '%' && kind !== 'persons' && kind !== 'any')) {
    const why = unit === '%' ? 'percentages are only for rates and shares' : `${unit} is only for person counts`;
    return { ok: false, expected, message: `expected ${expected}, found ${raw.trim()} (${why})` };
  }
  return { ok: true, value: Number(`${mantissa}e${Number(exponent) + (SCALE[unit] ?? 0)}`) };
}

/**
 * Replace every number written with a unit inside an expression by its plain
 * value, so that `20万 * (1 + g)` reads `200000 * (1 + g)` and `5%+1` reads
 * `0.05+1` (mathjs would read the latter as 5 mod +1). `%` counts as a
 * percentage only right after a number; elsewhere it stays the remainder
 * operator.
 *
 * @example
 * expandQuantities('20万 * (1 + 2%) ^ t'); // '200000 * (1 + 0.02) ^ t'
 */
export function expandQuantities(text: string): string {
  return text.replace(/(?<![\w.])((?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?(?:(%)|\s*(万人|万|亿人|亿))/g, (_all, mantissa: string, exponent: string | undefined, pct: string | undefined, unit: string | undefined) =>
    String(Number(`${mantissa}e${Number(exponent ?? 0) + SCALE[pct ?? unit ?? '']}`)),
  );
}

function fail(expected: string, found: string, hint = ''): QuantityResult {
  return { ok: false, expected, message: `expected ${expected}, found ${found}${hint}` };
}

/**
 * What to write instead of a quantity typed with full-width characters (a Chinese input method's ％, ０–９, ．), which
 * read as no quantity: the message gave only the expected form, whose % looks the same as ％.
 *
 * @example
 * fullWidthHint('60.3％'); // ' (％ is a full-width character, as a Chinese input method types it: write 60.3%)'
 */
function fullWidthHint(raw: string): string {
  const wide = fullWidth(raw);
  if (!wide || !QUANTITY.test(wide.half)) return '';
  return ` (${wide.said}: write ${wide.half.trim()})`;
}
