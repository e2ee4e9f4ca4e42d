import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of src/model (stryker.config.mjs): the engine's own tests.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/model/**/*.test.ts', 'tests/levers/**/*.test.ts'],
    testTimeout: 300_000,
    // Every property runs once per mutant: a tenth of its cases is enough to catch what it catches.
    env: { PROPERTY_RUNS_SCALE: '0.1' },
  },
});
