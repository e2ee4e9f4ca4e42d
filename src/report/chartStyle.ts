/**
 * Fonts and colours shared by every chart, so the CLI's SVG/PNG and the
 * notebooks look the same and a metric keeps its colour from chart to chart.
 * The font stack names CJK fonts first: Plot's default (system-ui) has no
 * Chinese glyphs under resvg, and browsers fall through to what they have.
 *
 * @example
 * Plot.plot({ style: CHART_STYLE, color: { domain: RATE_METRICS, range: RATE_METRICS.map(metricColor) } });
 */
export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Zen Hei', system-ui, sans-serif";

/**
 * The widest a page's running text is set, px: a report's whole page, the batch's reachability.html its headings, notes
 * and lists (its table and chart keep the window's width). Lines much longer are hard to read on a wide screen.
 */
export const TEXT_MAX_WIDTH = 760;

/** The size of a chart's text, px: what {@link CHART_STYLE} draws and {@link textWidth} measures by default. */
export const CHART_FONT_SIZE = 12;

/**
 * The text style of every chart (Plot's `style`): the font stack at {@link CHART_FONT_SIZE}.
 *
 * @example
 * Plot.plot({ style: CHART_STYLE, marks });
 */
export const CHART_STYLE = { fontFamily: FONT_STACK, fontSize: `${CHART_FONT_SIZE}px` };

/** The two rates every urbsim chart is about, resident first. */
export const RATE_METRICS = ['resident_rate', 'registered_rate'] as const;

// Tableau 10: distinguishable for the common colour-vision deficiencies.
const COLORS: Readonly<Record<string, string>> = {
  resident_rate: '#4e79a7',
  registered_rate: '#f28e2b',
  rate_gap: '#59a14f',
  school_demand: '#4e79a7',
  school_places: '#222222',
  migrant_children_public_share: '#b07aa1',
  housing_demand: '#76b7b2',
  housing_units: '#222222',
};
const OTHER = ['#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];

/**
 * The colour of a metric; metrics without one of their own get a stable
 * colour from their name.
 *
 * @example
 * metricColor('resident_rate'); // '#4e79a7'
 */
export function metricColor(metric: string): string {
  const c = COLORS[metric];
  if (c) return c;
  let h = 0;
  for (let i = 0; i < metric.length; i++) h = (h * 31 + metric.charCodeAt(i)) >>> 0;
  return OTHER[h % OTHER.length];
}

/**
 * The width a label takes at `size` px, a little generous so labels laid out
 * from it do not touch: Chinese characters and full-width punctuation are a
 * square em, digits and Latin letters about 0.6 em. Charts place labels
 * (legends, end labels, target values) from this before the browser or resvg
 * has measured anything.
 *
 * @example
 * textWidth('常住人口城镇化率'); // 96
 * textWidth('71.4%');            // 34
 */
export function textWidth(s: string, size = CHART_FONT_SIZE): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef) ? size : ch === ' ' ? 0.32 * size : '%MW—'.includes(ch) ? 0.9 * size : 'il.,:;|!\'()'.includes(ch) ? 0.35 * size : 0.62 * size;
  }
  return Math.ceil(w);
}

/**
 * Ticks of a year axis: whole years only (a short projection would
 * otherwise get 2013.5 printed as a second "2014"), at round steps of 1, 2,
 * 5, 10… years, as many as fit at about 56 px apart.
 *
 * @example
 * yearTicks(2013, 2020, 640); // [2013, 2014, …, 2020]
 * yearTicks(2013, 2035, 560); // [2015, 2020, 2025, 2030, 2035]
 */
export function yearTicks(first: number, last: number, width: number): number[] {
  const fit = Math.max(2, Math.floor(width / 56));
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => Math.floor((last - first) / s) + 1 <= fit) ?? 100;
  const ticks: number[] = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
  return ticks;
}

/**
 * Ticks of a value axis as Plot draws them by default (d3's steps of 1, 2 or
 * 5 × 10^k, about one per 35 px of `length`) with labels of as many
 * decimals as the step needs, so a chart can make its margin as wide as its
 * longest label: a difference of a few thousandths of a point otherwise
 * printed "−0.0020" past a fixed margin.
 *
 * @example
 * valueTicks([-0.002, 0], 260).labels; // ['−0.0020', '−0.0015', '−0.0010', '−0.0005', '0.0000']
 * valueTicks([0, 100], 260).labels;    // ['0', '10', …, '100']
 */
export function valueTicks([lo, hi]: readonly number[], length: number): { ticks: number[]; labels: string[] } {
  const raw = (hi - lo) / Math.max(1, length / 35);
  if (!(raw > 0) || !Number.isFinite(raw)) return { ticks: [lo], labels: [String(lo)] };
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const step = (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1) * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i <= Math.floor(hi / step + 1e-9); i++) ticks.push(i * step);
  // Plot's minus sign; a zero is never "−0".
  const labels = ticks.map((t) => (Math.abs(t) < step / 2 ? 0 : t).toFixed(decimals).replace('-', '−'));
  return { ticks, labels };
}
