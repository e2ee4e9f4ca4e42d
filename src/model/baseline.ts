import { AGES, DURATIONS, SEXES, STATE_SIZE, Status, idx, mr, mu } from './layout.ts';
import { DEFAULT_RETURN_HAZARD } from './params.ts';
import { migrantAgeProfile } from './schedules.ts';
import { standardPyramid } from './standards.ts';

/** A city's aggregates in its base year; populations in persons, rates as fractions. */
export interface BaselineInput {
  readonly year: number;
  /** 常住人口: people living in the city. */
  readonly residentPop: number;
  /** 户籍人口: holders of the city's hukou, wherever they live. */
  readonly registeredPop: number;
  /** 常住人口城镇化率. */
  readonly residentRate: number;
  /** 户籍人口城镇化率, under `definition`. */
  readonly registeredRate: number;
  readonly definition?: 'hukou' | 'residence';
  /** What the registered rate is a share of: the registered population (default) or the resident one. */
  readonly denominator?: 'registered' | 'resident';
  /** Residents holding another place's hukou, when known. */
  readonly migrantPop?: number;
  /** Registered persons living outside the city, when known. */
  readonly awayPop?: number;
  /** Splits no aggregate pins down; each has a documented default. */
  readonly assume?: BaselineAssumptions;
  /** Age–sex shape of locals, `[sex * AGES + age]` (default: census 2010). */
  readonly pyramid?: Float64Array;
  /** Age–sex shape of migrants (default: {@link migrantAgeProfile}). */
  readonly migrantProfile?: Float64Array;
  /** Share of migrants by years of stay 0..10+ (default: stationary under the default return hazard). */
  readonly durationShares?: ArrayLike<number>;
}

export interface BaselineAssumptions {
  /** Share of migrants living in the urban area (default 0.9, moved into the feasible range if needed). */
  readonly migrantUrbanShare?: number;
  /** `hukou` definition: share of local urban-hukou residents living in rural areas, `Ur` (default 0). */
  readonly urbanHukouRuralShare?: number;
  /** `residence` definition: share of registered urban residents holding urban hukou, `Uu/(Uu+Ru)` (default 0.7). */
  readonly urbanHukouShareOfUrbanLocals?: number;
}

/** One thing the builder had to assume, for the report. */
export interface Assumption {
  readonly key: string;
  readonly value: number;
  readonly why: string;
}

export interface Baseline {
  readonly year: number;
  readonly state: Float64Array;
  /** Stocks by status (persons), for the report. */
  readonly stocks: Readonly<Record<'Uu' | 'Ur' | 'Ua' | 'Ru' | 'Rr' | 'Ra' | 'Mu' | 'Mr', number>>;
  readonly assumptions: readonly Assumption[];
}

/** Inconsistent or impossible aggregates; `problems` lists every one found. */
export class BaselineError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`inconsistent baseline:\n  - ${problems.join('\n  - ')}`);
    this.name = 'BaselineError';
  }
}

const fmt = (x: number): string => (Math.abs(x) >= 1e4 ? `${(x / 1e4).toFixed(2)}万` : x.toPrecision(4));
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/**
 * Build the starting state from a city's aggregates so that resident and
 * registered population, both rates, and the migrant and away populations
 * (when given) are matched exactly; everything else is assumed and reported.
 *
 * Accounting: residents = registered − away + migrants. With neither migrants
 * nor away given, away = max(0, registered − residents) (the least that fits).
 *
 * @example
 * const b = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000,
 *   residentRate: 0.685, registeredRate: 0.631 });
 * b.stocks.Mu + b.stocks.Mr; // 1,004,000 migrants, 0 away (assumed)
 */
