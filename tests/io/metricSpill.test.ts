import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricSpill, writeSpillBlock } from '../../src/io/metricSpill.ts';
import { type SharedSummary, type SpilledRuns, type SummaryScratch, summarizeInThreads, summarizeSharedCells, summarizeSpilledMetrics } from '../../src/io/summarizeSpill.ts';
import { SUMMARY_STATS } from '../../src/analysis/summarize.ts';
import { existsSync } from 'node:fs';
import type { Piscina } from 'piscina';
import { METRIC_COUNT } from '../../src/model/indicators.ts';

const YEARS = 3;
const years = Int32Array.of(2020, 2021, 2022);
const newSpill = (runs: number) => new MetricSpill(join(mkdtempSync(join(tmpdir(), 'urbsim-spill-')), 'metrics'), runs, years);
/** A value that says where it belongs: run r, year index y, metric m. */
const value = (r: number, y: number, m: number) => r * 10_000 + y * 100 + m;

/** Runs `first ≤ r < first + n` cell by cell (metric, then year, then run) — written out here by hand. */
function cells(first: number, n: number): Float64Array {
  const c = new Float64Array(METRIC_COUNT * n * YEARS);
  for (let r = 0; r < n; r++) for (let y = 0; y < YEARS; y++) for (let m = 0; m < METRIC_COUNT; m++) c[(m * YEARS + y) * n + r] = value(first + r, y, m);
  return c;
}

/** `runs` runs given in blocks of the sizes given, written here or, every other one, as another thread writes them. */
function spillOf(runs: number, chunks: readonly number[]): MetricSpill {
  const spill = newSpill(runs);
  let first = 0;
  chunks.forEach((n, i) => {
    if (i % 2 === 0) spill.write(first, cells(first, n), n);
    else {
      const fd = openSync(spill.path, 'r+');
      writeSpillBlock(fd, spill.target(), first, cells(first, n), n);
      closeSync(fd);
      spill.written(first, n);
    }
    first += n;
  });
  return spill;
}
const spillOfSeven = () => spillOf(7, [2, 4, 1]);

describe('the metric spill of a streamed run', () => {
  it.each([
    [7, [2, 4, 1]],
    [45, [11, 19, 15]],
  ])('gives back each metric and year of every run, whatever the blocks they came in (%i runs in blocks of %j)', (runs, chunks) => {
    const spill = spillOf(runs, chunks);
    const all = Array.from({ length: runs }, (_, r) => r);
    try {
      for (let m = 0; m < METRIC_COUNT; m++)
        for (let y = 0; y < YEARS; y++) {
          expect([...spill.read(m, y, 0, runs)]).toEqual(all.map((r) => value(r, y, m)));
          expect([...spill.read(m, y, 2, 5)]).toEqual([2, 3, 4].map((r) => value(r, y, m)));
          expect([...spill.read(m, y, runs - 1, runs)]).toEqual([value(runs - 1, y, m)]);
        }
      // the file itself: metric m of block [s, e) at value (m · runs + s) · years, year by year within the block
      const file = new Float64Array(readFileSync(spill.path).buffer.slice(0));
      expect(file.length).toBe(METRIC_COUNT * YEARS * runs);
      const [s, e] = [chunks[0], chunks[0] + chunks[1]]; // the second block, written as another thread writes it
      expect(file[(5 * runs + s) * YEARS + 2 * (e - s) + 1]).toBe(value(s + 1, 2, 5));
      expect(file[(40 * runs + 0) * YEARS + 1 * chunks[0] + 1]).toBe(value(1, 1, 40));
    } finally {
      spill.close();
    }
  });

  it('refuses runs given out of order or beyond its room instead of writing them in the wrong place', () => {
    const spill = newSpill(7);
    try {
      spill.write(0, cells(0, 2), 2);
      expect(() => spill.write(3, cells(3, 1), 1)).toThrow(RangeError);
      expect(() => spill.written(1, 1)).toThrow(RangeError);
      expect(() => spill.written(2, 6)).toThrow(RangeError);
      expect(() => spill.read(0, 0, 0, 3)).toThrow(RangeError); // run 2 not given yet
    } finally {
      spill.close();
    }
  });

  it('is summarized a few years of one metric of every run at a time, into the same figures however many years are read together', () => {
    const spill = spillOfSeven();
    try {
      const scratch: SummaryScratch = { values: new Float64Array(0) };
      const s = summarizeSpilledMetrics(spill.target(), 0, METRIC_COUNT, undefined, scratch);
      expect(scratch.values.length).toBe(7 * YEARS); // a metric of every year fits in the default room
      const oneYear: SummaryScratch = { values: new Float64Array(0) };
      const byYear = summarizeSpilledMetrics(spill.target(), 0, METRIC_COUNT, undefined, oneYear, 7 * 8);
      expect(oneYear.values.length).toBe(7); // room for 7 values: one year at a time
      const twoYears = summarizeSpilledMetrics(spill.target(), 0, METRIC_COUNT, undefined, undefined, 2 * 7 * 8 + 7);
      for (const k of SUMMARY_STATS) {
        expect(Buffer.from(byYear.stats[k].buffer).equals(Buffer.from(s.stats[k].buffer)), k).toBe(true);
        expect(Buffer.from(twoYears.stats[k].buffer).equals(Buffer.from(s.stats[k].buffer)), k).toBe(true);
      }
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

  it('is summarized by threads taking a metric\'s years at a time from a shared count, each cell once, into the same figures', async () => {
    const spill = spillOf(45, [11, 19, 15]);
    try {
      const spilled = spill.target();
      // Two takers (as a pool of two threads runs them, here one after the other): the first takes every metric, the
      // second finds none left — whichever thread takes a cell, it lands at its place.
      const takers: number[] = [];
      const pool = {
        options: { maxThreads: 2 },
        run: async (task: { spill: SpilledRuns; shared: SharedSummary }, o: { name: string }) => {
          expect(o.name).toBe('summarizeSpill');
          const taken = () => Math.min(Atomics.load(new Int32Array(task.shared.next), 0), METRIC_COUNT);
          const before = taken();
          summarizeSharedCells(task.spill, task.shared, { values: new Float64Array(0) });
          takers.push(taken() - before);
        },
      } as unknown as Piscina;
      const shared = await summarizeInThreads(pool, spilled);
      expect(takers).toEqual([METRIC_COUNT, 0]); // each metric's three years read together
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
