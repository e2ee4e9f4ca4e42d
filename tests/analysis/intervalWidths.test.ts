import { describe, expect, it } from 'vitest';
import { type CvRateError, type ScenarioInterval, checkWidths, errorBound, grownError, heldFigures, heldTo, ruralSlopeKnown, scaleOf, scaledError, slopeAt, unscaledFigures } from '../../src/analysis/intervalWidths.ts';

// Type 7 percentile written out: sorted values, position (n − 1)·q, linear between its neighbours.
const q80 = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) * 0.8;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
};

const fig = (metric: string, observed: number, median: number, horizon: number, countMayChange = false): CvRateError => ({ metric, observed, median, horizon, countMayChange });

describe('a held-out figure\'s error on its scale, carried to another horizon', () => {
  it('|observed − median| / p(1 − p) on the logit scale, / (1 − p) as a share of the rural hukou, p the observed rate', () => {
    expect(scaledError(fig('resident_rate', 0.5, 0.49, 2), 'logit')).toBeCloseTo(0.01 / 0.25, 12);
    expect(scaledError(fig('registered_rate', 0.8, 0.82, 1), 'logit')).toBeCloseTo(0.02 / 0.16, 12);
    expect(scaledError(fig('registered_rate', 0.8, 0.82, 1), 'rural')).toBeCloseTo(0.02 / 0.2, 12);
  });

  it('the slope per unit of error: p(1 − p), or the rural-hukou locals\' share of the denominator (1 − p unless given)', () => {
    expect(slopeAt(0.8, 'logit')).toBeCloseTo(0.16, 12);
    expect(slopeAt(0.8, 'rural')).toBeCloseTo(0.2, 12);
    expect(slopeAt(0.117, 'rural', 0.11)).toBe(0.11);
    expect(slopeAt(0.117, 'logit', 0.11)).toBeCloseTo(0.117 * 0.883, 12);
  });

  it('the resident rates are carried on the logit scale, the registered rates on the rural one', () => {
    expect(scaleOf('resident')).toBe('logit');
    expect(scaleOf('registered, same count')).toBe('rural');
    expect(scaleOf('registered, all')).toBe('rural');
  });

  it('less the figure\'s own observation error, in quadrature, never below 0', () => {
    // 0.6 against 0.57: logit 0.03 / 0.24 = 0.125; a registry figure's 0.4 points at 0.6 is 0.004 / 0.24 on the logit scale.
    const e = { ...fig('registered_rate', 0.6, 0.57, 1), observationSd: 0.004 / 0.24 };
    expect(scaledError(e, 'logit')).toBeCloseTo(Math.sqrt(0.125 ** 2 - (0.004 / 0.24) ** 2), 12);
    // As a share of the rural hukou (0.4): the miss 0.03 / 0.4 = 0.075, the figure's 0.4 points 0.004 / 0.4 = 0.01.
    expect(scaledError(e, 'rural')).toBeCloseTo(Math.sqrt(0.075 ** 2 - 0.01 ** 2), 12);
    // A miss smaller than the figure's own error says nothing of the model's: 0.
    expect(scaledError({ ...fig('resident_rate', 0.5, 0.499, 1), observationSd: 0.016 }, 'logit')).toBe(0);
  });

  it('a pace\'s error grows as √h (slowest) to h (fastest) beyond its horizon and shrinks as h below it', () => {
    const e = fig('registered_rate', 0.5, 0.45, 2); // logit 0.05 / 0.25 = 0.2 at 2 years
    expect(grownError(e, 8, 'logit').lower).toBeCloseTo(0.2 * 2, 12); // √(8 / 2)
    expect(grownError(e, 8, 'logit').upper).toBeCloseTo(0.2 * 4, 12); // 8 / 2
    expect(grownError(e, 1, 'logit').lower).toBeCloseTo(0.1, 12); // 1 / 2: h is the smaller below the horizon
    expect(grownError(e, 1, 'logit').upper).toBeCloseTo(0.2 * Math.SQRT1_2, 12);
    expect(grownError(e, 2, 'logit')).toEqual({ lower: expect.closeTo(0.2, 12), upper: expect.closeTo(0.2, 12) });
  });

  it('an error that may hold a one-off change of count does not grow beyond its horizon at the slowest, and still shrinks below it', () => {
    const e = fig('registered_rate', 0.5, 0.45, 2, true);
    expect(grownError(e, 8, 'logit').lower).toBeCloseTo(0.2, 12);
    expect(grownError(e, 8, 'logit').upper).toBeCloseTo(0.8, 12);
    expect(grownError(e, 1, 'logit').lower).toBeCloseTo(0.1, 12);
  });
});

