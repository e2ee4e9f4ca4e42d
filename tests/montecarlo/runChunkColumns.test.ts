import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetCounts } from '../../src/analysis/targetProbabilities.ts';
import { METRIC_COUNT } from '../../src/model/indicators.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { runChunk } from '../../src/montecarlo/runChunk.ts';
import { runChunkColumns } from '../../src/montecarlo/runChunkColumns.ts';
import { type MonteCarloChunk, runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { MetricSpill } from '../../src/io/metricSpill.ts';
import { newChunkColumns } from '../../src/io/rowsToColumns.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// 45 runs: a tile of 32 runs and a part of one, starting at run 7 of 60.
const scenario = dalianResolved({ runs: 60 });
const c = compileScenario(scenario);
const nYears = c.years.length;
const [start, end] = [7, 52];
const n = end - start;
const bit = (valid: Uint8Array, m: number, i: number) => (valid[m * Math.ceil((n * nYears) / 8) + (i >> 3)] >> (i & 7)) & 1;

describe('a chunk of runs handed over as columns', () => {
  it('holds metric m, year y of run start + i at (m · runs + i) · years + y, null (0, bit clear) where the rows of the same runs are not finite; its cells as the metric file takes them; and their target counts', () => {
    const rows = runChunk(c, 60, start, end);
    const columns = newChunkColumns(n, nYears);
    columns.valid.fill(0); // whatever the buffer held before: the chunk's marks are set afresh
    columns.nulls.fill(7);
    const cells = new Float64Array(n * nYears * METRIC_COUNT);
    const sampled = new Float64Array(n * c.sampledNames.length);
    const outside = new Int32Array(rows.outside.length);
    const met = runChunkColumns(c, 60, start, end, new RunSampler(c, 60), { columns, sampled, outside, cells });
    const nulls = new Int32Array(METRIC_COUNT);
    for (let i = 0; i < n; i++)
      for (let y = 0; y < nYears; y++)
        for (let m = 0; m < METRIC_COUNT; m++) {
          const want = rows.rows[(i * nYears + y) * METRIC_COUNT + m];
          const at = i * nYears + y;
          expect(Object.is(cells[(m * nYears + y) * n + i], want), `cell: run ${start + i}, year ${y}, metric ${m}`).toBe(true);
          expect(columns.columns[m * n * nYears + at]).toBe(Number.isFinite(want) ? want : 0);
          expect(bit(columns.valid, m, at), `valid: run ${start + i}, year ${y}, metric ${m}`).toBe(Number.isFinite(want) ? 1 : 0);
          if (!Number.isFinite(want)) nulls[m]++;
        }
    expect(nulls.some((k) => k > 0)).toBe(true); // the base year's flows are null: the marks are tried
    expect(columns.nulls).toEqual(nulls);
    expect(sampled).toEqual(rows.sampled);
    expect(outside).toEqual(rows.outside);
    expect(scenario.targets.length).toBeGreaterThan(0);
    expect(met).toEqual(targetCounts(rows.rows, c.years, scenario.targets));
  });

  it('comes the same from the calling thread and from worker threads, its block of the metric file written by the thread that ran it', async () => {
    const collect = async (workers: number) => {
      const got: { start: number; columns: number[]; valid: number[]; nulls: number[]; met: number[] }[] = [];
      const spill = new MetricSpill(join(mkdtempSync(join(tmpdir(), 'urbsim-chunks-')), 'metrics'), 60, c.years);
      await runMonteCarlo(scenario, {
        workers, chunkSize: 13, spill: spill.target(), onChunk: (k: MonteCarloChunk) => {
          got.push({ start: k.start, columns: [...k.columns.columns], valid: [...k.columns.valid], nulls: [...k.columns.nulls], met: [...k.met] });
          spill.written(k.start, k.runs);
        },
      });
      const file = Array.from({ length: METRIC_COUNT * nYears }, (_, cell) => [...spill.read(Math.floor(cell / nYears), cell % nYears, 0, 60)]);
      spill.close();
      return { got, file };
    };
    const [one, two] = [await collect(1), await collect(2)];
    expect(one.got.map((k) => k.start)).toEqual([0, 13, 26, 39, 52]);
    expect(two.got).toEqual(one.got);
    const rows = runChunk(c, 60, 0, 60).rows;
    for (const { file } of [one, two])
      for (const [m, y, r] of [[0, 0, 0], [5, 3, 59], [40, nYears - 1, 27], [11, 0, 13]])
        expect(Object.is(file[m * nYears + y][r], rows[(r * nYears + y) * METRIC_COUNT + m]), `metric ${m}, year ${y}, run ${r}`).toBe(true);
  });
});
