import { type Table, tableFromIPC } from 'apache-arrow';
import { InputError } from '../inputError.ts';
import { readRegularFile } from './regularFile.ts';

/**
 * An Arrow IPC file an urbsim command wrote, read whole; a file that does not read as one (a byte changed, added or
 * cut since it was written) is an {@link InputError} naming it, not apache-arrow's own failure ("Cannot read
 * properties of null (reading 'fieldsLength')", which the command printed as an internal error, exit code 1).
 *
 * @example
 * readArrowFile('out/dalian/summary.arrow').numRows;
 */
export function readArrowFile(file: string): Table {
  const bytes = readRegularFile(file);
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    throw new InputError(`${file}: cannot be read as an Arrow table (${(e as Error).message}): changed since urbsim wrote it? run the command that writes it again`);
  }
}
