import { accessSync, constants } from 'node:fs';
import { InputError } from '../inputError.ts';
import { fsErrorText } from './fsErrorText.ts';

/**
 * Refuse, as what it is, a folder this user may not list and enter (`folder: true`: read and search) or a file it may
 * not read: an {@link InputError} 'cannot read DIR: permission denied'. A folder of mode 700 of another user's was said
 * to have no manifest.json, 'its writing was interrupted', and to be 'not an urbsim run folder (no meta.json)'.
 *
 * @example
 * checkReadable('out/dalian', { folder: true }); // InputError: cannot read out/dalian: permission denied
 */
export function checkReadable(path: string, o: { folder?: boolean } = {}): void {
  try {
    accessSync(path, o.folder ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${fsErrorText(e)}`);
  }
}
