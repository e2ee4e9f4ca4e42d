import { InputError } from '../inputError.ts';

/** Bad input from the command line: printed without a stack trace, exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, internal: 1, invalid: 2 } as const;
