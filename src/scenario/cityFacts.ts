/**
 * What the toolkit knows about a city from `data/` (seed documents), as
 * `cityFacts(id)` in src/data/areas.ts gives it. Populations in persons,
 * rates as fractions. Declared here so the scenario loader depends on the
 * shape only, and tests can pass their own.
 */
export interface CityFacts {
  readonly area: { readonly registeredRateDefinition?: 'hukou' | 'residence'; readonly registeredRateDenominator?: 'registered' | 'resident'; readonly [key: string]: unknown };
  /** Year of the base figures; undefined when the data has none (the scenario must then give `years.start`). */
  readonly baseYear: number | undefined;
  readonly residentPop?: number;
  readonly registeredPop?: number;
  readonly migrantPop?: number;
  readonly residentRate?: number;
  readonly registeredRate?: number;
  readonly targets: readonly CityTarget[];
  readonly settleTargets?: readonly CitySettleTarget[];
  readonly figures?: readonly CityFigure[];
  /** 市民化 cost per person settled, yuan. */
  readonly costPerPerson?: number;
  /** Who bears that cost, fractions. */
  readonly costShares?: { readonly government: number; readonly enterprise: number; readonly individual: number };
  /** The government's share alone, where the seed prices its part of the cost per person but not the others'. */
  readonly costShareGovernment?: { readonly value: number };
  /** Year the city abolished the agricultural / non-agricultural hukou split (统一登记为居民户口), when known. */
  readonly hukouUnified?: number;
}

export interface CityTarget {
  readonly year: number;
  readonly metric: 'resident_rate' | 'registered_rate';
  readonly value: number;
  readonly seed?: string;
  readonly line?: number;
  readonly source?: string;
}

/** Persons the plan promises to settle (cumulative) by a year. */
export interface CitySettleTarget {
  readonly year: number;
  readonly persons?: number;
  readonly value?: number;
  readonly kind?: 'total' | 'local' | 'nonlocal';
  readonly seed?: string;
  readonly line?: number;
  readonly source?: string;
}

/** A figure as read from a seed document, and where. */
export interface CityFigure {
  readonly seed: string;
  readonly line: number;
  readonly [key: string]: unknown;
}

/** Look a city up by id; throws or returns undefined when it is unknown. */
export type CityFactsLookup = (id: string) => CityFacts | undefined;

/** The ids a lookup knows, for "did you mean" on an unknown city. */
export type CityIds = () => readonly string[];

/** The id of the one city a name names (its Chinese or English name), for "did you mean" on an unknown city. */
export type CityNamed = (name: string) => string | undefined;
