import { z } from 'zod';
import { DEFAULT_RETURN_HAZARD, YEARLY_DEFAULTS } from '../model/params.ts';
import { PARAMETERS, PARAMETER_KEYS, type ParameterInfo, type ParameterKey } from './parameterKeys.ts';
import { SETTLEMENT_GROUP_FILTERS, describePool } from '../model/settlementGroups.ts';
import { GROUP_LEVERS, GROUP_LEVER_NAMES, type GroupLeverName } from './groupLevers.ts';
import { NEWBORN_STAY_RANGE } from '../model/migrantChildren.ts';

/** Descriptions and `$defs` names for the JSON Schema, kept out of zod's global registry. */
export const schemaDocs = z.registry<{ id?: string; description?: string; examples?: unknown[] }>();

function doc<T extends z.ZodType>(schema: T, description: string, extra: { id?: string; examples?: unknown[] } = {}): T {
  schemaDocs.add(schema, { description, ...extra });
  return schema;
}

/** Any constant: a number, or a text with a unit (`68.5%`, `691.8万`). Checked against its key's unit after the structural pass. */
const constant = doc(z.union([z.number(), z.string()]), 'A number, or a number with a unit: 68.5% (rates and shares), 691.8万 / 1.2亿 / 20万人 (person counts).', {
  id: 'constant',
  examples: [0.685, '68.5%', '691.8万'],
});
const plainNumber = z.number();

const truncation = { lower: constant.optional(), upper: constant.optional() };
const distribution = doc(
  z.discriminatedUnion('dist', [
    doc(z.strictObject({ dist: z.literal('normal'), mean: constant, sd: constant, ...truncation }), 'Normal, optionally truncated to [lower, upper].', { id: 'normal' }),
    doc(z.strictObject({ dist: z.literal('lognormal'), median: constant, sigma: constant, ...truncation }), 'Lognormal: log of the value is normal(log median, sigma); optionally truncated.', { id: 'lognormal' }),
    doc(z.strictObject({ dist: z.literal('logitnormal'), median: constant, sigma: constant }), 'Logit-normal, for rates: logit of the value is normal(logit median, sigma); stays inside 0–100 %.', { id: 'logitnormal' }),
    doc(
      z.strictObject({ dist: z.literal('logitnormalmix'), weights: z.array(constant).min(1), medians: z.array(constant).min(1), sigmas: z.array(constant).min(1) }),
      'Mixture of logit-normals, for rates: component j, with weight weights[j] (normalized to sum 1), is logitnormal(medians[j], sigmas[j]). A pooled pace of the generated pilots (src/model/README.md, source 5).',
      { id: 'logitnormalmix' },
    ),
    doc(
      z.strictObject({ dist: z.literal('normalmix'), weights: z.array(constant).min(1), means: z.array(constant).min(1), sds: z.array(constant).min(1) }),
      'Mixture of normals: component j, with weight weights[j] (normalized to sum 1), is normal(means[j], sds[j]). A pooled pace of the generated pilots (src/model/README.md, source 5).',
      { id: 'normalmix' },
    ),
    doc(z.strictObject({ dist: z.literal('uniform'), min: constant, max: constant }), 'Uniform on [min, max].', { id: 'uniform' }),
    doc(z.strictObject({ dist: z.literal('triangular'), min: constant, mode: constant, max: constant }), 'Triangular on [min, max] peaking at mode.', { id: 'triangular' }),
    doc(z.strictObject({ dist: z.literal('beta'), alpha: constant, beta: constant, min: constant.optional(), max: constant.optional() }), 'Beta(alpha, beta) scaled to [min, max] (default [0, 1]).', { id: 'beta' }),
    doc(z.strictObject({ dist: z.literal('choice'), values: z.array(constant).min(1), weights: z.array(constant).optional() }), 'One of the values, with the given weights (default equal).', { id: 'choice' }),
  ]),
  'A distribution: the value is drawn once per Monte Carlo run.',
  { id: 'distribution' },
);

/** A scalar of a scenario: a constant, an expression of `year` and other parameters, or a distribution. */
export const valueSchema = doc(z.union([z.number(), z.string(), distribution]), 'A number, a number with a unit (5%, 20万), an expression of year, t and other parameters ("79 + 0.15 * t"), or a distribution ({ dist: uniform, min: 4%, max: 8% }).', {
  id: 'value',
});

