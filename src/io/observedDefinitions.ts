import type { Metric } from '../model/indicators.ts';

/**
 * How a figure counted under one definition compares with the model's metric:
 * `match` counts the same thing; `flag` roughly the same (used, and reported);
 * `exclude` something else (kept in the data, never fitted). Registered rates
 * depend on the scenario's `registered_rate_definition`, hence the pair.
 */
export type DefinitionUse = 'match' | 'flag' | 'exclude';

export interface ObservedDefinition {
  readonly text: string;
  /** Metrics a figure under this definition may be filed as. */
  readonly metrics: readonly Metric[];
  readonly use: DefinitionUse | { readonly hukou: DefinitionUse; readonly residence: DefinitionUse };
}

const REGISTERED_RATE: readonly Metric[] = ['registered_rate', 'urban_registered_pop'];
const PERMITS: readonly Metric[] = ['new_migrants'];
const SETTLED: readonly Metric[] = ['settled', 'settled_migrants', 'settled_local'];

/**
 * The statistical definitions an observed figure may carry (column
 * `definition` of an observed CSV), documented in data/observed/README.md.
 * The plans' figures rarely say how they count; where a seed shows it (a
 * stated split, a ratio that only fits one denominator) the definition says
 * so, otherwise `*_unstated` keeps the doubt visible.
 *
 * @example
 * OBSERVED_DEFINITIONS.registered_nonagricultural.use; // { hukou: 'match', residence: 'exclude' }
 */
export const OBSERVED_DEFINITIONS = {
  as_model: {
    text: 'counts exactly what the model metric counts (the data owner vouches for it)',
    metrics: [],
    use: 'match',
  },
  resident_6month: {
    text: '常住: people living in the area for 6 months or more (census and yearly sample-survey rule)',
    metrics: ['resident_pop', 'resident_rate', 'urban_resident_pop', 'migrant_pop', 'rate_gap'],
    use: 'match',
  },
  resident_over_registered: {
    text: 'urban residents divided by the registered population: not a resident rate',
    metrics: ['resident_rate'],
    use: 'exclude',
  },
  registered_hukou: {
    text: '户籍人口: hukou holders in the public-security registry',
    metrics: ['registered_pop'],
    use: 'match',
  },
  registered_nonagricultural: {
    text: 'non-agricultural (非农业) hukou holders among the registered, before the split was abolished',
    metrics: REGISTERED_RATE,
    use: { hukou: 'match', residence: 'exclude' },
  },
  registered_urban_hukou: {
    text: 'urban (城镇) hukou holders among the registered',
    metrics: REGISTERED_RATE,
    use: { hukou: 'match', residence: 'exclude' },
  },
  registered_residence: {
    text: 'registered persons living in towns among the registered',
    metrics: REGISTERED_RATE,
    use: { hukou: 'exclude', residence: 'match' },
  },
  registered_unified: {
    text: 'after the agricultural / non-agricultural split was abolished (统一登记为居民户口): hukou registered at an urban address',
    metrics: REGISTERED_RATE,
    use: 'flag',
  },
  registered_unstated: {
    text: 'a registered rate whose source does not say what it counts',
    metrics: REGISTERED_RATE,
    use: 'flag',
  },
  registered_share_of_residents: {
    text: 'hukou holders divided by the resident population: not an urbanization rate',
    metrics: ['registered_rate'],
    use: 'exclude',
  },
  urban_residents_over_registered: {
    text: 'urban residents divided by the registered population: not a registered rate',
    metrics: ['registered_rate'],
    use: 'exclude',
  },
  migrants_unstated: {
    text: 'non-local people (外来人口) whose length of stay is not stated',
    metrics: ['migrant_pop'],
    use: 'flag',
  },
  floating_registered: {
    text: 'floating population (流动人口) entered in the police register or the migrant information platform, short stays included',
    metrics: ['migrant_pop'],
    use: 'flag',
  },
  settled_registry: {
    text: 'persons whose hukou moved into the towns (落户) in the period, all channels, as the hukou registry counts them',
    metrics: SETTLED,
    use: 'match',
  },
  settled_some_channels: {
    text: '落户 through some channels only (e.g. talent and points), so at most the total',
    metrics: SETTLED,
    use: 'flag',
  },
  citizenized: {
    text: 'made citizens (市民化): some cities count settlement, others access to services',
    metrics: SETTLED,
    use: 'flag',
  },
  permits_new: {
    text: 'residence permits (居住证) issued for the first time in the period; not every eligible migrant applies',
    metrics: PERMITS,
    use: 'flag',
  },
  permits_issued: {
    text: 'residence permits issued in the period, first issues and renewals not told apart',
    metrics: PERMITS,
    use: 'exclude',
  },
  permits_new_and_renewed: {
    text: 'first issues plus renewals (续签, 延期) of residence permits',
    metrics: PERMITS,
    use: 'exclude',
  },
  permits_cumulative: {
    text: 'all permits issued since a start date, including to people who have left',
    metrics: PERMITS,
    use: 'exclude',
  },
} as const satisfies Record<string, ObservedDefinition>;

export type DefinitionName = keyof typeof OBSERVED_DEFINITIONS;
export const DEFINITION_NAMES = Object.keys(OBSERVED_DEFINITIONS) as DefinitionName[];

/**
 * How a figure under `definition` may be compared with the model when the
 * scenario counts registered rates under `registered`.
 *
 * @example
 * definitionUse('registered_nonagricultural', 'residence'); // 'exclude'
 */
export function definitionUse(definition: DefinitionName, registered: 'hukou' | 'residence'): DefinitionUse {
  const use: ObservedDefinition['use'] = OBSERVED_DEFINITIONS[definition].use;
  return typeof use === 'string' ? use : use[registered];
}

/** Whether a definition may be used with a metric (`as_model` goes with any). */
export function definitionFits(definition: DefinitionName, metric: Metric): boolean {
  const metrics: readonly Metric[] = OBSERVED_DEFINITIONS[definition].metrics;
  return metrics.length === 0 || metrics.includes(metric);
}
