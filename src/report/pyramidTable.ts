import { dictionary, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { AGES, DURATIONS, LOCAL_STATUSES, MR0, MU0, SEXES, STATE_SIZE, STATUS_NAMES, idx } from '../model/layout.ts';

/**
 * Status groups of a pyramid: the six local statuses as in the model, and
 * migrants by where they live with their durations of stay added up (a
 * pyramid cannot show eleven duration bands per age and sex).
 */
export const PYRAMID_STATUSES = ['Uu', 'Ur', 'Ua', 'Ru', 'Rr', 'Ra', 'Mu', 'Mr'] as const;
export type PyramidStatus = (typeof PYRAMID_STATUSES)[number];

/** Persons by year, sex, single year of age (100 = 100+) and status group, as columns. */
export interface PyramidTable {
  readonly year: Int32Array;
  /** 'M' or 'F'. */
  readonly sex: readonly ('M' | 'F')[];
  readonly age: Int32Array;
  readonly status: readonly PyramidStatus[];
  readonly persons: Float64Array;
}

/**
 * Turn model states (one flat Float64Array per year, see layout.ts) into a
 * long table with a row per (year, sex, age, status group), zeros included,
 * so every year has the same rows and a chart's axes do not jump. `keep`
 * picks years; by default all are kept.
 *
 * @example
 * const p = project(input, { keepStates: true });
 * const t = pyramidTable(p.states!, p.years, [2013, 2020]);
 * t.persons.length; // 2 years × 2 sexes × 101 ages × 8 groups = 3232
 */
export function pyramidTable(states: readonly Float64Array[], years: ArrayLike<number>, keep?: readonly number[]): PyramidTable {
  if (states.length !== years.length) throw new RangeError(`${states.length} states for ${years.length} years`);
  const chosen: number[] = [];
  for (let i = 0; i < years.length; i++) if (!keep || keep.includes(years[i])) chosen.push(i);
  if (keep) {
    const missing = keep.filter((y) => !Array.prototype.includes.call(years, y));
    if (missing.length) throw new RangeError(`no state for year ${missing.join(', ')} (states cover ${years[0]}–${years[years.length - 1]})`);
  }
  const groups = PYRAMID_STATUSES.length;
  const n = chosen.length * SEXES * AGES * groups;
  const year = new Int32Array(n);
  const sex: ('M' | 'F')[] = new Array(n);
  const age = new Int32Array(n);
  const status: PyramidStatus[] = new Array(n);
  const persons = new Float64Array(n);
  let i = 0;
  for (const k of chosen) {
    const s = states[k];
    if (s.length !== STATE_SIZE) throw new RangeError(`state of ${years[k]} has ${s.length} cells, expected ${STATE_SIZE}`);
    for (let x = 0; x < SEXES; x++)
      for (let a = 0; a < AGES; a++)
        for (let g = 0; g < groups; g++) {
          year[i] = years[k];
          sex[i] = x === 0 ? 'M' : 'F';
          age[i] = a;
          status[i] = PYRAMID_STATUSES[g];
          persons[i] = groupSum(s, g, x, a);
          i++;
        }
  }
  return { year, sex, age, status, persons };
}

function groupSum(s: Float64Array, g: number, sex: number, age: number): number {
  if (g < LOCAL_STATUSES) return s[idx(g, sex, age)];
  const first = g === LOCAL_STATUSES ? MU0 : MR0;
  let sum = 0;
  for (let d = 0; d < DURATIONS; d++) sum += s[idx(first + d, sex, age)];
  return sum;
}

// Guard against the model gaining statuses the groups above would silently drop.
if (STATUS_NAMES.length !== LOCAL_STATUSES + 2 * DURATIONS) throw new Error('layout changed: update PYRAMID_STATUSES');

/**
 * `pyramid.arrow` bytes (IPC file): year (int32), sex and status
 * (dictionaries), age (int32), persons (float64). `metadata` goes into the
 * schema's key–value metadata (e.g. which run the states are from).
 *
 * @example
 * writeFileAtomic(join(dir, 'pyramid.arrow'), pyramidIpc(pyramidTable(states, years, [2013, 2035]), { run: '17' }));
 */
export function pyramidIpc(t: PyramidTable, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  return documentedIpc(
    'pyramid.arrow',
    { year: ints(t.year), sex: dictionary(t.sex, 0), age: ints(t.age), status: dictionary(t.status, 1), persons: floats(t.persons) },
    new Map(Object.entries(metadata)),
  );
}