const year = z.number().int();
const parameterValue = (k: ParameterKey) => {
  const info: ParameterInfo = PARAMETERS[k];
  return doc(valueSchema.optional(), `${info.description} (${info.unit}; ${info.defaultText ?? `default ${YEARLY_DEFAULTS[info.model]}`})`);
};
const groupLevers = doc(
  z.strictObject(
    Object.fromEntries(
      GROUP_LEVER_NAMES.map((k) => {
        const info = GROUP_LEVERS[k];
        const shown = info.listedDefault === Infinity ? '.inf' : info.unit === 'rate' ? `${info.listedDefault * 100}%` : String(info.listedDefault);
        return [k, doc(valueSchema.optional(), `${info.description} (${info.unit}; default ${shown})`)];
      }),
    ) as Record<GroupLeverName, z.ZodOptional<typeof valueSchema>>,
  ),
  'Levers of one source group; it needs take_up or yearly_target.',
  { id: 'settlementGroup' },
);
const settlementGroups = doc(
  z.strictObject(
    Object.fromEntries(SETTLEMENT_GROUP_FILTERS.map((f) => [f.name, doc(groupLevers.optional(), `${f.en} (${f.zh}, seed ${f.seed}); pool: ${describePool(f)}.`)])),
  ),
  'Settlement by source group (src/model/README.md, step 8b): each group listed settles eligible_share × take_up of its pool a year, at most yearly_target; groups are settled in this order, each from what the ones before left.',
);

// A yearly sd of 5 on the log or logit scale already moves a rate by a factor of 150 at one sd;
// more (or `.inf`, which loading makes the largest finite number) pins every run at 0 or 1 without saying so.
const yearlySigma = plainNumber.min(0).max(5);

const shock = doc(
  z.strictObject({
    ar1: z.strictObject({
      phi: doc(plainNumber.gt(-1).lt(1), 'autocorrelation, between −1 and 1'),
      sigma: doc(yearlySigma, 'standard deviation of the yearly log-noise, 0 to 5'),
    }),
  }),
  'Yearly multiplicative noise x·exp(e_t), e_t = phi·e_{t−1} + sigma·z_t.',
  { id: 'shock' },
);

const processEntry = doc(
  // Mappings first: a mapping with a bad key is reported at that key, not as "expected none".
  z.union([z.strictObject({ sigma: doc(z.union([yearlySigma, distribution]), 'sd of the yearly innovation, on the logit (rates) or log scale, 0 to 5; or a distribution of it inside 0–5, drawn once a run'), phi: doc(plainNumber.gt(-1).lt(1), 'autocorrelation, between −1 and 1') }), z.literal('none')]),
  'AR(1) year-to-year variation of one parameter, or none.',
  { id: 'process' },
);
const baselineEntry = doc(
  z.union([z.strictObject({ sd: constant }), z.enum(['census', 'sample', 'registry', 'plan', 'none'])]),
  'The error of one base-year figure: its caliber (census, sample, registry, plan), an sd (populations: relative, 2%; rates: in points, 0.5%), or none.',
  { id: 'baselineError' },
);
/** A share as a percentage for a description: 0.295 → '29.5'. */
const pct = (x: number): string => String(Math.round(x * 1000) / 10);
const uncertainty = doc(
  z.union([
    z.strictObject({
      process: doc(z.union([z.strictObject(Object.fromEntries(PARAMETER_KEYS.map((k) => [k, processEntry.optional()])) as Record<ParameterKey, z.ZodOptional<typeof processEntry>>), z.enum(['default', 'none'])]), 'Year-to-year variation of the main rates; a mapping changes the defaults key by key.').optional(),
      baseline: doc(z.union([z.strictObject({ resident_pop: baselineEntry.optional(), registered_pop: baselineEntry.optional(), resident_rate: baselineEntry.optional(), registered_rate: baselineEntry.optional(), migrant_pop: baselineEntry.optional() }), z.enum(['default', 'none'])]), 'Error of the base-year figures; a mapping changes the defaults figure by figure.').optional(),
      registered_break: doc(z.union([z.strictObject({ years: z.array(year).min(1), share: z.strictObject({ min: constant, max: constant }), village_share: z.strictObject({ min: constant, max: constant }).optional() }), z.enum(['default', 'none'])]), 'The hukou unification: in one of the years, a share of rural-hukou town dwellers (share) and of rural-hukou villagers (village_share, default 0–10 %) counts as urban in the registered rate.').optional(),
      hukou_conversion: doc(z.enum(['default', 'none']), 'Hukou conversion in place: a scenario that does not set hukou_conversion_rate draws it from the law fitted across areas (default), or keeps it at 0 (none).').optional(),
      newborn_stay: doc(z.enum(['default', 'none']), `Migrant mothers' newborns raised in the city: a scenario that does not set migrant_newborn_stay draws it uniform on ${pct(NEWBORN_STAY_RANGE.min)}–${pct(NEWBORN_STAY_RANGE.max)} % from the 2010 census's young children of migrants (default), or keeps the engine default ${pct(YEARLY_DEFAULTS.migrantNewbornStay)} % (none).`).optional(),
    }),
    z.enum(['default', 'none']),
  ]),
  'Uncertainty besides the parameters\' distributions (src/model/README.md): default for a scenario with a city, none without.',
);

