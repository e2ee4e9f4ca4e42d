import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  METRICS, METRIC_COUNT, SETTLEMENT_GROUPS, Workspace, YEARLY_KEYS, buildBaseline, modelParams, runInto, stepCount,
  type ModelParams, type ModelParamsInput, type YearlyKey,
} from '../../src/index.ts';
import { FastKernel } from '../../src/kernel/fastKernel.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// The fast kernel (src/kernel) against the reference (src/model): every cell of every year agrees to 1e-12 relative.

const TOLERANCE = 1e-12;
const kernel = new FastKernel();
// Summed in another order, a result differs by rounding of the size of its terms, not of itself: rate_gap, the
// difference of two rates, is held to 1e-12 of the rates; the counts of persons (and what is priced per person),
// sums over the population's cells, to 1e-12 of the population when that is larger than 1e-12 of the count
// (out_migrants nets the locals away against those who stay, and a count can cancel to almost nothing).
// migrant_children_public_share is the seats the local children leave, places − local children, over the migrant
// children: where the school cap seats the locals to the last place it is 0 up to the rounding of places, so it is held
// to 1e-12 of places over the migrants (fewer than the migrant children: the stricter scale); without a cap, of itself.
const RATE_LIKE = new Set(['resident_rate', 'registered_rate']);
const GAP = METRICS.indexOf('rate_gap');
const RATES = [METRICS.indexOf('resident_rate'), METRICS.indexOf('registered_rate')];
const POPULATION = METRICS.indexOf('total_pop');
const PUBLIC_SHARE = METRICS.indexOf('migrant_children_public_share');
const PLACES = METRICS.indexOf('school_places');
const MIGRANTS = METRICS.indexOf('migrant_pop');
// The base year's row (row 0) is rounded to 12 significant digits, by both engines (roundBaseYear: the baseline reads
// the figures as given). Two values that agree to 1e-15 before the rounding can lie either side of a half unit of the
// 12th digit and round to neighbours one unit apart: up to 1e-11 of the value, beyond 1e-12 wherever the value is not
// small against the population. Seed -1903486191 drew a household size of 6.4e-323 persons (the property feeds the
// engines out-of-range values; a scenario's household_size is held to 0.5–20) and a housing demand of 2.6e196 units
// in the base year: the kernel's status totals, summed two cells at a time, make the permitted migrants 9 ulps smaller
// than the reference's cell-by-cell sum, and 264555839844.50003e185 rounds up where 264555839844.4997e185 rounds down.
// So row 0 is allowed one unit of the 12th significant digit on top of the tolerance; the projected rows are not
// rounded and are not allowed it.

/** Whether a (reference) and b (fast) agree, `scale` the size of the terms they are sums of, `baseYear` for row 0. */
function agrees(a: number, b: number, scale: number, baseYear: boolean): boolean {
  const size = Math.max(Math.abs(a), Math.abs(b));
  const rounding = baseYear && size > 0 ? 10 ** (Math.floor(Math.log10(size)) - 11) : 0;
  return Math.abs(a - b) <= TOLERANCE * Math.max(size, scale) + rounding;
}

/** The worst disagreement of the two engines on `p` from `state`, as a message; '' when every cell agrees. */
function disagreement(p: ModelParams, state: Float64Array, label: string): string {
  const n = stepCount(p);
  const reference = new Float64Array((n + 1) * METRIC_COUNT);
  const fast = new Float64Array(reference.length);
  runInto(Float64Array.from(state), p, new Workspace(), reference);
  kernel.run(state, p, fast);
  for (let i = 0; i < reference.length; i++) {
    const a = reference[i];
    const b = fast[i];
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) continue;
    const m = i % METRIC_COUNT;
    const row = i - m;
    const scale =
      m === GAP ? Math.max(...RATES.map((r) => Math.abs(reference[row + r])))
      : m === PUBLIC_SHARE && reference[row + PLACES] < Infinity ? Math.abs(reference[row + PLACES] / reference[row + MIGRANTS])
      : RATE_LIKE.has(METRICS[m]) ? 0 : Math.abs(reference[row + POPULATION]);
    if (agrees(a, b, scale, i < METRIC_COUNT)) continue;
    return `${label}: ${METRICS[i % METRIC_COUNT]} in year ${Math.floor(i / METRIC_COUNT)}: reference ${a}, fast ${b}`;
  }
  return '';
}

