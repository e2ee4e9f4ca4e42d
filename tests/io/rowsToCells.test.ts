import { describe, expect, it } from 'vitest';
import { rowsToCells } from '../../src/io/rowsToCells.ts';
import { METRIC_COUNT } from '../../src/model/indicators.ts';

/** A value that says where it belongs: run r, year index y, metric m. */
const value = (r: number, y: number, m: number) => r * 10_000 + y * 100 + m;

describe('indicator rows turned into cells', () => {
  // 11 runs: a tile of 8 and a part of one; 3 years.
  const runs = 11;
  const years = 3;
  const rows = new Float64Array(runs * years * METRIC_COUNT);
  for (let r = 0; r < runs; r++) for (let y = 0; y < years; y++) for (let m = 0; m < METRIC_COUNT; m++) rows[(r * years + y) * METRIC_COUNT + m] = value(r, y, m);

  it('puts metric m, year y of run r at (m · years + y) · stride + offset + r, each cell one stretch of runs', () => {
    const stride = 20;
    const offset = 4;
    const cells = new Float64Array(METRIC_COUNT * years * stride).fill(-1);
    rowsToCells(rows, years, cells, stride, offset);
    for (let m = 0; m < METRIC_COUNT; m++)
      for (let y = 0; y < years; y++) {
        const stretch = cells.subarray((m * years + y) * stride, (m * years + y + 1) * stride);
        expect([...stretch]).toEqual([-1, -1, -1, -1, ...Array.from({ length: runs }, (_, r) => value(r, y, m)), -1, -1, -1, -1, -1]);
      }
  });

  it('keeps NaN and Infinity as they are', () => {
    const odd = Float64Array.of(...rows.subarray(0, years * METRIC_COUNT));
    odd[5] = NaN;
    odd[METRIC_COUNT + 7] = Infinity;
    const cells = new Float64Array(odd.length);
    rowsToCells(odd, years, cells, 1, 0);
    expect(cells[5 * years]).toBeNaN();
    expect(cells[7 * years + 1]).toBe(Infinity);
  });
});
