import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { CAN_READ, readScenarioText } from './readScenarioText.ts';
import type { ScenarioIssue } from './scenarioError.ts';

/** A parsed scenario file, with what is needed to point at its keys. */
export interface ScenarioFile {
  /** Absolute path. */
  readonly path: string;
  /** Path as shown in messages (relative to the working directory when inside it). */
  readonly display: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  /** The file's content as plain data. */
  readonly data: unknown;
}

/** Aliases expanded per file at most; stops "billion laughs" documents. */
const MAX_ALIASES = 100;

/** Characters of a YAML error quoted at most: the parser quotes the offending text, which in a file that is not YAML at all can be the whole file. */
const MAX_QUOTED = 60;

/**
 * Read and parse one YAML file (see {@link readScenarioText} for what is
 * read at all; `regularOnly` for files named by `extends:`). Syntax errors
 * come back as issues with their line and column (all of them, not only
 * the first).
 *
 * @example
 * const { file, issues } = readScenarioFile('/abs/scenarios/dalian.yaml', 'scenarios/dalian.yaml');
 */
export function readScenarioFile(path: string, display: string, o: { regularOnly?: boolean } = {}): { file?: ScenarioFile; issues: ScenarioIssue[] } {
  const read = readScenarioText(path, { regularOnly: o.regularOnly ?? false });
  if (!('text' in read))
    return { issues: [{ file: display, path: '', line: 1, column: 1, expected: read.expected, found: read.found, message: read.expected === CAN_READ ? `cannot read the file: ${read.found}` : `cannot read the file: expected ${read.expected}, found ${read.found}` }] };
  const text = read.text;
  const lines = new LineCounter();
  // The parser's own duplicate-key check compares each key with every earlier one: 32,000 keys took minutes.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const issues: ScenarioIssue[] = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const message = first.length > MAX_QUOTED ? `${first.slice(0, MAX_QUOTED - 1)}…` : first;
    return { file: display, path: '', line, column: col, expected: 'valid YAML', found: e.code, message: `YAML syntax error: ${message}` };
  });
  for (const offset of duplicateKeys(doc)) {
    const { line, col } = lines.linePos(offset);
    issues.push({ file: display, path: '', line, column: col, expected: 'valid YAML', found: 'DUPLICATE_KEY', message: 'YAML syntax error: Map keys must be unique' });
  }
  if (issues.length) return { issues };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { issues: [{ file: display, path: '', line: 1, column: 1, expected: 'valid YAML', found: 'too many aliases', message: `YAML error: ${(e as Error).message}` }] };
  }
  return { file: { path, display, doc, lines, data }, issues };
}

/** Where a mapping repeats a key (the repeats' offsets), in one pass over each mapping. */
function duplicateKeys(doc: Document): number[] {
  const at: number[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) at.push(pair.key.range?.[0] ?? 0);
          seen.add(pair.key.value);
        }
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  return at.sort((a, b) => a - b);
}
