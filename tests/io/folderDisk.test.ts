import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/inputError.ts';
import { mergeToFolder } from '../../src/io/mergeToFolder.ts';
import { withOutputFolder } from '../../src/io/outputFolder.ts';
import { runToFolder } from '../../src/io/runToFolder.ts';
import { loadScenario } from '../../src/scenario/loadScenario.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// The disk free under the output folder, as the file system would say it: set by each test (statfs injected).
const disk = vi.hoisted(() => ({ free: 1e12 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return { ...fs, statfsSync: (...args: Parameters<typeof fs.statfsSync>) => ({ ...fs.statfsSync(...args), bavail: disk.free, bsize: 1 }) };
});

// A library caller of runToFolder / mergeToFolder (not the CLI) got no disk check: the check was in src/cli/main.ts.
// Six sampled values (inflow, migrant_settle_rate; the census's migrant_newborn_stay; the change of count's year, share
// and village share: params.arrow's columns), 4 years (2013–2016). By hand, a run folder of R runs:
//   trajectories.arrow: ceil(R · 4 · (43·8 + 8 + ceil(43/8)) · 1.01) + 65,536 = ceil(R · 4 · 358 · 1.01) + 65,536
//   kept: + R · (6·8 + 8) + 65,536;  peak: + R · 4 · 43 · 8 (the working metric file; 43 indicators since converted_in_place and relabelled)
// R = 20: 28,927 + 65,536 = 94,463; kept 94,463 + 1,120 + 65,536 = 161,119; peak 161,119 + 27,520 = 188,639 bytes (0.2 MB: sizeText says MB from 100 kB).
const body = 'name: a\ncity: dalian\nyears: { start: 2013, end: 2016 }\n' +
  'parameters: { inflow: { dist: uniform, min: 10万, max: 30万 }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n' +
  'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n';

describe('runToFolder and mergeToFolder check the disk themselves, before anything runs', () => {
  it('runToFolder: runs the disk cannot hold are an InputError, nothing written', async () => {
    const dir = writeScenarios({ 'a.yaml': body });
    const scenario = loadScenario(join(dir, 'a.yaml'));
    const out = join(dir, 'out');
    disk.free = 160_000;
    const run = withOutputFolder(out, (f) => runToFolder(scenario, f, { workers: 1, startedAt: new Date() }));
    await expect(run).rejects.toBeInstanceOf(InputError);
    // What grows with the runs, of 20 runs: (160,000 − 131,072 of two files' framing) / (188,639 − 131,072) · 20 = 10.05: 10 runs.
    await expect(run).rejects.toThrow(
      `a: 20 runs of 4 years need about 0.2 MB of disk (94.5 kB of trajectories.arrow and 27.5 kB of working file while they run), more than the 0.2 MB free under ${out}; run at most about 10 runs (--runs), or write them to a disk with more room (--out)`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  }, 60_000);

  it('runToFolder: runs over 1 GB said once to onNote, before any run (a note that throws stops it there)', async () => {
    const dir = writeScenarios({ 'a.yaml': body });
    const scenario = withMonteCarlo(loadScenario(join(dir, 'a.yaml')), { runs: 1_000_000 });
    const out = join(dir, 'out');
    disk.free = 1e12;
    // R = 1,000,000: trajectories ceil(1,446,320,000) + 65,536 = 1,446,385,536 (1.4 GB); kept + 56,000,000 + 65,536 =
    // 1,502,451,072; peak + 1,376,000,000 (1.4 GB of working file) = 2,878,451,072 (2.9 GB).
    const notes: string[] = [];
    const stop = new Error('stopped at the note');
    const onNote = (line: string) => {
      notes.push(line);
      throw stop;
    };
    await expect(withOutputFolder(out, (f) => runToFolder(scenario, f, { workers: 1, startedAt: new Date(), onNote }))).rejects.toBe(stop);
    expect(notes).toEqual([`urbsim: note: a: 1,000,000 runs of 4 years will take about 2.9 GB of disk under ${out} (1.4 GB of trajectories.arrow and 1.4 GB of working file while they run; 1000.0 GB free)\n`]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('mergeToFolder: the whole run\'s folder, as much as a run of all the shards\' runs; a small one says nothing', async () => {
    const dir = writeScenarios({ 'a.yaml': body });
    const scenario = loadScenario(join(dir, 'a.yaml'));
    disk.free = 1e12;
    const notes: string[] = [];
    const onNote = (line: string) => void notes.push(line);
    const shards = [1, 2].map((k) => join(dir, `s${k}`));
    for (const [i, s] of shards.entries())
      await withOutputFolder(s, (f) => runToFolder(scenario, f, { workers: 1, shard: { index: i + 1, count: 2 }, startedAt: new Date(), onNote }));
    disk.free = 40_000;
    const out = join(dir, 'merged');
    const merge = withOutputFolder(out, (f) => mergeToFolder(shards, f, () => {}, { onNote }));
    await expect(merge).rejects.toBeInstanceOf(InputError);
    await expect(merge).rejects.toThrow(
      `a: 20 runs of 4 years need about 0.2 MB of disk (94.5 kB of trajectories.arrow and 27.5 kB of working file while they run), more than the 40.0 kB free under ${out}; free some space there, or write them to a disk with more room (--out)`,
    );
    expect(existsSync(out)).toBe(false);
    expect(notes).toEqual([]);
  }, 60_000);
});
