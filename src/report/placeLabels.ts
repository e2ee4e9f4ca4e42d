/** A rectangle in the chart's pixels. */
export interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Where a label went: the point its text is anchored at, in pixels, and how it is anchored. */
export interface PlacedLabel {
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

/**
 * Positions (pixels) moved apart so that neighbours are at least `gap`
 * apart, each as near its own place as that allows, all within `[min, max]`:
 * end labels of lines that finish close together.
 *
 * @example
 * spreadApart([100, 104, 300], 15, [0, 400]); // [94.5, 109.5, 300]
 */
export function spreadApart(ys: readonly number[], gap: number, [min, max]: readonly [number, number]): number[] {
  const order = ys.map((y, i) => i).sort((a, b) => ys[a] - ys[b]);
  // Clusters of labels that would touch, each centred on its members' mean.
  const clusters: { members: number[]; top: number }[] = [];
  for (const i of order) {
    clusters.push({ members: [i], top: ys[i] });
    for (;;) {
      const c = clusters[clusters.length - 1];
      const mean = c.members.reduce((s, j) => s + ys[j], 0) / c.members.length;
      c.top = Math.min(Math.max(mean - ((c.members.length - 1) * gap) / 2, min), max - (c.members.length - 1) * gap);
      const prev = clusters[clusters.length - 2];
      if (!prev || prev.top + prev.members.length * gap <= c.top) break;
      prev.members.push(...c.members);
      clusters.pop();
    }
  }
  const out = new Array<number>(ys.length);
  for (const c of clusters) c.members.forEach((j, k) => (out[j] = c.top + k * gap));
  return out;
}

/**
 * Labels for points (a target's value by its diamond), each put above its
 * point, or below, right or left of it (or, near an edge, above or below
 * reading away from it), whichever first keeps clear of the
 * obstacles (end labels, symbols), of the labels already placed and inside
 * the frame; when none is clear, where it covers least.
 *
 * @example
 * placeLabels([{ x: 600, y: 80, width: 34, height: 14 }], [{ left: 606, right: 700, top: 72, bottom: 88 }], { left: 0, right: 720, top: 0, bottom: 400 }, 9);
 * // [{ x: 600, y: 66, anchor: 'middle' }]: above, clear of the end label to its right
 */
export function placeLabels(
  points: readonly { x: number; y: number; width: number; height: number }[],
  obstacles: readonly Box[],
  frame: Box,
  offset: number,
): PlacedLabel[] {
  const taken = [...obstacles];
  return points.map((p) => {
    const h = p.height / 2;
    const candidates: (PlacedLabel & { box: Box })[] = [
      { x: p.x, y: p.y - offset - h, anchor: 'middle' },
      { x: p.x, y: p.y + offset + h, anchor: 'middle' },
      { x: p.x + offset, y: p.y, anchor: 'start' },
      { x: p.x - offset, y: p.y, anchor: 'end' },
      // Near a side edge a centred label would stick out: above or below, reading away from the point.
      { x: p.x, y: p.y - offset - h, anchor: 'start' },
      { x: p.x, y: p.y - offset - h, anchor: 'end' },
      { x: p.x, y: p.y + offset + h, anchor: 'start' },
      { x: p.x, y: p.y + offset + h, anchor: 'end' },
    ].map((c) => {
      const left = c.anchor === 'start' ? c.x : c.anchor === 'end' ? c.x - p.width : c.x - p.width / 2;
      return { ...(c as PlacedLabel), box: { left, right: left + p.width, top: c.y - h, bottom: c.y + h } };
    });
    const outside = (b: Box) => b.left < frame.left || b.right > frame.right || b.top < frame.top || b.bottom > frame.bottom;
    const cost = (b: Box) => taken.reduce((s, t) => s + overlap(b, t), 0) + (outside(b) ? 1e6 : 0);
    const best = candidates.find((c) => cost(c.box) === 0) ?? candidates.reduce((a, b) => (cost(b.box) < cost(a.box) ? b : a));
    taken.push(best.box);
    return { x: best.x, y: best.y, anchor: best.anchor };
  });
}

/**
 * A drawn line (a median) as obstacles for {@link placeLabels}: small boxes
 * every `step` pixels along the polyline, as thick as its stroke, so a label
 * keeps off the line without being kept off the whole box around it.
 *
 * @example
 * lineBoxes([{ x: 0, y: 100 }, { x: 10, y: 100 }], 2, 5).length; // 6 boxes, x = 0, 2, …, 10
 */
export function lineBoxes(points: readonly { x: number; y: number }[], width = 2, step = 4): Box[] {
  const out: Box[] = [];
  const h = width / 2;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
    for (let k = i === 1 ? 0 : 1; k <= n; k++) {
      const x = a.x + ((b.x - a.x) * k) / n;
      const y = a.y + ((b.y - a.y) * k) / n;
      out.push({ left: x - h, right: x + h, top: y - h, bottom: y + h });
    }
  }
  return out;
}
