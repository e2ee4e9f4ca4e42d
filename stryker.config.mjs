// Mutation testing of the engine (src/model) against the model and lever tests: `npm run mutation`.
// Not part of `npm test`. The incremental file lives in tmp/ (gitignored), so a re-run only tests what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tests/mutation.vitest.config.ts' },
  mutate: ['src/model/**/*.ts'],
  // The sandbox needs the sources, the engine's tests and data/demography, not the notebooks, scenarios or outputs.
  ignorePatterns: ['notebooks', 'scenarios', 'out', 'tmp', '.ci'],
  coverageAnalysis: 'perTest',
  // Module-level constants (metric names, defaults, the group catalogue) would each need the whole suite per
  // mutant; the tests read them through every projection anyway.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'tmp/stryker-incremental.json',
  tempDirName: 'tmp/stryker',
  concurrency: 2,
  // A mutant that loops for ever is stopped this long after the time its tests normally take.
  timeoutMS: 10_000,
  // The machine is shared: the first, instrumented run of the tests can take several minutes.
  dryRunTimeoutMinutes: 40,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'tmp/mutation/mutation.html' },
  jsonReporter: { fileName: 'tmp/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
};
