import type { SettlementGroup } from '../model/settlementGroups.ts';
import type { GroupLeverName } from './groupLevers.ts';
import type { ParameterKey } from './parameterKeys.ts';

/** A distribution, with every quantity already a plain number (fractions for rates, persons for populations). */
export type DistSpec =
  | { readonly dist: 'normal'; readonly mean: number; readonly sd: number; readonly lower?: number; readonly upper?: number }
  | { readonly dist: 'lognormal'; readonly median: number; readonly sigma: number; readonly lower?: number; readonly upper?: number }
  | { readonly dist: 'logitnormal'; readonly median: number; readonly sigma: number }
  | { readonly dist: 'logitnormalmix'; readonly weights: readonly number[]; readonly medians: readonly number[]; readonly sigmas: readonly number[] }
  | { readonly dist: 'normalmix'; readonly weights: readonly number[]; readonly means: readonly number[]; readonly sds: readonly number[] }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'triangular'; readonly min: number; readonly mode: number; readonly max: number }
  | { readonly dist: 'beta'; readonly alpha: number; readonly beta: number; readonly min: number; readonly max: number }
  | { readonly dist: 'choice'; readonly values: readonly number[]; readonly weights: readonly number[] };

/**
 * How one scalar is given: a number; a distribution, drawn once per run; or
 * an expression (mathjs syntax, already checked against the whitelist) of
 * `year` and other parameters or variables, evaluated every year.
 */
export type ValueSpec =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'dist'; readonly spec: DistSpec }
  | { readonly kind: 'expr'; readonly text: string; readonly symbols: readonly string[] };

/** Multiplicative AR(1) noise on a yearly parameter: `x_t · exp(e_t)`, `e_t = φ e_{t−1} + σ z_t`, e_0 drawn stationary. */
export interface ShockSpec {
  readonly type: 'ar1';
  readonly phi: number;
  readonly sigma: number;
}

/** Year-to-year variation of a parameter: AR(1) e_t on its logit (rates) or log scale, started from its stationary law. */
export interface ProcessSpec {
  /** The innovation's sd, or a law each run draws it from (what the figures leave unknown of it). */
  readonly sigma: number | DistSpec;
  readonly phi: number;
  readonly scale: 'logit' | 'log';
}

/** A base-year figure that can carry an error. */
export type BaselineFigure = 'resident_pop' | 'registered_pop' | 'resident_rate' | 'registered_rate' | 'migrant_pop';

/**
 * Where each base-year figure stands in {@link BaselineSpec}.
 *
 * @example
 * baseline[BASELINE_FIELD.resident_rate]; // baseline.residentRate
 */
export const BASELINE_FIELD: Readonly<Record<BaselineFigure, keyof BaselineSpec>> = {
  resident_pop: 'residentPop',
  registered_pop: 'registeredPop',
  resident_rate: 'residentRate',
  registered_rate: 'registeredRate',
  migrant_pop: 'migrantPop',
};

/** The error of a base-year figure: sd of the log for populations, in points of the rate for rates; the caliber it comes from, if any. */
export interface BaselineErrorSpec {
  readonly caliber?: 'census' | 'sample' | 'registry' | 'plan';
  readonly sd: number;
}

/**
 * A change in how the registered rate is counted (the hukou unification): in one of `years`, a share of rural-hukou
 * town dwellers (`share`) and a share of rural-hukou villagers (`villageShare`) count as urban, each uniform in its range.
 */
export interface RegisteredBreakSpec {
  readonly years: readonly number[];
  readonly share: { readonly min: number; readonly max: number };
  readonly villageShare: { readonly min: number; readonly max: number };
}

/** The uncertainty a projection carries besides its parameters' distributions (src/model/README.md, "Sources of uncertainty"). */
export interface UncertaintySpec {
  readonly process: Readonly<Partial<Record<ParameterKey, ProcessSpec>>>;
  readonly baseline: Readonly<Partial<Record<BaselineFigure, BaselineErrorSpec>>>;
  readonly registeredBreak?: RegisteredBreakSpec;
  /** The law a city scenario that does not set `hukou_conversion_rate` draws it from (uncertainty.hukou_conversion). */
  readonly hukouConversion?: DistSpec;
  /** The law a city scenario that does not set `migrant_newborn_stay` draws it from (uncertainty.newborn_stay). */
  readonly newbornStay?: DistSpec;
}

