import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { scenarioJsonSchema } from '../../src/scenario/api.ts';
import { PARAMETER_KEYS } from '../../src/scenario/parameterKeys.ts';

const examples = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));
const readYaml = (f: string): unknown => parse(readFileSync(f, 'utf8'));

describe('scenario JSON Schema', () => {
  const schema = scenarioJsonSchema();

  it('is generated from the zod schema and committed as scenarios/urbsim.schema.json', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    const parameters = (schema.properties as Record<string, { properties: Record<string, { description: string }> }>).parameters;
    expect(Object.keys(parameters.properties)).toEqual(PARAMETER_KEYS);
    expect(parameters.properties.inflow.description).toBe('migrants arriving per year (persons; default 0)');
    expect(parameters.properties.housing_units.description).toBe('public rental / affordable units (.inf = ample) (dwellings; default Infinity)');
    expect(JSON.parse(readFileSync('scenarios/urbsim.schema.json', 'utf8'))).toEqual(schema); // run `npx tsx src/scenario/writeSchema.ts` after changing the schema
  });

  it('accepts every example scenario (structure)', () => {
    const validator = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const f of examples) expect(validator.safeParse(readYaml(f)).success, f).toBe(true);
  });

  it('points every example at it on its first line', () => {
    for (const f of examples) expect(readFileSync(f, 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=./urbsim.schema.json');
  });

  it('rejects structural mistakes', () => {
    const validator = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
    const ok = { years: { start: 2013, end: 2020 } };
    expect(validator.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, paramters: {} },
      { ...ok, parameters: { inflw: 1 } },
      { ...ok, parameters: { inflow: [1, 2] } },
      { ...ok, parameters: { inflow: { dist: 'gamma' } } },
      { ...ok, parameters: { inflow: { dist: 'uniform', min: 1 } } },
      { ...ok, years: { start: 2013.5, end: 2020 } },
      { ...ok, monte_carlo: { sampler: 'latin' } },
      { ...ok, targets: [{ metric: 'resident_rate', year: 2020, op: '>', value: 0.7 }] },
      { ...ok, migrant_return_hazard: [0.1, 0.2] },
    ])
      expect(validator.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
