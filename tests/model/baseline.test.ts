import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BaselineError, LEVER_COUNT, METRIC_COUNT, M, Status, buildBaseline, idx, mu, stationaryDurations, writeIndicators } from '../../src/model/index.ts';
import { baselineInput, runs } from '../helpers/arbitraries.ts';

const measure = (state: Float64Array, def: 'hukou' | 'residence') => {
  const row = new Float64Array(METRIC_COUNT);
  writeIndicators(state, def, null, new Float64Array(LEVER_COUNT), row, 0);
  return row;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('baseline builder', () => {
  // Dalian 2013: seed 004 lines 887–888 (常住 691.8万, 户籍 591.4万, 68.5%, 63.1%).
  const dalian = { year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 };

  it('reproduces Dalian 2013 exactly and reports its assumptions', () => {
    const b = buildBaseline(dalian);
    const row = measure(b.state, 'hukou');
    expect(rel(row[M.resident_pop], 6_918_000)).toBeLessThan(1e-12);
    expect(rel(row[M.registered_pop], 5_914_000)).toBeLessThan(1e-12);
    expect(row[M.resident_rate]).toBeCloseTo(0.685, 12);
    expect(row[M.registered_rate]).toBeCloseTo(0.631, 12);
    // residents − registered = 100.4万 migrants, no one away: the least-away assumption.
    expect(row[M.migrant_pop]).toBeCloseTo(1_004_000, 4);
    expect(b.assumptions.map((a) => a.key)).toContain('awayPop');
  });

  it('matches given migrant and away populations, both definitions', () => {
    for (const definition of ['hukou', 'residence'] as const) {
      const b = buildBaseline({ ...dalian, definition, migrantPop: 1_500_000 }); // away = 591.4 + 150 − 691.8 = 49.6万
      const row = measure(b.state, definition);
      expect(row[M.migrant_pop]).toBeCloseTo(1_500_000, 4);
      expect(row[M.away_pop]).toBeCloseTo(496_000, 4);
      expect(row[M.resident_rate]).toBeCloseTo(0.685, 12);
      expect(row[M.registered_rate]).toBeCloseTo(0.631, 12);
    }
  });

  it('reads a registered rate stated as a share of the residents (Dongguan 2013, seed 004 L4722–4724)', () => {
    // 常住 831.7万, 户籍 188.9万, 外来 642.8万, 88.75 % / 11.7 %: over residents, 11.7 % is 97.31万 urban-hukou holders
    // (0.117 × 831.7万, hand calculation), over the registered it would be 22.10万.
    const dongguan = { year: 2013, residentPop: 8_317_000, registeredPop: 1_889_000, migrantPop: 6_428_000, residentRate: 0.8875, registeredRate: 0.117 };
    const b = buildBaseline({ ...dongguan, denominator: 'resident' });
    const row = new Float64Array(METRIC_COUNT);
    writeIndicators(b.state, 'hukou', null, new Float64Array(LEVER_COUNT), row, 0, undefined, 'resident');
    expect(row[M.urban_registered_pop]).toBeCloseTo(973_089, 3);
    expect(row[M.registered_rate]).toBeCloseTo(0.117, 12);
    const over = measure(buildBaseline(dongguan).state, 'hukou');
    expect(over[M.urban_registered_pop]).toBeCloseTo(221_013, 3);
    // 60 % of the residents cannot hold urban hukou when only 22.7 % of them are registered here.
    expect(() => buildBaseline({ ...dongguan, registeredRate: 0.6, denominator: 'resident' })).toThrow(/exceeds the 188.90万 registered persons living in the city/);
  });

  it('over residents, counts the urban-hukou holders living here: away people are in neither numerator nor denominator', () => {
    // 1,000 registered of whom 400 live away (300 with urban hukou), 600 residents of whom 200 hold urban hukou,
    // 300 migrants: 200 / 900 of the residents. Counting the away 300 too would make it 500 / 900.
    const b = buildBaseline({ year: 2020, residentPop: 900, registeredPop: 1000, migrantPop: 300, awayPop: 400,
      residentRate: 0.5, registeredRate: 200 / 900, denominator: 'resident' });
    expect(b.stocks.Uu + b.stocks.Ur).toBeCloseTo(200, 9);
    // away people hold urban hukou as the registered living here do: 400 × 200 / 600
    expect(b.stocks.Ua).toBeCloseTo(400 / 3, 9);
    // more urban-hukou residents than the 600 registered living here cannot be
    expect(() => buildBaseline({ year: 2020, residentPop: 900, registeredPop: 1000, migrantPop: 300, awayPop: 400,
      residentRate: 0.9, registeredRate: 0.7, denominator: 'resident' }))
      .toThrow(/registeredRate 70\.00% × residentPop 900\.0 = 630\.0 exceeds the 600\.0 registered persons living in the city/);
  });

  it('reproduces random consistent aggregates exactly (property)', () => {
    fc.assert(
      fc.property(baselineInput(), (input) => {
        const b = buildBaseline(input);
        const row = new Float64Array(METRIC_COUNT);
        writeIndicators(b.state, input.definition!, null, new Float64Array(LEVER_COUNT), row, 0, undefined, input.denominator);
        expect(rel(row[M.resident_pop], input.residentPop)).toBeLessThan(1e-12);
        expect(rel(row[M.registered_pop], input.registeredPop)).toBeLessThan(1e-12);
        expect(Math.abs(row[M.resident_rate] - input.residentRate)).toBeLessThan(1e-12);
        expect(Math.abs(row[M.registered_rate] - input.registeredRate)).toBeLessThan(1e-12);
        expect(b.state.every((v) => v >= 0)).toBe(true);
      }),
      runs(200),
    );
  });

  it.each([
    [{ registeredRate: 1.2 }, /registeredRate must be between 0% and 100%, found 120.00%/],
    [{ residentPop: -5 }, /residentPop must be a positive number of persons, found -5/],
    [{ migrantPop: 8_000_000 }, /migrantPop 800.00万 is more than residentPop 691.80万/],
    [{ migrantPop: 500_000 }, /migrantPop 50.00万 is less than residentPop 691.80万 − registeredPop 591.40万 = 100.40万/],
    [{ migrantPop: 1_500_000, awayPop: 10 }, /residentPop 691.80万 must equal registeredPop 591.40万 − awayPop/],
    // residence definition: urban migrants = 30% × 691.8万 − 60% × 591.4万 < 0.
    [{ definition: 'residence' as const, residentRate: 0.3, registeredRate: 0.6 }, /urban migrants = .* = -147.30万, which must lie between 0 and migrantPop 100.40万/],
    // shares that spread a stock: all zero would drop the migrants unsaid, a negative or NaN share would make cells so
    [{ durationShares: new Array(11).fill(0) }, /durationShares must be non-negative shares with a positive sum/],
    [{ migrantProfile: new Float64Array(202).fill(-1) }, /migrantProfile must be non-negative shares with a positive sum/],
    [{ pyramid: new Float64Array(202).fill(NaN) }, /pyramid must be non-negative shares with a positive sum/],
    // one bad share among positive ones: the sum is still positive, the share itself must be refused
    [{ durationShares: [0.5, 0.6, -0.1, 0, 0, 0, 0, 0, 0, 0, 0] }, /durationShares must be non-negative shares with a positive sum/],
    [{ migrantProfile: Float64Array.from({ length: 202 }, (_, i) => (i === 7 ? NaN : 1)) }, /migrantProfile must be non-negative shares with a positive sum/],
  ])('rejects %o with a message naming the figures', (bad, message) => {
    expect(() => buildBaseline({ ...dalian, ...bad })).toThrowError(message);
    expect(() => buildBaseline({ ...dalian, ...bad })).toThrowError(BaselineError);
  });

  it.each([
    [{ residentPop: 0 }, /residentPop must be a positive number of persons, found 0/],
    [{ registeredPop: NaN }, /registeredPop must be a positive number of persons, found NaN/],
    [{ migrantPop: -1 }, /migrantPop must be a non-negative number of persons, found -1/],
    [{ awayPop: Infinity }, /awayPop must be a non-negative number of persons, found Infinity/],
    [{ residentRate: NaN }, /residentRate must be between 0% and 100%, found NaN/],
    [{ awayPop: 6_000_000 }, /awayPop 600.00万 is more than registeredPop 591.40万/],
    // away given alone: migrants = residents − registered + away = 691.8 − 591.4 − 100 < 0
    [{ residentPop: 4_914_000, awayPop: 500_000 }, /awayPop 50.00万 is less than registeredPop 591.40万 − residentPop 491.40万 = 100.00万: the migrant population would be negative/],
    // residence: 40 % of 591.4万 = 236.6万 registered urban residents, more than the 591.4 − 400 = 191.4万 living here
    [{ definition: 'residence' as const, awayPop: 4_000_000, residentRate: 0.9, registeredRate: 0.4 }, /registeredRate 40.00% × registeredPop 591.40万 = 236.56万 exceeds the registered living in the city, 191.40万/],
    // hukou, half the urban-hukou locals assumed rural (186.6万): 99 % urban residents leave too few people in rural areas
    [{ residentRate: 0.99, assume: { urbanHukouRuralShare: 0.5 } },
      /residentRate 99.00% of residentPop 691.80万 \(684.88万 urban residents\) cannot be reached: urban-hukou residents 186.59万, rural-hukou residents 218.23万 and migrants 100.40万 allow at most 505.21万/],
  ])('rejects %o, naming the figures', (bad, message) => {
    expect(() => buildBaseline({ ...dalian, ...bad })).toThrowError(message);
  });

  it('says what it assumed and why, and takes what it is given instead', () => {
    const b = buildBaseline(dalian);
    expect(b.assumptions.map((a) => a.key).sort()).toEqual(
      ['awayPop', 'durationShares', 'migrantPop', 'migrantProfile', 'migrantUrbanShare', 'pyramid', 'urbanHukouRuralShare'],
    );
    for (const a of b.assumptions) expect(a.why, a.key).not.toBe('');
    expect(b.assumptions.find((a) => a.key === 'migrantUrbanShare')!.value).toBeCloseTo(0.9, 12);
    expect(b.stocks.Mu / (b.stocks.Mu + b.stocks.Mr)).toBeCloseTo(0.9, 12);
    // given shapes and shares are used as given and not reported
    const flat = new Float64Array(202).fill(1);
    const dur = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const given = buildBaseline({ ...dalian, pyramid: flat, migrantProfile: flat, durationShares: dur,
      assume: { migrantUrbanShare: 0.8, urbanHukouRuralShare: 0.1 } });
    expect(given.assumptions.map((a) => a.key).sort()).toEqual(['awayPop', 'migrantPop']);
    expect(given.state[idx(Status.Uu, 1, 50)]).toBeCloseTo(given.state[idx(Status.Uu, 0, 3)], 9);
    expect(given.state[idx(mu(1), 0, 30)]).toBe(0);
    expect(given.stocks.Mu / (given.stocks.Mu + given.stocks.Mr)).toBeCloseTo(0.8, 12);
    expect(given.stocks.Ur / (given.stocks.Uu + given.stocks.Ur)).toBeCloseTo(0.1, 12);
  });

  it('moves an assumed share into the range the rates allow, and says so', () => {
    // 99 % of residents urban, 90 % of the registered urban-hukou: the 59.1万 rural-hukou locals and 90 % of the migrants
    // cannot fill the 684.9 − 532.3万 urban places left; at least 93.5万 of the 100.4万 migrants must be urban
    const b = buildBaseline({ ...dalian, residentRate: 0.99, registeredRate: 0.9 });
    const moved = b.assumptions.find((a) => a.key === 'migrantUrbanShare')!;
    expect(moved.value).toBeCloseTo((0.99 * 6_918_000 - 0.9 * 5_914_000 - 0.1 * 5_914_000) / 1_004_000, 9);
    expect(moved.why).toMatch(/moved from 0.900 into the range the rates allow/);
    // more urban-hukou holders living here than urban residents: the rest live in rural areas (Ur)
    const r = buildBaseline({ ...dalian, residentRate: 0.3, registeredRate: 0.6 });
    const raised = r.assumptions.find((a) => a.key === 'urbanHukouRuralShare')!;
    expect(raised.why).toMatch(/raised/);
    expect(r.stocks.Uu).toBeLessThanOrEqual(0.3 * 6_918_000 + 1e-6);
    expect(r.stocks.Ur).toBeCloseTo(raised.value * (r.stocks.Uu + r.stocks.Ur), 6);
  });

  it('residence: urban migrants pinned at r·R − h·H, 70 % of registered urban residents with urban hukou, away people like residents', () => {
    const b = buildBaseline({ ...dalian, definition: 'residence', migrantPop: 1_500_000 });
    // away 49.6万; registered urban residents 63.1 % × 591.4万; Uu = 70 % of them
    const K = 0.631 * 5_914_000;
    expect(b.stocks.Mu).toBeCloseTo(0.685 * 6_918_000 - K, 4);
    expect(b.stocks.Uu).toBeCloseTo(0.7 * K, 4);
    expect(b.stocks.Ru).toBeCloseTo(0.3 * K, 4);
    expect(b.stocks.Ur).toBe(0);
    expect(b.stocks.Ua).toBeCloseTo(496_000 * (0.7 * K) / (5_914_000 - 496_000), 4);
    expect(b.assumptions.find((a) => a.key === 'urbanHukouShareOfUrbanLocals')!.value).toBe(0.7);
    expect(b.assumptions.find((a) => a.key === 'awayUrbanHukouShare')!.why).toMatch(/away people hold urban hukou/);
    const given = buildBaseline({ ...dalian, definition: 'residence', migrantPop: 1_500_000, assume: { urbanHukouShareOfUrbanLocals: 0.5 } });
    expect(given.stocks.Uu).toBeCloseTo(0.5 * K, 4);
    expect(given.assumptions.map((a) => a.key)).not.toContain('urbanHukouShareOfUrbanLocals');
  });

  it('reports every problem at once', () => {
    try {
      buildBaseline({ ...dalian, residentRate: 2, registeredRate: -1 });
      expect.fail('should throw');
    } catch (e) {
      expect((e as BaselineError).problems).toHaveLength(2);
      expect((e as BaselineError).name).toBe('BaselineError');
      expect((e as BaselineError).message).toBe(
        'inconsistent baseline:\n  - residentRate must be between 0% and 100%, found 200.00%\n  - registeredRate must be between 0% and 100%, found -100.00%',
      );
    }
  });

  it('writes figures of 10,000 and more in 万, smaller ones as they are', () => {
    expect(() => buildBaseline({ ...dalian, registeredPop: 5000, awayPop: 10_000 })).toThrowError('awayPop 1.00万 is more than registeredPop 5000');
    expect(() => buildBaseline({ ...dalian, registeredPop: 5000, awayPop: 9999 })).toThrowError('awayPop 9999 is more than registeredPop 5000');
  });

  it('accepts the edge cases that are still consistent: everyone registered away, no migrant, a sum within 1e-9', () => {
    // All 1,000 registered live away; the 500 residents are all migrants, 400 of them urban (80 %).
    const allAway = buildBaseline({ year: 2020, residentPop: 500, registeredPop: 1000, awayPop: 1000, residentRate: 0.8, registeredRate: 0.5 });
    expect(allAway.stocks).toMatchObject({ Ua: 500, Ra: 500, Uu: 0, Ur: 0, Ru: 0, Rr: 0, Mu: 400, Mr: 100 });
    // away given alone, exactly registered − residents: no migrant, and the builder says so
    const none = buildBaseline({ year: 2020, residentPop: 800, registeredPop: 1000, awayPop: 200, residentRate: 0.5, registeredRate: 0.5 });
    expect(none.stocks.Mu + none.stocks.Mr).toBe(0);
    expect(none.assumptions.find((a) => a.key === 'migrantPop')).toEqual({ key: 'migrantPop', value: 0, why: 'residents − registered + away' });
    expect(none.assumptions.find((a) => a.key === 'migrantUrbanShare')!.value).toBe(0);
    // migrants given alone: away = registered − residents + migrants, said so; all residents migrants is consistent
    const given = buildBaseline({ year: 2020, residentPop: 800, registeredPop: 1000, migrantPop: 800, residentRate: 0.5, registeredRate: 0.5 });
    expect(given.assumptions.find((a) => a.key === 'awayPop')).toEqual({ key: 'awayPop', value: 1000, why: 'registered − residents + migrants' });
    expect(given.stocks.Mu + given.stocks.Mr).toBe(800);
    // nothing given, more registered than residents: the least away (registered − residents) and no migrant
    const least = buildBaseline({ year: 2020, residentPop: 800, registeredPop: 1000, residentRate: 0.5, registeredRate: 0.5 });
    expect([least.stocks.Ua + least.stocks.Ra, least.stocks.Mu + least.stocks.Mr]).toEqual([200, 0]);
    // registered − away + migrants may miss residents by 1e-9 of them (here exactly 1 of 10⁹), not by more
    const big = { year: 2020, registeredPop: 1e9, awayPop: 0, residentRate: 0.5, registeredRate: 0.5 };
    expect(() => buildBaseline({ ...big, residentPop: 1e9, migrantPop: 1 })).not.toThrow();
    expect(() => buildBaseline({ ...big, residentPop: 1e9, migrantPop: 2 })).toThrowError(/must equal registeredPop/);
    expect(() => buildBaseline({ ...big, residentPop: 1e9 + 1, migrantPop: 0.5 })).not.toThrow();
  });

  it('over residents: registered living here may all hold urban hukou, to 1e-9 of the registered', () => {
    // 600 registered all living here, 400 migrants: 60 % of 1,000 residents is exactly the 600 registered, and
    // rounding a hair above them (1e-12 relative) is still accepted; 1e-6 above is not.
    const input = { year: 2020, residentPop: 1000, registeredPop: 600, migrantPop: 400, awayPop: 0, residentRate: 0.7, denominator: 'resident' as const };
    expect(buildBaseline({ ...input, registeredRate: 0.6 }).stocks.Uu + buildBaseline({ ...input, registeredRate: 0.6 }).stocks.Ur).toBeCloseTo(600, 9);
    expect(() => buildBaseline({ ...input, registeredRate: 0.6 * (1 + 1e-12) })).not.toThrow();
    expect(() => buildBaseline({ ...input, registeredRate: 0.6 * (1 + 1e-6) })).toThrowError(/exceeds the 600.0 registered persons living in the city/);
  });

  it('over residents with every registered person away: nobody holds urban hukou here, and no NaN', () => {
    const b = buildBaseline({ year: 2020, residentPop: 500, registeredPop: 1000, awayPop: 1000, residentRate: 0.8, registeredRate: 0, denominator: 'resident' });
    expect(b.stocks.Ua).toBe(0);
    expect(b.stocks.Ra).toBe(1000);
    expect(b.state.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('residence: urban migrants r·R − h·H must lie in [0, migrants] up to 1e-9 of the residents, and are held there', () => {
    // Dalian with 99 % urban residents: 684.88万 − 373.17万 = 311.71万 urban migrants, more than the 100.40万 migrants.
    expect(() => buildBaseline({ ...dalian, definition: 'residence', residentRate: 0.99 }))
      .toThrowError(/= 311.71万, which must lie between 0 and migrantPop 100.40万/);
    // 10⁹ residents, all registered, no migrant: r·R − h·H of exactly ±1 person (1e-9 of them) is rounding and is
    // read as 0 urban migrants; 2 persons is not.
    const all = { year: 2020, residentPop: 1e9, registeredPop: 1e9, definition: 'residence' as const };
    expect(buildBaseline({ ...all, residentRate: 0.5, registeredRate: 0.500000001 }).stocks.Mu).toBe(0);
    expect(buildBaseline({ ...all, residentRate: 0.500000001, registeredRate: 0.5 }).stocks.Mu).toBe(0);
    expect(() => buildBaseline({ ...all, residentRate: 0.5, registeredRate: 0.500000002 })).toThrowError(/= -2.000, which must lie/);
    expect(() => buildBaseline({ ...all, residentRate: 0.500000002, registeredRate: 0.5 })).toThrowError(/= 2.000, which must lie/);
  });

  it('urban-hukou holders may exceed the registered living here by exactly 1e-9 of the registered (rounding), not more', () => {
    // Over residents: 10⁹ registered, none away, 2.5·10⁸ migrants; 80.00000008 % of 1.25·10⁹ residents is 10⁹ + 1.
    const over = { year: 2020, residentPop: 1.25e9, registeredPop: 1e9, migrantPop: 2.5e8, awayPop: 0, residentRate: 1, denominator: 'resident' as const };
    expect(() => buildBaseline({ ...over, registeredRate: 0.8000000008 })).not.toThrow();
    expect(() => buildBaseline({ ...over, registeredRate: 0.8000000016 })).toThrowError(/exceeds the 100000.00万 registered persons living in the city/);
    // Residence definition: 10⁹ registered, 1 away; 100 % of the 10⁹ registered is 1 more than the 10⁹ − 1 living here.
    const res = { year: 2020, residentPop: 1e9, registeredPop: 1e9, awayPop: 1, residentRate: 1, definition: 'residence' as const };
    const edge = buildBaseline({ ...res, registeredRate: 1 });
    expect(edge.stocks.Rr).toBe(-1); // the registered living here less the urban ones: −1 by rounding, so no cell filled
    expect(edge.state.every((v) => v >= 0 && !Object.is(v, -0))).toBe(true);
    expect(() => buildBaseline({ ...res, awayPop: 2, residentPop: 1e9 - 1 + 2, registeredRate: 1 })).toThrowError(/exceeds the registered living in the city/);
  });

  it('residence: away people hold urban hukou like residents, said only when there are away people; none at all when every registered person is away', () => {
    const none = buildBaseline({ ...dalian, definition: 'residence', registeredRate: 0.65 }); // least away: 0
    expect(none.stocks.Ua + none.stocks.Ra).toBe(0);
    expect(none.assumptions.map((a) => a.key)).not.toContain('awayUrbanHukouShare');
    expect(none.assumptions.find((a) => a.key === 'urbanHukouShareOfUrbanLocals')!.why).toBe('default: 70% of registered urban residents hold urban hukou');
    // every registered person away, so none registered is an urban resident (0 %): no urban hukou, no NaN
    const away = buildBaseline({ year: 2020, residentPop: 500, registeredPop: 1000, awayPop: 1000, residentRate: 0.8, registeredRate: 0,
      definition: 'residence' });
    expect([away.stocks.Ua, away.stocks.Ra, away.stocks.Mu]).toEqual([0, 1000, 400]);
    expect(away.assumptions.find((a) => a.key === 'awayUrbanHukouShare')!.value).toBe(0);
    expect(away.state.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('hukou: urban-hukou residents in rural areas only as many as must be, the given share otherwise', () => {
    // 1,000 residents all registered, half with urban hukou: exactly as many as the 500 urban residents, so none need
    // live in rural areas (the default, said as such)
    const all = { year: 2020, residentPop: 1000, registeredPop: 1000, registeredRate: 0.5 };
    const even = buildBaseline({ ...all, residentRate: 0.5 });
    expect(even.stocks.Ur).toBe(0);
    expect(even.assumptions.find((a) => a.key === 'urbanHukouRuralShare')!.why).toBe('default: no urban-hukou residents in rural areas');
    // given 10 % of the 500 in rural areas: 450 urban-hukou townspeople fit among 460 urban residents, so 50 stay rural
    expect(buildBaseline({ ...all, residentRate: 0.46, assume: { urbanHukouRuralShare: 0.1 } }).stocks.Ur).toBeCloseTo(50, 9);
  });

  it('hukou: the urban residents the rates imply may outnumber those the stocks allow by exactly 1e-9 of the residents', () => {
    // 10⁹ residents all registered, half urban hukou, 10 % of those (5·10⁷) in rural areas: at most 9.5·10⁸ urban
    // residents; 95.0000001 % is 1 more (1e-9 of them: accepted), 95.0000002 % is 2 more (refused).
    const all = { year: 2020, residentPop: 1e9, registeredPop: 1e9, registeredRate: 0.5, assume: { urbanHukouRuralShare: 0.1 } };
    expect(() => buildBaseline({ ...all, residentRate: 0.950000001 })).not.toThrow();
    expect(() => buildBaseline({ ...all, residentRate: 0.950000002 })).toThrowError(/cannot be reached/);
  });

  it('years of stay stationary under the hazard, by hand: M[d] ∝ Π(1 − h), 10+ divided by h(10)', () => {
    // h = ½ everywhere: 1, ½, …, 2⁻⁹ and 10+ = 2⁻¹⁰ / ½ = 2⁻⁹; they sum to 2.
    const half = stationaryDurations(new Float64Array(11).fill(0.5));
    expect([...half]).toEqual([...Array.from({ length: 10 }, (_, d) => 2 ** -(d + 1)), 2 ** -10]);
    // nobody leaves 10+ (h(10) = 0): no stationary stock there; the builder keeps what arrives, 2⁻¹⁰, of 2 − 2⁻¹⁰
    const stuck = stationaryDurations([...new Array(10).fill(0.5), 0]);
    expect(stuck[10]).toBeCloseTo(2 ** -10 / (2 - 2 ** -10), 15);
    expect(stuck[0]).toBeCloseTo(1 / (2 - 2 ** -10), 15);
  });
});
