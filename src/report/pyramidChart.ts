import * as Plot from '@observablehq/plot';
import { CHART_STYLE } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, label } from './labels.ts';
import { swatches } from './swatches.ts';

/** One row of pyramid.arrow. */
export interface PyramidRow {
  readonly year: number;
  readonly sex: string;
  readonly age: number;
  readonly status: string;
  readonly persons: number;
}

/** Which people a pyramid counts (DESIGN §3): residents live in the city, registered hold its hukou. */
export type PyramidPopulation = 'resident' | 'registered' | 'all';

const GROUPS: readonly { status: string; color: string; zh: string; en: string; resident: boolean; registered: boolean }[] = [
  { status: 'Uu', color: '#2c5d8f', zh: '城镇户籍·住城镇', en: 'urban hukou, in town', resident: true, registered: true },
  { status: 'Ur', color: '#7ea6cf', zh: '城镇户籍·住乡村', en: 'urban hukou, in village', resident: true, registered: true },
  { status: 'Ua', color: '#c6d9ec', zh: '城镇户籍·外出', en: 'urban hukou, away', resident: false, registered: true },
  { status: 'Ru', color: '#d9822b', zh: '农业户籍·住城镇', en: 'rural hukou, in town', resident: true, registered: true },
  { status: 'Rr', color: '#8c6d31', zh: '农业户籍·住乡村', en: 'rural hukou, in village', resident: true, registered: true },
  { status: 'Ra', color: '#e7cb94', zh: '农业户籍·外出', en: 'rural hukou, away', resident: false, registered: true },
  { status: 'Mu', color: '#59a14f', zh: '外来人口·住城镇', en: 'migrants, in town', resident: true, registered: false },
  { status: 'Mr', color: '#a5d49b', zh: '外来人口·住乡村', en: 'migrants, in village', resident: true, registered: false },
];

/**
 * A population pyramid by single year of age: men to the left, women to
 * the right, each bar split by status group (hukou × where people live),
 * one panel per year. `population` chooses whom to count: residents (the
 * denominator of the resident rate), registered persons (that of the
 * registered rate) or both.
 *
 * @example
 * pyramidChart(rows, { lang: 'zh', years: [2013, 2035], population: 'resident' });
 */
export function pyramidChart(
  rows: readonly PyramidRow[],
  o: ChartOptions & { years?: readonly number[]; population?: PyramidPopulation },
): SVGSVGElement | HTMLElement {
  const population = o.population ?? 'resident';
  const groups = GROUPS.filter((g) => population === 'all' || g[population]);
  const keep = new Set(groups.map((g) => g.status));
  const years = o.years ?? [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const data = rows.filter((r) => keep.has(r.status) && years.includes(r.year) && r.persons > 0);
  const width = o.width ?? 720;
  const marginLeft = 44;
  const legend = swatches(groups.map((g) => ({ label: groupName(o.lang, g), color: g.color })), { width: width - 20, left: 10 - marginLeft, y: 28 });
  // Below the age title (Plot puts it at the very top), with room for the year above each panel.
  const marginTop = legend.bottom + (years.length > 1 ? 26 : 12);
  const signed = (d: PyramidRow) => (d.sex === 'M' ? -d.persons : d.persons) / 1e4;
  const color = { domain: groups.map((g) => g.status), range: groups.map((g) => g.color) };
  // Persons of each year, sex and age across the groups drawn, for the tooltip.
  const totals = new Map<string, number>();
  for (const r of data) totals.set(`${r.year} ${r.sex} ${r.age}`, (totals.get(`${r.year} ${r.sex} ${r.age}`) ?? 0) + r.persons);
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? 480,
    marginTop,
    marginLeft,
    marginBottom: 52,
    style: CHART_STYLE,
    // The title under the ticks, centred: between the panels it ran into their middle ticks.
    x: { label: o.lang === 'zh' ? `← ${label(o.lang, 'male')}　人口（万人）　${label(o.lang, 'female')} →` : `← ${label(o.lang, 'male')} · persons (10,000s) · ${label(o.lang, 'female')} →`, labelAnchor: 'center', labelArrow: 'none', labelOffset: 40, tickFormat: (v: number) => String(Math.abs(v)), grid: true },
    y: { label: label(o.lang, 'age'), domain: [0, 101], ticks: [0, 20, 40, 60, 80, 100] },
    fx: years.length > 1 ? { label: null, tickFormat: (y: number) => (o.lang === 'zh' ? `${y}年` : String(y)), axis: 'top' } : undefined,
    color,
    marks: [
      ...legend.marks(marginTop),
      Plot.rectX(
        data,
        Plot.stackX({
          x: signed,
          y1: 'age',
          y2: (d: PyramidRow) => d.age + 1,
          fill: 'status',
          fx: years.length > 1 ? 'year' : undefined,
          order: groups.map((g) => g.status),
          ariaDescription: 'pyramid',
          // In a page (no document given), a tooltip per bar, as the other charts have.
          ...(o.document === undefined ? { title: (d: PyramidRow) => pyramidTip(o.lang, d, groups, totals), tip: true } : {}),
        }),
      ),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * A pyramid tooltip: year, age and sex, the group and its persons, and all
 * persons of that age and sex drawn; persons in 万 to one decimal from 1万
 * up, whole persons below. One run, so no range across runs.
 */
function pyramidTip(lang: Lang, d: PyramidRow, groups: typeof GROUPS, totals: ReadonlyMap<string, number>): string {
  const g = groups.find((x) => x.status === d.status);
  const n = (x: number) => (x >= 1e4 ? `${(x / 1e4).toFixed(1)}万` : Math.round(x).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'));
  const all = totals.get(`${d.year} ${d.sex} ${d.age}`) ?? d.persons;
  const sex = label(lang, d.sex === 'M' ? 'male' : 'female');
  return lang === 'zh'
    ? `${d.year}年 · ${d.age}岁${d.age === 100 ? '及以上' : ''} · ${sex}\n${g ? groupName(lang, g) : d.status} ${n(d.persons)}人\n该年龄${sex}性合计 ${n(all)}人`
    : `${d.year} · age ${d.age}${d.age === 100 ? '+' : ''} · ${sex}\n${g ? groupName(lang, g) : d.status}: ${n(d.persons)} persons\nall ${sex} persons of this age: ${n(all)}`;
}

function groupName(lang: Lang, g: { zh: string; en: string }): string {
  return g[lang];
}
