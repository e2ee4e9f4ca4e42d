import { METRICS } from '../model/indicators.ts';
import { metricHint } from '../scenario/metricHint.ts';
import { AnalysisInputError } from './analysisInputError.ts';

/**
 * Check that `metric` is one of the model's indicators, throwing an
 * {@link AnalysisInputError} with the closest name and the full list.
 *
 * @example
 * checkMetric('registred_rate'); // throws: unknown metric `registred_rate`, did you mean `registered_rate`? (metrics: …)
 * checkMetric('registered');     // throws: unknown metric `registered`, did you mean `registered_rate` or `registered_pop`? (metrics: …)
 */
export function checkMetric(metric: string): void {
  if ((METRICS as readonly string[]).includes(metric)) return;
  throw new AnalysisInputError(`unknown metric \`${metric}\`${metricHint(metric)} (metrics: ${METRICS.join(', ')})`);
}
