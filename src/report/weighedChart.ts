import * as Plot from '@observablehq/plot';
import { CHART_STYLE, RATE_METRICS, metricColor, yearTicks } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { RATE_KIND, type Lang, label, metricName, targetName } from './labels.ts';
import { rangeText } from './rangeText.ts';
import { reachabilityOrder } from './pilotsChart.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';
import { SMALL_ESS } from './batchMarks.ts';
import type { WeighedForecast } from './weighedForecast.ts';
import type { TargetRow } from './targetRows.ts';

/**
 * The weighed answer's chart: a panel per rate, the plain runs' 80 % band (p10–p90) and median as a pale band and a
 * line over every year, the runs weighed by the area's own figures as a dark bar (p10–p90) and a circle (median) in
 * each year after the last of those figures, joined by a dashed line; the rate figures they were weighed by as black
 * squares and the plan's rate targets as diamonds. Mark groups carry aria-labels (`band-80`, `median`,
 * `weighed-interval`, `weighed-median`, `figure`, `weighed-chart-target`: not `target`, which the page beside counts) that tests count. In a page (no `document`) a weighed bar
 * has a tooltip: year, weighed median and p10–p90, the plain ones beside.
 *
 * @example
 * weighedChart(summaryRows(summary), weighedForecast(readWeighed('out/pilots/weihai'))!, targets, { lang: 'en' });
 */
