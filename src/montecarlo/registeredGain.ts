import { M, METRIC_COUNT, type Metric } from '../model/indicators.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * The sources a registered rate's gain is split into, in the order the engine applies them within a year
 * (src/model/README.md, steps 1–8b): `population` — everything no flow counter records, which the engine applies
 * before the rest (survival, births, out-migration and hukou given up, in-migration, moves to town,
 * reclassification: steps 1–7); then `conversion` in place (农转非, 村改居: `converted_in_place`, step 7b), the
 * `change_of_count` (`relabelled`, step 7b), `locals_settling` (`settled_local`, steps 8 and 8b) and
 * `migrants_settling` (`settled_migrants`, steps 8 and 8b; locals taken before migrants within the step).
 */
export const GAIN_PARTS = ['population', 'conversion', 'change_of_count', 'locals_settling', 'migrants_settling'] as const;
export type GainPart = (typeof GAIN_PARTS)[number];
const PARTS = GAIN_PARTS.length;

/** How the scenario reads its registered rate (src/model/indicators.ts). */
export interface RateReading {
  readonly definition: 'hukou' | 'residence';
  readonly denominator: 'registered' | 'resident';
}

/** What one year of a run records of the registered rate: the stocks at its end and the flows during it (persons). */
export interface GainYear {
  /** The rate's numerator (`urban_registered_pop`) and denominator (`registered_pop`, or `resident_pop` over residents). */
  readonly numerator: number;
  readonly denominator: number;
  readonly converted: number;
  readonly relabelled: number;
  readonly settledLocal: number;
  readonly settledMigrants: number;
  /** Settled from the away locals (`settled_returnees`, `Ra → Uu`): they become residents. */
  readonly settledReturnees: number;
  /** Settled from the villagers (`settled_in_place`, `Rr → Uu`). */
  readonly settledInPlace: number;
}

/**
 * What each recorded part adds to the rate's numerator and denominator in a year, by the rate's reading; the
 * population part is what is left of the year's change of each (written at index 0 by {@link splitYear}).
 *
 * - `hukou` over the registered (numerator `Uu + Ur + Ua`): a conversion, a relabelling and a local's settlement
 *   (`R* → Uu`) add one to the numerator; a migrant's settlement (`Mu → Uu`) one to both.
 * - `hukou` over the residents (`Uu + Ur`): the same, but a migrant settling was a resident already (denominator
 *   unchanged), and an away local settling as a returnee (`Ra → Uu`) becomes one.
 * - `residence` (`Uu + Ru`): a conversion and a relabelling move no one between town and village, so 0; a local
 *   settling from town (`Ru → Uu`) 0, from the villages (`in_place`, `Rr → Uu`) or from away (`returnees`) one. The
 *   source groups `rural_students` and `veterans` settle town and village dwellers alike and the flows do not say
 *   how many of each: their villagers fall to `population`.
 */
function recordedMoves(y: GainYear, r: RateReading, dN: Float64Array, dD: Float64Array): void {
  const overResidents = r.denominator === 'resident';
  const byHukou = r.definition === 'hukou';
  dN[1] = byHukou ? y.converted : 0;
  dD[1] = 0;
  dN[2] = byHukou ? y.relabelled : 0;
  dD[2] = 0;
  dN[3] = byHukou ? y.settledLocal : y.settledInPlace + y.settledReturnees;
  dD[3] = overResidents ? y.settledReturnees : 0;
  dN[4] = y.settledMigrants;
  dD[4] = overResidents ? 0 : y.settledMigrants;
}

const dN = new Float64Array(PARTS);
const dD = new Float64Array(PARTS);

