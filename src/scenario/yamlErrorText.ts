import type { LineCounter } from 'yaml';

/** A YAML syntax problem said in a scenario writer's words: where (offset in the file), what, what was expected. */
export interface YamlProblem {
  readonly offset: number;
  readonly message: string;
  readonly expected: string;
  readonly found: string;
}

const CLOSER: Record<string, string> = { '{': '}', '[': ']' };
const OPENER: Record<string, string> = { '}': '{', ']': '[' };
const KIND: Record<string, string> = { '{': 'mapping', '[': 'list', '"': 'text', "'": 'text' };

/**
 * The brackets and quotes of a YAML text that do not pair up: a `{` or `[`
 * not closed before the file goes on at the indentation of its key (or
 * ends), or closed by the other kind; a `}` or `]` that closes nothing; a
 * quote not closed by the end of the file. A light scan, not a parser: it
 * skips comments and quoted text, and takes a bracket at block level only
 * where a value starts (after `key:`, `-`, or at the start of a line), so
 * `note: a{b` is text, as are the lines of a block scalar (`note: |`); it finds what the parser's messages ("Flow map in
 * block collection must be sufficiently indented…") leave the writer to look for.
 *
 * @example
 * const lines = new LineCounter(); parseDocument(text, { lineCounter: lines });
 * unpaired('p: { tfr: 1.2\nyears: [2013, 2020]\n', lines);
 * // [{ offset: 3, message: 'the { that opens a mapping here is not closed: expected } before line 2 ("years: [2013, 2020]")', … }]
 */
export function unpaired(text: string, lines: LineCounter): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const open: { ch: string; at: number; indent: number }[] = [];
  const where = (at: number) => {
    const { line, col } = lines.linePos(at);
    return `line ${line}, column ${col}`;
  };
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const indentOf = (at: number) => {
    const s = lineStart(at);
    let i = s;
    while (text[i] === ' ' || text[i] === '\t') i++;
    return i - s;
  };
  const excerpt = (at: number) => {
    const end = text.indexOf('\n', at);
    const l = text.slice(at, end < 0 ? text.length : end).trim();
    return l.length > 40 ? `${l.slice(0, 39)}…` : l;
  };
  const unclosed = (o: { ch: string; at: number }, before: string) =>
    problems.push({
      offset: o.at,
      message: `the ${o.ch} that opens a ${KIND[o.ch]} here is not closed: expected ${CLOSER[o.ch]} ${before}`,
      expected: `${CLOSER[o.ch]} closing the ${o.ch} at ${where(o.at)}`,
      found: before,
    });
  /** The last character before `i` on its line that is not a space, or '' at the start of a line. */
  const before = (i: number) => {
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    return j < 0 || text[j] === '\n' ? '' : text[j];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      i++;
      // A flow collection's lines must be indented further than the line it opened on: one that is not ends it.
      let j = i;
      while (text[j] === ' ') j++;
      if (open.length && j < text.length && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#' && !(text[j] in OPENER) && j - i <= open[0].indent) {
        const closedAt = closesLater(text, j, open.map((o) => o.ch), open[0].indent);
        if (closedAt !== undefined) {
          // The brackets close further on: the line is only not indented enough.
          const o = open[0];
          problems.push({
            offset: j,
            message: `this line continues the ${o.ch} … ${CLOSER[o.ch]} opened at ${where(o.at)} but is not indented further than its key: expected more spaces before it (or the whole ${KIND[o.ch]} on one line)`,
            expected: `indentation beyond column ${o.indent + 1}`,
            found: `a line at column ${j - i + 1}`,
          });
          open.length = 0;
          i = closedAt + 1;
          continue;
        }
        const next = `before line ${lines.linePos(j).line} ("${excerpt(j)}"); a { … } or [ … ] written over several lines must indent each line further than its key`;
        for (const o of open.reverse()) unclosed(o, next);
        open.length = 0;
      }
      continue;
    }
    const prev = before(i);
    const valueStart = open.length ? prev === '' || '{[,:?-'.includes(prev) : prev === '' || prev === ':' || prev === '-' || prev === '?';
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ((c === '"' || c === "'") && valueStart) {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (c === '"' && text[j] === '\\') j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= text.length) {
        problems.push({ offset: i, message: `the ${c} that opens a quoted text here is not closed: expected a closing ${c} (the file ends inside the quotes)`, expected: `${c} closing the ${c} at ${where(i)}`, found: 'the end of the file' });
        return problems;
      }
      i = j + 1;
      continue;
    }
    // A block scalar (`key: |` or `>`): its lines, indented further than the line it starts on, are text whatever
    // they hold, so a `{` or a quote at the start of one opens nothing.
    if ((c === '|' || c === '>') && valueStart && !open.length) {
      const indent = indentOf(i);
      let end = text.indexOf('\n', i);
      while (end >= 0) {
        let j = end + 1;
        while (text[j] === ' ') j++;
        const blank = j >= text.length || text[j] === '\n' || text[j] === '\r';
        if (!blank && j - (end + 1) <= indent) break;
        end = text.indexOf('\n', end + 1);
      }
      i = end < 0 ? text.length : end;
      continue;
    }
    if ((c === '{' || c === '[') && valueStart) {
      open.push({ ch: c, at: i, indent: open.length ? open[0].indent : indentOf(i) });
      i++;
      continue;
    }
    if ((c === '}' || c === ']') && open.length) {
      const top = open[open.length - 1];
      if (top.ch === OPENER[c]) open.pop();
      else {
        unclosed(top, `before the ${c} at ${where(i)}`);
        open.pop();
        if (open.length && open[open.length - 1].ch === OPENER[c]) open.pop();
      }
      i++;
      continue;
    }
    if ((c === '}' || c === ']') && !open.length && valueStartOrAfterValue(text, i)) {
      problems.push({ offset: i, message: `this ${c} closes no ${OPENER[c]}: remove it, or add the ${OPENER[c]} it should close`, expected: `a ${OPENER[c]} before the ${c}`, found: `a ${c} that closes nothing` });
      i++;
      continue;
    }
    // Plain text: at block level a bracket inside it is text, so skip to the next space or the end of the line.
    if (!open.length) {
      while (i < text.length && text[i] !== '\n' && text[i] !== ' ') i++;
      if (text[i] === ' ') i++;
      continue;
    }
    i++;
  }
  if (open.length) for (const o of open.reverse()) unclosed(o, 'before the end of the file');
  return problems;
}