export function buildBaseline(input: BaselineInput): Baseline {
  const problems: string[] = [];
  const { residentPop: R, registeredPop: H, residentRate: r, registeredRate: h } = input;
  const def = input.definition ?? 'hukou';
  const positive = (name: string, v: number | undefined, optional = false): void => {
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!optional && v === 0))
      problems.push(`${name} must be a ${optional ? 'non-negative' : 'positive'} number of persons, found ${v}`);
  };
  const rate = (name: string, v: number): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      problems.push(`${name} must be between 0% and 100%, found ${Number.isFinite(v) ? pct(v) : v}`);
  };
  positive('residentPop', R);
  positive('registeredPop', H);
  positive('migrantPop', input.migrantPop, true);
  positive('awayPop', input.awayPop, true);
  rate('residentRate', r);
  rate('registeredRate', h);
  // A profile given to spread a stock over ages or years of stay: no negative or non-finite share, and some weight,
  // else the stock it spreads would vanish (or turn NaN) unsaid.
  const profile = (name: string, v: ArrayLike<number> | undefined): void => {
    if (v === undefined) return;
    const shares = Array.from(v);
    if (!shares.every((x) => Number.isFinite(x) && x >= 0) || !shares.some((x) => x > 0))
      problems.push(`${name} must be non-negative shares with a positive sum`);
  };
  profile('pyramid', input.pyramid);
  profile('migrantProfile', input.migrantProfile);
  profile('durationShares', input.durationShares);
  if (problems.length) throw new BaselineError(problems);

  const assumptions: Assumption[] = [];
  let M: number;
  let A: number;
  const givenM = input.migrantPop ?? 0;
  const givenA = input.awayPop ?? 0;
  if (givenM > R) problems.push(`migrantPop ${fmt(givenM)} is more than residentPop ${fmt(R)}`);
  if (givenA > H) problems.push(`awayPop ${fmt(givenA)} is more than registeredPop ${fmt(H)}`);
  if (input.migrantPop !== undefined && input.awayPop !== undefined) {
    M = input.migrantPop;
    A = input.awayPop;
    const implied = H - A + M;
    if (Math.abs(implied - R) > 1e-9 * R)
      problems.push(
        `residentPop ${fmt(R)} must equal registeredPop ${fmt(H)} − awayPop ${fmt(A)} + migrantPop ${fmt(M)} = ${fmt(implied)}`,
      );
  } else if (input.migrantPop !== undefined) {
    M = input.migrantPop;
    A = H + M - R;
    if (A < 0)
      problems.push(
        `migrantPop ${fmt(M)} is less than residentPop ${fmt(R)} − registeredPop ${fmt(H)} = ${fmt(R - H)}: the away population would be negative`,
      );
    else assumptions.push({ key: 'awayPop', value: A, why: 'registered − residents + migrants' });
  } else if (input.awayPop !== undefined) {
    A = input.awayPop;
    M = R - H + A;
    if (M < 0)
      problems.push(
        `awayPop ${fmt(A)} is less than registeredPop ${fmt(H)} − residentPop ${fmt(R)} = ${fmt(H - R)}: the migrant population would be negative`,
      );
    else assumptions.push({ key: 'migrantPop', value: M, why: 'residents − registered + away' });
  } else {
    A = Math.max(0, H - R);
    M = R - H + A;
    assumptions.push({ key: 'awayPop', value: A, why: 'not given: the least consistent with the populations, max(0, registered − residents)' });
    assumptions.push({ key: 'migrantPop', value: M, why: 'residents − registered + away' });
  }
  if (problems.length) throw new BaselineError(problems);

  const L = H - A; // locals living in the city
  const UR = r * R; // urban residents
  // Registered counted urban; some cities state it as a share of the residents (seed 004 L4724, Dongguan), and then
  // it counts only the registered living here (indicators.ts).
  const overResidents = input.denominator === 'resident';
  const K = h * (overResidents ? R : H);
  if (overResidents && K > L + 1e-9 * H) {
    problems.push(
      `registeredRate ${pct(h)} × residentPop ${fmt(R)} = ${fmt(K)} exceeds the ${fmt(L)} registered persons living in the city ` +
        `(registeredPop − awayPop; registered_rate_denominator: resident)`,
    );
    throw new BaselineError(problems);
  }
  let Uu: number, Ur: number, Ua: number, Ru: number, Rr: number, Ra: number, Mu: number;

  if (def === 'hukou') {
    // Away people are assumed to hold urban hukou in the same proportion as all registered (over residents, K
    // counts those living here only, and away people hold urban hukou as they do).
    Ua = overResidents ? (L > 0 ? A * (K / L) : 0) : A * (K / H);
    Ra = A - Ua;
    const Lu = overResidents ? K : K - Ua; // urban-hukou locals living in the city
    let urShare = input.assume?.urbanHukouRuralShare ?? 0;
    Ur = Lu * urShare;
    if (Lu - Ur > UR) {
      // More urban-hukou residents than urban residents: the surplus must live in rural areas.
      Ur = Lu - UR;
      urShare = Ur / Lu; // Lu > Lu − Ur > UR ≥ 0 here
      assumptions.push({ key: 'urbanHukouRuralShare', value: urShare, why: 'raised: urban-hukou residents outnumber urban residents' });
    } else if (input.assume?.urbanHukouRuralShare === undefined) {
      assumptions.push({ key: 'urbanHukouRuralShare', value: urShare, why: 'default: no urban-hukou residents in rural areas' });
    }
    Uu = Lu - Ur;
    const lo = Math.max(0, UR - Uu - (L - Lu));
    const hi = Math.min(M, UR - Uu);
    if (lo > hi + 1e-9 * R) {
      problems.push(
        `residentRate ${pct(r)} of residentPop ${fmt(R)} (${fmt(UR)} urban residents) cannot be reached: ` +
          `urban-hukou residents ${fmt(Uu)}, rural-hukou residents ${fmt(L - Lu)} and migrants ${fmt(M)} allow at most ${fmt(Uu + (L - Lu) + M)}`,
      );
      throw new BaselineError(problems);
    }
    Mu = pickShare('migrantUrbanShare', input.assume?.migrantUrbanShare, 0.9, M, lo, hi, assumptions);
    Ru = UR - Uu - Mu;
    Rr = L - Lu - Ru;
  } else {
    // residence: registered living in urban areas = Uu + Ru = K, so urban migrants are pinned.
    Mu = UR - K;
    if (Mu < -1e-9 * R || Mu > M + 1e-9 * R)
      problems.push(
        `with the residence definition, urban migrants = residentRate × residentPop − registeredRate × registeredPop = ` +
          `${fmt(UR)} − ${fmt(K)} = ${fmt(Mu)}, which must lie between 0 and migrantPop ${fmt(M)}`,
      );
    if (K > L + 1e-9 * H)
      problems.push(`registeredRate ${pct(h)} × registeredPop ${fmt(H)} = ${fmt(K)} exceeds the registered living in the city, ${fmt(L)}`);
    if (problems.length) throw new BaselineError(problems);
    Mu = Math.min(Math.max(Mu, 0), M);
    const s = input.assume?.urbanHukouShareOfUrbanLocals ?? 0.7;
    if (input.assume?.urbanHukouShareOfUrbanLocals === undefined)
      assumptions.push({ key: 'urbanHukouShareOfUrbanLocals', value: s, why: 'default: 70% of registered urban residents hold urban hukou' });
    Uu = K * s;
    Ru = K - Uu;
    Ur = 0;
    Rr = L - K;
    const uShare = L > 0 ? Uu / L : 0;
    Ua = A * uShare;
    Ra = A - Ua;
    if (A > 0) assumptions.push({ key: 'awayUrbanHukouShare', value: uShare, why: 'away people hold urban hukou like residents do' });
  }
  const Mr = M - Mu;

  const state = new Float64Array(STATE_SIZE);
  const pyr = normalized(input.pyramid ?? standardPyramid());
  const mig = normalized(input.migrantProfile ?? migrantAgeProfile());
  const dur = normalized(Float64Array.from(input.durationShares ?? stationaryDurations(DEFAULT_RETURN_HAZARD)));
  if (!input.pyramid) assumptions.push({ key: 'pyramid', value: NaN, why: 'locals follow the China 2010 census age–sex pyramid' });
  if (!input.migrantProfile) assumptions.push({ key: 'migrantProfile', value: NaN, why: 'migrants aged 0–14 in the 2010 census share (10.7 %), 60+ in the CMDS 2016 share (2.8 %), working ages with a labour-migration peak' });
  if (!input.durationShares) assumptions.push({ key: 'durationShares', value: NaN, why: 'years of stay stationary under the default return hazard' });

  // Each cell is filled once; a stock of −0 or −1e-12 (rounding) fills zeros.
  const fill = (status: number, total: number, shape: Float64Array, scale = 1): void => {
    for (let x = 0; x < SEXES; x++)
      for (let a = 0; a < AGES; a++) state[idx(status, x, a)] = Math.max(0, total * scale * shape[x * AGES + a]);
  };
  fill(Status.Uu, Uu, pyr);
  fill(Status.Ur, Ur, pyr);
  fill(Status.Ua, Ua, pyr);
  fill(Status.Ru, Ru, pyr);
  fill(Status.Rr, Rr, pyr);
  fill(Status.Ra, Ra, pyr);
  for (let d = 0; d < DURATIONS; d++) {
    fill(mu(d), Mu, mig, dur[d]);
    fill(mr(d), Mr, mig, dur[d]);
  }
  return { year: input.year, state, stocks: { Uu, Ur, Ua, Ru, Rr, Ra, Mu, Mr }, assumptions };
}

