/** CSV text that cannot be read as records; `line` is where the problem starts (1-based). */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(readonly line: number, readonly problem: string) {
    super(`parseCsv: line ${line}: ${problem}`);
  }
}

/**
 * Parse RFC 4180 CSV text into rows of strings.
 *
 * Quoted fields may hold commas, doubled quotes (`""`) and line breaks, which
 * the seed snippets and area notes need. A leading byte-order mark is dropped
 * and both `\n` and `\r\n` end a record. A trailing newline does not produce an
 * empty last row.
 *
 * @example
 * parseCsv('a,b\n1,"x, ""y"""\n'); // [['a','b'], ['1','x, "y"']]
 */
export function parseCsv(text: string): string[][] {
  return parseCsvWithLines(text).rows;
}

/**
 * {@link parseCsv}, also giving the 1-based line each record starts on, so
 * that a reader can report `file:line` even when a quoted field spans lines.
 *
 * @example
 * parseCsvWithLines('a\n"x\ny"\nz\n'); // { rows: [['a'], ['x\ny'], ['z']], lines: [1, 2, 4] }
 */
export function parseCsvWithLines(text: string): { rows: string[][]; lines: number[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let rowLine = 1;
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteLine = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      field = '';
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      rowLine = ++line;
    } else {
      field += c;
      i++;
    }
  }
  if (inQuotes) throw new CsvError(quoteLine, 'a quoted field opened here is never closed (an unterminated quote)');
  // A file that does not end with a newline still has a last record.
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

/**
 * The columns a header writes twice (a copied header, a column pasted at the end), one sentence each, names compared
 * trimmed: a reader keying rows by name kept the later one, so every row's value was read from a column its writer
 * never meant, silently. The one rule for every CSV urbsim reads with a header (observed figures, data/areas).
 *
 * @example
 * columnsTwice(['area', 'value', 'note', 'value']); // ['column `value` is written twice (columns 2 and 4): expected each column once']
 */
export function columnsTwice(header: readonly string[]): string[] {
  return header.flatMap((h, j) => {
    const first = header.findIndex((g) => g.trim() === h.trim());
    return first === j ? [] : [`column \`${h.trim()}\` is written twice (columns ${first + 1} and ${j + 1}): expected each column once`];
  });
}

/**
 * Parse CSV with a header row into objects keyed by column name.
 *
 * Rows whose width differs from the header are an error rather than silently
 * padded, because a stray comma in an unquoted note would shift every later
 * column; so is a column written twice ({@link columnsTwice}).
 *
 * @example
 * parseCsvRecords('id,n\na,1\n'); // [{ id: 'a', n: '1' }]
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  return parseCsvRecordsWithLines(text).map((r) => r.record);
}

/**
 * {@link parseCsvRecords} with the line each record starts on; a row of the
 * wrong width is a {@link CsvError} at its line.
 *
 * @example
 * parseCsvRecordsWithLines('id,n\na,1\n'); // [{ record: { id: 'a', n: '1' }, line: 2 }]
 */
export function parseCsvRecordsWithLines(text: string): { record: Record<string, string>; line: number }[] {
  const { rows: [header, ...rows], lines } = parseCsvWithLines(text);
  if (!header) return [];
  const twice = columnsTwice(header);
  if (twice.length) throw new CsvError(lines[0], twice.join('; '));
  return rows.map((r, k) => {
    if (r.length !== header.length) throw new CsvError(lines[k + 1], `${r.length} fields, but the header has ${header.length} (${header.join(', ')})`);
    return { record: Object.fromEntries(header.map((h, j) => [h, r[j]])), line: lines[k + 1] };
  });
}