/**
 * Where brackets still open (`stack`, innermost last) close when the text from `from` is read as inside them, or
 * undefined when the file ends first or a line at the key's indentation (`indent` or less) starts a new `key:`.
 */
function closesLater(text: string, from: number, stack: readonly string[], indent: number): number | undefined {
  const open = [...stack];
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === '\n') {
      let j = k + 1;
      while (text[j] === ' ') j++;
      if (j - k - 1 <= indent && /^[\w.-]+\s*:(\s|$)/.test(text.slice(j, j + 80))) return undefined;
      continue;
    }
    if (c === '#' && /\s/.test(text[k - 1] ?? ' ')) {
      while (k < text.length && text[k] !== '\n') k++;
      k--;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, k + 1);
      if (end < 0) return undefined;
      k = end;
      continue;
    }
    if (c === '{' || c === '[') open.push(c);
    else if (c === '}' || c === ']') {
      if (open.pop() !== OPENER[c]) return undefined;
      if (open.length === 0) return k;
    }
  }
  return undefined;
}

/** At block level, a closing bracket right after a flow collection closed on the same line (`[1, 2]]`). */
function valueStartOrAfterValue(text: string, i: number): boolean {
  const p = text[i - 1];
  return p === '}' || p === ']' || p === ' ';
}

/**
 * A parser error (code and message of the `yaml` package) said in a scenario
 * writer's words: what is wrong and what was expected. Unknown codes keep the
 * parser's first line (cut to `max` characters: it quotes the file).
 *
 * @example
 * plainYamlError('TAB_AS_INDENT', 'Tabs are not allowed as indentation', 60);
 * // { message: 'this line is indented with a tab: expected spaces (YAML indents with spaces only)', … }
 */
