import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeToFolder } from '../../src/io/mergeToFolder.ts';
import { withOutputFolder } from '../../src/io/outputFolder.ts';
import { RunOutputStream } from '../../src/io/runOutputStream.ts';
import { runToFolder } from '../../src/io/runToFolder.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { writePyramid } from '../../src/report/writePyramid.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../../src/scenario/loadScenario.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';

// The million-run check of `npm run bench` at a size a test can afford: 1,200 runs streamed into a folder chunk by
// chunk with 2 workers, against the same runs as 3 streamed shards (400 runs each: trajectories’ batches of 1,000
// runs straddle the shard edges) merged, and against the runs kept in memory and written at once.
describe('a streamed run folder', () => {
  it('is byte-identical to the same runs done as shards and merged, and to the runs written at once', async () => {
    const scenario = withMonteCarlo(loadScenario('scenarios/dalian.yaml'), { runs: 1200 });
    const base = mkdtempSync(join(tmpdir(), 'urbsim-streamed-'));
    const whole = join(base, 'whole');
    await withOutputFolder(whole, (out) => runToFolder(scenario, out, { workers: 2, startedAt: new Date(), pyramid: true }));
    const shards = [1, 2, 3].map((k) => join(base, `shard${k}`));
    for (const [i, dir] of shards.entries())
      await withOutputFolder(dir, (out) => runToFolder(scenario, out, { workers: 1, shard: { index: i + 1, count: 3 }, startedAt: new Date() }));
    const merged = join(base, 'merged');
    const warnings: string[] = [];
    await withOutputFolder(merged, (out) => mergeToFolder(shards, out, (w) => warnings.push(w)));
    const atOnce = join(base, 'at-once');
    const result = await runMonteCarlo(scenario, { workers: 1 });
    writeRunOutputs(atOnce, result, { workers: 1, startedAt: new Date(), also: (out) => (writePyramid(out, result), ['pyramid.arrow']) });

    const arrows = readdirSync(whole).filter((f) => f.endsWith('.arrow')).sort();
    expect(arrows).toEqual(['params.arrow', 'pyramid.arrow', 'registered_gain.arrow', 'summary.arrow', 'targets.arrow', 'trajectories.arrow']);
    expect(warnings).toEqual([]);
    for (const other of [merged, atOnce]) for (const f of arrows) expect(readFileSync(join(other, f)).equals(readFileSync(join(whole, f))), `${other}/${f}`).toBe(true);
    expect(readFileSync(join(whole, 'trajectories.arrow')).length).toBeGreaterThan(1200 * 23 * 41 * 8); // every run's rows are there
  }, 300_000);

  it('refuses runs streamed as columns whose metric block went to another file or none', async () => {
    const scenario = withMonteCarlo(loadScenario('scenarios/dalian.yaml'), { runs: 20 });
    const compiled = compileScenario(scenario);
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-streamed-')), 'out');
    await expect(
      withOutputFolder(dir, async (out) => {
        const stream = new RunOutputStream(out, { scenario, years: compiled.years, runStart: 0, runEnd: 20, sampledNames: compiled.sampledNames });
        // no `spill`: the chunks' indicators reach no metric file, so the summaries would read zeros
        await runMonteCarlo(scenario, { workers: 1, chunkSize: 10, onChunk: (c) => stream.add(c) });
      }),
    ).rejects.toThrow(/runs 0–9 came as columns whose metric block was written to no file, not .*metrics\.spill/);
    expect(readdirSync(join(dir, '..'))).not.toContain('out'); // nothing half-written left as the folder
  }, 60_000);
});
