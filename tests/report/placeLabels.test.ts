import { describe, expect, it } from 'vitest';
import { lineBoxes, placeLabels } from '../../src/report/placeLabels.ts';

const frame = { left: 0, right: 400, top: 0, bottom: 300 };

describe('placeLabels', () => {
  it('puts a label above its point when that is clear', () => {
    // 14 px tall, 9 px off: its centre 9 + 7 = 16 px above the point.
    expect(placeLabels([{ x: 200, y: 150, width: 40, height: 14 }], [], frame, 9)).toEqual([{ x: 200, y: 134, anchor: 'middle' }]);
  });

  it('keeps off a line running just above the point: below instead', () => {
    // A flat line 12 px above the point crosses the box above (y 127–141) but not the one below (159–173).
    const line = lineBoxes([{ x: 0, y: 138 }, { x: 400, y: 138 }]);
    expect(placeLabels([{ x: 200, y: 150, width: 40, height: 14 }], line, frame, 9)).toEqual([{ x: 200, y: 166, anchor: 'middle' }]);
  });

  it('at the left edge, with a line leaving to the right, reads rightwards above the point', () => {
    // Centred it would stick out of the frame; to the right it would lie on the line falling away from the point.
    const line = lineBoxes([{ x: 0, y: 150 }, { x: 400, y: 250 }]);
    expect(placeLabels([{ x: 0, y: 150, width: 120, height: 14 }], line, frame, 8)).toEqual([{ x: 0, y: 135, anchor: 'start' }]);
  });
});

describe('lineBoxes', () => {
  it('covers the polyline every step, as thick as the stroke, each vertex once', () => {
    const boxes = lineBoxes([{ x: 0, y: 10 }, { x: 8, y: 10 }, { x: 8, y: 18 }], 2, 4);
    // 0, 4, 8 along the first segment, then 14 and 18 down the second.
    expect(boxes.map((b) => [(b.left + b.right) / 2, (b.top + b.bottom) / 2])).toEqual([[0, 10], [4, 10], [8, 10], [8, 14], [8, 18]]);
    expect(boxes.every((b) => b.right - b.left === 2 && b.bottom - b.top === 2)).toBe(true);
  });
});