describe('the bound of a set of figures at a horizon', () => {
  const errors = [
    fig('resident_rate', 0.5, 0.49, 2), // 0.04
    fig('resident_rate', 0.8, 0.82, 1), // 0.125
    fig('resident_rate', 0.6, 0.6, 2), // 0
    fig('resident_rate', 0.3, 0.27, 2), // 0.03 / 0.21
    fig('resident_rate', 0.9, 0.91, 2), // 0.01 / 0.09
    fig('resident_rate', 0.4, 0.3, 0), // no horizon: left out
  ];

  it('80th percentile of the grown errors, slowest and fastest', () => {
    // At 4 years: 0.04·√2, 0.125·2, 0, (0.03 / 0.21)·√2, (0.01 / 0.09)·√2 (slowest); ·2, ·4, ·2, ·2 (fastest).
    const b = errorBound(errors, 4, 'logit')!;
    expect(b.figures).toBe(5);
    const slow = [0.04 * Math.SQRT2, 0.25, 0, (0.03 / 0.21) * Math.SQRT2, (0.01 / 0.09) * Math.SQRT2];
    expect(b.lower).toBeCloseTo(q80(slow), 12);
    // By hand: sorted 0, 0.0566, 0.1571, 0.2020, 0.25; position 3.2: 0.2020 + 0.2 × (0.25 − 0.2020).
    expect(b.lower).toBeCloseTo((0.03 / 0.21) * Math.SQRT2 + 0.2 * (0.25 - (0.03 / 0.21) * Math.SQRT2), 12);
    expect(b.upper).toBeCloseTo(q80([0.08, 0.5, 0, 0.06 / 0.21, 0.02 / 0.09]), 12);
  });

  it('says how many areas its figures come from: an area\'s figures share their fold\'s draws', () => {
    // Without areas each figure is its own: 5. With the first two of area a, the next two of b, the last of c: 3 (the
    // figure without a horizon, of area d, is not used).
    expect(errorBound(errors, 4, 'logit')!.areas).toBe(5);
    const named = errors.map((e, i) => ({ ...e, area: ['a', 'a', 'b', 'b', 'c', 'd'][i] }));
    expect(errorBound(named, 4, 'logit')).toMatchObject({ figures: 5, areas: 3 });
  });

  it('no usable figure, no bound', () => {
    expect(errorBound([fig('resident_rate', 0.4, 0.3, 0), fig('resident_rate', 1, 0.9, 2)], 2, 'logit')).toBeUndefined();
  });

  it('a figure at 0 % has no slope to divide by: left out as one at 100 % is', () => {
    expect(errorBound([fig('resident_rate', 0, 0.01, 2)], 2, 'logit')).toBeUndefined();
    expect(errorBound([fig('registered_rate', 0, 0.01, 2), fig('registered_rate', 0.5, 0.45, 2)], 2, 'rural')).toEqual({ lower: expect.closeTo(0.1, 12), upper: expect.closeTo(0.1, 12), figures: 1, areas: 1 });
  });
});

describe('which figures a scenario\'s rate is held to', () => {
  const at = (metric: 'resident_rate' | 'registered_rate', definition: 'hukou' | 'residence', year: number, breakFrom?: number) => ({ metric, definition, year, breakFrom });

  it('resident rates, and registered rates counted where people live, to the resident figures', () => {
    expect(heldTo(at('resident_rate', 'hukou', 2016, 2015))).toBe('resident');
    expect(heldTo(at('registered_rate', 'residence', 2016))).toBe('resident');
  });

  it('a registered rate by hukou type to the same-count figures before its first possible break, to all from that year on', () => {
    expect(heldTo(at('registered_rate', 'hukou', 2014, 2015))).toBe('registered, same count');
    expect(heldTo(at('registered_rate', 'hukou', 2015, 2015))).toBe('registered, all');
    expect(heldTo(at('registered_rate', 'hukou', 2030))).toBe('registered, same count'); // no break drawn
  });

  it('the groups\' figures', () => {
    const errors = [fig('resident_rate', 0.5, 0.49, 2), fig('registered_rate', 0.5, 0.45, 2), fig('registered_rate', 0.5, 0.4, 2, true)];
    expect(heldFigures(errors, 'resident')).toEqual([errors[0]]);
    expect(heldFigures(errors, 'registered, same count')).toEqual([errors[1]]);
    expect(heldFigures(errors, 'registered, all')).toEqual([errors[1], errors[2]]);
  });
});

