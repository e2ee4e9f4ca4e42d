import type { Page } from 'playwright-core';

/** A text of a chart that is cut off or overlaps another. */
export interface TextProblem {
  readonly chart: string;
  readonly problem: string;
}

/**
 * Every text of every chart (top-level `<svg>`) on the page, as the browser
 * laid it out: texts whose boxes overlap, and texts that stick out of their
 * chart (where an SVG clips them). Boxes are the rendered ones
 * (getBoundingClientRect, so transforms and text anchors count), shrunk to
 * the glyphs' em box: a font's line box is taller than its letters, and two
 * rows of tick labels 16 px apart do not collide. The em box stands on the
 * baseline as the font sets it (Noto Sans CJK at 12 px: 10.56 px above it,
 * 1.44 px below), not around the line box's middle, which lies 0.94 px
 * higher (14 px above the baseline, 3 below). A white halo (stroke)
 * counts: a halo over another label hides it. Tooltips are left out.
 * A text over a drawn series (a Plot line, e.g. a median) is a problem too:
 * its halo erases the line where it crosses.
 */
export async function textProblems(page: Page, selector = 'svg'): Promise<TextProblem[]> {
  return page.evaluate((sel) => {
    const out: { chart: string; problem: string }[] = [];
    const charts = [...document.querySelectorAll<SVGSVGElement>(sel)].filter((s) => !s.parentElement?.closest('svg'));
    charts.forEach((svg, c) => {
      const name = `${svg.closest('section')?.id ?? svg.closest('[id]')?.id ?? ''}#${c}`;
      const frame = svg.getBoundingClientRect();
      // A tooltip (Plot's tip, shown while pointing) lies over the chart by design: not part of its layout.
      const measure = document.createElement('canvas').getContext('2d')!;
      const boxes = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '' && t.getClientRects().length > 0 && !t.closest('g[aria-label="tip"]'))
        .map((t) => {
          const r = t.getBoundingClientRect();
          const style = getComputedStyle(t);
          const size = parseFloat(style.fontSize) || 12;
          const halo = style.stroke !== 'none' ? (parseFloat(style.strokeWidth) || 0) / 2 : 0;
          // The em box: its foot the font's ideographic baseline, that far under the baseline (the line box's bottom less
          // the font's descent, as the browser rounds it); its top one font size above. Measured in the text's font by
          // its longhands: style.font is '' where one has no shorthand (Plot's tick labels' font-variant), and the canvas
          // then measured its own 10 px default.
          measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const m = measure.measureText(t.textContent ?? '');
          const bottom = r.bottom - m.fontBoundingBoxDescent - m.ideographicBaseline;
          return { text: (t.textContent ?? '').trim().slice(0, 40), left: r.left - halo, right: r.right + halo, top: bottom - size - halo, bottom: bottom + halo };
        });
      for (const b of boxes)
        if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 2 || b.bottom > frame.bottom + 2)
          out.push({ chart: name, problem: `"${b.text}" sticks out of the chart` });
      // Points along every line mark, every 2 px, in page coordinates.
      const linePoints = [...svg.querySelectorAll<SVGPathElement>('g[aria-label="line"] path')].flatMap((path) => {
        const length = path.getTotalLength();
        const m = path.getScreenCTM();
        if (!m || !(length > 0)) return [];
        return Array.from({ length: Math.ceil(length / 2) + 1 }, (_, k) => path.getPointAtLength(Math.min(length, 2 * k)).matrixTransform(m));
      });
      for (const b of boxes) {
        const hit = linePoints.some((p) => p.x > b.left + 1 && p.x < b.right - 1 && p.y > b.top + 1 && p.y < b.bottom - 1);
        if (hit) out.push({ chart: name, problem: `"${b.text}" lies over a line` });
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) out.push({ chart: name, problem: `"${a.text}" overlaps "${b.text}" (${w.toFixed(0)}×${h.toFixed(0)} px)` });
        }
    });
    return out;
  }, selector);
}
