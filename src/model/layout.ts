/**
 * The state of one projection: a single flat Float64Array of persons by
 * status × sex × single year of age. Index helpers keep the kernel free of
 * objects per cell.
 *
 * @example
 * const s = new Float64Array(STATE_SIZE);
 * s[idx(Status.Uu, Sex.F, 30)] = 1000; // 1,000 urban-hukou women aged 30 living in town
 */

/** Ages 0..100, where 100 stands for 100 and over. */
export const AGES = 101;
export const MAX_AGE = AGES - 1;
export const SEXES = 2;
/** Migrant durations of stay 0..10, where 10 stands for 10 years and over. */
export const DURATIONS = 11;
export const MAX_DURATION = DURATIONS - 1;

export const Sex = { M: 0, F: 1 } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];

/**
 * Local statuses first, then urban migrants by duration, then rural migrants
 * by duration, so every migrant block is contiguous.
 */
export const Status = {
  Uu: 0, // local urban hukou, lives in the city's urban area
  Ur: 1, // local urban hukou, lives in the city's rural area
  Ua: 2, // local urban hukou, lives away (outside the city)
  Ru: 3, // local rural hukou, lives in the urban area
  Rr: 4, // local rural hukou, lives in the rural area
  Ra: 5, // local rural hukou, lives away
} as const;
export type LocalStatus = (typeof Status)[keyof typeof Status];

export const LOCAL_STATUSES = 6;
/** First status index of urban-resident migrants `Mu[d]`. */
export const MU0 = LOCAL_STATUSES;
/** First status index of rural-resident migrants `Mr[d]`. */
export const MR0 = LOCAL_STATUSES + DURATIONS;
export const STATUSES = LOCAL_STATUSES + 2 * DURATIONS;

/** Cells in one status (both sexes, all ages). */
export const STATUS_SIZE = SEXES * AGES;
export const STATE_SIZE = STATUSES * STATUS_SIZE;

/** Status index of `Mu[d]`. */
export const mu = (d: number): number => MU0 + d;
/** Status index of `Mr[d]`. */
export const mr = (d: number): number => MR0 + d;

/** Flat index of (status, sex, age). */
export const idx = (status: number, sex: number, age: number): number =>
  (status * SEXES + sex) * AGES + age;

/** Offset of the age vector of (status, sex). */
export const rowOffset = (status: number, sex: number): number => (status * SEXES + sex) * AGES;

export const STATUS_NAMES: readonly string[] = [
  'Uu', 'Ur', 'Ua', 'Ru', 'Rr', 'Ra',
  ...Array.from({ length: DURATIONS }, (_, d) => `Mu${d}`),
  ...Array.from({ length: DURATIONS }, (_, d) => `Mr${d}`),
];

/** Hukou group of a status, used for fertility: 0 urban hukou, 1 rural hukou, 2 migrant. */
export const hukouGroup = (status: number): 0 | 1 | 2 =>
  status < 3 ? 0 : status < LOCAL_STATUSES ? 1 : 2;

/** Whether a status lives in the city (is part of the resident population). */
export const isResident = (status: number): boolean => status !== Status.Ua && status !== Status.Ra;

/** Whether a status lives in the city's urban area. */
export const isUrbanResident = (status: number): boolean =>
  status === Status.Uu || status === Status.Ru || (status >= MU0 && status < MR0);

/** Sum of one status over both sexes and all ages. */
export function statusTotal(state: Float64Array, status: number): number {
  return rangeSum(state, status * STATUS_SIZE, (status + 1) * STATUS_SIZE);
}

/** Fill `out[s]` with the total of every status, in one pass over the state. */
export function sumStatuses(state: Float64Array, out: Float64Array): void {
  for (let s = 0; s < STATUSES; s++) out[s] = rangeSum(state, s * STATUS_SIZE, (s + 1) * STATUS_SIZE);
}

/** Sum of `state[from..to)`. */
export function rangeSum(state: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += state[i];
  return sum;
}
