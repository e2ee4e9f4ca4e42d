import { describe, expect, it } from 'vitest';
import { targetCounts } from '../../src/analysis/targetProbabilities.ts';
import { METRIC_COUNT } from '../../src/model/indicators.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { runChunk } from '../../src/montecarlo/runChunk.ts';
import { runChunkCells } from '../../src/montecarlo/runChunkCells.ts';
import { type MonteCarloChunk, runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// 45 runs: a tile of 32 runs and a part of one, starting at run 7 of 60.
const scenario = dalianResolved({ runs: 60 });
const c = compileScenario(scenario);
const nYears = c.years.length;
const [start, end] = [7, 52];
const n = end - start;

describe('a chunk of runs handed over cell by cell', () => {
  it('holds metric m, year y of run start + i at (m · years + y) · runs + i, as the rows of the same runs, and their target counts', () => {
    const rows = runChunk(c, 60, start, end);
    const cells = new Float64Array(n * nYears * METRIC_COUNT);
    const sampled = new Float64Array(n * c.sampledNames.length);
    const outside = new Int32Array(rows.outside.length);
    const met = runChunkCells(c, 60, start, end, new RunSampler(c, 60), { cells, sampled, outside });
    for (let i = 0; i < n; i++)
      for (let y = 0; y < nYears; y++)
        for (let m = 0; m < METRIC_COUNT; m++)
          expect(Object.is(cells[(m * nYears + y) * n + i], rows.rows[(i * nYears + y) * METRIC_COUNT + m]), `run ${start + i}, year ${y}, metric ${m}`).toBe(true);
    expect(sampled).toEqual(rows.sampled);
    expect(outside).toEqual(rows.outside);
    expect(scenario.targets.length).toBeGreaterThan(0);
    expect(met).toEqual(targetCounts(rows.rows, c.years, scenario.targets));
  });

  it('comes the same from the calling thread and from worker threads', async () => {
    const collect = async (workers: number) => {
      const got: { start: number; cells: number[]; met: number[] }[] = [];
      await runMonteCarlo(scenario, { workers, chunkSize: 13, onChunk: (k: MonteCarloChunk) => got.push({ start: k.start, cells: [...k.cells], met: [...k.met] }) });
      return got;
    };
    const [one, two] = [await collect(1), await collect(2)];
    expect(one.map((k) => k.start)).toEqual([0, 13, 26, 39, 52]);
    expect(two).toEqual(one);
  });
});
