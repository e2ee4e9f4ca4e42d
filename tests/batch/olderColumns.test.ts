import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/runBatch.ts';
import { readRunOutputs, trajectoriesLack } from '../../src/io/readRunOutputs.ts';
import { reseal } from '../helpers/reseal.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';

const load = (f: string) => {
  const s = loadScenario(f);
  compileScenario(s);
  return s;
};

// A batch folder written by an urbsim of fewer indicators (before converted_in_place and relabelled): its member was
// "up to date, skipped", then weighing it stopped the batch with "has no column converted_in_place". Jinjiang has a
// figure of its own after its base year, so the batch reads its runs back.
describe('a batch member written before an indicator was added', () => {
  it('is run again, not skipped and then unreadable', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-older-')), 'out');
    const files = ['scenarios/pilots/jinjiang.yaml'];
    expect((await runBatch(files, { outDir: out, runs: 8, load })).ran).toBe(1);
    // As an older urbsim wrote it: trajectories.arrow without the two columns, the manifest resealed over it.
    const dir = join(out, 'jinjiang');
    const file = join(dir, 'trajectories.arrow');
    const t = tableFromIPC(readFileSync(file));
    const kept = t.schema.fields.map((f) => f.name).filter((n) => n !== 'converted_in_place' && n !== 'relabelled');
    writeFileSync(file, tableToIPC(t.select(kept), 'file'));
    reseal(dir);
    expect(trajectoriesLack(dir)).toEqual(['converted_in_place', 'relabelled']);
    // Read back, it says why and what to do (it said 'written by another version of urbsim?').
    expect(() => readRunOutputs(dir)).toThrow(
      `${file} has no column converted_in_place: written by an urbsim before it was added (43 indicators since 79b37fd, 41 before); run the command that wrote it again`,
    );
    // Resumed: the member runs again (not skipped), and its folder reads back.
    const skipped: boolean[] = [];
    const again = await runBatch(files, { outDir: out, runs: 8, load, onScenario: (e) => skipped.push(e.skipped) });
    expect(skipped).toEqual([false]);
    expect(again.ran).toBe(1);
    expect(trajectoriesLack(dir)).toEqual([]);
    expect(readRunOutputs(dir).result.runEnd).toBe(8);
  }, 120_000);
});