export function weighedChart(summary: readonly SummaryRow[], w: WeighedForecast, targets: readonly TargetRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const metrics = RATE_METRICS.filter((m) => summary.some((r) => r.metric === m && Number.isFinite(r.p50)) || w.rows.some((r) => r.metric === m));
  const inPercent = (r: Pick<SummaryRow, 'metric' | 'year' | 'p10' | 'p50' | 'p90'>) => ({ metric: r.metric, year: r.year, p10: r.p10 * 100, p50: r.p50 * 100, p90: r.p90 * 100 });
  const plain = summary.filter((r) => (metrics as readonly string[]).includes(r.metric) && Number.isFinite(r.p10) && Number.isFinite(r.p90)).map(inPercent);
  const weighed = w.rows.map(inPercent);
  const figures = w.figures.map((f) => ({ ...f, v: f.value * 100 }));
  const goals = targets.filter((t) => (metrics as readonly string[]).includes(t.metric) && t.year !== null && t.value !== null).map((t) => ({ ...t, v: (t.value as number) * 100 }));
  const width = o.width ?? 720;
  const height = o.height ?? 340;
  const marginLeft = 44;
  const marginRight = 16;
  const years = [...plain, ...weighed].map((r) => r.year);
  const first = Math.min(...years, ...figures.map((f) => f.year));
  const last = Math.max(...years);
  const zh = o.lang === 'zh';
  const from = w.through + 1;
  const legend = swatches(
    [
      { label: label(o.lang, 'band80Runs'), color: '#8a9bb3', opacity: 0.3 },
      { label: label(o.lang, 'median'), color: '#555555', symbol: 'line' },
      { label: zh ? `加权后 80%（p10–p90），${from}年起` : `weighed: 80% (p10–p90), from ${from}`, color: '#555555' },
      { label: label(o.lang, 'weighedMedian'), color: '#555555', symbol: 'circle', hollow: true },
      ...(figures.length ? [{ label: label(o.lang, 'weighedFigure'), color: '#111111', symbol: 'square' }] : []),
      ...(goals.length ? [{ label: label(o.lang, 'planTarget'), color: '#555555', symbol: 'diamond', hollow: true }] : []),
    ],
    // Below the y-axis title, which Plot puts at the very top.
    { width: width - marginLeft - 10, y: 28 },
  );
  // The panels' names sit under the legend, above the frame.
  const marginTop = legend.bottom + 30;
  const kind = (m: string) => RATE_KIND[m]?.[o.lang] ?? metricName(o.lang, m);
  const tip = (d: (typeof weighed)[number]) => {
    const p = plain.find((r) => r.metric === d.metric && r.year === d.year);
    const v = (x: number) => `${x.toFixed(1)}%`;
    const range = (a: number, b: number) => rangeText(o.lang, v(a), v(b));
    return zh
      ? `${d.year}年 ${kind(d.metric)}\n加权后中位数 ${v(d.p50)}，80% 在 ${range(d.p10, d.p90)}${p ? `\n未加权中位数 ${v(p.p50)}，80% 在 ${range(p.p10, p.p90)}` : ''}`
      : `${d.year} ${kind(d.metric)}\nweighed median ${v(d.p50)}, 80% in ${range(d.p10, d.p90)}${p ? `\nplain median ${v(p.p50)}, 80% in ${range(p.p10, p.p90)}` : ''}`;
  };
  return Plot.plot({
    document: o.document,
    width,
    height,
    marginTop,
    marginLeft,
    marginRight,
    marginBottom: 28,
    style: CHART_STYLE,
    fx: { domain: metrics, label: null, tickFormat: (m: string) => metricName(o.lang, m), axis: 'top', padding: 0.12 },
    x: { domain: [first, last], label: null, ticks: yearTicks(first, last, (width - marginLeft - marginRight) / metrics.length - 20), tickFormat: 'd', inset: 8 },
    y: { label: `${label(o.lang, 'urbanizationRate')} (%)`, grid: true, nice: true, insetTop: 4 },
    marks: [
      ...legend.marks(marginTop),
      Plot.frame({ stroke: '#dddddd' }),
      Plot.areaY(plain, { x: 'year', y1: 'p10', y2: 'p90', fx: 'metric', fill: (d: { metric: string }) => metricColor(d.metric), fillOpacity: 0.2, ariaDescription: 'band-80' }),
      Plot.lineY(plain, { x: 'year', y: 'p50', fx: 'metric', stroke: (d: { metric: string }) => metricColor(d.metric), strokeWidth: 1.5, ariaDescription: 'median' }),
      Plot.lineY(weighed, { x: 'year', y: 'p50', fx: 'metric', stroke: '#333333', strokeWidth: 1, strokeDasharray: '3,3', ariaDescription: 'weighed-median-line' }),
      Plot.ruleX(weighed, { x: 'year', y1: 'p10', y2: 'p90', fx: 'metric', stroke: '#333333', strokeWidth: 4, strokeOpacity: 0.75, ariaDescription: 'weighed-interval', title: (d: (typeof weighed)[number]) => tip(d) }),
      Plot.dot(weighed, { x: 'year', y: 'p50', fx: 'metric', r: 3.2, fill: 'white', stroke: '#333333', strokeWidth: 1.5, ariaDescription: 'weighed-median' }),
      Plot.dot(figures, { x: 'year', y: 'v', fx: 'metric', symbol: 'square', r: 3.5, fill: '#111111', ariaDescription: 'figure', title: (d: { year: number; v: number }) => `${zh ? `${d.year}年实际` : `observed ${d.year}`} ${d.v.toFixed(2)}%` }),
      Plot.dot(goals, { x: 'year', y: 'v', fx: 'metric', symbol: 'diamond', r: 5, fill: 'white', stroke: (d: TargetRow) => metricColor(d.metric), strokeWidth: 2, ariaDescription: 'weighed-chart-target', title: (d: TargetRow) => targetName(o.lang, d) }),
    ],
  });
}

/**
 * The weighed chart's title: where the runs weighed by the area's own figures put the last year's rates, the rate
 * whose weighed median moves most from the plain one named, with both 80 % intervals.
 *
 * @example
 * weighedFinding('en', summary, forecast);
 * // 'Weighed by its own figures to 2015, the 2020 registered rate's median is 52.7% (80%: 49.6%–59.1%), plain 55.1% (49.6%–65.8%)'
 */