export interface TargetSpec {
  /** Stable id, e.g. `resident_rate>=0.756@2020`. */
  readonly id: string;
  readonly metric: string;
  readonly year: number;
  readonly op: '>=' | '<=';
  readonly value: number;
  /** Where the figure comes from (seed file and line, or the scenario file). */
  readonly source?: string;
}

export interface BaselineSpec {
  readonly residentPop: number;
  readonly registeredPop: number;
  readonly residentRate: number;
  readonly registeredRate: number;
  readonly migrantPop?: number;
  readonly awayPop?: number;
  readonly assume?: {
    readonly migrantUrbanShare?: number;
    readonly urbanHukouRuralShare?: number;
    readonly urbanHukouShareOfUrbanLocals?: number;
  };
}

/** The source groups a scenario switches on, every lever filled in (src/scenario/groupLevers.ts). */
export type ResolvedGroups = Readonly<Partial<Record<SettlementGroup, Readonly<Record<GroupLeverName, ValueSpec>>>>>;

/**
 * A scenario after parsing, `extends` merging, validation and filling of
 * defaults: frozen, JSON-serializable, fully specified. This is what the
 * Monte Carlo runner reads and what `meta.json` records; its hash identifies it.
 */
export interface ResolvedScenario {
  readonly version: 1;
  readonly name: string;
  /** Files read, the scenario itself first, then what it extends. */
  readonly files: readonly string[];
  readonly city?: string;
  readonly years: { readonly start: number; readonly end: number };
  readonly registeredRateDefinition: 'hukou' | 'residence';
  readonly registeredRateDenominator: 'registered' | 'resident';
  readonly baseline: BaselineSpec;
  /** Helper scalars usable in expressions (any name that is not a parameter). */
  readonly variables: Readonly<Record<string, ValueSpec>>;
  /**
   * The variables the file writes in percent (every quantity of the spec a percentage), shown in percent where their
   * values are printed (a sensitivity's swing); absent when none. How a value is shown, not what runs: not in the hash.
   */
  readonly percentVariables?: readonly string[];
  /** Every yearly engine parameter; defaults filled in as numbers. */
  readonly parameters: Readonly<Record<ParameterKey, ValueSpec>>;
  /**
   * Variables and parameters that are not plain numbers, each after every
   * name its expression reads (set by the loader; absent in hand-built scenarios).
   */
  readonly evaluationOrder?: readonly string[];
  /** Migrant return hazard by completed years of stay 0..10+. */
  readonly migrantReturnHazard: readonly number[];
  readonly migrantSettleMinYears: number;
  /** How migrants become eligible to settle (src/model/README.md, step 8). */
  readonly settlementMode: 'plain' | 'closed' | 'open' | 'conditions' | 'points';
  /** Form of the urbanization pace `rural_to_town_rate` (src/model/README.md, step 6; absent: `share`). */
  readonly ruralToTownForm?: 'share' | 'logit';
  /**
   * Whether urban-hukou villagers (`Ur→Uu`) move to town at the villagers' pace (step 6): true unless the scenario sets
   * `urban_hukou_to_town_rate`, which they then move at (absent: true).
   */
  readonly urbanHukouToTownFollowsPace?: boolean;
  /** Compulsory school ages (default 6–14). */
  readonly schoolAge: { readonly min: number; readonly max: number };
  readonly parentsPerChild: number;
  /** Settlement by source group: the groups switched on (absent when none is). */
  readonly settlementGroups?: ResolvedGroups;
  /** Settlement the plan promises, cumulative persons by year (for the reachability report). */
  readonly settlementPlan?: readonly { readonly year: number; readonly persons: number; readonly kind: 'total' | 'local' | 'nonlocal'; readonly source?: string }[];
  readonly shocks: Readonly<Partial<Record<ParameterKey, ShockSpec>>>;
  /** Process variation, baseline error and definition breaks; absent or empty: none. */
  readonly uncertainty?: UncertaintySpec;
  readonly targets: readonly TargetSpec[];
  readonly monteCarlo: { readonly runs: number; readonly seed: number; readonly sampler: 'independent' | 'lhs' };
}
