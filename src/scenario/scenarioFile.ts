import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { OTHER_ENCODING } from '../io/utf8Text.ts';
import { CAN_READ, readScenarioText } from './readScenarioText.ts';
import type { ScenarioIssue } from './scenarioError.ts';
import { colonTypos, plainYamlError, unpaired } from './yamlErrorText.ts';

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

/** Syntax problems said per file at most: 5,000 unclosed [ printed 5,000 lines, brackets nested too deep one a level. */
const MAX_SYNTAX_ISSUES = 20;

/** The first `max` issues in the file's order (brackets nested too deeply said once, where it starts), and how many more there are. */
function atMost(issues: ScenarioIssue[], max: number): ScenarioIssue[] {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  const deep = sorted.find((i) => i.found === 'too many');
  const once = sorted.filter((i) => i.found !== 'too many' || i === deep);
  if (once.length <= max) return once;
  const last = once[max - 1];
  return [...once.slice(0, max), { ...last, message: `… and ${once.length - max} more YAML syntax errors after this one (fix these first: one error often makes the next ones)` }];
}

/** Aliases expanded per file at most; stops "billion laughs" documents. */
const MAX_ALIASES = 100;

/** Characters of a YAML error quoted at most: the parser quotes the offending text, which in a file that is not YAML at all can be the whole file. */
const MAX_QUOTED = 60;

/**
 * Read and parse one YAML file (see {@link readScenarioText} for what is
 * read at all). Syntax errors
 * come back as issues with their line and column (all of them, not only
 * the first).
 *
 * @example
 * const { file, issues } = readScenarioFile('/abs/scenarios/dalian.yaml', 'scenarios/dalian.yaml');
 */
export function readScenarioFile(path: string, display: string): { file?: ScenarioFile; issues: ScenarioIssue[] } {
  const read = readScenarioText(path);
  if (!('text' in read))
    return { issues: [{ file: display, path: '', line: 1, column: 1, expected: read.expected, found: read.found, message: read.expected === CAN_READ ? `cannot read the file: ${read.found}` : `cannot read the file: expected ${read.expected}, found ${read.found}` }] };
  const text = read.text;
  const lines = new LineCounter();
  // The parser's own duplicate-key check compares each key with every earlier one: 32,000 keys took minutes.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const issues: ScenarioIssue[] = [];
  const add = (offset: number, p: { message: string; expected: string; found: string }) => {
    const { line, col } = lines.linePos(offset);
    const message = `YAML syntax error: ${p.message}`;
    if (!issues.some((i) => i.line === line && i.column === col && i.message === message))
      issues.push({ file: display, path: '', line, column: col, expected: p.expected, found: p.found, message });
  };
  // An unclosed bracket or quote is said where it opens, and what closes it where; the parser's own errors about it
  // ("Flow map in block collection must be sufficiently indented…") point at the line after and say neither.
  const brackets = doc.errors.length ? unpaired(text, lines) : [];
  // What an unpaired bracket or quote makes the parser say after it (indentation, keys over lines) goes with it.
  const aboutBrackets = (e: (typeof doc.errors)[number]) =>
    ['BAD_INDENT', 'UNEXPECTED_TOKEN', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW'].includes(e.code);
  for (const b of brackets) add(b.offset, b);
  // A key with a full-width colon or none followed by a space: said on its own line, without the cascade it makes.
  const colons = doc.errors.length ? colonTypos(text) : [];
  for (const c of colons) add(c.offset, c);
  // An unclosed quote makes the parser read on into the next lines, with the same cascade after it.
  const openQuote = (e: (typeof doc.errors)[number]) => e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message);
  const quoteOpen = doc.errors.some(openQuote);
  for (const e of doc.errors) {
    // (the parser's unclosed quote is said even beside the scan's brackets: a quote of its kind further on, in a
    // comment, closes it for the scan, which then finds the brackets around it unclosed)
    if (!openQuote(e) && (brackets.length || quoteOpen || colons.length) && aboutBrackets(e)) continue;
    if (openQuote(e) && brackets.some((b) => b.message.startsWith(`the ${e.message.includes('"') ? '"' : "'"} that opens a quoted text`))) continue; // said by the scan
    // The parser points past the end of the line an unclosed quote opens on: point at the quote.
    const at = openQuote(e) ? openingQuote(text, e.pos[0], e.message.includes('"') ? '"' : "'") : e.pos[0];
    add(at, plainYamlError(e.code, e.message, MAX_QUOTED));
  }
  // Never a file with errors and nothing said.
  if (doc.errors.length && issues.length === 0) add(doc.errors[0].pos[0], plainYamlError(doc.errors[0].code, doc.errors[0].message, MAX_QUOTED));
  for (const { offset, key, first } of duplicateKeys(doc)) {
    const name = key.length > 40 ? `${key.slice(0, 39)}…` : key;
    add(offset, { message: `the key "${name}" is written twice in one mapping (first on line ${lines.linePos(first).line}): expected each key once`, expected: 'each key once', found: 'DUPLICATE_KEY' });
  }
  // A file in another encoding (GBK): its keys and values would be read with replacement characters ("691.8��").
  if (read.notUtf8) {
    const at = firstUnreadable(doc);
    if (at !== undefined) {
      const { line, col } = lines.linePos(at);
      issues.unshift({ file: display, path: '', line, column: col, expected: 'a UTF-8 text (YAML) scenario file', found: 'text that is not UTF-8',
        message: `cannot read the file: expected a UTF-8 text (YAML) scenario file, found text that is not UTF-8 here: ${OTHER_ENCODING}` });
    }
  }
  if (issues.length) return { issues: atMost(issues, MAX_SYNTAX_ISSUES) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { issues: [{ file: display, path: '', line: 1, column: 1, expected: 'valid YAML', found: 'too many aliases', message: `YAML error: ${(e as Error).message}` }] };
  }
  return { file: { path, display, doc, lines, data }, issues };
}

/** Where a mapping repeats a key (the repeats' offsets, the key, where it was first written), in one pass over each mapping. */
function duplicateKeys(doc: Document): { offset: number; key: string; first: number }[] {
  const at: { offset: number; key: string; first: number }[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const first = seen.get(pair.key.value);
          if (first !== undefined) at.push({ offset: pair.key.range?.[0] ?? 0, key: String(pair.key.value), first });
          else seen.set(pair.key.value, pair.key.range?.[0] ?? 0);
        }
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  return at.sort((a, b) => a.offset - b.offset);
}

/** The offset of the first key or value of a file read leniently that holds a replacement character (a byte that was not UTF-8). */
function firstUnreadable(doc: Document): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const at = node.range?.[0];
      if (at !== undefined && String(node.source ?? node.value).includes('\uFFFD') && (first === undefined || at < first)) first = at;
    },
  });
  return first;
}

/** The last `quote` before `at` on its line (where an unclosed quoted text opens), else `at`. */
function openingQuote(text: string, at: number, quote: string): number {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const q = text.lastIndexOf(quote, at - 1);
  return q >= lineStart ? q : at;
}