/**
 * One year's change of the registered rate split by source into `into` (rate points as fractions, {@link GAIN_PARTS}
 * order), sequentially in the engine's order: from the rate at the start of the year, each part's persons are added
 * to the numerator and denominator in turn, and the part's share is the change of the rate it makes. The population
 * part is the rest of the year's change of numerator and denominator, taken first as the engine applies those
 * steps first. The parts add up to `next.numerator / next.denominator − prev.numerator / prev.denominator` (up to
 * rounding: each is a difference of the rate along the way).
 *
 * @example
 * // 600 of 1,000 registered urban; 20 converted, 10 migrants settled, 5 more people in the year
 * splitYear({ numerator: 600, denominator: 1000 }, { numerator: 630, denominator: 1015, converted: 20, relabelled: 0,
 *   settledLocal: 0, settledMigrants: 10, settledReturnees: 0, settledInPlace: 0 }, { definition: 'hukou', denominator: 'registered' }, out);
 */
export function splitYear(prev: Pick<GainYear, 'numerator' | 'denominator'>, next: GainYear, r: RateReading, into: Float64Array): void {
  recordedMoves(next, r, dN, dD);
  let restN = next.numerator - prev.numerator;
  let restD = next.denominator - prev.denominator;
  for (let k = 1; k < PARTS; k++) {
    restN -= dN[k];
    restD -= dD[k];
  }
  dN[0] = restN;
  dD[0] = restD;
  let n = prev.numerator;
  let d = prev.denominator;
  let rate = n / d;
  for (let k = 0; k < PARTS; k++) {
    n += dN[k];
    d += dD[k];
    // the last part ends at the year's own rate, not at the sums' rounding of it
    const after = k === PARTS - 1 ? next.numerator / next.denominator : n / d;
    into[k] = after - rate;
    rate = after;
  }
}

/** One statistic set over the runs: mean (the parts' means add up to the total's), and the 10th, 50th, 90th percentiles (type 7). */
export interface GainStats {
  readonly mean: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Runs with a finite value. */
  readonly n: number;
}

/** A target year's split: the gain from the base year over the runs, and each part's. */
export interface GainYearSplit {
  readonly year: number;
  /** The rate's change from the base year, run by run (the parts add up to it in every run). */
  readonly total: GainStats;
  readonly parts: Readonly<Record<GainPart, GainStats>>;
  /** The mean rate in the base year and in this year, over the same runs. */
  readonly from: number;
  readonly to: number;
}

/** The registered rate's gain by source, for each year of a registered-rate target. */
export interface RegisteredGain {
  readonly baseYear: number;
  readonly reading: RateReading;
  readonly years: readonly GainYearSplit[];
  /**
   * Runs in which a source group settled villagers the flows cannot tell from town dwellers (`rural_students`,
   * `veterans` under the `residence` definition): those villagers are in their `population` part.
   */
  readonly unsplitRuns: number;
  /** Largest |Σ parts − total| over runs and years: rounding only. */
  readonly largestGap: number;
  /**
   * The scenario sets `reclass_hukou_share` (not at 0): the urban hukou reclassification gives (`Rr → Uu`, step 7) is in
   * `population` — `reclassified` counts the persons reclassified, not how many of them got hukou.
   */
  readonly reclassHukou?: boolean;
}

/** Reads metric `m` in year index `y` of runs `from ≤ run < to` into `into` (of length `to − from`). */
export type RunCellReader = (m: number, y: number, from: number, to: number, into: Float64Array) => Float64Array;

/**
 * The years of the scenario's registered-rate targets after its base year, ascending, once each.
 *
 * @example
 * registeredTargetYears(loadScenario('scenarios/dalian.yaml')); // [2017, 2020]
 */
export function registeredTargetYears(s: ResolvedScenario): number[] {
  return [...new Set(s.targets.filter((t) => t.metric === 'registered_rate' && t.year > s.years.start).map((t) => t.year))].sort((a, b) => a - b);
}

const READ: readonly Metric[] = ['converted_in_place', 'relabelled', 'settled_local', 'settled_migrants', 'settled_returnees', 'settled_in_place', 'settled_rural_students', 'settled_veterans'];
/** Runs whose cells are read at a time: what the split holds besides its 10 values a run. */
const BLOCK = 1 << 16;
/**
 * Bytes a run {@link registeredGain} holds: 10 values (numerator and denominator of the year before, the base-year
 * rate, a target year's gain and rate, the 5 parts so far) and a flag, and one value more while it sorts a statistic.
 */
