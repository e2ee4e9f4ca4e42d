/**
 * Input the caller gave that cannot be used as asked — a folder that is not
 * a run folder, shards that do not fit together, two scenarios with one
 * name. The message says what was found, where, and what was expected. The
 * library throws it (it must not depend on the CLI); the CLI prints the
 * message without a stack trace and exits with code 2.
 *
 * @example
 * throw new InputError('out/s1 is not an urbsim run folder (no meta.json)');
 */
export class InputError extends Error {
  override name = 'InputError';
}
