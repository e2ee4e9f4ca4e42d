import { M, METRIC_COUNT } from '../model/indicators.ts';
import type { ResolvedScenario, TargetSpec } from '../scenario/resolved.ts';

/**
 * What a lever setting does besides meeting the target, over the years
 * after the base year up to `horizon`, as medians over the runs: people
 * settled (落户) a year, in all and by origin; the 市民化 cost borne by
 * government, enterprises and individuals, summed over the years (yuan); and
 * the construction land earned under 人地挂钩 (m²). Medians are taken of each
 * sum separately, so the three costs need not add up to the median total.
 */
export interface SolveEffects {
  readonly years: number;
  readonly settledPerYear: number;
  readonly settledLocalPerYear: number;
  readonly settledMigrantsPerYear: number;
  readonly costGovernment: number;
  readonly costEnterprise: number;
  readonly costIndividual: number;
  readonly landQuotaM2: number;
  /**
   * Sum over the targets of the mean signed margin relative to the target
   * value (positive: met): a continuous stand-in for the probability, to tell
   * which way a lever acts where the probability is 0 or 1 at both ends. A
   * sum rather than the closest call, so that a lever acting on one of joint
   * targets shows while another target, which it cannot move, binds.
   */
  readonly margin: number;
  /** Share of runs meeting each target, in the order given. */
  readonly each: readonly number[];
}

const SUMMED = ['settled', 'settled_local', 'settled_migrants', 'cost_government', 'cost_enterprise', 'cost_individual', 'land_quota_m2'] as const;

/**
 * {@link SolveEffects} of a Monte Carlo result's rows (`(run · years + y) ·
 * METRIC_COUNT + m`) through `horizon`, with the margin of `targets`.
 *
 * @example
 * const e = solveEffects(r.rows, r.years, 2020, targets);
 * e.settledPerYear; // e.g. 171000: people settled a year, 2014–2020, median over runs
 */
export function solveEffects(rows: Float64Array, years: Int32Array, horizon: number, targets: readonly TargetSpec[]): SolveEffects {
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const last = years.indexOf(horizon) < 0 ? nYears - 1 : years.indexOf(horizon);
  const sums = SUMMED.map(() => new Float64Array(runs));
  let margin = 0;
  const met = new Float64Array(targets.length);
  for (let r = 0; r < runs; r++) {
    for (let y = 1; y <= last; y++) {
      const o = (r * nYears + y) * METRIC_COUNT;
      SUMMED.forEach((m, k) => {
        const v = rows[o + M[m]];
        if (Number.isFinite(v)) sums[k][r] += v;
      });
    }
    targets.forEach((t, k) => {
      const y = years.indexOf(t.year);
      const v = y < 0 ? NaN : rows[(r * nYears + y) * METRIC_COUNT + M[t.metric as keyof typeof M]];
      const m = ((t.op === '>=' ? 1 : -1) * (v - t.value)) / Math.max(Math.abs(t.value), 1e-9);
      if (Number.isFinite(m)) margin += m;
      if (m >= 0) met[k]++;
    });
  }
  const [settled, local, migrants, gov, ent, ind, land] = sums.map(median);
  const span = Math.max(1, last);
  return {
    years: span,
    settledPerYear: settled / span,
    settledLocalPerYear: local / span,
    settledMigrantsPerYear: migrants / span,
    costGovernment: gov,
    costEnterprise: ent,
    costIndividual: ind,
    landQuotaM2: land,
    margin: runs ? margin / runs : NaN,
    each: Array.from(met, (k) => (runs ? k / runs : NaN)),
  };
}

function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const v = Float64Array.from(values).sort();
  const h = (v.length - 1) / 2;
  return (v[Math.floor(h)] + v[Math.ceil(h)]) / 2;
}

/** The settlement a plan promises, as a yearly rate to set beside the model's. */
export interface PlanRate {
  /** The plan's year, its cumulative persons and the base year they count from. */
  readonly year: number;
  readonly from: number;
  /** Persons a year: all, locals (本地) and from elsewhere (外地), where the plan says. */
  readonly total?: number;
  readonly local?: number;
  readonly nonlocal?: number;
  readonly source?: string;
}

/**
 * The scenario's settlement plan (cumulative persons by a year, data/areas
 * or `settlement_plan:`) as persons a year from the base year: the plan's
 * last year up to `horizon`, else its first after it. A plan given only as
 * locals plus others (Dongguan: 60万 + 90万) has their sum as its total.
 * Undefined when the scenario has no plan.
 *
 * @example
 * planRate(loadScenario('scenarios/dalian.yaml'), 2020); // { year: 2020, from: 2013, total: 171429, … } (120万 over 7 years)
 */
export function planRate(s: ResolvedScenario, horizon: number): PlanRate | undefined {
  const plans = s.settlementPlan ?? [];
  if (!plans.length) return undefined;
  const upTo = plans.filter((p) => p.year <= horizon).map((p) => p.year);
  const year = upTo.length ? Math.max(...upTo) : Math.min(...plans.map((p) => p.year));
  const span = year - s.years.start;
  const at = (kind: string) => plans.find((p) => p.year === year && p.kind === kind);
  const perYear = (kind: string) => {
    const p = at(kind);
    return p === undefined ? undefined : p.persons / span;
  };
  const local = perYear('local');
  const nonlocal = perYear('nonlocal');
  const total = perYear('total') ?? (local !== undefined && nonlocal !== undefined ? local + nonlocal : undefined);
  const source = (at('total') ?? at('local') ?? at('nonlocal'))?.source;
  return { year, from: s.years.start, total, local, nonlocal, ...(source && { source }) };
}
