import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Hand-calculated tests first, properties last: Stryker stops a mutant's run at its first failing test, and most
 * mutants a property kills a hand table kills in milliseconds.
 */
class FastFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = (f: TestSpecification): number =>
      /property|levers\.test|groups\.test|plainCohort/.test(f.moduleId) ? 1 : 0;
    return [...files].sort((a, b) => weight(a) - weight(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// The tests Stryker runs against each mutant of src/model (stryker.config.mjs): the engine's own tests.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/model/**/*.test.ts', 'tests/levers/**/*.test.ts'],
    testTimeout: 300_000,
    sequence: { sequencer: FastFirst },
    // Every property runs once per mutant: a tenth of its cases is enough to catch what it catches.
    env: { PROPERTY_RUNS_SCALE: '0.1' },
  },
});
