import { tableFromArrays, tableFromIPC } from 'apache-arrow';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { registeredGainIpc } from '../../src/io/arrowTables.ts';
import type { GainStats, RegisteredGain } from '../../src/montecarlo/registeredGain.ts';
import { InputError } from '../../src/inputError.ts';
import { gainChart, gainChartNote, gainFinding } from '../../src/report/gainChart.ts';
import { gainSplit } from '../../src/report/gainSplit.ts';
import { gainTable } from '../../src/report/gainTable.ts';
import { label } from '../../src/report/labels.ts';

const s = (mean: number, p10 = mean, p90 = mean): GainStats => ({ mean, p10, p50: mean, p90, n: 100 });

/**
 * A split written as urbsim writes registered_gain.arrow, of figures made up by hand: 2017 −0.2, +5.7, +3.2, +0.7,
 * +1.0 points (total +10.4), 2020 −0.3, +8.5, +3.2, +1.4, +1.6 (total +14.4, the sum by hand).
 */
const HAND: RegisteredGain = {
  baseYear: 2013,
  reading: { definition: 'hukou', denominator: 'registered' },
  unsplitRuns: 0,
  largestGap: 0,
  years: [
    {
      year: 2017, from: 0.631, to: 0.735,
      total: s(0.104, 0.052, 0.18),
      parts: { population: s(-0.002, -0.004, -0.001), conversion: s(0.057, 0.006, 0.15), change_of_count: s(0.032), locals_settling: s(0.007), migrants_settling: s(0.01) },
    },
    {
      year: 2020, from: 0.631, to: 0.775,
      total: s(0.144, 0.076, 0.238),
      parts: { population: s(-0.003, -0.006, -0.001), conversion: s(0.085, 0.013, 0.195), change_of_count: s(0.032, 0.013, 0.055), locals_settling: s(0.014, 0.006, 0.022), migrants_settling: s(0.016, 0.01, 0.024) },
    },
  ],
};
const split = gainSplit(tableFromIPC(registeredGainIpc('dalian', HAND)));

