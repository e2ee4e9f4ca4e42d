import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricSpill } from '../../src/io/metricSpill.ts';
import { type SharedSummary, type SpilledRuns, type SummaryScratch, summarizeInThreads, summarizeSharedCells, summarizeSpilledMetrics } from '../../src/io/summarizeSpill.ts';
import { SUMMARY_STATS } from '../../src/analysis/summarize.ts';
import { existsSync } from 'node:fs';
import type { Piscina } from 'piscina';
import { METRIC_COUNT } from '../../src/model/indicators.ts';

const YEARS = 3;
/** A value that says where it belongs: run r, year index y, metric m. */
const value = (r: number, y: number, m: number) => r * 10_000 + y * 100 + m;

/** Runs `first ≤ r < first + n` cell by cell (metric, then year, then run) — written out here by hand. */
function cells(first: number, n: number): Float64Array {
  const c = new Float64Array(METRIC_COUNT * n * YEARS);
  for (let r = 0; r < n; r++) for (let y = 0; y < YEARS; y++) for (let m = 0; m < METRIC_COUNT; m++) c[(m * YEARS + y) * n + r] = value(first + r, y, m);
  return c;
}

/** `runs` runs given in chunks of the sizes given through blocks of `block` runs. */
function spillOf(runs: number, block: number, chunks: readonly number[]): MetricSpill {
  const spill = new MetricSpill(join(mkdtempSync(join(tmpdir(), 'urbsim-spill-')), 'metrics'), runs, YEARS, block);
  let first = 0;
  for (const n of chunks) {
    spill.write(first, cells(first, n), n);
    first += n;
  }
  return spill;
}
/** Chunk edges and block edges fall apart; blocks of 3 runs, or of 20 (more than a tile of 8, and a part of one). */
const spillOfSeven = () => spillOf(7, 3, [2, 4, 1]);

describe('the metric spill of a streamed run', () => {
  it.each([
    [7, 3, [2, 4, 1]],
    [45, 20, [11, 19, 15]],
  ])('keeps each metric and year of every run as one stretch of the file, whatever the chunks and blocks (%i runs, blocks of %i)', (runs, block, chunks) => {
    const spill = spillOf(runs, block, chunks);
    const all = Array.from({ length: runs }, (_, r) => r);
    try {
      for (let m = 0; m < METRIC_COUNT; m++)
        for (let y = 0; y < YEARS; y++) {
          expect([...spill.read(m, y, 0, runs)]).toEqual(all.map((r) => value(r, y, m)));
          expect([...spill.read(m, y, 2, 5)]).toEqual([2, 3, 4].map((r) => value(r, y, m)));
        }
      // the file itself: metric, then year, then run
      const file = new Float64Array(readFileSync(spill.path).buffer.slice(0));
      expect(file.length).toBe(METRIC_COUNT * YEARS * runs);
      expect(file[(5 * YEARS + 2) * runs + 4]).toBe(value(4, 2, 5));
      expect(file[(40 * YEARS + 0) * runs + 6]).toBe(value(6, 0, 40));
    } finally {
      spill.close();
    }
  });

  it('refuses runs given out of order instead of writing them in the wrong place', () => {
    const spill = new MetricSpill(join(mkdtempSync(join(tmpdir(), 'urbsim-spill-')), 'metrics'), 7, YEARS, 3);
    try {
      spill.write(0, cells(0, 2), 2);
      expect(() => spill.write(3, cells(3, 1), 1)).toThrow(RangeError);
    } finally {
      spill.close();
    }
  });

  it('is summarized one cell of every run at a time, not a metric of every year', () => {
    const spill = spillOfSeven();
    try {
      spill.flush();
      const scratch: SummaryScratch = { values: new Float64Array(0) };
      const years = Int32Array.of(2020, 2021, 2022);
      const s = summarizeSpilledMetrics({ path: spill.path, runs: 7, years }, 0, METRIC_COUNT, undefined, scratch);
      expect(scratch.values.length).toBe(7); // what a thread holds: 7 runs' values, not 7 × 3
      for (const [y, m] of [[0, 0], [2, 40], [1, 17]]) {
        const cell = y * METRIC_COUNT + m;
        // runs 0…6 evenly spaced 10,000 apart: median and mean are run 3's value; sd = 10,000 · sd(0…6) = 10,000 · √(28/6)
        expect(s.n[cell]).toBe(7);
        expect(s.stats.p50[cell]).toBe(value(3, y, m));
        expect(s.stats.mean[cell]).toBeCloseTo(value(3, y, m), 9);
        expect(s.stats.sd[cell]).toBeCloseTo(10_000 * Math.sqrt(28 / 6), 6);
        // type 7: p10 at rank 0.6 → run 0 + 0.6 · 10,000
        expect(s.stats.p10[cell]).toBeCloseTo(value(0, y, m) + 6_000, 6);
      }
    } finally {
      spill.close();
    }
  });

  it('is summarized by threads taking one cell at a time from a shared count, each cell once, into the same figures', async () => {
    const spill = spillOf(45, 20, [11, 19, 15]);
    try {
      spill.flush();
      const spilled = { path: spill.path, runs: 45, years: Int32Array.of(2020, 2021, 2022) };
      // Two takers (as a pool of two threads runs them, here one after the other): the first takes every cell, the
      // second finds none left — whichever thread takes a cell, it lands at its place.
      const takers: number[] = [];
      const pool = {
        options: { maxThreads: 2 },
        run: async (task: { spill: SpilledRuns; shared: SharedSummary }, o: { name: string }) => {
          expect(o.name).toBe('summarizeSpill');
          const taken = () => Math.min(Atomics.load(new Int32Array(task.shared.next), 0), METRIC_COUNT * YEARS);
          const before = taken();
          summarizeSharedCells(task.spill, task.shared, { values: new Float64Array(0) });
          takers.push(taken() - before);
        },
      } as unknown as Piscina;
      const shared = await summarizeInThreads(pool, spilled);
      expect(takers).toEqual([METRIC_COUNT * YEARS, 0]);
      const one = summarizeSpilledMetrics(spilled, 0, METRIC_COUNT);
      expect([...shared.n]).toEqual([...one.n]);
      expect(shared.n[2 * METRIC_COUNT + 40]).toBe(45);
      for (const s of SUMMARY_STATS) expect(Buffer.from(shared.stats[s].buffer).equals(Buffer.from(one.stats[s].buffer)), s).toBe(true);
      // runs 0…44 evenly spaced 10,000 apart: the median is run 22's value
      expect(shared.stats.p50[1 * METRIC_COUNT + 7]).toBe(value(22, 1, 7));
    } finally {
      spill.close();
    }
  });

  it('is removed on another thread once read no more', async () => {
    const spill = spillOfSeven();
    await spill.remove();
    expect(existsSync(spill.path)).toBe(false);
    spill.close(); // after remove: nothing left to do, no error
  });
});
