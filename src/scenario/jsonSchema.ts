import { z } from 'zod';
import { scenarioSchema, schemaDocs } from './scenarioSchema.ts';

/**
 * The JSON Schema (draft 2020-12) of scenario files, generated from the zod
 * schema, for editors (`# yaml-language-server: $schema=./urbsim.schema.json`).
 * It checks structure: keys, kinds of values, enumerations; units, bounds and
 * expressions are checked by `urbsim validate`.
 *
 * @example
 * JSON.stringify(scenarioJsonSchema()).includes('resident_pop'); // true
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', metadata: schemaDocs, unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'urbsim scenario' };
}