export const GAIN_BYTES_PER_RUN = 10 * 8 + 1 + 8;

/**
 * Whether a run folder of the scenario holds the registered rate's gain by source (a registered-rate target in its years).
 *
 * @example
 * hasRegisteredGain(loadScenario('scenarios/dalian.yaml')); // true: registered_rate targets in 2017 and 2020
 * hasRegisteredGain(loadScenario('scenarios/changshu.yaml')); // false: no registered-rate target
 */
export const hasRegisteredGain = (s: ResolvedScenario): boolean => registeredTargetYears(s).some((y) => y <= s.years.end);

/**
 * The registered rate's gain from the base year to each year of `targetYears`, split by source ({@link splitYear},
 * year after year), over `runs` runs read cell by cell, a block of runs at a time: per run the parts of every year
 * summed, then each part's mean and percentiles over the runs. A run is left out of a year (n) where a stock or flow
 * it needs is not finite. Holds 10 values a run, and a block's cells (`blockRuns` runs, 65,536 by default).
 *
 * @example
 * const gain = registeredGain({ definition: 'hukou', denominator: 'registered' }, years, [2020], runs, (m, y, from, to, into) => spill.read(m, y, from, to, into));
 * gain.years[0].parts.conversion.mean; // points of the 2020 rate's gain (as a fraction) from conversion in place
 */
export function registeredGain(reading: RateReading, years: Int32Array, targetYears: readonly number[], runs: number, read: RunCellReader, blockRuns = BLOCK): RegisteredGain {
  const block = Math.max(1, Math.min(blockRuns, runs));
  const cells = Object.fromEntries([...READ, 'urban_registered_pop', 'denominator'].map((m) => [m, new Float64Array(block)])) as Record<Metric | 'denominator', Float64Array>;
  const denominator = M[reading.denominator === 'resident' ? 'resident_pop' : 'registered_pop'];
  // per run: the numerator and denominator at the end of the year before, the rate in the base year, the parts so far
  const prevN = new Float64Array(runs);
  const prevD = new Float64Array(runs);
  const from = new Float64Array(runs);
  const acc = new Float64Array(PARTS * runs);
  const unsplit = new Uint8Array(runs);
  // a target year's gain and rate, run by run
  const total = new Float64Array(runs);
  const to = new Float64Array(runs);
  const part = new Float64Array(PARTS);
  const out: GainYearSplit[] = [];
  let largestGap = 0;
  const last = Math.max(...targetYears.map((t) => years.indexOf(t)));
  const byYear = new Set(targetYears);
  const cell = (m: number, y: number, r0: number, r1: number, into: Float64Array) => read(m, y, r0, r1, into.subarray(0, r1 - r0));
  for (let r0 = 0; r0 < runs; r0 += block) {
    const r1 = Math.min(runs, r0 + block);
    const N = cell(M.urban_registered_pop, 0, r0, r1, cells.urban_registered_pop);
    const D = cell(denominator, 0, r0, r1, cells.denominator);
    for (let r = r0; r < r1; r++) {
      prevN[r] = N[r - r0];
      prevD[r] = D[r - r0];
      from[r] = N[r - r0] / D[r - r0];
    }
  }
  for (let y = 1; y <= last; y++) {
    const target = byYear.has(years[y]);
    for (let r0 = 0; r0 < runs; r0 += block) {
      const r1 = Math.min(runs, r0 + block);
      const c = Object.fromEntries(READ.map((m) => [m, cell(M[m], y, r0, r1, cells[m])])) as Record<Metric, Float64Array>;
      const N = cell(M.urban_registered_pop, y, r0, r1, cells.urban_registered_pop);
      const D = cell(denominator, y, r0, r1, cells.denominator);
      for (let r = r0; r < r1; r++) {
        const i = r - r0;
        splitYear({ numerator: prevN[r], denominator: prevD[r] }, {
          numerator: N[i], denominator: D[i], converted: c.converted_in_place[i], relabelled: c.relabelled[i],
          settledLocal: c.settled_local[i], settledMigrants: c.settled_migrants[i],
          settledReturnees: c.settled_returnees[i], settledInPlace: c.settled_in_place[i],
        }, reading, part);
        for (let k = 0; k < PARTS; k++) acc[k * runs + r] += part[k];
        if (reading.definition === 'residence' && c.settled_rural_students[i] + c.settled_veterans[i] > 0) unsplit[r] = 1;
        prevN[r] = N[i];
        prevD[r] = D[i];
        if (!target) continue;
        to[r] = N[i] / D[i];
        total[r] = to[r] - from[r];
        let sum = 0;
        for (let k = 0; k < PARTS; k++) sum += acc[k * runs + r];
        if (Number.isFinite(sum) && Number.isFinite(total[r])) largestGap = Math.max(largestGap, Math.abs(sum - total[r]));
      }
    }
    if (!target) continue;
    const parts = Object.fromEntries(GAIN_PARTS.map((p, k) => [p, stats(acc.subarray(k * runs, (k + 1) * runs))])) as Record<GainPart, GainStats>;
    out.push({ year: years[y], total: stats(total), parts, from: stats(from).mean, to: stats(to).mean });
  }
  let unsplitRuns = 0;
  for (let r = 0; r < runs; r++) unsplitRuns += unsplit[r];
  return { baseYear: years[0], reading, years: out, unsplitRuns, largestGap };
}

