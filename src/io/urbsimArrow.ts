import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { Footer } from 'apache-arrow/ipc/metadata/file';

/**
 * Whether `file` is an Arrow IPC file whose columns are documented as urbsim documents every column it writes (field
 * metadata `description` and `label_zh`, from src/io/columnDictionary.ts): what tells urbsim's summary.arrow from a
 * user's file of the same name in a folder with no manifest. Only the footer is read (the schema: Arrow JS writes it
 * there), however large the file; anything else — not Arrow, cut short, a column without urbsim's documentation, a
 * file that cannot be opened — is false, never an error.
 *
 * @example
 * documentedArrowFile('out/dalian/summary.arrow'); // true
 * documentedArrowFile('my-study/summary.arrow');   // false: an Arrow file another program wrote
 */
export function documentedArrowFile(file: string): boolean {
  let fd: number;
  try {
    // Non-blocking: a pipe put in the file's place since the folder was listed is not waited on.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size < 8 + 10) return false;
    const at = (position: number, length: number): Buffer | undefined => {
      const b = Buffer.alloc(length);
      return readSync(fd, b, 0, length, position) === length ? b : undefined;
    };
    // 'ARROW1' and two bytes of padding, the stream, the footer, its length (int32) and 'ARROW1' again.
    const tail = at(stats.size - 10, 10);
    if (at(0, 6)?.toString('latin1') !== 'ARROW1' || tail?.toString('latin1', 4) !== 'ARROW1') return false;
    const footerBytes = tail.readInt32LE(0);
    if (footerBytes <= 0 || footerBytes > stats.size - 18) return false;
    const footer = at(stats.size - 10 - footerBytes, footerBytes);
    const fields = footer ? Footer.decode(footer).schema.fields : [];
    return fields.length > 0 && fields.every((f) => f.metadata.has('description') && f.metadata.has('label_zh'));
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
