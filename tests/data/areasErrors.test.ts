import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, areasFromCsv, figuresFromCsv } from '../../src/data/areas.ts';
import { validateScenario } from '../../src/scenario/api.ts';

const HEADER = 'area_id,field,year,value,unit,seed,line,text\n';
/** Dalian's base year as seed 004 L889–891 writes it. */
const DALIAN = `${HEADER}dalian,resident_pop,2013,691.8,万人,004,889,常住人口 691.8 万人\ndalian,resident_rate,2013,68.5,%,004,890,城镇化率 68.5%\n`;

const error = (f: () => unknown): DataError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('no error');
};

describe('figures.csv: every problem names the file and line', () => {
  it('an unterminated quote: the line where the quote opens', () => {
    const text = `${DALIAN}dalian,registered_rate,2013,63.1,%,004,891,"户籍人口城镇化率 63.1%\ndalian,migrant_pop,2013,100,万人,004,892,x\n`;
    expect(error(() => figuresFromCsv(text, 'data/areas/figures.csv')).message).toBe(
      'data/areas/figures.csv:4: a quoted field opened here is never closed (an unterminated quote)',
    );
  });

  it('a row of the wrong width', () => {
    const text = `${DALIAN}dalian,registered_rate,2013,63.1,%,004,891,a, b\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toBe('f.csv:4: 9 fields, but the header has 8 (area_id, field, year, value, unit, seed, line, text)');
  });

  it('an unknown unit (kg was taken as ×1)', () => {
    const text = `${DALIAN}dalian,housing_units,2015,3,kg,001,700,x\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toMatch(/^f\.csv:4: unit of dalian housing_units 2015: expected one of %, 个百分点, 人, 万人, .*, found "kg"$/);
  });

  it('a unit that does not fit its field (a population in %)', () => {
    const text = `${HEADER}dalian,resident_pop,2013,68.5,%,004,889,x\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toBe('f.csv:2: unit of dalian resident_pop 2013: expected one of 人, 万人, 亿人, 名, found "%"');
  });

  it('a value that is not a number', () => {
    const text = `${DALIAN}dalian,registered_rate,2013,63.1x,%,004,891,x\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toBe('f.csv:4: value of dalian registered_rate 2013: expected a number, found "63.1x"');
  });

  it('two figures of one field, area and year that differ: refused naming both lines (the first used to win silently)', () => {
    const text = `${DALIAN}dalian,resident_rate,2013,70.2,%,001,400,x\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toBe(
      'f.csv:4: dalian resident_rate 2013 is 70.2 %, but line 3 gives 68.5 %: two figures of one field, area and year must agree (keep the one the scenario should use)',
    );
  });

  it('the same figure twice, in other words (6918000 人 = 691.8 万人), is fine; so are differing figures of a field the toolkit does not read', () => {
    const text = `${DALIAN}dalian,resident_pop,2013,6918000,人,001,12,x\ndalian,housing_units,2016,3,万套,001,13,x\ndalian,housing_units,2016,5,万套,001,14,y\n`;
    expect(figuresFromCsv(text, 'f.csv').map((f) => f.value)).toEqual([691.8, 68.5, 6918000, 3, 5]);
  });
});

describe('a header writing a column twice: refused at line 1 naming both, as observed CSVs are (the later one was read)', () => {
  it('figures.csv: value pasted again at the end (every figure was read from the second, 70 for 691.8 万人)', () => {
    const text = `${HEADER.trimEnd()},value\ndalian,resident_pop,2013,691.8,万人,004,889,常住人口 691.8 万人,70\n`;
    expect(error(() => figuresFromCsv(text, 'f.csv')).message).toBe('f.csv:1: column `value` is written twice (columns 4 and 9): expected each column once');
  });

  it('areas.csv: level written again at the end (Dalian read as a town)', () => {
    const header = 'id,name_zh,name_en,province_zh,level,pilot_group,sources,registered_rate_definition,settlement_mode,flags,notes,level\n';
    expect(error(() => areasFromCsv(`${header}dalian,大连市,Dalian,辽宁省,city,,004:884,,points,,,town\n`, 'a.csv')).message).toBe(
      'a.csv:1: column `level` is written twice (columns 5 and 12): expected each column once',
    );
  });
});

describe('areas.csv', () => {
  const AREAS = 'id,name_zh,name_en,province_zh,level,pilot_group,sources,registered_rate_definition,registered_rate_denominator,settlement_mode,flags,notes\n';
  it('an unknown level names the line, the area and what is allowed', () => {
    expect(error(() => areasFromCsv(`${AREAS}dalian,大连市,Dalian,辽宁省,metropolis,,004:884,,,points,,\n`, 'a.csv')).message).toBe(
      'a.csv:2: level of dalian: expected one of nation, province, city, county, district, town, found "metropolis"',
    );
  });

  it('an area listed twice', () => {
    const row = 'dalian,大连市,Dalian,辽宁省,city,,004:884,,,points,,\n';
    expect(error(() => areasFromCsv(`${AREAS}${row}${row}`, 'a.csv')).message).toBe('a.csv:3: area dalian is listed twice (first on line 2)');
  });
});

describe('a broken data file is blamed on the data, not the scenario', () => {
  it('validateScenario throws the DataError instead of reporting an unknown city', () => {
    const broken = `${DALIAN}dalian,registered_rate,2013,"63.1,%,004,891,x\n`;
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-data-'));
    writeFileSync(join(dir, 's.yaml'), 'city: dalian\nyears: { end: 2020 }\n');
    const cityFacts = () => {
      figuresFromCsv(broken, 'data/areas/figures.csv');
      throw new Error('unreachable');
    };
    expect(() => validateScenario(join(dir, 's.yaml'), { cityFacts, cityIds: () => ['dalian'] })).toThrow(DataError);
  });

  /** A copy of the project (its sources, data/ and package.json; node_modules linked) whose data/areas a test may break. */
  const projectCopy = () => {
    const copy = mkdtempSync(join(tmpdir(), 'urbsim-copy-'));
    cpSync('src', join(copy, 'src'), { recursive: true });
    cpSync('data', join(copy, 'data'), { recursive: true });
    cpSync('package.json', join(copy, 'package.json'));
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
    return copy;
  };

  // The toolkit reads its own data/areas; a copy of it with a broken figures.csv shows what a user sees.
  it('urbsim validate with an unterminated quote in figures.csv: exit 2 naming the file and line (was: unknown city "dalian", did you mean "dalian"?)', () => {
    const copy = projectCopy();
    const figures = join(copy, 'data', 'areas', 'figures.csv');
    const text = readFileSync(figures, 'utf8');
    const line = text.split('\n').length; // the appended row's: the file ends with a newline
    writeFileSync(figures, `${text}dalian,housing_units,2016,3,万套,001,700,"a quote never closed\n`);
    writeFileSync(join(copy, 's.yaml'), 'city: dalian\nyears: { end: 2020 }\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'validate', 's.yaml'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`urbsim: data/areas/figures.csv:${line}: a quoted field opened here is never closed (an unterminated quote)`);
    expect(r.stderr).not.toMatch(/unknown city|internal error|\n\s+at /);
  }, 150_000);

  it('urbsim init with a row of areas.csv saved as GBK (Excel on a Chinese Windows): exit 2 naming the file and line, not names of replacement characters', () => {
    // It read leniently: `urbsim init dalian` wrote '# ������ Dalian (����ʡ)' for a file saved as GBK.
    const copy = projectCopy();
    const areas = join(copy, 'data', 'areas', 'areas.csv');
    const text = readFileSync(areas);
    const line = text.toString('utf8').split('\n').length; // the appended row's: the file ends with a newline
    // 测试市 in GBK: 测 B2E2, 试 CAD4, 市 CAD0.
    const gbk = Buffer.from([0xb2, 0xe2, 0xca, 0xd4, 0xca, 0xd0]);
    writeFileSync(areas, Buffer.concat([text, Buffer.from('ceshi,'), gbk, Buffer.from(',Ceshi,,city,,x,,,unspecified,,\n')]));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'init', 'dalian'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`urbsim: data/areas/areas.csv:${line}: expected a UTF-8 text (CSV) file, found a byte that is not UTF-8 (0xB2) on line ${line}: ` +
      'the file is in another encoding (GBK or GB18030, as Excel and Notepad save on a Chinese Windows?); save it as UTF-8\n');
  }, 150_000);
});
