import type { ResolvedScenario } from '../scenario/resolved.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { checkMetric } from './checkMetric.ts';

/**
 * Check that `metric` is an indicator and `year` a projected year of the
 * scenario (after the base year, where nothing has varied yet), throwing an
 * {@link AnalysisInputError} that says what is allowed.
 *
 * @example
 * checkMetricYear(dalian, 'registered_rate', 2020); // ok
 * checkMetricYear(dalian, 'registred_rate', 2020);  // throws: unknown metric `registred_rate`, did you mean `registered_rate`? …
 */
export function checkMetricYear(s: ResolvedScenario, metric: string, year: number): void {
  checkMetric(metric);
  const { start, end } = s.years;
  if (!Number.isInteger(year) || year <= start || year > end)
    throw new AnalysisInputError(`year ${year} is outside ${s.name}'s projection: expected a year from ${start + 1} to ${end} (${start} is the base year, where nothing varies)`);
}