export function plainYamlError(code: string, parserMessage: string, max: number): { message: string; expected: string; found: string } {
  const first = parserMessage.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'TAB_AS_INDENT':
      return { message: 'this line is indented with a tab: expected spaces (YAML indents with spaces only)', expected: 'spaces', found: 'a tab' };
    case 'BAD_DQ_ESCAPE':
      return {
        message: 'a backslash inside "double quotes" starts an escape (\\n, \\t, \\", \\\\ …) and this one is none: expected \\\\ for a backslash, or the text in \'single quotes\'',
        expected: 'a known escape', found: 'an unknown escape',
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        message: 'expected `key: value` on one line (a space after the colon), and the keys of one mapping starting at the same column; ' +
          'here a key runs over a line, or the next line is indented under a key that already has a value',
        expected: '`key: value` on one line', found: 'a key over several lines',
      };
    case 'MULTIPLE_DOCS':
      return {
        message: 'a second YAML document starts here (a line `---` or `...` after the first document\'s keys): a scenario file is one document; ' +
          'expected no such line (to build on another file, name it under `extends:`)',
        expected: 'one document', found: 'a second document',
      };
    case 'RESOURCE_EXHAUSTION':
      return { message: 'brackets are nested too deeply here for the parser: expected a few levels of { … } and [ … ]', expected: 'a few levels of brackets', found: 'too many' };
    case 'BLOCK_IN_FLOW':
      return {
        message: 'inside { … } or [ … ] the items are separated by commas and stay inside the brackets: expected a comma between two items here, or the closing bracket before',
        expected: 'a comma or a closing bracket', found: 'an item that continues the one before',
      };
  }
  const quote = code === 'MISSING_CHAR' && /^Missing closing (["'])quote/.exec(first);
  if (quote)
    return {
      message: `a text in ${quote[1] === '"' ? 'double' : 'single'} quotes is not closed: expected a closing ${quote[1]} (a ${quote[1]} inside a text in ${quote[1] === '"' ? 'double quotes is written \\"' : "single quotes is written ''"})`,
      expected: `a closing ${quote[1]}`, found: 'none',
    };
  if (code === 'BAD_INDENT' && /same column/.test(first))
    return { message: 'this line does not start at the same column as the keys above it in the same mapping: expected the same indentation (or a list item "- " at every line of a list)', expected: 'the indentation of the keys above', found: 'another indentation' };
  const cut = first.length > max ? `${first.slice(0, max - 1)}…` : first;
  return { message: `the file is not valid YAML here: ${cut}`, expected: 'valid YAML', found: code };
}

/**
 * Keys written without YAML's `: ` — a full-width colon `：` (what a Chinese input method types) or a colon with no
 * space after it — at block level: YAML reads such a line as one text, and the parser then complains about the lines
 * after it ("All mapping items must start at the same column"), never naming the colon. Looked for only when the
 * parser found an error; comments and block scalars' lines (`note: |`) are skipped.
 *
 * @example
 * colonTypos('baseline:\n  resident_pop： 100万\n  registered_pop: 80万\n');
 * // [{ offset: 24, message: 'the key `resident_pop` is followed by a full-width colon ：…', … }]
 */
export function colonTypos(text: string): YamlProblem[] {
  const problems: YamlProblem[] = [];
  let offset = 0;
  let scalarIndent = -1; // the indentation of the line a block scalar starts on, while inside it
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = line.length - line.trimStart().length;
    if (scalarIndent >= 0) {
      if (line.trim() === '' || indent > scalarIndent) continue;
      scalarIndent = -1;
    }
    if (/:\s+[|>][-+0-9]*\s*(#.*)?$/.test(line)) scalarIndent = indent;
    const m = /^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*：|:(?=[^\s#]))(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const [, lead, key, colon, rest] = m;
    const at = start + lead.length + key.length + colon.indexOf(colon.trim());
    const value = rest.replace(/\s+#.*$/, '').trim();
    const shown = `\`${key}: ${value.length > 20 ? `${value.slice(0, 19)}…` : value}\``;
    problems.push(
      colon.trim() === '：'
        ? { offset: at, message: `the key \`${key}\` is followed by a full-width colon ： (as a Chinese input method types it): expected the colon : and a space, ${shown}`, expected: '`:` and a space', found: 'a full-width colon ：' }
        : { offset: at, message: `the key \`${key}\` is followed by a colon with no space after it, so YAML reads the line as one text: expected a space after the colon, ${shown}`, expected: 'a space after the colon', found: 'no space' },
    );
  }
  return problems;
}
