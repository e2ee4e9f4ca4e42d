import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { AGES, SEXES, STATE_SIZE, Status, idx, mu, mr } from '../../src/model/layout.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { medianRun } from '../../src/report/medianRun.ts';
import { PYRAMID_STATUSES, pyramidIpc, pyramidTable } from '../../src/report/pyramidTable.ts';
import { pyramidChart, type PyramidRow } from '../../src/report/pyramidChart.ts';
import { writePyramid, pyramidYears } from '../../src/report/writePyramid.ts';
import { makeRun, marks, tmp } from './fixtures.ts';

describe('pyramidTable', () => {
  const state = new Float64Array(STATE_SIZE);
  state[idx(Status.Uu, 0, 30)] = 100;
  state[idx(Status.Ra, 1, 70)] = 7;
  state[idx(mu(0), 1, 25)] = 10;
  state[idx(mu(10), 1, 25)] = 5; // 10+ years of stay: same group as d = 0
  state[idx(mr(3), 0, 0)] = 2;

  it('has a row per year, sex, age and group, and adds migrant durations up', () => {
    const t = pyramidTable([state, state], [2013, 2014], [2014]);
    expect(t.persons.length).toBe(1 * SEXES * AGES * PYRAMID_STATUSES.length);
    const at = (sex: 'M' | 'F', age: number, status: string) => {
      for (let i = 0; i < t.persons.length; i++) if (t.sex[i] === sex && t.age[i] === age && t.status[i] === status) return t.persons[i];
      throw new Error('row missing');
    };
    expect(at('M', 30, 'Uu')).toBe(100);
    expect(at('F', 70, 'Ra')).toBe(7);
    expect(at('F', 25, 'Mu')).toBe(15);
    expect(at('M', 0, 'Mr')).toBe(2);
    expect(t.persons.reduce((a, b) => a + b, 0)).toBe(124);
    expect(new Set(t.year)).toEqual(new Set([2014]));
  });

  it('refuses years it has no state for', () => {
    expect(() => pyramidTable([state], [2013], [2020])).toThrow(/no state for year 2020/);
  });

  it('round-trips through Arrow with its metadata', () => {
    const t = tableFromIPC(pyramidIpc(pyramidTable([state], [2013]), { run: '7' }));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['year', 'sex', 'age', 'status', 'persons']);
    expect(t.schema.metadata.get('run')).toBe('7');
    expect(t.numRows).toBe(SEXES * AGES * PYRAMID_STATUSES.length);
    const persons = t.getChild('persons')!.toArray() as Float64Array;
    expect(persons.reduce((a, b) => a + b, 0)).toBe(124);
    expect(new Set(t.getChild('status')!.toArray())).toEqual(new Set(PYRAMID_STATUSES));
  });
});

describe('medianRun', () => {
  // 3 runs × 2 years; only the two rates matter.
  const rows = (rates: [number, number][][]): Float64Array => {
    const out = new Float64Array(rates.length * 2 * METRIC_COUNT);
    rates.forEach((run, r) =>
      run.forEach(([res, reg], y) => {
        out[(r * 2 + y) * METRIC_COUNT + M.resident_rate] = res;
        out[(r * 2 + y) * METRIC_COUNT + M.registered_rate] = reg;
      }),
    );
    return out;
  };

  it('picks the run nearest to the yearly medians of both rates', () => {
    // medians: year 0 (0.6, 0.5), year 1 (0.7, 0.6); run 2 is exactly on them
    const r = rows([
      [[0.5, 0.4], [0.8, 0.7]],
      [[0.7, 0.6], [0.6, 0.5]],
      [[0.6, 0.5], [0.7, 0.6]],
    ]);
    expect(medianRun(r, 2)).toBe(2);
  });

  it('ignores a run that is median in one rate but far off in the other', () => {
    const r = rows([
      [[0.6, 0.1], [0.7, 0.1]], // resident on the median, registered far below
      [[0.61, 0.5], [0.71, 0.6]],
      [[0.55, 0.55], [0.75, 0.65]],
    ]);
    expect(medianRun(r, 2)).toBe(1);
  });
});

describe('writePyramid', () => {
  it('writes the median run’s states, which add up to that run’s stored populations', async () => {
    const { dir, result } = await makeRun(tmp(), { runs: 30 });
    const { run, years } = writePyramid(dir, result);
    expect(years).toEqual(pyramidYears(result.scenario));
    expect(years).toEqual([2013, 2017, 2020]);
    const t = tableFromIPC(readFileSync(join(dir, 'pyramid.arrow')));
    expect(t.schema.metadata.get('run')).toBe(String(run));
    const nYears = result.years.length;
    const stored = (year: number, m: number) => result.rows[((run - result.runStart) * nYears + (year - 2013)) * METRIC_COUNT + m];
    const rows = t.toArray().map((r) => r.toJSON() as unknown as PyramidRow);
    for (const year of years) {
      const sum = (keep: (s: string) => boolean) => rows.filter((r) => r.year === year && keep(r.status)).reduce((a, r) => a + r.persons, 0);
      expect(sum(() => true)).toBeCloseTo(stored(year, M.total_pop), 3);
      expect(sum((s) => s !== 'Ua' && s !== 'Ra')).toBeCloseTo(stored(year, M.resident_pop), 3);
      expect(sum((s) => !s.startsWith('M'))).toBeCloseTo(stored(year, M.registered_pop), 3);
    }
  }, 30_000);

  it('refuses to write when the run does not reproduce its stored rows', async () => {
    const { dir, result } = await makeRun(tmp(), { runs: 10 });
    const tampered = { ...result, rows: result.rows.map((v, i) => (i % METRIC_COUNT === M.births ? v + 1 : v)) };
    expect(() => writePyramid(dir, tampered)).toThrow(/does not reproduce/);
  }, 30_000);
});

describe('pyramidChart', () => {
  it('draws residents only by default, with men to the left', () => {
    const rows: PyramidRow[] = [
      { year: 2013, sex: 'M', age: 30, status: 'Uu', persons: 1e4 },
      { year: 2013, sex: 'F', age: 30, status: 'Uu', persons: 2e4 },
      { year: 2013, sex: 'F', age: 40, status: 'Ua', persons: 5e4 }, // away: not a resident
    ];
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const svg = pyramidChart(rows, { lang: 'en', document: document as unknown as Document }).outerHTML;
    expect(marks(svg, 'pyramid', 'rect')).toBe(2);
    const all = pyramidChart(rows, { lang: 'en', document: document as unknown as Document, population: 'all' }).outerHTML;
    expect(marks(all, 'pyramid', 'rect')).toBe(3);
    const { document: d } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    const bars = [...d.querySelectorAll('g[aria-description="pyramid"] > rect')].map((r) => ({
      x: Number(r.getAttribute('x')),
      width: Number(r.getAttribute('width')),
    }));
    const zero = Number([...d.querySelectorAll('g[aria-label="rule"] > line')].at(-1)!.getAttribute('x1'));
    const [man, woman] = [...bars].sort((a, b) => a.x - b.x);
    expect(man.x + man.width).toBeCloseTo(zero, 0); // men end at 0 from the left
    expect(woman.x).toBeCloseTo(zero, 0); // women start at 0 to the right
    expect(woman.width).toBeCloseTo(2 * man.width, 0); // 20,000 women vs 10,000 men
  });
});
