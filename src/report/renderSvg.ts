import { parseHTML } from 'linkedom';
import { FONT_STACK, textWidth } from './chartStyle.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A chart built into a given document (every chart function takes `{ document }`). */
export type DrawChart = (document: Document) => SVGSVGElement | HTMLElement;

/**
 * Render a Plot chart on the server to standalone SVG markup, with
 * linkedom as the DOM. With `title` (and `note`) the chart is nested in an
 * outer SVG with the title above and the note below, each wrapped to the
 * chart's width (a note's lines, split at newlines, each start a line), so
 * an exported file explains itself; without, the chart's own `<svg>` is
 * returned (for inlining into HTML, where headings are HTML). Charts must be
 * pure SVG: Plot wraps charts with a legend or caption in an HTML
 * `<figure>`, which is rejected here.
 *
 * @example
 * const svg = renderSvg((document) => fanChart(summary, targets, { lang: 'zh', document }), { title: '城镇化率预测' });
 */
export function renderSvg(draw: DrawChart, o: { title?: string; note?: string } = {}): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = draw(document as unknown as Document);
  if (chart.tagName.toLowerCase() !== 'svg') throw new Error(`chart rendered as <${chart.tagName.toLowerCase()}>, not <svg>: drop Plot legends, titles and captions`);
  chart.setAttribute('xmlns', SVG_NS);
  if (!o.title && !o.note) return chart.outerHTML;
  const width = Number(chart.getAttribute('width'));
  const height = Number(chart.getAttribute('height'));
  const titleLines = o.title ? wrap(o.title, width - 24, 17) : [];
  const noteLines = o.note ? o.note.split('\n').flatMap((p) => wrap(p, width - 24, 11)) : [];
  const top = titleLines.length ? 12 + 22 * titleLines.length : 0;
  const bottom = noteLines.length ? 10 + 15 * noteLines.length : 0;
  const outer = document.createElementNS(SVG_NS, 'svg');
  outer.setAttribute('xmlns', SVG_NS);
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height + top + bottom));
  outer.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`);
  outer.setAttribute('font-family', FONT_STACK);
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width: '100%', height: '100%', fill: 'white' })) background.setAttribute(k, v);
  outer.appendChild(background);
  titleLines.forEach((line, i) => outer.appendChild(text(document, line, { x: 12, y: 23 + 22 * i, size: 17, weight: 'bold' })));
  chart.setAttribute('y', String(top));
  outer.appendChild(chart);
  noteLines.forEach((line, i) => outer.appendChild(text(document, line, { x: 12, y: top + height + 17 + 15 * i, size: 11, fill: '#555' })));
  return outer.outerHTML;
}

/** Lines of at most `width` px at `size` px ({@link textWidth}), broken at spaces, or anywhere in Chinese. */
function wrap(s: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Words, with Chinese characters each a word of its own.
  for (const word of s.match(/[\u2e80-\uffef][，。；：、）」]?|[^\s\u2e80-\uffef]+\s*|\s+/g) ?? []) {
    if (line && textWidth(line + word.trimEnd(), size) > width) {
      lines.push(line.trimEnd());
      line = word.trimStart();
    } else line += word;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

function text(document: Document, s: string, o: { x: number; y: number; size: number; weight?: string; fill?: string }): Element {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(o.x));
  t.setAttribute('y', String(o.y));
  t.setAttribute('font-size', String(o.size));
  if (o.weight) t.setAttribute('font-weight', o.weight);
  t.setAttribute('fill', o.fill ?? '#111');
  t.textContent = s;
  return t;
}
