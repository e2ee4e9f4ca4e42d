import * as Plot from '@observablehq/plot';
import { textWidth } from './chartStyle.ts';

/** One legend entry: a coloured symbol and its label. */
export interface Swatch {
  readonly label: string;
  readonly color: string;
  /** A Plot symbol name (circle, diamond, square, …), or `line` for a line; a bar-like square when omitted. */
  readonly symbol?: string;
  /** Fill opacity of a square (a band's shade). */
  readonly opacity?: number;
  /** An open symbol (outlined, white inside), as targets are drawn. */
  readonly hollow?: boolean;
  /** A dashed line (`line` symbol), as supply is drawn. */
  readonly dash?: string;
}

/** A laid-out legend: how far down the chart it reaches, and its marks once the chart's top margin is known. */
export interface Legend {
  /** Distance from the chart's top edge to below the last row. */
  readonly bottom: number;
  readonly marks: (marginTop: number) => Plot.Markish[];
}

const ROW = 17;
// A horizontal stroke as a d3-style symbol, for a median line in a legend.
const LINE = { draw(context: CanvasPath, size: number) { const w = Math.sqrt(size) * 1.5; context.moveTo(-w / 2, 0); context.lineTo(w / 2, 0); } };

/**
 * A legend drawn as Plot marks in the chart's top margin. Plot's own legends
 * are HTML (a `<figure>` around the SVG), which a standalone SVG or resvg
 * cannot hold; these marks stay inside the `<svg>`, drawn once above all
 * facets. Entries are laid out by their measured width ({@link textWidth}),
 * wrapping to a new row past `width`; the chart then makes its top margin at
 * least `bottom` plus what its y-axis label needs, so no row lands on an axis.
 *
 * @example
 * const legend = swatches([{ label: '常住', color: '#4e79a7' }], { width: 640 });
 * const marginTop = legend.bottom + 24;
 * Plot.plot({ marginTop, marks: [...legend.marks(marginTop), …] });
 */
export function swatches(items: readonly Swatch[], o: { width: number; left?: number; y?: number }): Legend {
  const left = o.left ?? 0;
  const top = o.y ?? 10;
  let x = left;
  let row = 0;
  const placed = items.map((it) => {
    const w = 18 + textWidth(it.label) + 16;
    if (x > left && x + w > left + o.width) {
      x = left;
      row++;
    }
    const at = { ...it, x, y: top + row * ROW };
    x += w;
    return at;
  });
  const bottom = placed.length ? top + row * ROW + 10 : 0;
  return {
    bottom,
    marks: (marginTop) =>
      placed.flatMap((p) => {
        const dy = p.y - marginTop;
        const line = p.symbol === 'line';
        return [
          Plot.dot([p], {
            frameAnchor: 'top-left', facet: 'super', dx: p.x + 5, dy, r: line ? 5 : 4.5,
            symbol: line ? LINE : (p.symbol ?? 'square'),
            fill: line || p.hollow ? 'white' : p.color, fillOpacity: p.opacity,
            stroke: line || p.hollow ? p.color : 'none', strokeWidth: line ? 2.5 : p.hollow ? 2 : undefined, strokeDasharray: p.dash,
            ariaDescription: 'swatch',
          }),
          Plot.text([p], { frameAnchor: 'top-left', facet: 'super', dx: p.x + 14, dy, text: (d: typeof p) => d.label, textAnchor: 'start', lineAnchor: 'middle', ariaDescription: 'swatch-label' }),
        ];
      }),
  };
}
