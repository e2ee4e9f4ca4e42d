import { tableFromIPC } from 'apache-arrow';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { targetsIpc } from '../../src/io/arrowTables.ts';
import type { FrontierRow } from '../../src/report/frontierRows.ts';
import { capacityChart } from '../../src/report/capacityChart.ts';
import { frontierChart } from '../../src/report/frontierChart.ts';
import { label, metricName, targetName } from '../../src/report/labels.ts';
import { pilotsChart } from '../../src/report/pilotsChart.ts';
import { renderSvg } from '../../src/report/renderSvg.ts';
import { byTargetOrder, targetRows } from '../../src/report/targetRows.ts';
import { tornadoChart } from '../../src/report/tornadoChart.ts';
import { marks } from './fixtures.ts';

const doc = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
const target = (id: string, metric: string, year: number | null, value: number, probability: number) => ({
  id, metric, year, op: year === null ? 'and' : '>=', value, met: Math.round(probability * 100), runs: 100, probability, lower: probability / 2, upper: (1 + probability) / 2,
});

describe('capacityChart', () => {
  // School demand of 40万 a year, 2013–2016, against 30万 places (short every year) or 50万 (never short).
  const rows = (places: number, [demand, supply] = ['school_demand', 'school_places']) =>
    [2013, 2014, 2015, 2016].flatMap((year) =>
      ([[demand, 400_000], [supply, places]] as const).map(([metric, v]) => ({ scenario: 's', year, metric, n: 10, unlimited: 0, mean: v, sd: 0, p5: v, p10: v, p25: v, p50: v, p75: v, p90: v, p95: v })),
    );
  const legend = (places: number, lang: 'en' | 'zh', panel: 'school' | 'housing' = 'school') => {
    const metrics: [string, string] = panel === 'school' ? ['school_demand', 'school_places'] : ['housing_demand', 'housing_units'];
    const { document } = parseHTML(`<!doctype html><html><body>${renderSvg((d) => capacityChart(rows(places, metrics), panel, { lang, document: d }))}</body></html>`);
    return [...document.querySelectorAll('g[aria-description="swatch-label"] > text')].map((t) => t.textContent);
  };
  it('names the shortage in its legend only where the median demand exceeds the places', () => {
    expect(legend(300_000, 'en')).toContain('school-place shortage (median)');
    expect(legend(300_000, 'zh')).toContain('学位缺口（中位数）');
    // 40万 within 50万 places: no red area, no swatch for one.
    expect(legend(500_000, 'en')).toEqual(['compulsory-school demand', '90% of runs (p5–p95)', 'public school places']);
    expect(legend(500_000, 'zh')).not.toContain('学位缺口（中位数）');
  });

  it('puts "median" inside the brackets a shortage\'s name already has, as the other labels do (住房缺口（套）（中位数） was printed)', () => {
    // 40万 dwellings wanted against 30万 units: short every year. The metric's names: 住房缺口（套）, housing shortage (units).
    expect(legend(300_000, 'zh', 'housing')).toContain('住房缺口（套；中位数）');
    expect(legend(300_000, 'en', 'housing')).toContain('housing shortage (units; median)');
  });
});

describe('labels', () => {
  it('names targets in both languages, percent with one decimal', () => {
    const t = { metric: 'resident_rate', op: '>=', value: 0.7140000000000001, year: 2017 };
    expect(targetName('en', t)).toBe('resident urbanization rate ≥ 71.4% in 2017');
    expect(targetName('zh', t, { short: true })).toBe('2017年 常住 ≥ 71.4%');
    expect(targetName('zh', { metric: '*', op: 'and', value: null, year: null })).toBe(label('zh', 'allTargets'));
    expect(metricName('zh', 'registered_rate')).toBe('户籍人口城镇化率');
    expect(metricName('en', 'not_a_metric')).toBe('not_a_metric');
  });
});

describe('targetRows', () => {
  it('reads the joint row with null year and value', () => {
    const rows = targetRows(tableFromIPC(targetsIpc('x', [target('a', 'resident_rate', 2020, 0.75, 0.4), target('all', '*', null, NaN, 0.4)])));
    expect(rows[0]).toMatchObject({ scenario: 'x', target: 'a', year: 2020, value: 0.75, probability: 0.4 });
    expect(rows[1]).toMatchObject({ target: 'all', year: null, value: null });
  });
});