function pickShare(
  key: string,
  given: number | undefined,
  fallback: number,
  M: number,
  lo: number,
  hi: number,
  assumptions: Assumption[],
): number {
  const want = (given ?? fallback) * M;
  const v = Math.min(Math.max(want, lo), Math.max(lo, hi));
  const share = M > 0 ? v / M : 0;
  if (v !== want) assumptions.push({ key, value: share, why: `moved from ${(given ?? fallback).toFixed(3)} into the range the rates allow` });
  else if (given === undefined) assumptions.push({ key, value: share, why: 'default' });
  return v;
}

/** Stationary shares of years of stay under constant inflow and return hazard h(d), 10 = 10+. */
export function stationaryDurations(hazard: ArrayLike<number>): Float64Array {
  const w = new Float64Array(DURATIONS);
  w[0] = 1;
  for (let d = 1; d < DURATIONS; d++) w[d] = w[d - 1] * (1 - hazard[d - 1]);
  const last = hazard[DURATIONS - 1];
  w[DURATIONS - 1] = last > 0 ? w[DURATIONS - 1] / last : w[DURATIONS - 1];
  return normalized(w);
}

function normalized(v: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const out = new Float64Array(v.length);
  // s > 0: the profiles given are checked above, the defaults are positive
  for (let i = 0; i < v.length; i++) out[i] = v[i] / s;
  return out;
}
