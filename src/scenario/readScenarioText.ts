import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { fsErrorText } from '../io/fsErrorText.ts';
import { utf8Text } from '../io/utf8Text.ts';

/**
 * The largest scenario file read. Real scenarios are a few KB; a file
 * declaring 32,000 variables is about 1 MB. The cap bounds memory and time
 * whatever a path names.
 */
export const MAX_SCENARIO_BYTES = 8 * 1024 * 1024;

/** What is expected of a file that could not be opened or read at all. */
export const CAN_READ = 'a readable scenario file';

/** Why a file was not read: what a scenario file must be, and what this one is. */
export interface NotReadable {
  readonly expected: string;
  readonly found: string;
}

/**
 * Read a scenario file as text, at most {@link MAX_SCENARIO_BYTES}, and
 * only if it looks like text (no NUL byte), and not UTF-16; `notUtf8` when it
 * is not UTF-8 ({@link utf8Text}), read leniently. With `regularOnly` (files named
 * by `extends:`) it must also be a regular file outside the kernel's
 * pseudo-filesystems: devices, pipes, folders and `/proc`, `/sys`, `/dev`
 * entries are refused before a byte is read, so a path can neither hang
 * the process (`/dev/zero`, a FIFO) nor pull in what the system exposes.
 *
 * @example
 * readScenarioText('/etc/hostname', { regularOnly: true }); // { text: 'host\n' }
 * readScenarioText('/dev/zero', { regularOnly: true });     // { expected: 'a regular scenario file', found: 'a device' }
 */
export function readScenarioText(path: string, o: { regularOnly: boolean }): { text: string; notUtf8?: true } | NotReadable {
  let fd: number;
  try {
    if (o.regularOnly) {
      const pseudo = pseudoFilesystem(realpathSync(path));
      if (pseudo) return { expected: 'a regular scenario file', found: `a file of the system's ${pseudo} folder` };
    }
    // Non-blocking, so opening a pipe nobody writes does not wait; refused just below.
    fd = openSync(path, o.regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  } catch (e) {
    return { expected: CAN_READ, found: fsErrorText(e) };
  }
  try {
    const st = fstatSync(fd);
    if (o.regularOnly && !st.isFile()) return { expected: 'a regular scenario file', found: kindOf(st) };
    if (st.isFile() && st.size > MAX_SCENARIO_BYTES) return tooLarge(`${mib(st.size)} MiB`);
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

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(size: string): NotReadable {
  return { expected: `a scenario file of at most ${mib(MAX_SCENARIO_BYTES)} MiB`, found: size };
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
