/**
 * Fonts and colours shared by every chart, so the CLI's SVG/PNG and the
 * notebooks look the same and a metric keeps its colour from chart to chart.
 * The font stack names CJK fonts first: Plot's default (system-ui) has no
 * Chinese glyphs under resvg, and browsers fall through to what they have.
 *
 * @example
 * Plot.plot({ style: { fontFamily: FONT_STACK }, color: { domain: RATE_METRICS, range: RATE_METRICS.map(metricColor) } });
 */
export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Zen Hei', system-ui, sans-serif";

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
