import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunOutputs, runBatch } from '../../src/index.ts';

// A researcher's batch from the library, as README's "Library use" says: runBatch(files, { outDir, runs }). Without a
// `load` it stopped with "TypeError: o.load is not a function" (a script run with tsx is not type-checked).
describe('runBatch from the library', () => {
  it('reads each file with loadScenario when no load is given', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-libbatch-')), 'out');
    const b = await runBatch(['scenarios/pilots/geermu.yaml'], { outDir: out, runs: 4 });
    expect(b.ran).toBe(1);
    expect(b.rows.map((r) => r.scenario)).toEqual(['geermu']);
    expect(readRunOutputs(join(out, 'geermu')).result.runEnd).toBe(4);
  }, 60_000);
});