/**
 * The structure of what people write in a scenario file (after `extends`
 * merging and city data): key names, kinds of values, enumerations, integers.
 * Units, bounds, distributions, expressions, required keys (which may come
 * from a file extended or from the city's data) and everything that depends
 * on more than one key are checked after it, by `resolveScenario`, so that
 * the JSON Schema generated from it also accepts a variant that only
 * overrides a few keys.
 */
export const scenarioSchema = doc(
  z.strictObject({
    name: doc(z.string().min(1), 'Scenario name (default: the file name); names the output folder.').optional(),
    description: z.string().optional(),
    extends: doc(z.string(), 'Another scenario file, relative to this one, whose keys this file overrides.').optional(),
    city: doc(z.string().min(1), 'Area id in data/: its baseline, targets and registered-rate definition are the defaults.').optional(),
    years: doc(z.strictObject({ start: year.optional(), end: year }), 'Base year (default: the city\'s) and last projected year; required, here or in a file extended.').optional(),
    registered_rate_definition: doc(z.enum(['hukou', 'residence']), 'hukou: urban-hukou holders / registered; residence: registered living in urban areas / registered.').optional(),
    registered_rate_denominator: doc(z.enum(['registered', 'resident']), 'What the registered rate is a share of: the registered population (default), or the resident population as some cities state it — then it counts only registered persons living in the city (hukou: urban-hukou residents; residence: registered urban residents), so it stays a share.').optional(),
    baseline: doc(
      z.strictObject({
        resident_pop: constant.optional(),
        registered_pop: constant.optional(),
        resident_rate: constant.optional(),
        registered_rate: constant.optional(),
        migrant_pop: constant.optional(),
        away_pop: constant.optional(),
        assume: z
          .strictObject({ migrant_urban_share: constant.optional(), urban_hukou_rural_share: constant.optional(), urban_hukou_share_of_urban_locals: constant.optional() })
          .optional(),
      }),
      'Base-year figures (default: the city\'s); persons and rates.',
    ).optional(),
    variables: doc(z.record(z.string(), valueSchema), 'Helper scalars usable in expressions; drawn ones are recorded in params.arrow.').optional(),
    parameters: doc(z.strictObject(Object.fromEntries(PARAMETER_KEYS.map((k) => [k, parameterValue(k)])) as Record<ParameterKey, z.ZodOptional<typeof valueSchema>>), 'Yearly engine parameters.').optional(),
    migrant_return_hazard: doc(z.union([constant, z.array(constant).length(11)]), `Yearly probability that a migrant leaves, by the years of stay completed at the start of the year 0..10+ (h(0): the first year after the year of arrival; default ${DEFAULT_RETURN_HAZARD.join(', ')}), or one rate for all.`).optional(),
    migrant_settle_min_years: doc(z.number().int().min(0).max(10), 'Years of stay before a migrant may settle (plain mode; default 3).').optional(),
    settlement_mode: doc(z.enum(['plain', 'closed', 'open', 'conditions', 'points']), 'How migrants become eligible to settle (default plain).').optional(),
    rural_to_town_form: doc(z.enum(['share', 'logit']), 'Form of the urbanization pace rural_to_town_rate: share of villagers a year (default), or the rise of the resident rate\'s logit a year.').optional(),
    school_age: doc(z.strictObject({ min: z.number().int().min(0).max(30), max: z.number().int().min(0).max(30) }), 'Compulsory school ages (default 6–14).').optional(),
    parents_per_child: doc(z.number().min(0).max(10), 'Parents settling with each school-age child (default 1.5).').optional(),
    settlement_groups: settlementGroups.optional(),
    shocks: doc(z.strictObject(Object.fromEntries(PARAMETER_KEYS.map((k) => [k, shock.optional()])) as Record<ParameterKey, z.ZodOptional<typeof shock>>), 'Yearly noise on parameters.').optional(),
    uncertainty: uncertainty.optional(),
    targets: doc(
      z.array(
        z.strictObject({
          metric: z.string(),
          year,
          op: z.enum(['>=', '<=']).optional(),
          value: constant,
          source: z.string().optional(),
        }),
      ),
      'Targets whose probability is reported (default: the city\'s targets).',
    ).optional(),
    settlement_plan: doc(
      z.array(z.strictObject({ year, persons: constant, kind: z.enum(['total', 'local', 'nonlocal']).optional(), source: z.string().optional() })),
      'Settlement the plan promises, cumulative persons by year (default: the city\'s).',
    ).optional(),
    monte_carlo: doc(
      z.strictObject({
        runs: z.number().int().min(1).max(10_000_000).optional(),
        seed: z.number().int().min(0).max(4_294_967_295).optional(),
        sampler: z.enum(['independent', 'lhs']).optional(),
      }),
      'Runs (default 1000), seed (default 1) and sampler (default lhs).',
    ).optional(),
  }),
  'An urbsim scenario: what people write; see scenarios/README.md.',
);

export type ScenarioInput = z.input<typeof scenarioSchema>;
