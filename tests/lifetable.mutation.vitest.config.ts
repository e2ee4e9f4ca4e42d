import { defineConfig } from 'vitest/config';
// lifeTable.ts with coverageAnalysis 'all': its families are built once per test file by defaultLifeTables(), so
// per-test coverage charges a construction mutant only to the first test that built them. A subset of the engine's
// tests can only kill fewer mutants than the whole suite: the score is a lower bound.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/model/lifeTable.test.ts', 'tests/model/flows.test.ts', 'tests/model/surface.test.ts', 'tests/model/durationTiming.test.ts'],
    testTimeout: 300_000,
    env: { PROPERTY_RUNS_SCALE: '0.1' },
  },
});