/**
 * {@link registeredGain} of a scenario's runs given as rows (`(run · years + y) · METRIC_COUNT + m`, as
 * {@link MonteCarloResult} holds them), for the years of its registered-rate targets; undefined when it has none.
 *
 * @example
 * const r = await runMonteCarlo(scenario, { workers: 1 });
 * registeredGainOfRuns(scenario, r.years, r.rows)?.years[0].parts.locals_settling.mean;
 */
export function registeredGainOfRuns(s: ResolvedScenario, years: Int32Array, rows: Float64Array): RegisteredGain | undefined {
  const runs = rows.length / (years.length * METRIC_COUNT);
  return registeredGainOf(s, years, runs, (m, y, from, to, into) => {
    for (let r = from; r < to; r++) into[r - from] = rows[(r * years.length + y) * METRIC_COUNT + m];
    return into;
  });
}

/**
 * {@link registeredGain} for the scenario's registered-rate target years and reading; undefined when it has none, or no runs.
 *
 * @example
 * // as a run folder reads its runs back from its working file (src/io/runOutputStream.ts)
 * registeredGainOf(scenario, years, runs, (m, y, from, to, into) => spill.read(m, y, from, to, into))?.years[0].total.mean;
 */
export function registeredGainOf(s: ResolvedScenario, years: Int32Array, runs: number, read: RunCellReader): RegisteredGain | undefined {
  const targetYears = registeredTargetYears(s).filter((t) => years.includes(t));
  if (!targetYears.length || runs === 0) return undefined;
  const gain = registeredGain({ definition: s.registeredRateDefinition, denominator: s.registeredRateDenominator }, years, targetYears, runs, read);
  // A parameter not written is the engine's default, 0 here; a shock moves a rate of 0 nowhere.
  const h = s.parameters.reclass_hukou_share;
  return h !== undefined && !(h.kind === 'number' && h.value === 0) ? { ...gain, reclassHukou: true } : gain;
}

/** Mean and type-7 percentiles of the finite values (NaN when there are none). */
function stats(values: Float64Array): GainStats {
  const kept = values.filter((v) => Number.isFinite(v)).sort();
  const n = kept.length;
  if (n === 0) return { mean: NaN, p10: NaN, p50: NaN, p90: NaN, n };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += kept[i];
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return lo === h ? kept[lo] : kept[lo] + (h - lo) * (kept[lo + 1] - kept[lo]);
  };
  return { mean: sum / n, p10: q(0.1), p50: q(0.5), p90: q(0.9), n };
}
