import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8Text } from '../../src/io/utf8Text.ts';
import { ObservedError, readObserved } from '../../src/io/readObserved.ts';
import { formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';
import { MINIMAL } from './tempScenarios.ts';

// 万 is E4 B8 87 in UTF-8 and CD F2 in GBK / GB18030; 大连 is B4 F3 C1 AC in GBK. Excel and Notepad on a Chinese
// Windows save GBK: read leniently, `691.8万` came out as "691.8��" in messages about a value written correctly.
const GBK_WAN = Buffer.from([0xcd, 0xf2]);
const GBK_DALIAN = Buffer.from([0xb4, 0xf3, 0xc1, 0xac]);
const ascii = (s: string) => Buffer.from(s, 'utf8'); // MINIMAL's 万 in UTF-8 beside the GBK bytes

/** Bytes written as `s.yaml` in a fresh folder; its formatted issues. */
function issuesOfBytes(bytes: Buffer): { file: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-encoding-'));
  const file = join(dir, 's.yaml');
  writeFileSync(file, bytes);
  return { file, text: formatIssues(validateScenario(file)) };
}

describe('utf8Text: UTF-8, or the first byte that is not, with its line', () => {
  it.each([
    ['GBK 万 on line 2', Buffer.concat([ascii('a: 1\nb: 691.8'), GBK_WAN, ascii('\n')]), 2, '0xCD'],
    ['a lone continuation byte', Buffer.from([0x61, 0x80]), 1, '0x80'],
    ['an overlong encoding of /', Buffer.from([0x0a, 0x0a, 0xc0, 0xaf]), 3, '0xC0'],
    ['a surrogate (ED A0 80)', Buffer.from([0xed, 0xa0, 0x80]), 1, '0xED'],
    ['past U+10FFFF (F4 90 80 80)', Buffer.from([0x0a, 0xf4, 0x90, 0x80, 0x80]), 2, '0xF4'],
    ['a sequence cut at the end', Buffer.from([0x61, 0x0a, 0xe4, 0xb8]), 2, '0xE4'],
  ])('%s', (_, bytes, line, hex) => {
    const r = utf8Text(bytes);
    expect(r).toEqual({ line, found: `a byte that is not UTF-8 (${hex}) on line ${line}: the file is in another encoding (GBK or GB18030, as Excel and Notepad save on a Chinese Windows?); save it as UTF-8` });
  });

  it('UTF-8 (万, a four-byte 𝄞, a byte-order mark) is read as it is; UTF-16 is said by its byte-order mark', () => {
    expect(utf8Text(Buffer.from('\ufeffa: 691.8万 𝄞\n', 'utf8'))).toEqual({ text: '\ufeffa: 691.8万 𝄞\n' });
    expect(utf8Text(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ line: 1, found: 'UTF-16 text (a little-endian byte-order mark): save it as UTF-8' });
    expect(utf8Text(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toEqual({ line: 1, found: 'UTF-16 text (a big-endian byte-order mark): save it as UTF-8' });
  });
});

describe('a scenario file that is not UTF-8', () => {
  it('GBK in a value: refused at the value (line 3, the column it starts at), no "691.8��"', () => {
    // line 3 `baseline: { resident_pop: 691.8万, … }`: "baseline: { resident_pop: " is 26 characters, the value starts at column 27
    const text = `years: { start: 2013, end: 2020 }\nname: s\nbaseline: { resident_pop: 691.8`;
    const { file, text: shown } = issuesOfBytes(Buffer.concat([ascii(text), GBK_WAN, ascii(', registered_pop: 5914000, resident_rate: 68.5%, registered_rate: 63.1% }\n')]));
    expect(shown).toBe(
      `${file}:3:27 cannot read the file: expected a UTF-8 text (YAML) scenario file, found text that is not UTF-8 here: ` +
        'the file is in another encoding (GBK or GB18030, as Excel and Notepad save on a Chinese Windows?); save it as UTF-8',
    );
    expect(shown).not.toContain('\ufffd');
  });

  it('GBK in a quoted source and in a key: refused at the first of them', () => {
    // line 3 `# 大连` (a comment: not read), line 4 `targets: [ { …, source: "大连" } ]`, line 5 the key 大连: 1
    const before = ascii(`${MINIMAL}# `);
    const targets = ascii('\ntargets: [ { metric: resident_rate, year: 2020, value: 70%, source: "');
    const bytes = Buffer.concat([before, GBK_DALIAN, targets, GBK_DALIAN, ascii('" } ]\n'), GBK_DALIAN, ascii(': 1\n')]);
    // "targets: [ { metric: resident_rate, year: 2020, value: 70%, source: " is 68 characters: the quote is column 69
    expect(issuesOfBytes(bytes).text).toMatch(/s\.yaml:4:69 cannot read the file: expected a UTF-8 text \(YAML\) scenario file, found text that is not UTF-8 here: /);
  });

  it('GBK in comments only is read as before: comments are not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-encoding-'));
    writeFileSync(join(dir, 's.yaml'), Buffer.concat([ascii('# '), GBK_DALIAN, ascii(`\n${MINIMAL}name: s   # `), GBK_WAN, ascii('\n')]));
    expect(validateScenario(join(dir, 's.yaml'))).toEqual([]);
    expect(loadScenario(join(dir, 's.yaml')).baseline.residentPop).toBe(6_918_000);
  });

  it('UTF-16 (Notepad\'s "Unicode") is named, not "binary data"', () => {
    const { file, text } = issuesOfBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${MINIMAL}name: s\n`, 'utf16le')]));
    expect(text).toBe(`${file}:1:1 cannot read the file: expected a UTF-8 text (YAML) scenario file, found UTF-16 text (a little-endian byte-order mark): save it as UTF-8`);
  });

  it('lines ended by a carriage return alone (a classic Mac file) are lines, as YAML 1.2 says: not "found nothing"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-encoding-'));
    writeFileSync(join(dir, 'cr.yaml'), `# a comment first\r${MINIMAL}name: s\rparameters: { e0_female: 80 }\r`.replace(/\n/g, '\r'));
    writeFileSync(join(dir, 'lf.yaml'), `# a comment first\n${MINIMAL}name: s\nparameters: { e0_female: 80 }\n`);
    expect(validateScenario(join(dir, 'cr.yaml'))).toEqual([]);
    const { files: _a, ...cr } = loadScenario(join(dir, 'cr.yaml'));
    const { files: _b, ...lf } = loadScenario(join(dir, 'lf.yaml'));
    expect(cr).toEqual(lf);
    // and an error in such a file is on the editor's line: line 5 `parameters: { e0_female: 80` (the { is column 13)
    writeFileSync(join(dir, 'bad.yaml'), `# a comment first\r${MINIMAL}name: s\rparameters: { e0_female: 80\rname2: x\r`.replace(/\n/g, '\r'));
    expect(formatIssues(validateScenario(join(dir, 'bad.yaml')))).toMatch(/bad\.yaml:5:13 YAML syntax error: the \{ that opens a mapping here is not closed/);
  });
});

describe('an observed CSV that is not UTF-8', () => {
  it('GBK (Excel on a Chinese Windows) is one problem with its line, not one a row of "����"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-encoding-'));
    const file = join(dir, 'gbk.csv');
    const row = (year: number) => Buffer.concat([ascii(`dalian,resident_pop,${year},,,691.8,`), GBK_WAN, ascii('人,resident_6month,,004:889,,\n')]);
    writeFileSync(file, Buffer.concat([ascii(`${OBSERVED_HEADER}\ndalian,resident_rate,2013,,,68.5,%,resident_6month,,004:891,,\n`), row(2013), row(2014)]));
    let error: unknown;
    try {
      readObserved(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservedError);
    expect((error as ObservedError).issues).toEqual([
      { file, line: 3, message: 'expected a UTF-8 text (CSV) file, found a byte that is not UTF-8 (0xCD) on line 3: the file is in another encoding (GBK or GB18030, as Excel and Notepad save on a Chinese Windows?); save it as UTF-8' },
    ]);
  });

  it('UTF-8 with a byte-order mark (Excel\'s "CSV UTF-8") is read as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-encoding-'));
    writeFileSync(join(dir, 'bom.csv'), `\ufeff${OBSERVED_HEADER}\ndalian,resident_pop,2013,,,691.8,万人,resident_6month,,004:889,,\n`);
    expect(readObserved(join(dir, 'bom.csv')).map((p) => p.value)).toEqual([6_918_000]);
  });
});
