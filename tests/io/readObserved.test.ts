import { describe, expect, it } from 'vitest';
import { parseCsvWithLines } from '../../src/data/parseCsv.ts';
import { ObservedError, parseObserved, periodText } from '../../src/io/readObserved.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';

const ok = (...rows: string[]) => parseObserved([OBSERVED_HEADER, ...rows, ''].join('\n'), 'obs.csv', { areas: ['dalian', 'dongguan'] });
/** The messages of the ObservedError thrown for these rows. */
function problems(...rows: string[]): string[] {
  try {
    ok(...rows);
  } catch (e) {
    if (e instanceof ObservedError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no error thrown');
}

describe('parseObserved', () => {
  it('reads values in model units, exactly (seed 004 L889-891: 691.8万, 68.5%)', () => {
    const [pop, rate, flow] = ok(
      'dalian,resident_pop,2013,,,691.8,万人,resident_6month,,004:889,,',
      'dalian,resident_rate,2013,,,68.5,%,resident_6month,,004:891,,',
      'dalian,settled,2016,2015,11,12.7,万人,settled_registry,,own data,,',
    );
    expect(pop).toMatchObject({ area: 'dalian', metric: 'resident_pop', year: 2013, fromYear: undefined, value: 6_918_000, written: '691.8万人', line: 2 });
    expect(rate.value).toBe(0.685);
    expect(flow).toMatchObject({ fromYear: 2015, year: 2016, months: 11, value: 127_000, line: 4 });
    expect(periodText(flow)).toBe('2015–2016 (11 months of 2016)');
  });

  it('gives a one-year flow its own year as period start, and accepts months "part"', () => {
    const [a, b] = ok('dongguan,settled_migrants,2015,,,17865,人,settled_some_channels,,001:311,,', 'dongguan,settled_migrants,2016,,part,9,人,settled_some_channels,,x,,');
    expect(a.fromYear).toBe(2015);
    expect(b.months).toBe('part');
  });

  it('numbers definition segments at break marks, a year given on both definitions included', () => {
    const pts = ok(
      'dalian,registered_rate,2013,,,63.1,%,registered_unstated,,a,,',
      'dalian,registered_rate,2015,,,64.0,%,registered_unstated,,b,,',
      'dalian,registered_rate,2015,,,71.2,%,registered_unified,yes,c,,',
      'dalian,registered_rate,2016,,,72.0,%,registered_unified,,d,,',
    );
    expect(pts.map((p) => p.segment)).toEqual([0, 0, 1, 1]);
  });

  it('reports every problem with its line, with a did-you-mean where one helps', () => {
    const msgs = problems(
      'dalian,resident_rate,213,,,68.5,%,resident_6month,,a,,',
      'dalian,registred_rate,2015,,,71.2,%,registered_unstated,,b,,',
      'dalian,resident_pop,2015,,,700,万人,resident_6month,,,,',
      'dalain,resident_pop,2016,,,700,万人,resident_6month,,c,,',
      'dalian,resident_rate,2016,,,68.5,万人,resident_6month,,d,,',
      'dalian,resident_rate,2017,,,168.5,%,resident_6month,,e,,',
      'dalian,resident_pop,2017,2015,,700,万人,resident_6month,,f,,',
      'dalian,resident_pop,2018,,,700,万人,resident_6mont,,g,,',
      'dalian,settled,2018,,,5,万人,resident_6month,,h,,',
      'dalian,settled,2019,2020,13,5,万人,settled_registry,,i,,',
      'dalian,resident_pop,2019,,,7e6,,resident_6month,maybe,j,,',
    );
    expect(msgs).toEqual([
      'obs.csv:2: year: expected a year from 1949 to 2100, found "213"',
      'obs.csv:3: metric: unknown metric `registred_rate`, did you mean `registered_rate`? (expected an urbsim metric, src/model/indicators.ts)',
      'obs.csv:4: source: empty (say where the figure comes from, e.g. 001:427 for seed 001 line 427, or a yearbook table)',
      'obs.csv:5: area: unknown area `dalain`, did you mean `dalian`? (ids are in data/areas/areas.csv)',
      'obs.csv:6: unit: resident_rate is a rate, written in %; found "万人"',
      'obs.csv:7: value: 168.5% is more than 100%',
      expect.stringMatching(/^obs\.csv:8: from_year: resident_pop is a stock \(counted at year end\); a period is only for flows/),
      'obs.csv:9: definition: unknown definition `resident_6mont`, did you mean `resident_6month`? (definitions: data/observed/README.md)',
      'obs.csv:10: definition: resident_6month does not apply to settled (it applies to resident_pop, resident_rate, urban_resident_pop, migrant_pop, rate_gap)',
      'obs.csv:11: from_year: the period 2020–2019 ends before it starts',
      'obs.csv:11: months: expected the months of the last year covered (1–11) or "part", found "13"',
      'obs.csv:12: value: expected a number written with digits and a decimal point, found "7e6"',
      'obs.csv:12: break: expected "yes" or nothing, found "maybe"',
    ]);
  });

  it('an urbanization rate written as a share beside its % (0.645 for 64.5 %) is refused at its line; 1 % and a gap under 1 point are read', () => {
    // Read as 0.645 %, calibrate weighed every run as equally far from it and said only "outside every run".
    expect(problems('dalian,resident_rate,2015,,,0.645,%,resident_6month,,a,,', 'dalian,registered_rate,2015,,,0.712,%,registered_unstated,,b,,')).toEqual([
      "obs.csv:2: value: resident_rate of 0.645% is under 1%, which no area's is: the value is in percent, so a share of 0.645 is written 64.5 (did you mean 64.5?)",
      "obs.csv:3: value: registered_rate of 0.712% is under 1%, which no area's is: the value is in percent, so a share of 0.712 is written 71.2 (did you mean 71.2?)",
    ]);
    expect(ok('dalian,resident_rate,2015,,,1,%,resident_6month,,a,,', 'dalian,rate_gap,2015,,,0.5,%,resident_6month,,b,,').map((p) => p.value)).toEqual([0.01, 0.005]);
  });

  it('a population of no one or of more people than China has (20亿) is refused at its line; 20亿 and 1 person are read', () => {
    // calibrate ran on with 1 effective run (every weight taken by the one run nearest a figure read as 1e15 or 0 on the log scale).
    expect(problems(
      'dalian,resident_pop,2013,,,99999999999,万,resident_6month,,x,,',
      'dalian,registered_pop,2014,,,0,万人,registered_hukou,,x,,',
      'dalian,migrant_pop,2015,,,2000000001,,resident_6month,,x,,',
    )).toEqual([
      'obs.csv:2: value: resident_pop 99999999999万 is more than 20亿 persons (more people than China has); expected a population from 1 person to 20亿',
      'obs.csv:3: value: registered_pop 0万人 is less than one person; expected a population from 1 person to 20亿',
      'obs.csv:4: value: migrant_pop 2000000001 is more than 20亿 persons (more people than China has); expected a population from 1 person to 20亿',
    ]);
    expect(ok('dalian,resident_pop,2013,,,20,亿人,resident_6month,,x,,', 'dalian,registered_pop,2013,,,1,人,registered_hukou,,x,,').map((p) => p.value)).toEqual([2e9, 1]);
  });

  it('refuses a duplicate and a change of definition without a break mark, naming the earlier line', () => {
    expect(problems('dalian,registered_rate,2013,,,63.1,%,registered_unstated,,a,,', 'dalian,registered_rate,2013,,,63.2,%,registered_unstated,,b,,')).toEqual([
      'obs.csv:3: duplicate of line 2 (dalian registered_rate 2013); mark the later one break: yes if the definition changed',
    ]);
    expect(problems('dalian,registered_rate,2013,,,63.1,%,registered_unstated,,a,,', 'dalian,registered_rate,2015,,,71.2,%,registered_unified,,b,,')).toEqual([
      'obs.csv:3: definition changes from registered_unstated (line 2) to registered_unified without a break mark (write yes in the break column)',
    ]);
  });

  it('checks the header: unknown columns (did you mean) and missing required ones', () => {
    expect(() => parseObserved('area,metrc,year,value,unit,definition\n', 'h.csv')).toThrow(
      /h\.csv:1: unknown column `metrc`, did you mean `metric`\?[\s\S]*h\.csv:1: missing columns metric, source/,
    );
  });

  it('refuses a column written twice, naming both: the later one was read silently, every row\'s value from it', () => {
    // The header with `value` again at the end (columns 6 and 13), each row 1 there: the rows were read as 1 % and 1万人.
    const text = `${OBSERVED_HEADER},value\ndalian,resident_rate,2013,,,68.5,%,resident_6month,,004:891,,,1\n`;
    expect(() => parseObserved(text, 'd.csv')).toThrow(ObservedError);
    expect(() => parseObserved(text, 'd.csv')).toThrow('d.csv:1: column `value` is written twice (columns 6 and 13): expected each column once');
    expect(() => parseObserved(` area,${OBSERVED_HEADER}\n`, 'a.csv')).toThrow('a.csv:1: column `area` is written twice (columns 1 and 2)');
  });

  it('a file separated by tabs or semicolons: one problem saying so, not an unknown column of all the names', () => {
    for (const [c, words] of [['\t', 'tabs'], [';', 'semicolons']]) {
      const text = `${OBSERVED_HEADER.replaceAll(',', c)}\n${'dalian,resident_rate,2013,,,68.5,%,resident_6month,,004:891,,'.replaceAll(',', c)}\n`;
      expect(() => parseObserved(text, 's.csv')).toThrow(new ObservedError([{ file: 's.csv', line: 1, message: `the header is one column of names separated by ${words}: expected columns separated by commas (save the file as CSV with commas)` }]));
    }
  });

  it('counts lines across quoted line breaks and skips blank lines', () => {
    expect(parseCsvWithLines('a\n"x\ny"\nz\n')).toEqual({ rows: [['a'], ['x\ny'], ['z']], lines: [1, 2, 4] });
    const text = `${OBSERVED_HEADER}\ndalian,resident_rate,2013,,,68.5,%,resident_6month,,a,"two\nlines",\n\ndalian,resident_rate,2014,,,69,%,resident_6month,,,,\n`;
    expect(() => parseObserved(text, 'q.csv')).toThrow(/^q\.csv:5: source: empty/);
  });
});
