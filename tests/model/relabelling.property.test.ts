import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildBaseline, modelParams, project, type BaselineInput, type ModelParams } from '../../src/model/index.ts';
import { baselineInput, leverParams, rateReading, runs, uniform } from '../helpers/arbitraries.ts';

// A registration label must not change who lives where (src/model/README.md, steps 6 and 7b): the change of count
// (b of the rural-hukou town dwellers `Ru → Uu`, v of the villagers `Rr → Ur`, in one year) and the hukou conversion in
// place (`Rr → Ur`, `Ru → Uu` every year) relabel people, and a relabelled villager moves to town at the villagers'
// pace like the villager she was. What still reads the label, held equal here so that only step 6 is tested:
// - births: an urban-hukou woman bears at the urban-hukou TFR (step 2), so the two hukou TFRs are equal;
// - where a returning away local lives (step 3): `Ua → Uu`, but `Ra → Ru` only for awayReturnUrbanShare, so it is 1;
// - the source groups' pools (step 8b) are filters on the hukou (农村籍 …): the groups are off.
// Every other lever is on: migrants arriving and leaving, both forms of the pace, reclassification, local settlement,
// the settlement policy's caps, departures and returns.

/** Populations and the rates they make: what a relabelling must leave as it is. */
const SAME = ['resident_pop', 'registered_pop', 'urban_resident_pop', 'resident_rate', 'away_pop', 'migrant_pop', 'total_pop', 'births', 'deaths'] as const;
const RATES = new Set<string>(['resident_rate']);

const YEARS = 8;
const once = (step: number, value: number) => Float64Array.from({ length: YEARS }, (_, y) => (y === step ? value : 0));

/** leverParams with the label's other readers held equal (above), Ur following the villagers' pace. */
const labelBlind = leverParams(YEARS).map(({ params }): ModelParams => ({
  ...params,
  tfrRuralHukou: params.tfrUrbanHukou,
  awayReturnUrbanShare: new Float64Array(YEARS).fill(1),
  settlementGroups: modelParams({ startYear: params.startYear, endYear: params.endYear }).settlementGroups,
  urbanHukouToTownFollowsPace: true,
  hukouRelabelShare: new Float64Array(YEARS),
  hukouRelabelVillageShare: new Float64Array(YEARS),
}));

/** The first metric of SAME in which runs a and b differ by more than rounding, as a message; '' when none does. */
function difference(b: BaselineInput, a: ModelParams, c: ModelParams): string {
  const initialState = buildBaseline(b).state;
  const x = project({ params: { ...a, ...rateReading(b) }, initialState }).columns;
  const y = project({ params: { ...c, ...rateReading(b) }, initialState }).columns;
  for (let t = 0; t <= YEARS; t++)
    for (const m of SAME) {
      const scale = RATES.has(m) ? 1 : x.total_pop[t];
      if (Math.abs(x[m][t] - y[m][t]) > 1e-9 * scale) return `${m} in year ${t}: ${x[m][t]} against ${y[m][t]}`;
    }
  return '';
}

describe('a relabelling changes no one’s residence (property, levers on)', () => {
  it('a run with the change of count (b and v in one year) has the resident rate and populations of the same run without it', () => {
    fc.assert(
      fc.property(baselineInput(), labelBlind, fc.integer({ min: 0, max: YEARS - 1 }), uniform(0, 1), uniform(0.01, 0.3), (b, p, year, share, village) => {
        const withBreak = { ...p, hukouRelabelShare: once(year, share), hukouRelabelVillageShare: once(year, village) };
        expect(difference(b, withBreak, p)).toBe('');
      }),
      runs(60),
    );
  });

  it('with equal urban- and rural-hukou TFRs, a run with the hukou conversion has the resident rate and populations of the same run without it', () => {
    fc.assert(
      fc.property(baselineInput(), labelBlind, fc.integer({ min: 0, max: YEARS - 1 }), uniform(0, 1), uniform(0, 0.3), uniform(0.005, 0.2), (b, p, year, share, village, c) => {
        // the change of count on in both runs
        const q = { ...p, hukouRelabelShare: once(year, share), hukouRelabelVillageShare: once(year, village) };
        const converted = { ...q, hukouConversionRate: new Float64Array(YEARS).fill(c) };
        const none = { ...q, hukouConversionRate: new Float64Array(YEARS) };
        expect(difference(b, converted, none)).toBe('');
      }),
      runs(60),
    );
  });

  it('the label still matters where it should: the registered rate of the run with the change of count is higher', () => {
    const b: BaselineInput = { year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 };
    const p = modelParams({ startYear: 2013, endYear: 2013 + YEARS, ruralToTownRate: 0.03 });
    const q = { ...p, hukouRelabelShare: once(2, 0.5), hukouRelabelVillageShare: once(2, 0.1) };
    const s = buildBaseline(b).state;
    const [x, y] = [project({ params: q, initialState: s }).columns, project({ params: p, initialState: s }).columns];
    expect(x.registered_rate[3]).toBeGreaterThan(y.registered_rate[3] + 0.005);
  });
});
