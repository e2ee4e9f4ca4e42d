import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A minimal valid scenario body (Dalian 2013, seed 004 L887–891), for tests that vary one key. */
export const MINIMAL = `years: { start: 2013, end: 2020 }
baseline: { resident_pop: 691.8万, registered_pop: 591.4万, resident_rate: 68.5%, registered_rate: 63.1% }
`;

/**
 * Write scenario files into a fresh temporary folder and return the folder,
 * so that tests of `extends` chains need no fixtures in the repository.
 *
 * @example
 * const dir = writeScenarios({ 'base.yaml': MINIMAL, 'variant.yaml': 'extends: base.yaml\n' });
 */
export function writeScenarios(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-scenario-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
