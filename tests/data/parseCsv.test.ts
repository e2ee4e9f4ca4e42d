import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../src/data/parseCsv.ts';

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and rows', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('x,"a, b","say ""hi""","two\nlines"\n')).toEqual([['x', 'a, b', 'say "hi"', 'two\nlines']]);
  });

  it('accepts CRLF, a BOM and a missing final newline', () => {
    expect(parseCsv('\ufeffa,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });

  it('maps records by header and rejects ragged rows', () => {
    expect(parseCsvRecords('id,n\na,1\n')).toEqual([{ id: 'a', n: '1' }]);
    expect(() => parseCsvRecords('id,n\na,1,2\n')).toThrow(/3 fields/);
  });
});