const dalian = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
// Dongguan-like: far more residents than registered people, the registered rate a share of residents
const dongguan = buildBaseline({
  year: 2013, residentPop: 8_317_000, registeredPop: 1_889_000, migrantPop: 6_428_000, residentRate: 0.8875, registeredRate: 0.117, denominator: 'resident',
});

/** Each lever switched on at a binding value (the school places, units and quota well below demand). */
const SWITCHES: Record<string, Partial<ModelParamsInput>> = {
  tiers: { openAreaShare: 0.3, legalResidenceShare: 0.7 },
  quota: { settleQuota: 20_000 },
  schools: { schoolPlaces: 500_000, permitSchoolYears: 1, publicAccessShare: 0.8, childShortageElasticity: 0.5, returnShortageElasticity: 0.3, parentsPerChild: 1.5, migrantNewbornStay: 0.3 },
  housing: { housingUnits: 60_000, rentalSettleShare: 0.3, housingInflowElasticity: 0.2, permitHousingYears: 2, housingApplyShare: 0.4 },
  landRights: { landRightsKept: 1, landRightsTakeupMultiplier: 1.6 },
  reclassification: { reclassShare: 0.02, reclassPersons: 30_000, reclassHukouShare: 0.4, hukouConversionRate: 0.05, hukouRelabelShare: 0.3, hukouRelabelVillageShare: 0.15 },
  groups: {
    settlementGroups: Object.fromEntries(SETTLEMENT_GROUPS.map((g, i) => [g, { eligibleShare: 0.3 + 0.05 * i, takeUp: 0.2, yearlyTarget: i % 3 === 0 ? 4000 : Infinity }])),
  },
  cost: { costOneOff: 100_000, costRecurring: 1000, landPerSettled: 100, transferPerSettled: 5000, transferPerResident: 100 },
};
const MODES = [
  { settlementMode: 'plain', migrantSettleRate: 0.08, migrantSettleMinYears: 2 },
  { settlementMode: 'closed' },
  { settlementMode: 'open', settleWillingness: 0.15 },
  { settlementMode: 'conditions', settleWillingness: 0.3, condResidenceYears: 3, condInsuranceYears: 2, insuranceCoverage: 0.7, legalJobShare: 0.8, legalHousingShare: 0.6 },
  { settlementMode: 'points', settleWillingness: 0.4, pointsCutoff: 110, pointsInsurancePerYear: 2, insuranceCoverage: 0.6 },
] as const satisfies readonly Partial<ModelParamsInput>[];

