import { describe, expect, it } from 'vitest';
import { LEVER_COUNT, METRIC_COUNT, M, STATE_SIZE, Sex, Status, idx, mu, roundBaseYear, writeIndicators } from '../../src/model/index.ts';

const measure = (state: Float64Array, definition: 'hukou' | 'residence', denominator: 'registered' | 'resident') => {
  const row = new Float64Array(METRIC_COUNT);
  writeIndicators(state, definition, null, new Float64Array(LEVER_COUNT), row, 0, undefined, denominator);
  return row;
};

describe('urbanization rates by hand', () => {
  // Uu 100, Ur 20, Ua 300, Ru 40, Rr 60, Ra 80, Mu 50: residents 270, registered 600, urban residents 190.
  const s = new Float64Array(STATE_SIZE);
  s[idx(Status.Uu, Sex.M, 30)] = 100;
  s[idx(Status.Ur, Sex.F, 40)] = 20;
  s[idx(Status.Ua, Sex.M, 25)] = 300;
  s[idx(Status.Ru, Sex.F, 50)] = 40;
  s[idx(Status.Rr, Sex.M, 60)] = 60;
  s[idx(Status.Ra, Sex.F, 20)] = 80;
  s[idx(mu(3), Sex.M, 30)] = 50;

  it('stocks and the resident rate', () => {
    const r = measure(s, 'hukou', 'registered');
    expect(r[M.resident_pop]).toBe(270);
    expect(r[M.registered_pop]).toBe(600);
    expect(r[M.urban_resident_pop]).toBe(190);
    expect(r[M.resident_rate]).toBeCloseTo(190 / 270, 15);
    expect(r[M.away_pop]).toBe(380);
    expect(r[M.migrant_pop]).toBe(50);
    expect(r[M.total_pop]).toBe(650);
  });

  it.each([
    // definition, denominator, numerator, denominator
    ['hukou', 'registered', 100 + 20 + 300, 600],
    ['residence', 'registered', 100 + 40, 600],
    // over residents only the registered living here count: away urban-hukou holders are not residents
    ['hukou', 'resident', 100 + 20, 270],
    ['residence', 'resident', 100 + 40, 270],
  ] as const)('registered rate, %s over %s', (definition, denominator, num, den) => {
    const r = measure(s, definition, denominator);
    expect(r[M.urban_registered_pop]).toBe(num);
    expect(r[M.registered_rate]).toBeCloseTo(num / den, 15);
    expect(r[M.rate_gap]).toBeCloseTo(190 / 270 - num / den, 15);
  });

  it('the issue\'s case stays a share: Uu 100, Ua 300, Mu 50 over residents is 100 / 150, not 400 / 150', () => {
    const t = new Float64Array(STATE_SIZE);
    t[idx(Status.Uu, Sex.F, 30)] = 100;
    t[idx(Status.Ua, Sex.F, 30)] = 300;
    t[idx(mu(0), Sex.F, 30)] = 50;
    const r = measure(t, 'hukou', 'resident');
    expect(r[M.registered_rate]).toBeCloseTo(2 / 3, 15);
    expect(r[M.rate_gap]).toBeCloseTo(1 / 3, 15);
  });
});

describe('the base year is reported as the figures were given', () => {
  it('rounds to 12 significant digits, NaN, infinities and 0 kept', () => {
    const row = Float64Array.of(0.6309999999999999, 6917999.999999999, NaN, 0, -Infinity, 123456789012345.67, 1.23456789012345e-7);
    roundBaseYear(row);
    expect([...row]).toEqual([0.631, 6918000, NaN, 0, -Infinity, 123456789012000, 1.23456789012e-7]);
  });
});
