/**
 * A batch that cannot run as given (two scenarios would write the same
 * folder): the CLI prints the message and exits with code 2, before
 * anything is written.
 *
 * @example
 * throw new BatchInputError('two scenarios are named "dalian": a/dalian.yaml and b/dalian.yaml');
 */
export class BatchInputError extends Error {
  override name = 'BatchInputError';
}
