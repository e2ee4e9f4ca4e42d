import { type Table, tableFromIPC } from 'apache-arrow';
import { InputError } from '../inputError.ts';
import { readRegularFile } from './regularFile.ts';

/** A file that does not read as an Arrow table at all ({@link readArrowFile}): a reader may first check it against its folder's manifest. */
export class UnreadableArrowError extends InputError {
  override name = 'UnreadableArrowError';
}

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
  const refused = (why: string) => new UnreadableArrowError(`${file}: cannot be read as an Arrow table (${why}): changed since urbsim wrote it? run the command that writes it again`);
  // An empty file read as an empty table, of no columns and no metadata: a batch's targets.arrow cut to nothing was
  // read as one written before urbsim named its scenarios, and urbsim widths held every folder beside it, exit 0.
  if (bytes.length === 0) throw refused('it is empty, 0 bytes');
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    throw refused((e as Error).message);
  }
}
