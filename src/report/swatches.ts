import * as Plot from '@observablehq/plot';

/** One legend entry: a coloured symbol and its label. */
export interface Swatch {
  readonly label: string;
  readonly color: string;
  /** A Plot symbol name (circle, diamond, square, …); a bar-like square when omitted. */
  readonly symbol?: string;
}

/**
 * A legend row drawn as Plot marks in the top margin. Plot's own legends are
 * HTML (a `<figure>` around the SVG), which a standalone SVG or resvg cannot
 * hold; these marks stay inside the `<svg>`. Entries are laid out at a fixed
 * width per character, wrapping to a new row past `width`; drawn once
 * above all facets of a faceted chart. `top` is the chart's top margin, `y`
 * the first row's distance from the chart's top edge (default 10; leave room
 * for a y-axis label, which Plot puts at the very top).
 *
 * @example
 * Plot.plot({ marginTop: 40, marks: [...swatches([{ label: '常住', color: '#4e79a7' }], { top: 40, width: 640 }), …] });
 */
export function swatches(items: readonly Swatch[], o: { top: number; width: number; left?: number; y?: number }): Plot.Markish[] {
  const charWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12 : 6.5), 0);
  let x = o.left ?? 0;
  let row = 0;
  const placed = items.map((it) => {
    const w = 18 + charWidth(it.label) + 14;
    if (x > (o.left ?? 0) && x + w > o.width) {
      x = o.left ?? 0;
      row++;
    }
    const at = { ...it, dx: x, dy: -o.top + (o.y ?? 10) + row * 16 };
    x += w;
    return at;
  });
  return placed.flatMap((p) => [
    Plot.dot([p], { frameAnchor: 'top-left', facet: 'super', dx: p.dx + 5, dy: p.dy, r: 4.5, fill: p.color, symbol: p.symbol ?? 'square', ariaDescription: 'swatch' }),
    Plot.text([p], { frameAnchor: 'top-left', facet: 'super', dx: p.dx + 14, dy: p.dy, text: (d: typeof p) => d.label, textAnchor: 'start', ariaDescription: 'swatch-label' }),
  ]);
}