describe('a held-out registered rate is carried on the scale of what its fold counted, over whom', () => {
  const reg = (definition?: 'hukou' | 'residence', denominator?: 'registered' | 'resident'): CvRateError => ({ ...fig('registered_rate', 0.4, 0.37, 1), definition, denominator, area: 'x', year: 2015 });
  const byHukou = reg('hukou', 'registered');
  const byResidence = reg('residence', 'registered');
  const overResidents = reg('hukou', 'resident');
  const residenceOverResidents = reg('residence', 'resident');
  const unstated = reg();

  it('by hukou type over the registered population (or unstated, the default): the rural scale, slope 1 − p', () => {
    expect([byHukou, unstated].map(ruralSlopeKnown)).toEqual([true, true]);
    expect(scaledError(byHukou, 'rural')).toBeCloseTo(0.03 / 0.6, 12);
    expect(heldFigures([byHukou, unstated], 'registered, same count')).toEqual([byHukou, unstated]);
    expect(heldFigures([byHukou], 'resident')).toEqual([]);
  });

  it('counted where the registered live: moved by the urbanization pace, held with the resident rates on the logit scale', () => {
    expect(ruralSlopeKnown(byResidence)).toBe(false);
    const resident = fig('resident_rate', 0.5, 0.49, 1);
    expect(heldFigures([resident, byResidence, byHukou], 'resident')).toEqual([resident, byResidence]);
    expect(heldFigures([byResidence], 'registered, all')).toEqual([]);
    // Resident 0.01 / 0.25 = 0.04, residence 0.03 / 0.24 = 0.125: the 80th percentile of two is 0.04 + 0.8 × 0.085.
    expect(errorBound(heldFigures([resident, byResidence], 'resident'), 1, 'logit')!.lower).toBeCloseTo(0.04 + 0.8 * 0.085, 12);
  });

  it('counted where the registered live, its denominator unstated: over the registered population, with the resident rates', () => {
    const residence = { ...fig('registered_rate', 0.4, 0.37, 1), definition: 'residence' as const };
    expect(heldFigures([residence], 'resident')).toEqual([residence]);
    expect(unscaledFigures([residence])).toEqual([]);
  });

  it('only rates are held: another metric is in no group and not listed as left out, whatever it says', () => {
    const pop = { ...fig('resident_pop', 0.4, 0.37, 1), definition: 'residence' as const, denominator: 'resident' as const };
    for (const g of ['resident', 'registered, same count', 'registered, all'] as const) expect(heldFigures([pop], g)).toEqual([]);
    expect(unscaledFigures([pop])).toEqual([]);
    const residencePop = { ...fig('resident_pop', 0.4, 0.37, 1), definition: 'residence' as const };
    expect(heldFigures([residencePop], 'resident')).toEqual([]);
  });

  it('over the residents: in no group, listed as left out; carrying it on the rural scale is refused', () => {
    expect([overResidents, residenceOverResidents].map(ruralSlopeKnown)).toEqual([false, false]);
    for (const g of ['resident', 'registered, same count', 'registered, all'] as const) expect(heldFigures([overResidents, residenceOverResidents], g)).toEqual([]);
    expect(unscaledFigures([byHukou, byResidence, overResidents, residenceOverResidents, unstated])).toEqual([overResidents, residenceOverResidents]);
    expect(() => scaledError(overResidents, 'rural')).toThrow('registered_rate of x 2015 is not a rate of the registered population by hukou type');
    expect(() => scaledError(byResidence, 'rural')).toThrow(/slope on the rural scale is not 1 − p/);
    expect(() => scaledError(fig('resident_rate', 0.5, 0.49, 1), 'rural')).toThrow('resident_rate is not');
  });
});