export function weighedFinding(lang: Lang, summary: readonly SummaryRow[], w: WeighedForecast): string {
  const last = Math.max(...w.rows.map((r) => r.year));
  const plainAt = (m: string) => summary.find((r) => r.metric === m && r.year === last);
  const moved = w.rows
    .filter((r) => r.year === last)
    .map((r) => ({ r, p: plainAt(r.metric) }))
    .sort((a, b) => Math.abs(b.r.p50 - (b.p?.p50 ?? b.r.p50)) - Math.abs(a.r.p50 - (a.p?.p50 ?? a.r.p50)))[0];
  const v = (x: number) => `${(x * 100).toFixed(1)}%`;
  const { r, p } = moved;
  const zh = lang === 'zh';
  const plainText = p ? (zh ? `，未加权 ${v(p.p50)}（${rangeText(lang, v(p.p10), v(p.p90))}）` : `, plain ${v(p.p50)} (${rangeText(lang, v(p.p10), v(p.p90))})`) : '';
  return zh
    ? `按本地区基期后至${w.through}年的实际数据加权：${last}年${RATE_KIND[r.metric]?.zh ?? metricName(lang, r.metric)}人口城镇化率中位数 ${v(r.p50)}（80%：${rangeText(lang, v(r.p10), v(r.p90))}）${plainText}`
    : `Weighed by its own figures to ${w.through}, the ${last} ${RATE_KIND[r.metric]?.en ?? r.metric} rate's median is ${v(r.p50)} (80%: ${rangeText(lang, v(r.p10), v(r.p90))})${plainText}`;
}

/**
 * How to read the weighed chart, in one sentence (and one more where the effective runs are few). Where the runs weighed
 * were drawn again (`redrawn`), the note says so: they are not the pale band's runs.
 *
 * @example
 * weighedChartNote('en', { through: 2015, kishRuns: 38 } as WeighedForecast);
 */
export function weighedChartNote(lang: Lang, w: Pick<WeighedForecast, 'through' | 'kishRuns' | 'redrawn'>): string {
  const n = Math.round(w.kishRuns);
  const from = w.through + 1;
  if (lang === 'zh') {
    const runs = w.redrawn === undefined
      ? '按本地区基期后的实际数据（黑色方块）加权的模拟'
      : `另抽的 ${w.redrawn.toLocaleString('en')} 次模拟（本情景的参数已用这些实际数据拟合，直接加权会重复计算；故按无本地数据的地区的参数分布计，其中一半模拟按本情景自身的参数抽取，再按密度之比加权回去）按本地区基期后的实际数据（黑色方块）加权`;
    return `深色竖条和圆点：${runs}，${from}年起（最后一个实际数据的次年；此前各年已由实际数据确定，不是预测）每年的 80% 区间（p10–p90）和中位数；浅色带和线：未加权模拟（每次模拟同等计数）的 80% 区间和中位数；菱形为规划目标。${
      w.kishRuns < SMALL_ESS ? `加权后有效运行仅 ${n} 次：深色竖条只是粗略估计。` : ''
    }`;
  }
  const runs = w.redrawn === undefined
    ? 'the runs weighed by'
    : `${w.redrawn.toLocaleString('en')} runs drawn again with the laws an area without these figures draws (the scenario's laws were fitted to them, so weighing its own runs would count them twice; half the runs draw the scenario's own laws and are weighed back to those), weighed by`;
  return `Dark bars and circles: ${runs} the area's own figures after its base year (black squares), their 80 % (p10–p90) and median in each year from ${from}, the year after the last figure (the years up to it are conditioned on the figures, not forecast); pale band and line: the plain runs' 80 % and median, every run counting once; diamonds: plan targets.${
    w.kishRuns < SMALL_ESS ? ` Only ${n.toLocaleString('en')} effective run${n === 1 ? '' : 's'} weigh: the dark bars are rough.` : ''
  }`;
}

/**
 * A batch's weighed scenarios in its table's order (most reachable first, {@link reachabilityOrder}): the order the
 * report and the pilots notebook draw their charts in. Those with no row in the table are left out: a weighed scenario
 * has targets, so it is a folder an earlier batch into the same --out left (`batch a.yaml b.yaml`, then `batch
 * a.yaml`), whose answer the table and reachability.md beside the charts do not hold.
 *
 * @example
 * inTableOrder(folder.weighed ?? [], folder.targets).map((w) => w.scenario); // ['luoyang', 'dalian', …]
 */
export function inTableOrder<T extends { readonly scenario: string }>(items: readonly T[], targets: readonly TargetRow[]): T[] {
  const order = reachabilityOrder(targets);
  return items.filter((w) => order.includes(w.scenario)).sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
}
