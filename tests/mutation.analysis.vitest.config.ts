import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of the cross-validation's scoring, its Markdown table and the widths check
// (stryker.analysis.config.mjs): the hand-calculated tests of those files.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: [
      'tests/analysis/predictiveScores.test.ts',
      'tests/analysis/backtestScore.test.ts',
      'tests/analysis/naiveForecast.test.ts',
      'tests/analysis/countMayChange.test.ts',
      'tests/analysis/crossValidationTable.test.ts',
      'tests/analysis/calibratedRange.test.ts',
      'tests/analysis/intervalWidths.test.ts',
      'tests/cli/widths.test.ts',
      'tests/analysis/historyLikelihood.test.ts',
      'tests/analysis/sameYearFigures.test.ts',
      'tests/batch/ownFigures.test.ts',
      'tests/batch/weighedFile.test.ts',
      'tests/report/weighedChart.test.ts',
      'tests/analysis/preBaseSpanCheck.test.ts',
      'tests/analysis/calibratedTargets.test.ts',
      'tests/scenario/baselineSymbols.test.ts',
    ],
    testTimeout: 300_000,
    globalSetup: ['tests/helpers/tempRoot.ts'],
  },
});
