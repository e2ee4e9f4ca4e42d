import { InputError } from '../inputError.ts';

/**
 * A question the scenario cannot answer as asked: an unknown metric or lever,
 * a year outside the projection, a range outside the lever's bounds. The
 * message says what was found and what was expected; the CLI prints it and
 * exits with code 2 (as for every {@link InputError}).
 *
 * @example
 * throw new AnalysisInputError('unknown metric `registred_rate`, did you mean `registered_rate`?');
 */
export class AnalysisInputError extends InputError {
  override name = 'AnalysisInputError';
}