describe('byTargetOrder', () => {
  it('orders as plans do: by year, resident first, the joint row last', () => {
    const rows = targetRows(
      tableFromIPC(
        targetsIpc('x', [
          target('all', '*', null, NaN, 0.1),
          target('reg2020', 'registered_rate', 2020, 0.7, 0.2),
          target('res2020', 'resident_rate', 2020, 0.7, 0.3),
          target('reg2017', 'registered_rate', 2017, 0.6, 0.4),
          target('res2017', 'resident_rate', 2017, 0.6, 0.5),
        ]),
      ),
    );
    expect([...rows].sort(byTargetOrder).map((t) => t.target)).toEqual(['res2017', 'reg2017', 'res2020', 'reg2020', 'all']);
  });
});

describe('pilotsChart', () => {
  it('puts the scenario with the best joint probability on top', () => {
    const names = ['low', 'high', 'mid'];
    const joint = [0.1, 0.9, 0.5];
    const results = names.flatMap((n, i) => [target('t', 'resident_rate', 2020, 0.7, joint[i]), target('all', '*', null, NaN, joint[i])]);
    const scenarios = names.flatMap((n) => [n, n]);
    const rows = targetRows(tableFromIPC(targetsIpc(scenarios, results)));
    const svg = renderSvg((document) => pilotsChart(rows, { lang: 'en', document }));
    const order = [...svg.matchAll(/<text[^>]*>(low|high|mid)<\/text>/g)].map((m) => m[1]);
    expect(order).toEqual(['high', 'mid', 'low']);
    expect(marks(svg, 'joint', 'rect')).toBe(3);
  });
});

describe('frontierChart', () => {
  it("labels each frontier point with its government cost where the scenario sets one, 0亿 where nobody settles; none where it sets none", () => {
    const row = (local: number, migrant: number, probability: number, cost: number, settled: number, frontier = true): FrontierRow => ({
      values: { local_settle_rate: local, migrant_settle_rate: migrant }, probability, lower: probability - 0.02, upper: probability + 0.02, frontier,
      settledPerYear: settled, costGovernment: cost, costEnterprise: 0, costIndividual: 0, evaluation: 1,
    });
    // At local_settle_rate 0 and migrant_settle_rate 0 nobody settles: 0 yuan; at 30 % and 0, 141亿 (141e8 / 1e8).
    const rows = [row(0, 0, 0.81, 0, 0), row(0.3, 0, 0.9, 141e8, 1e5), row(0.15, 0, 0.79, 70e8, 5e4, false)];
    const axes = { x: 'local_settle_rate', y: 'migrant_settle_rate', percentX: true, percentY: true };
    const labels = (costSet: boolean, lang: 'en' | 'zh' = 'en') =>
      [...frontierChart(rows, axes, { lang, document: doc(), costSet }).outerHTML.matchAll(/<text[^>]*>((?:P |概率 )[^<]*)<\/text>/g)].map((m) => m[1]).sort();
    expect(labels(true)).toEqual(['P 81.0% · 0亿 yuan', 'P 90.0% · 141亿 yuan']);
    expect(labels(true, 'zh')).toEqual(['概率 81.0% · 0亿元', '概率 90.0% · 141亿元']);
    expect(labels(false)).toEqual(['P 81.0%', 'P 90.0%']);
  });
});

describe('tornadoChart', () => {
  it('draws total and first-order bars per input, largest total first', () => {
    const rows = [
      { parameter: 'tfr', first: 0.02, total: 0.05, lower: 0.01, upper: 0.09 },
      { parameter: 'migrant_settle_rate', first: 0.6, total: 0.7, lower: 0.6, upper: 0.8 },
      { parameter: 'inflow', first: 0.2, total: 0.25, lower: 0.15, upper: 0.35 },
    ];
    const svg = tornadoChart(rows, { lang: 'en', document: doc() }).outerHTML;
    expect(marks(svg, 'total', 'rect')).toBe(3);
    expect(marks(svg, 'first', 'rect')).toBe(3);
    expect(marks(svg, 'interval', 'line')).toBe(3);
    const ticks = [...svg.matchAll(/<text[^>]*>(tfr|migrant_settle_rate|inflow)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['migrant_settle_rate', 'inflow', 'tfr']);
  });
});

describe('renderSvg', () => {
  it('refuses charts Plot wraps in a <figure>', () => {
    expect(() => renderSvg((document) => tornadoChart([], { lang: 'en', document }))).not.toThrow();
    expect(() =>
      renderSvg((document) => {
        const f = document.createElement('figure');
        return f;
      }),
    ).toThrow(/not <svg>/);
  });
});