describe('fast kernel against the reference', () => {
  it('agrees on every combination of levers, in every settlement mode, to 1e-12 per cell and year', () => {
    const names = Object.keys(SWITCHES);
    const failures: string[] = [];
    let combinations = 0;
    for (const mode of MODES)
      for (let mask = 0; mask < 1 << names.length; mask++)
        for (const [city, state] of [['dalian', dalian.state], ['dongguan', dongguan.state]] as const) {
          const on = names.filter((_, i) => mask & (1 << i));
          const over = Object.assign({}, ...on.map((k) => SWITCHES[k])) as Partial<ModelParamsInput>;
          const p = modelParams({
            startYear: 2013, endYear: 2021, inflow: 250_000, e0F: Array.from({ length: 8 }, (_, y) => 79 + 0.2 * y), ...mode, ...over,
            ...(city === 'dongguan' && { registeredRateDefinition: mask & 1 ? 'residence' : 'hukou', registeredRateDenominator: 'resident' }),
          });
          const d = disagreement(p, state, `${mode.settlementMode} + [${on.join(', ')}] on ${city}`);
          if (d) failures.push(d);
          combinations++;
        }
    expect(combinations).toBe(MODES.length * 2 ** names.length * 2);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 300_000); // 320 projections of 8 years: 27–35 s alone, 73 s once on the shared 2-core machine

  it('agrees when every yearly parameter changes from year to year, out-of-range values included', () => {
    const years = 10;
    // Wide ranges: rates a little outside [0, 1] (the kernels clamp), counts and places from none to plenty.
    const range: Partial<Record<YearlyKey, [number, number]>> = {
      e0M: [50, 90], e0F: [55, 95], sexRatioAtBirth: [1, 1.3], inflow: [-1e4, 6e5], reclassPersons: [0, 1e5], settleQuota: [0, 2e5],
      schoolPlaces: [2e5, 2e6], housingUnits: [0, 3e5], householdSize: [0, 5], condResidenceYears: [0, 8], condInsuranceYears: [0, 8],
      permitSchoolYears: [0, 6], permitHousingYears: [0, 6], pointsBase: [20, 120], pointsPerYear: [0, 15], pointsInsurancePerYear: [0, 5],
      pointsSd: [0, 40], pointsCutoff: [50, 200], costOneOff: [0, 2e5], costRecurring: [0, 5e3], landPerSettled: [0, 200],
      transferPerSettled: [0, 1e4], transferPerResident: [0, 200], landRightsTakeupMultiplier: [0, 3], migrantReturnMultiplier: [0, 3],
      tfrUrbanHukou: [0, 3], tfrRuralHukou: [0, 3], tfrMigrant: [0, 3], childShortageElasticity: [-0.5, 2], returnShortageElasticity: [-0.5, 2],
      housingInflowElasticity: [-1, 1],
    };
    const yearly = fc.record(
      Object.fromEntries(
        YEARLY_KEYS.map((k) => {
          const [lo, hi] = range[k] ?? [-0.1, 1.1];
          return [k, fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: years, maxLength: years })];
        }),
      ) as Record<YearlyKey, fc.Arbitrary<number[]>>,
    );
    const groups = fc.array(
      fc.record({ eligibleShare: fc.double({ min: -0.1, max: 1.1, noNaN: true }), takeUp: fc.double({ min: -0.1, max: 1.1, noNaN: true }), yearlyTarget: fc.double({ min: -1e3, max: 5e4, noNaN: true }) }),
      { minLength: SETTLEMENT_GROUPS.length, maxLength: SETTLEMENT_GROUPS.length },
    );
    const mode = fc.constantFrom('plain', 'closed', 'open', 'conditions', 'points' as const);
    fc.assert(
      fc.property(yearly, groups, mode, fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.constantFrom('share', 'logit' as const), fc.boolean(), (y, g, settlementMode, minYears, residence, ruralToTownForm, urbanHukouToTownFollowsPace) => {
        const p = modelParams({
          startYear: 2013, endYear: 2013 + years, ...y, settlementMode, migrantSettleMinYears: minYears, ruralToTownForm, urbanHukouToTownFollowsPace,
          registeredRateDefinition: residence ? 'residence' : 'hukou',
          settlementGroups: Object.fromEntries(SETTLEMENT_GROUPS.map((name, i) => [name, g[i]])),
        });
        expect(disagreement(p, dalian.state, settlementMode)).toBe('');
      }),
      { numRuns: 150 },
    );
  }, 300_000); // 150 projections of 10 years with every lever drawn: 2–12 s, more when the machine is shared

  it('allows the base year, rounded to 12 significant digits, one unit of the 12th digit and no more (seed -1903486191)', () => {
    // Hand values: neighbours at the 12th significant digit, 1e185 apart (3.8e-12 of the value), and two units apart.
    expect(agrees(2.64555839845e196, 2.64555839844e196, 6_918_000, true)).toBe(true);
    expect(agrees(2.64555839845e196, 2.64555839844e196, 6_918_000, false)).toBe(false); // a projected row is not rounded
    expect(agrees(2.64555839846e196, 2.64555839844e196, 6_918_000, true)).toBe(false);
    expect(agrees(0.685, 0.685000000001, 0, true)).toBe(true); // a rate: 1.5e-12 of itself
    expect(agrees(0.685, 0.685000000002, 0, true)).toBe(false);
    // The property's counterexample under that seed, as fast-check shrank it: every yearly parameter at the low end
    // of its range or 0, and in the first year a housing apply share of 1.8e-132 over a household size of 6.4e-323.
    const z = (v = 0) => Array.from({ length: 10 }, () => v);
    const first = (v: number) => [v, ...z().slice(1)];
    const p = modelParams({
      startYear: 2013, endYear: 2023, ...(Object.fromEntries(YEARLY_KEYS.map((k) => [k, z()])) as Record<YearlyKey, number[]>),
      e0M: z(50), e0F: z(55), sexRatioAtBirth: z(1), pointsBase: z(20), pointsCutoff: z(50), schoolPlaces: z(200_000),
      permitHousingYears: first(5e-324), housingApplyShare: first(1.7986578401650393e-132), householdSize: first(6.4e-323),
      settlementMode: 'plain', migrantSettleMinYears: 0, ruralToTownForm: 'share', urbanHukouToTownFollowsPace: false, registeredRateDefinition: 'hukou',
      settlementGroups: Object.fromEntries(SETTLEMENT_GROUPS.map((name) => [name, { eligibleShare: 0, takeUp: 0, yearlyTarget: 0 }])),
    });
    expect(disagreement(p, dalian.state, 'seed -1903486191')).toBe('');
  });

  it('agrees under the logit form of the urbanization pace, with migrants, reclassification and settlement moving the rate too', () => {
    for (const [city, state] of [['dalian', dalian.state], ['dongguan', dongguan.state]] as const) {
      const input: ModelParamsInput = {
        startYear: 2013, endYear: 2023, inflow: 250_000, ruralToTownRate: Array.from({ length: 10 }, (_, y) => 0.03 + 0.01 * y),
        reclassShare: 0.01, localSettleRate: 0.05, hukouConversionRate: 0.03,
      };
      const p = modelParams({ ...input, ruralToTownForm: 'logit' });
      const share = modelParams(input);
      expect(disagreement(p, state, `logit form on ${city}`)).toBe('');
      // the form reaches the kernel: its resident rates differ from the share form's
      const a = new Float64Array(11 * METRIC_COUNT);
      const b = new Float64Array(a.length);
      kernel.run(state, p, a);
      kernel.run(state, share, b);
      const rate = 10 * METRIC_COUNT + METRICS.indexOf('resident_rate');
      expect(Math.abs(a[rate] - b[rate])).toBeGreaterThan(1e-4);
    }
  });

  it('agrees whether urban-hukou villagers follow the pace or move at their own rate, under either form, with conversion and the change of count', () => {
    // Ur grows by the conversion and the change of count; it then moves at the villagers' share of the form, or at
    // urbanHukouToTownRate when that is set. Both engines, every combination, and each combination's resident rates
    // differ from the others' (the branch reaches the kernel).
    const failures: string[] = [];
    const ends = new Map<string, number>();
    const rate = 10 * METRIC_COUNT + METRICS.indexOf('resident_rate');
    for (const [city, state] of [['dalian', dalian.state], ['dongguan', dongguan.state]] as const)
      for (const ruralToTownForm of ['share', 'logit'] as const)
        for (const follows of [true, false]) {
          const p = modelParams({
            startYear: 2013, endYear: 2023, inflow: 250_000, ruralToTownRate: Array.from({ length: 10 }, (_, y) => 0.02 + 0.01 * y), ruralToTownForm,
            ...(follows ? {} : { urbanHukouToTownRate: Array.from({ length: 10 }, (_, y) => 0.01 + 0.005 * y) }),
            hukouConversionRate: 0.04, hukouRelabelShare: [0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0], hukouRelabelVillageShare: [0, 0, 0.1, 0, 0, 0, 0, 0, 0, 0],
            reclassShare: 0.01,
          });
          expect(p.urbanHukouToTownFollowsPace).toBe(follows);
          const label = `${ruralToTownForm}, ${follows ? 'the pace' : 'own rate'} on ${city}`;
          const d = disagreement(p, state, label);
          if (d) failures.push(d);
          const out = new Float64Array(11 * METRIC_COUNT);
          kernel.run(state, p, out);
          ends.set(label, out[rate]);
        }
    expect(failures).toEqual([]);
    for (const city of ['dalian', 'dongguan'])
      for (const form of ['share', 'logit'])
        expect(Math.abs(ends.get(`${form}, the pace on ${city}`)! - ends.get(`${form}, own rate on ${city}`)!), `${form} on ${city}`).toBeGreaterThan(1e-5);
  });

  it('agrees when the eligibility holds for years while willingness changes every year, and then its inputs change', () => {
    // The kernel's packing reuses the eligibility while its inputs repeat: a cut-off (or coverage) changed in one year,
    // a willingness drawn each year and the same inputs under another mode must each still be followed exactly.
    const years = 10;
    const willingness = Array.from({ length: years }, (_, y) => 0.1 + 0.37 * ((y * 7) % 5) / 5);
    const step = (from: number, a: number, b: number) => Array.from({ length: years }, (_, y) => (y < from ? a : b));
    const failures: string[] = [];
    // Unstepped, consecutive runs differ in their mode alone.
    for (const stepped of [true, false]) {
      for (const settlementMode of ['points', 'conditions', 'open', 'points'] as const) {
        const p = modelParams({
          startYear: 2013, endYear: 2013 + years, inflow: 250_000, settlementMode, settleWillingness: willingness,
          pointsCutoff: step(stepped ? 4 : 0, 110, 90), insuranceCoverage: step(stepped ? 7 : 0, 0.6, 0.8), pointsInsurancePerYear: 2,
          condResidenceYears: 3, condInsuranceYears: 2, legalJobShare: 0.8, legalHousingShare: 0.6, openAreaShare: step(stepped ? 2 : 0, 0, 0.3),
        });
        const d = disagreement(p, dalian.state, `${settlementMode}${stepped ? ', stepped' : ''}`);
        if (d) failures.push(d);
      }
    }
    expect(failures).toEqual([]);
  });

  it('agrees on runs carrying uncertainty: yearly process variation, the registered-rate break, perturbed baselines', () => {
    // The uncertainty is per-run yearly parameters and per-run starting states: the kernel runs them as it runs any.
    const s = dalianResolved({
      runs: 40,
      uncertainty: {
        process: {
          rural_to_town_rate: { sigma: 0.4, phi: 0.5, scale: 'logit' },
          local_settle_rate: { sigma: 0.4, phi: 0.5, scale: 'logit' },
          inflow: { sigma: 0.3, phi: 0.2, scale: 'log' },
          tfr_migrant: { sigma: 0.1, phi: 0.8, scale: 'log' },
        },
        baseline: { resident_pop: { sd: 0.03 }, registered_pop: { sd: 0.02 }, resident_rate: { sd: 0.01 }, registered_rate: { sd: 0.01 } },
        registeredBreak: { years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.2 } },
      },
    });
    const c = compileScenario(s);
    const sampler = new RunSampler(c, 40);
    const starts = new Set<number>();
    const failures: string[] = [];
    for (let run = 0; run < 40; run++) {
      const p = sampler.fill(run);
      starts.add(sampler.baselineIndex);
      const d = disagreement(p, sampler.startState(), `run ${run}`);
      if (d) failures.push(d);
    }
    expect(starts.size).toBeGreaterThan(10); // the runs start from different baselines
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('keeps the state of every year when asked, the same states the reference keeps', () => {
    const p = modelParams({ startYear: 2013, endYear: 2020, inflow: 200_000, ...SWITCHES.groups, ...SWITCHES.schools });
    const rows = new Float64Array(8 * METRIC_COUNT);
    const reference: Float64Array[] = [];
    const fast: Float64Array[] = [];
    const state = Float64Array.from(dalian.state);
    runInto(state, p, new Workspace(), rows, reference);
    kernel.run(dalian.state, p, rows, fast);
    expect(fast.length).toBe(8);
    fast.forEach((s, y) => {
      const r = y === 0 ? dalian.state : reference[y - 1];
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i] - r[i])).toBeLessThanOrEqual(TOLERANCE * Math.abs(r[i]));
    });
  });
});