describe('registered_gain.arrow read back for the report and the notebook (gainSplit)', () => {
  it('a year per target year, ascending; each part and the total as written', () => {
    expect(split.scenario).toBe('dalian');
    expect(split.baseYear).toBe(2013);
    expect(split.definition).toBe('hukou/registered');
    expect(split.years.map((y) => y.year)).toEqual([2017, 2020]);
    expect(split.years[1].parts.conversion).toEqual({ mean: 0.085, p10: 0.013, p50: 0.085, p90: 0.195, n: 100 });
    expect(split.years[1].total.mean).toBe(0.144);
    // The parts as written add up to the total: −0.003 + 0.085 + 0.032 + 0.014 + 0.016 = 0.144.
    expect(Object.values(split.years[1].parts).reduce((a, p) => a + p.mean, 0)).toBeCloseTo(0.144, 15);
  });

  it('a table that is not one says what is wrong with it', () => {
    const one = (part: string[], year = part.map(() => 2020)) =>
      tableFromArrays({ year: Int32Array.from(year), base_year: Int32Array.from(year.map(() => 2013)), part, mean: Float64Array.from(part.map(() => 0.01)), p10: Float64Array.from(part.map(() => 0)), p50: Float64Array.from(part.map(() => 0)), p90: Float64Array.from(part.map(() => 0)), n: Int32Array.from(part.map(() => 3)) });
    expect(() => gainSplit(one(['total']))).toThrow(new InputError('not a registered_gain table: 2020 has no population, conversion, change_of_count, locals_settling, migrants_settling rows'));
    expect(() => gainSplit(one(['settlement']))).toThrow(new InputError('not a registered_gain table: part "settlement" in row 1, expected one of population, conversion, change_of_count, locals_settling, migrants_settling, total'));
    expect(() => gainSplit(one(['total', 'total']))).toThrow(new InputError('not a registered_gain table: 2020 has two total rows'));
    expect(() => gainSplit(tableFromArrays({ year: Int32Array.of(2020), part: ['total'] }))).toThrow(InputError);
  });

  it('values no run writes: said with the row, not drawn (a file made by hand, its manifest resealed)', () => {
    // HAND's table with one column replaced: what the report drew from such a file was "from 2013 to 2020.5", a bar of NaN.
    const base = tableFromIPC(registeredGainIpc('dalian', HAND));
    const cols = Object.fromEntries(base.schema.fields.map((f) => [f.name, [...base.getChild(f.name)!.toArray()] as unknown[]]));
    const made = (change: Record<string, unknown[]>) => {
      const c = { ...cols, ...change };
      return tableFromArrays({ year: Float64Array.from(c.year as number[]), base_year: Float64Array.from(c.base_year as number[]), part: (c.part as unknown[]).map(String), mean: Float64Array.from(c.mean as number[]), p10: Float64Array.from(c.p10 as number[]), p50: Float64Array.from(c.p50 as number[]), p90: Float64Array.from(c.p90 as number[]), n: Float64Array.from(c.n as number[]) });
    };
    // Rows in writing order: 2017's population first (mean −0.002, p10 −0.004, p50 −0.002, p90 −0.001, n 100).
    expect(() => gainSplit(made({ year: (cols.year as number[]).map((y) => y + 0.5) }))).toThrow(new InputError('not a registered_gain table: row 1 (population): years 2017.5 and 2013, expected whole years'));
    expect(() => gainSplit(made({ year: (cols.year as number[]).map(() => 2013) }))).toThrow(new InputError('not a registered_gain table: row 1 (population): year 2013, expected one after the base year 2013'));
    expect(() => gainSplit(made({ n: (cols.n as number[]).map(() => -1) }))).toThrow(new InputError('not a registered_gain table: row 1 (population): n -1, expected a whole number of runs'));
    expect(() => gainSplit(made({ mean: (cols.mean as number[]).map(() => NaN) }))).toThrow(new InputError('not a registered_gain table: row 1 (population): mean NaN, p10 -0.004, p50 -0.002, p90 -0.001, expected finite numbers where n counts runs'));
    expect(() => gainSplit(made({ p90: (cols.p90 as number[]).map(() => -1) }))).toThrow(new InputError('not a registered_gain table: row 1 (population): p10 -0.004, p50 -0.002, p90 -1, expected in that order'));
    expect(() => gainSplit(made({ year: [], base_year: [], part: [], mean: [], p10: [], p50: [], p90: [], n: [] }))).toThrow(new InputError('not a registered_gain table: no rows, expected one per registered target year and part'));
    // n 0 (no run gave a finite value): NaN statistics, as the writer leaves them, pass.
    expect(gainSplit(made({ mean: (cols.mean as number[]).map(() => NaN), p10: (cols.p10 as number[]).map(() => NaN), p50: (cols.p50 as number[]).map(() => NaN), p90: (cols.p90 as number[]).map(() => NaN), n: (cols.n as number[]).map(() => 0) })).years).toHaveLength(2);
  });
});