describe('the check', () => {
  // Resident: logit 0.04 at 2 years. Registered, as shares of the rural hukou (0.5): 0.1 at 2 years (same count) and
  // 0.2 at 2 years (count may have changed).
  const errors = [fig('resident_rate', 0.5, 0.49, 2), fig('registered_rate', 0.5, 0.45, 2), fig('registered_rate', 0.5, 0.4, 2, true)];
  const at = (p: Partial<ScenarioInterval>): ScenarioInterval => ({ scenario: 's', metric: 'registered_rate', year: 2017, horizon: 4, p10: 0.45, p50: 0.5, p90: 0.55, definition: 'hukou', breakFrom: 2015, ...p });

  it('2 × the grown error × the slope at the median, from the figures each interval is held to', () => {
    const [residence, before, after, resident, overResidents] = checkWidths([
      at({ definition: 'residence' }),
      at({ year: 2014, horizon: 1, p10: 0.47, p90: 0.53 }),
      at({}),
      at({ metric: 'resident_rate', p50: 0.9 }),
      at({ year: 2014, horizon: 1, p10: 0.47, p90: 0.53, room: 0.1 }),
    ], errors);
    // Residence, 4 years: 0.04 × √2 (slowest), × 2 (fastest); p(1 − p) = 0.25.
    expect(residence).toMatchObject({ heldTo: 'resident', lower: expect.closeTo(2 * 0.04 * Math.SQRT2 * 0.25, 12), upper: expect.closeTo(2 * 0.08 * 0.25, 12), verdict: 'wider' });
    // Before the break, 1 year: the same-count figure alone, shrunk as h: 0.05 (slowest), 0.1 / √2 (fastest); 1 − p = 0.5.
    expect(before).toMatchObject({ heldTo: 'registered, same count', lower: expect.closeTo(2 * 0.05 * 0.5, 12), upper: expect.closeTo(2 * 0.1 * Math.SQRT1_2 * 0.5, 12), verdict: 'within' });
    // After it, 4 years: slowest 0.1·√2 = 0.141 and 0.2 (not grown): q80 = 0.141 + 0.8 × (0.2 − 0.141); fastest 0.2 and 0.4.
    const slow = 0.1 * Math.SQRT2 + 0.8 * (0.2 - 0.1 * Math.SQRT2);
    expect(after).toMatchObject({ heldTo: 'registered, all', width: expect.closeTo(0.1, 12), lower: expect.closeTo(2 * slow * 0.5, 12), upper: expect.closeTo(2 * (0.2 + 0.8 * 0.2) * 0.5, 12), verdict: 'narrower' });
    // Near 90 %, p(1 − p) = 0.09.
    expect(resident.lower).toBeCloseTo(2 * 0.04 * Math.SQRT2 * 0.09, 12);
    // A rate over residents of whom 10 % are rural-hukou locals: the same error × 0.1, not × (1 − p).
    expect(overResidents).toMatchObject({ lower: expect.closeTo(2 * 0.05 * 0.1, 12), upper: expect.closeTo(2 * 0.1 * Math.SQRT1_2 * 0.1, 12), verdict: 'wider' });
  });

  it('an interval exactly as wide as both bounds is within them: narrower means below the lower, wider above the upper', () => {
    // One figure at its own horizon: 0.5 against 0.25 is 0.25 / 0.5 = 0.5 of the rural hukou, grown by 1 both ways;
    // at a median of 0.5 both bounds are 2 × 0.5 × 0.5 = 0.5, the width of 0.25–0.75 (all exact in binary).
    const [c] = checkWidths([at({ year: 2014, horizon: 2, p10: 0.25, p50: 0.5, p90: 0.75 })], [fig('registered_rate', 0.5, 0.25, 2)]);
    expect(c).toMatchObject({ width: 0.5, lower: 0.5, upper: 0.5, verdict: 'within' });
  });

  it('the base year, an interval without a value and a rate no figure measures are left out', () => {
    const checks = checkWidths([at({ horizon: 0, year: 2013 }), at({ p10: NaN }), at({ metric: 'resident_rate' })], errors.filter((e) => e.metric === 'registered_rate'));
    expect(checks).toEqual([]);
  });
});
