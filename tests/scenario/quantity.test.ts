import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandQuantities, isQuantityText, parseQuantity } from '../../src/scenario/quantity.ts';

const value = (raw: unknown, kind: Parameters<typeof parseQuantity>[1]) => {
  const q = parseQuantity(raw, kind);
  if (!q.ok) throw new Error(q.message);
  return q.value;
};

describe('parseQuantity', () => {
  it('reads the forms the plans use, exactly (decimal point shifted in the text)', () => {
    expect(value('68.5%', 'rate')).toBe(0.685);
    expect(value('7.1%', 'rate')).toBe(0.071); // 7.1 / 100 would be 0.07099999999999999
    expect(value('691.8万', 'persons')).toBe(6_918_000); // 691.8 * 1e4 would be 6918000.000000001
    expect(value('1.2亿', 'persons')).toBe(120_000_000);
    expect(value('20万人', 'persons')).toBe(200_000);
    expect(value('300人', 'persons')).toBe(300);
    expect(value('2.3亿人', 'persons')).toBe(230_000_000);
    expect(value(' 5 % ', 'rate')).toBe(0.05);
    expect(value('-2%', 'rate')).toBe(-0.02);
    expect(value('1e3', 'number')).toBe(1000);
    expect(value('1.5e2%', 'rate')).toBe(1.5);
    expect(value(0.685, 'rate')).toBe(0.685);
    expect(value(Infinity, 'persons')).toBe(Infinity);
  });

  it('keeps percentages for rates and 万/亿 for person counts', () => {
    const pct = parseQuantity('5%', 'persons');
    expect(pct.ok).toBe(false);
    if (!pct.ok) expect(pct.message).toBe('expected a number of persons, like 6918000 or 691.8万, found 5% (percentages are only for rates and shares)');
    const wan = parseQuantity('5万', 'rate');
    expect(wan.ok).toBe(false);
    if (!wan.ok) expect(wan.message).toBe('expected a rate: a number or a percentage like 68.5%, found 5万 (万 is only for person counts)');
    expect(parseQuantity('5%', 'number').ok).toBe(false);
    expect(parseQuantity('5万', 'number').ok).toBe(false);
    expect(value('5%', 'any')).toBe(0.05);
    expect(value('5万', 'any')).toBe(50_000);
  });

  it('says what it expected and what it found for anything else', () => {
    const cases: [unknown, string][] = [
      ['abc', 'found "abc"'],
      ['5 percent', 'found "5 percent"'],
      ['5万5', 'found "5万5"'],
      ['%5', 'found "%5"'],
      [true, 'found true'],
      [null, 'found nothing'],
      [[1], 'found a list of 1'],
      [{ a: 1 }, 'found a mapping'],
      [NaN, 'found NaN'],
    ];
    for (const [raw, found] of cases) {
      const q = parseQuantity(raw, 'rate');
      expect(q.ok, String(raw)).toBe(false);
      if (!q.ok) expect(q.message).toBe(`expected a rate: a number or a percentage like 68.5%, ${found}`);
    }
  });

  it('names the full-width characters a Chinese input method types (％, ０–９, ．) and what to write instead', () => {
    // ％ is U+FF05, not % (U+0025): the message alone, "expected … like 68.5%, found "60.3％"", shows two signs alike.
    expect(parseQuantity('60.3％', 'rate')).toEqual({
      ok: false,
      expected: 'a rate: a number or a percentage like 68.5%',
      message: 'expected a rate: a number or a percentage like 68.5%, found "60.3％" (％ is a full-width character, as a Chinese input method types it: write 60.3%)',
    });
    const digits = parseQuantity('６９１．８万', 'persons');
    expect(!digits.ok && digits.message).toBe(
      'expected a number of persons, like 6918000 or 691.8万, found "６９１．８万" (６９１．８ are full-width characters, as a Chinese input method types them: write 691.8万)',
    );
    // The input method's full stop 。 for a decimal point (NFKC leaves it): a quantity once written with '.'.
    const stop = parseQuantity('60。3%', 'rate');
    expect(!stop.ok && stop.message).toBe(
      'expected a rate: a number or a percentage like 68.5%, found "60。3%" (。 is a full-width character, as a Chinese input method types it: write 60.3%)',
    );
    // Full-width, but no quantity once written half-width: no advice.
    const word = parseQuantity('ａｂｃ', 'rate');
    expect(!word.ok && word.message).toBe('expected a rate: a number or a percentage like 68.5%, found "ａｂｃ"');
  });

  it('reads any decimal with a unit as the same decimal shifted (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (digits, decimals) => {
        const text = (digits / 10 ** decimals).toFixed(decimals);
        expect(value(`${text}%`, 'rate')).toBe(Number(`${text}e-2`));
        expect(value(`${text}万`, 'persons')).toBe(Number(`${text}e4`));
        expect(value(`${text}亿`, 'persons')).toBe(Number(`${text}e8`));
      }),
    );
  });
});

describe('isQuantityText', () => {
  it('tells quantities from expressions', () => {
    for (const q of ['5', '5%', '691.8万', '1.2亿', '20万人', '-3', '.5', '1e-3']) expect(isQuantityText(q), q).toBe(true);
    for (const e of ['79 + t', 'year', '5 percent', '2 * 3%', '']) expect(isQuantityText(e), e).toBe(false);
  });
});

describe('expandQuantities', () => {
  it('writes numbers with units as plain numbers inside expressions', () => {
    expect(expandQuantities('20万 * (1 + growth) ^ (year - 2013)')).toBe('200000 * (1 + growth) ^ (year - 2013)');
    expect(expandQuantities('5%+1')).toBe('0.05+1');
    expect(expandQuantities('1.2亿人 / 2')).toBe('120000000 / 2');
    expect(expandQuantities('min(3.5%, x)')).toBe('min(0.035, x)');
  });
  it('leaves the remainder operator and names with digits alone', () => {
    expect(expandQuantities('year % 5')).toBe('year % 5');
    expect(expandQuantities('x2% 3')).toBe('x2% 3');
    expect(expandQuantities('t2万')).toBe('t2万');
  });
});
