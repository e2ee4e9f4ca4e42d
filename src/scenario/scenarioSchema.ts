import { z } from 'zod';
import { PARAMETER_KEYS } from './parameterKeys.ts';

/** A number, or a string holding a quantity (`68.5%`, `691.8万`) or an expression. */
const scalar = z.union([z.number(), z.string()]);
const dist = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('normal'), mean: scalar, sd: scalar, lower: scalar.optional(), upper: scalar.optional() }),
  z.strictObject({ dist: z.literal('lognormal'), median: scalar, sigma: scalar, lower: scalar.optional(), upper: scalar.optional() }),
  z.strictObject({ dist: z.literal('uniform'), min: scalar, max: scalar }),
  z.strictObject({ dist: z.literal('triangular'), min: scalar, mode: scalar, max: scalar }),
  z.strictObject({ dist: z.literal('beta'), alpha: scalar, beta: scalar, min: scalar.optional(), max: scalar.optional() }),
  z.strictObject({ dist: z.literal('choice'), values: z.array(scalar).min(1), weights: z.array(scalar).optional() }),
]);
/** Any scalar of a scenario: a number, a quantity or expression string, or a distribution. */
export const valueSchema = z.union([scalar, dist]);

const settlementModes = ['plain', 'closed', 'open', 'conditions', 'points'] as const;

/**
 * What people write in a scenario file (after `extends` merging). Unknown
 * keys are errors. Quantities, bounds and expressions are checked after this
 * structural pass, by `resolveScenario`.
 */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  extends: z.string().optional(),
  city: z.string().optional(),
  years: z.strictObject({ start: z.number().int(), end: z.number().int() }),
  registered_rate_definition: z.enum(['hukou', 'residence']).optional(),
  baseline: z.strictObject({
    resident_pop: scalar,
    registered_pop: scalar,
    resident_rate: scalar,
    registered_rate: scalar,
    migrant_pop: scalar.optional(),
    away_pop: scalar.optional(),
    assume: z
      .strictObject({ migrant_urban_share: scalar.optional(), urban_hukou_rural_share: scalar.optional(), urban_hukou_share_of_urban_locals: scalar.optional() })
      .optional(),
  }),
  variables: z.record(z.string(), valueSchema).optional(),
  parameters: z.strictObject(Object.fromEntries(PARAMETER_KEYS.map((k) => [k, valueSchema.optional()]))).optional(),
  settlement_mode: z.enum(settlementModes).optional(),
  migrant_settle_min_years: z.number().int().min(0).max(10).optional(),
  school_age: z.strictObject({ min: z.number().int().min(0).max(30), max: z.number().int().min(0).max(30) }).optional(),
  parents_per_child: z.number().min(0).max(5).optional(),
  migrant_return_hazard: z.union([scalar, z.array(scalar).length(11)]).optional(),
  shocks: z.record(z.string(), z.strictObject({ ar1: z.strictObject({ phi: z.number().gt(-1).lt(1), sigma: z.number().min(0) }) })).optional(),
  targets: z
    .array(z.strictObject({ metric: z.string(), year: z.number().int(), op: z.enum(['>=', '<=']), value: scalar, source: z.string().optional() }))
    .optional(),
  settlement_plan: z
    .array(z.strictObject({ year: z.number().int(), persons: scalar, kind: z.enum(['total', 'local', 'nonlocal']), source: z.string().optional() }))
    .optional(),
  monte_carlo: z
    .strictObject({ runs: z.number().int().min(1).max(10_000_000).optional(), seed: z.number().int().min(0).max(4294967295).optional(), sampler: z.enum(['independent', 'lhs']).optional() })
    .optional(),
});
export type ScenarioInput = z.infer<typeof scenarioSchema>;

/**
 * The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=…`).
 *
 * @example
 * JSON.stringify(scenarioJsonSchema()).includes('resident_pop'); // true
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'urbsim scenario', ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) };
}
