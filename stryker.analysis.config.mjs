// Mutation testing of the cross-validation's scores (CRPS, PIT, interval score, coverage), its naive trend forecast,
// the flag of a possible change of count, its Markdown table and the counts a calibrated forecast gives by chance, the widths check, the likelihood of a pace's history, the targets weighed by figures, the weighed answer a batch keeps and its forecast years, and the baseline's names in expressions, against their own tests: `npm run mutation:analysis`.
// Not part of `npm test`; the incremental file lives in tmp/ (gitignored).
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: 'tests/mutation.analysis.vitest.config.ts' },
  mutate: [
    'src/analysis/predictiveScores.ts',
    'src/analysis/backtestScore.ts',
    'src/analysis/naiveForecast.ts',
    'src/analysis/intervalWidths.ts',
    'src/analysis/crossValidate.ts:278-280',
    'src/analysis/crossValidationTable.ts',
    'src/analysis/calibratedRange.ts',
    'src/cli/widths.ts',
    'src/analysis/historyLikelihood.ts',
    'src/analysis/preBaseSpan.ts',
    'src/analysis/independentFigures.ts',
    'src/batch/ownFigures.ts',
    'src/batch/weighedFile.ts',
    'src/batch/weighedShape.ts',
    'src/report/weighedForecast.ts',
    'src/analysis/calibratedTargets.ts',
    'src/scenario/baselineSymbols.ts',
  ],
  // The widths tests run the generated pilots of scenarios/pilots: the sandbox keeps scenarios/.
  ignorePatterns: ['notebooks', 'out', 'tmp', '.ci'],
  incrementalFile: 'tmp/stryker-analysis-incremental.json',
  tempDirName: 'tmp/stryker-analysis',
  concurrency: 1,
  htmlReporter: { fileName: 'tmp/mutation-analysis/mutation.html' },
  jsonReporter: { fileName: 'tmp/mutation-analysis/mutation.json' },
};
