import { expect, it, vi } from 'vitest';
import type { ChunkTask } from '../../src/montecarlo/worker.ts';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { ownWeighedRedrawn } from '../../src/batch/ownWeighedRedrawn.ts';
import { monteCarloPool } from '../../src/montecarlo/monteCarloPool.ts';
import { loadScenario } from '../../src/scenario/api.ts';

// Every pool of threads started while the test runs is counted (runMonteCarlo starts one of its own when it is given
// none and more than one worker).
const started = vi.hoisted(() => ({ pools: 0 }));
vi.mock('../../src/montecarlo/monteCarloPool.ts', async (original) => {
  const m = await original<typeof import('../../src/montecarlo/monteCarloPool.ts')>();
  return { ...m, monteCarloPool: (workers: number) => (started.pools++, m.monteCarloPool(workers)) };
});

it("a batch's second runs: the runs conditioning a pilot's pace on its history run on the batch's pool, and no pool of their own is started", async () => {
  // Jinjiang's pilot conditions its pace on its resident rates before its base year (data/observed/fitted-defaults.json
  // history) and its laws on its later figures (tests/cli/batchSecondRuns.test.ts): 200 runs of one year (HISTORY_RUNS)
  // at each of 10 paces before its second runs.
  const file = 'scenarios/pilots/jinjiang.yaml';
  const pool = monteCarloPool(2);
  started.pools = 0;
  try {
    const run = vi.spyOn(pool, 'run');
    let history = 0;
    const w = await ownWeighedRedrawn(file, loadScenario(file), shippedObserved(), { runs: 10, load: loadScenario, workers: 2, pool, onHistory: (runs) => (history = runs) });
    expect(w?.redrawn?.runs).toBe(10);
    expect(history).toBe(2000);
    expect(started.pools).toBe(0);
    const tasks = run.mock.calls.map(([t]) => t as ChunkTask);
    // The history's: one year each (end − start = 1), 200 runs a pace. With 2 workers runMonteCarlo's chunks are
    // max(50, min(500, ⌈200 / (2 · 8)⌉ = 13)) = 50 runs: 4 tasks a pace, 40 for the 10 paces. Then the 10 second runs
    // of Jinjiang's 2013–2020: one chunk, one task.
    const oneYear = tasks.filter((t) => t.scenario.years.end - t.scenario.years.start === 1);
    expect(oneYear).toHaveLength(40);
    for (const t of oneYear) expect(t.totalRuns).toBe(200);
    expect(tasks.filter((t) => !oneYear.includes(t)).map((t) => [t.scenario.years.start, t.scenario.years.end, t.totalRuns])).toEqual([[2013, 2020, 10]]);
  } finally {
    await pool.destroy();
  }
}, 60_000);