describe('the split in words and in a table', () => {
  it('the title answers settlement against conversion in the last target year, settlement the locals and migrants summed by hand', () => {
    expect(gainFinding('en', split)).toBe('The registered rate rises 14.4 points from 2013 to 2020 (mean of runs): conversion in place +8.5, settlement +3.0 (locals +1.4, migrants +1.6), change of count +3.2');
    expect(gainFinding('zh', split)).toBe('2013–2020年户籍人口城镇化率平均提高14.4个百分点：就地农转非+8.5，落户+3.0（本地人口+1.4，外来人口+1.6），统计口径调整+3.2');
    // A fall, and no change of count: said so, and the nil part left out of the title.
    const fall = gainSplit(tableFromIPC(registeredGainIpc('x', { ...HAND, years: [{ ...HAND.years[0], total: s(-0.012), parts: { population: s(-0.03), conversion: s(0.01), change_of_count: s(0), locals_settling: s(0.005), migrants_settling: s(0.003) } }] })));
    expect(gainFinding('en', fall)).toBe('The registered rate falls 1.2 points from 2013 to 2017 (mean of runs): conversion in place +1.0, settlement +0.8 (locals +0.5, migrants +0.3)');
    expect(gainFinding('zh', fall)).toBe('2013–2017年户籍人口城镇化率平均下降1.2个百分点：就地农转非+1.0，落户+0.8（本地人口+0.5，外来人口+0.3）');
  });

  it('a row per part in the engine\'s order, then the total; a column per target year; means and p10–p90 in points', () => {
    const t = gainTable('en', split);
    expect(t.head).toEqual(['source', '2013–2017', '2013–2020']);
    expect(t.rows.map((r) => r.name)).toEqual(['population', 'conversion in place', 'change of count', 'locals settling', 'migrants settling', 'total']);
    expect(t.rows.map((r) => r.cells[1].mean)).toEqual(['−0.3', '+8.5', '+3.2', '+1.4', '+1.6', '+14.4']);
    expect(t.rows[5].cells[1].range).toBe('(+7.6 to +23.8)');
    expect(t.rows[0].cells[0].range).toBe('(−0.4 to −0.1)');
    expect(gainTable('zh', split).rows[5].cells[1]).toEqual({ mean: '+14.4', range: '（+7.6 至 +23.8）' });
    expect(gainTable('zh', split).head).toEqual(['来源', '2013–2017年', '2013–2020年']);
  });

  it('the note says what the split cannot tell apart in the run', () => {
    expect(gainChartNote('en', split)).toBe(label('en', 'readGain'));
    const residence = { ...split, definition: 'residence/registered', unsplitRuns: 3, reclassHukou: true };
    expect(gainChartNote('en', residence)).toBe(`${label('en', 'readGain')} ${label('en', 'gainResidence')} ${label('en', 'gainReclass')} In 3 runs the source groups rural_students or veterans settled villagers the flows do not tell from town dwellers: they count under population.`);
    expect(gainChartNote('zh', residence)).toContain('其中 3 次模拟中');
  });
});

describe('the waterfall chart', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = (gainChart(split, { lang: 'en', document }) as SVGSVGElement).outerHTML;
  const { document: d } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  const all = (description: string, element: string) => [...d.querySelectorAll(`g[aria-description="${description}"] ${element}`)];

  it('a bar per part and a total per target year, each labelled with its mean', () => {
    expect(all('gain-part', 'rect')).toHaveLength(10);
    expect(all('gain-total', 'rect')).toHaveLength(2);
    expect(all('gain-total-interval', 'line')).toHaveLength(2);
    expect(all('gain-label', 'text').map((t) => t.textContent)).toEqual(['−0.2', '+5.7', '+3.2', '+0.7', '+1.0', '+10.4', '−0.3', '+8.5', '+3.2', '+1.4', '+1.6', '+14.4']);
    expect(svg).toContain('2013–2017');
    expect(svg).toContain('2013–2020');
  });

  it('each bar starts where the one before ends, and the last part ends where the total does', () => {
    // Per panel (facet group): the rects in order population … migrants; x scale shared, so pixels compare.
    const ends = (r: Element) => {
      const x = Number(r.getAttribute('x'));
      return [x, x + Number(r.getAttribute('width'))];
    };
    const panels = [...d.querySelectorAll('g[aria-description="gain-part"] > g')];
    const totals = [...d.querySelectorAll('g[aria-description="gain-total"] > g')];
    expect(panels).toHaveLength(2);
    panels.forEach((panel, i) => {
      const bars = [...panel.querySelectorAll('rect')].map(ends);
      // population is negative: it runs from 0 leftwards; conversion starts at its left end.
      const [zero] = ends(totals[i].querySelector('rect')!);
      expect(bars[0][1]).toBeCloseTo(zero, 1);
      expect(bars[1][0]).toBeCloseTo(bars[0][0], 1);
      for (let k = 2; k < bars.length; k++) expect(bars[k][0]).toBeCloseTo(bars[k - 1][1], 1);
      expect(bars[4][1]).toBeCloseTo(ends(totals[i].querySelector('rect')!)[1], 1);
    });
  });

  it('in Chinese: the parts by their Chinese names, no English', () => {
    const zh = (gainChart(split, { lang: 'zh', document }) as SVGSVGElement).outerHTML;
    for (const name of ['人口变动', '就地农转非', '统计口径调整', '本地人口落户', '外来人口落户', '合计', '2013–2020年', '百分点']) expect(zh).toContain(name);
    expect(zh).not.toMatch(/conversion|settling|population|points/);
  });
});
