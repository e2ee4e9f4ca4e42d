import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './jsonSchema.ts';

/**
 * Write the JSON Schema of scenario files to `scenarios/urbsim.schema.json`
 * (or the path given), the file the example scenarios point their editors at.
 *
 * @example
 * // npx tsx src/scenario/writeSchema.ts
 * writeSchema('scenarios/urbsim.schema.json');
 */
export function writeSchema(path: string): void {
  writeFileSync(path, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../../scenarios/urbsim.schema.json', import.meta.url));
  writeSchema(out);
  console.log(`wrote ${out}`);
}
