import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { fsErrorText } from '../io/fsErrorText.ts';
import { NotRegularFileError, fileKind, regularFileStats } from '../io/regularFile.ts';
import { utf8Text } from '../io/utf8Text.ts';

/**
 * The largest scenario file read. Real scenarios are a few KB; a file
 * declaring 32,000 variables is about 1 MB. The cap bounds memory and time
 * whatever a path names.
 */
export const MAX_SCENARIO_BYTES = 8 * 1024 * 1024;

/** What is expected of a file that could not be opened or read at all. */
export const CAN_READ = 'a readable scenario file';

/** What is expected of a path that names a pipe, a device, a folder or a system file. */
const REGULAR = 'a regular scenario file';

/** Why a file was not read: what a scenario file must be, and what this one is. */
export interface NotReadable {
  readonly expected: string;
  readonly found: string;
}

/**
 * Read a scenario file as text, at most {@link MAX_SCENARIO_BYTES}, and
 * only if it looks like text (no NUL byte), and not UTF-16; `notUtf8` when it
 * is not UTF-8 ({@link utf8Text}), read leniently. It must be a regular file
 * outside the kernel's pseudo-filesystems, whether named on the command line
 * or by `extends:`: devices, pipes, folders and `/proc`, `/sys`, `/dev`
 * entries are refused before the file is opened, so a path can neither hang
 * the process (`/dev/zero`, a FIFO) nor pull in what the system exposes.
 *
 * @example
 * readScenarioText('/etc/hostname'); // { text: 'host\n' }
 * readScenarioText('/tmp/fifo.yaml'); // { expected: 'a regular scenario file', found: 'a pipe' }
 */
export function readScenarioText(path: string): { text: string; notUtf8?: true } | NotReadable {
  let fd: number;
  try {
    const pseudo = pseudoFilesystem(realpathSync(path));
    if (pseudo) return { expected: REGULAR, found: `a file of the system's ${pseudo} folder` };
    regularFileStats(path);
    // Non-blocking, so a pipe put in the file's place since does not make the open wait; refused just below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof NotRegularFileError) return { expected: REGULAR, found: e.found };
    return { expected: CAN_READ, found: fsErrorText(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { expected: REGULAR, found: fileKind(st) };
    if (st.size > MAX_SCENARIO_BYTES) return tooLarge(`${mib(st.size)} MiB`);
    const bytes = readAtMost(fd, MAX_SCENARIO_BYTES + 1);
    if (bytes.length > MAX_SCENARIO_BYTES) return tooLarge(`more than ${mib(MAX_SCENARIO_BYTES)} MiB`);
    const decoded = utf8Text(bytes);
    if ('found' in decoded && decoded.found.startsWith('UTF-16')) return { expected: 'a UTF-8 text (YAML) scenario file', found: decoded.found };
    if (bytes.includes(0)) return { expected: 'a text (YAML) scenario file', found: 'binary data' };
    // Not UTF-8: read leniently, and refused by the reader only where its keys and values are (readScenarioFile), so
    // a GBK file whose only Chinese is in comments is read as before.
    const text = 'found' in decoded ? bytes.toString('utf8') : decoded.text;
    // A carriage return alone ends a line in YAML 1.2 (a classic Mac file) but not for the parser, which read such a
    // file as one line: its first comment, "nothing". As line feeds, lines and their numbers are the editor's.
    return { text: text.replace(/\r(?!\n)/g, '\n'), ...('found' in decoded && { notUtf8: true as const }) };
  } catch (e) {
    return { expected: CAN_READ, found: fsErrorText(e) };
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(1 << 20, limit - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function pseudoFilesystem(real: string): string | undefined {
  return /^\/(proc|sys|dev)(\/|$)/.exec(real)?.[0].replace(/\/$/, '');
}

function tooLarge(size: string): NotReadable {
  return { expected: `a scenario file of at most ${mib(MAX_SCENARIO_BYTES)} MiB`, found: size };
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
