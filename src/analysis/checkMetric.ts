import { METRICS } from '../model/indicators.ts';
import { didYouMean } from '../scenario/didYouMean.ts';
import { AnalysisInputError } from './analysisInputError.ts';

/**
 * Check that `metric` is one of the model's indicators, throwing an
 * {@link AnalysisInputError} with the closest name and the full list.
 *
 * @example
 * checkMetric('registred_rate'); // throws: unknown metric `registred_rate`, did you mean `registered_rate`? (metrics: …)
 */
export function checkMetric(metric: string): void {
  if ((METRICS as readonly string[]).includes(metric)) return;
  const hint = didYouMean(metric, METRICS);
  throw new AnalysisInputError(`unknown metric \`${metric}\`${hint ? `, did you mean \`${hint}\`?` : ''} (metrics: ${METRICS.join(', ')})`);
}
