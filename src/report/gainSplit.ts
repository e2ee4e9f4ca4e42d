import type { Table } from 'apache-arrow';
import { InputError } from '../inputError.ts';
import { numberColumn, requiredColumn } from '../io/readColumns.ts';
import { GAIN_PARTS, type GainPart, type GainStats } from '../montecarlo/registeredGain.ts';

/** One target year of registered_gain.arrow: the registered rate's gain from the base year over the runs, and each part's. */
export interface GainSplitYear {
  readonly year: number;
  readonly total: GainStats;
  readonly parts: Readonly<Record<GainPart, GainStats>>;
}

/** registered_gain.arrow as the report and the notebook draw it. */
export interface GainSplit {
  readonly scenario: string;
  readonly baseYear: number;
  /** The rate's reading the split is by (the file's metadata `definition`), e.g. `hukou/registered`. */
  readonly definition: string;
  /** Runs whose villagers settled by rural_students or veterans count under population (metadata `unsplit_runs`; 0 without it). */
  readonly unsplitRuns: number;
  /** The urban hukou the reclassification gives is in population (metadata `reclass_hukou`). */
  readonly reclassHukou: boolean;
  /** Ascending by year. */
  readonly years: readonly GainSplitYear[];
}

const NAMES: readonly string[] = [...GAIN_PARTS, 'total'];

/**
 * What is wrong with one row's year and statistics, or undefined: whole years, the target after the base year, n a whole
 * count, and statistics finite and in order (p10 ≤ p50 ≤ p90) where n counts runs. With n 0 (no run gave a finite
 * value) they are NaN, as the writer leaves them. A part is not bounded by ±1: the years' parts add up, one against another.
 *
 * @example
 * rowProblem(2020.5, 2013, { mean: 0.1, p10: 0, p50: 0.1, p90: 0.2, n: 40 }); // 'years 2020.5 and 2013, expected whole years'
 */
function rowProblem(year: number, base: number, st: GainStats): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(base)) return `years ${year} and ${base}, expected whole years`;
  if (year <= base) return `year ${year}, expected one after the base year ${base}`;
  if (!Number.isInteger(st.n) || st.n < 0) return `n ${st.n}, expected a whole number of runs`;
  if (st.n === 0) return undefined;
  const values = [st.p10, st.p50, st.p90, st.mean];
  if (values.some((v) => !Number.isFinite(v))) return `mean ${st.mean}, p10 ${st.p10}, p50 ${st.p50}, p90 ${st.p90}, expected finite numbers where n counts runs`;
  if (!(st.p10 <= st.p50 && st.p50 <= st.p90)) return `p10 ${st.p10}, p50 ${st.p50}, p90 ${st.p90}, expected in that order`;
  return undefined;
}

/**
 * registered_gain.arrow (src/io/arrowTables.ts: registeredGainIpc) read back: a row per target year and part, parts in
 * {@link GAIN_PARTS} order then `total`, with mean, p10, p50, p90 and n. A table that is not one — a column missing or
 * not numbers, a part it does not know, a year missing a part, two base years — is an {@link InputError} saying what,
 * not a split drawn from half a file. Works in Node and in the browser: it takes a table, not a path.
 *
 * @example
 * const g = gainSplit(tableFromIPC(readFileSync('out/dalian/registered_gain.arrow')));
 * g.years.at(-1)?.parts.conversion.mean; // 0.085: 8.5 points of Dalian's 14.5 by 2020 from conversion in place
 */
export function gainSplit(table: Table): GainSplit {
  const what = 'registered_gain';
  const part = requiredColumn(table, 'part', what);
  const [year, base, mean, p10, p50, p90, n] = ['year', 'base_year', 'mean', 'p10', 'p50', 'p90', 'n'].map((c) => numberColumn(table, c, what));
  const scenario = table.getChild('scenario')?.get(0);
  // A run folder writes it only for a registered-rate target after the base year: a row per target year and part.
  if (table.numRows === 0) throw new InputError(`not a ${what} table: no rows, expected one per registered target year and part`);
  const byYear = new Map<number, Map<string, GainStats>>();
  const bases = new Set<number>();
  for (let i = 0; i < table.numRows; i++) {
    const p = String(part.get(i));
    if (!NAMES.includes(p)) throw new InputError(`not a ${what} table: part ${JSON.stringify(p)} in row ${i + 1}, expected one of ${NAMES.join(', ')}`);
    // Values no run writes, drawn as they were: a title "from 2013 to 2020.5", a bar of NaN points with n counting runs.
    const bad = rowProblem(year[i], base[i], { mean: mean[i], p10: p10[i], p50: p50[i], p90: p90[i], n: n[i] });
    if (bad) throw new InputError(`not a ${what} table: row ${i + 1} (${p}): ${bad}`);
    const parts = byYear.get(year[i]) ?? new Map<string, GainStats>();
    if (parts.has(p)) throw new InputError(`not a ${what} table: ${year[i]} has two ${p} rows`);
    parts.set(p, { mean: mean[i], p10: p10[i], p50: p50[i], p90: p90[i], n: n[i] });
    byYear.set(year[i], parts);
    bases.add(base[i]);
  }
  if (bases.size > 1) throw new InputError(`not a ${what} table: base years ${[...bases].join(' and ')} in one file, expected one`);
  const years = [...byYear.keys()].sort((a, b) => a - b).map((y) => {
    const parts = byYear.get(y)!;
    const missing = NAMES.filter((p) => !parts.has(p));
    if (missing.length) throw new InputError(`not a ${what} table: ${y} has no ${missing.join(', ')} row${missing.length > 1 ? 's' : ''}`);
    return { year: y, total: parts.get('total')!, parts: Object.fromEntries(GAIN_PARTS.map((p) => [p, parts.get(p)!])) as Record<GainPart, GainStats> };
  });
  const meta = table.schema.metadata;
  return {
    scenario: scenario === null || scenario === undefined ? '' : String(scenario),
    baseYear: bases.size ? [...bases][0] : NaN,
    definition: meta.get('definition') ?? 'hukou/registered',
    unsplitRuns: Number(meta.get('unsplit_runs') ?? 0) || 0,
    reclassHukou: meta.get('reclass_hukou') === 'true',
    years,
  };
}
