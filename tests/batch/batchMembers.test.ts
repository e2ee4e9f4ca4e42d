import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/runBatch.ts';
import { batchMembers } from '../../src/batch/batchMembers.ts';
import { readOutputFolder } from '../../src/report/readOutputFolder.ts';
import { prepareNotebookData } from '../../src/report/prepareNotebookData.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { InputError } from '../../src/inputError.ts';

const root = mkdtempSync(join(tmpdir(), 'urbsim-members-'));
const out = join(root, 'b');
const targetsFile = join(out, 'targets.arrow');
const table = () => tableFromIPC(readFileSync(targetsFile));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a batch names its own scenario folders in targets.arrow (metadata scenarios)', () => {
  beforeAll(async () => {
    // Changshu's curated file sets no target, so the table has no row of it; Anhui's pilot has targets.
    await runBatch(['scenarios/changshu.yaml', 'scenarios/pilots/anhui.yaml'], { outDir: out, runs: 20, load: loadScenario, observed: [] });
    // The same --out again with one scenario: Changshu's folder stays, left by the first batch.
    await runBatch(['scenarios/pilots/anhui.yaml'], { outDir: out, runs: 20, load: loadScenario, observed: [] });
  }, 120_000);

  it('the first batch named both, targets or not; the second only its own', async () => {
    const first = mkdtempSync(join(root, 'first-'));
    await runBatch(['scenarios/changshu.yaml', 'scenarios/pilots/anhui.yaml'], { outDir: first, runs: 20, load: loadScenario, observed: [] });
    const t = tableFromIPC(readFileSync(join(first, 'targets.arrow')));
    expect(JSON.parse(t.schema.metadata.get('scenarios')!)).toEqual(['changshu', 'anhui']);
    // Read back in folder order, as the folders were listed before the table named them.
    expect(batchMembers(first, t)).toEqual(['anhui', 'changshu']);
    expect(new Set([...t.getChild('scenario')!].map(String))).toEqual(new Set(['anhui']));
    expect(JSON.parse(table().schema.metadata.get('scenarios')!)).toEqual(['anhui']);
  }, 120_000);

  it("urbsim report's batch reads the batch's members only, not the folder the first batch left", () => {
    const f = readOutputFolder(out);
    if (f.kind !== 'batch') throw new Error(`${out} read as ${f.kind}`);
    expect(f.members.map((m) => m.name)).toEqual(['anhui']);
  });

  it("the notebooks' data: the batch's members only", () => {
    const m = prepareNotebookData([out], join(root, 'site'), { pyramids: false });
    expect(m.folders.find((f) => f.kind === 'batch')?.members).toEqual(['b/anhui']);
    expect(m.folders.map((f) => f.id)).not.toContain('b/changshu');
  });

  it('a table written before urbsim named its members: every subfolder with a run', () => {
    // Not a run: a folder without meta.json (a report's), a file, a link leading nowhere (statSync threw ENOENT on it:
    // urbsim report and widths said 'cannot write …/gone: no such file').
    mkdirSync(join(out, 'svg'), { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    symlinkSync(join(root, 'nowhere'), join(out, 'gone'));
    try {
      const t = table();
      t.schema.metadata.delete('scenarios');
      expect(batchMembers(out, t)).toEqual(['anhui', 'changshu']);
    } finally {
      rmSync(join(out, 'gone'));
    }
  });

  it("the notebooks' data of a folder holding a link that leads nowhere: the link passed by", () => {
    const parent = mkdtempSync(join(root, 'parent-'));
    symlinkSync(join(root, 'nowhere'), join(parent, 'gone'));
    symlinkSync(out, join(parent, 'b'));
    const m = prepareNotebookData([parent], join(root, 'site-parent'), { pyramids: false });
    expect(m.folders.find((f) => f.kind === 'batch')?.members).toEqual(['b/anhui']);
  });

  it('metadata that is not a list of folder names, or names a folder without a run: an input error naming targets.arrow', () => {
    for (const bad of ['{"anhui":1}', '["anhui","../anhui"]', '["anhui",""]', '["."]', '[".."]', '[1]', 'not json'])
      expect(() => {
        const t = table();
        t.schema.metadata.set('scenarios', bad);
        batchMembers(out, t);
      }).toThrow(new InputError(`${targetsFile}: its metadata scenarios is not a list of scenario folder names; run urbsim batch again`));
    const t = table();
    t.schema.metadata.set('scenarios', '["anhui","wuhan"]');
    expect(() => batchMembers(out, t)).toThrow(`${targetsFile} names the scenario wuhan, but ${join(out, 'wuhan')} holds no run (meta.json); run urbsim batch again`);
    mkdirSync(join(out, 'svg'), { recursive: true });
    t.schema.metadata.set('scenarios', '["anhui","svg"]');
    expect(() => batchMembers(out, t)).toThrow(`${targetsFile} names the scenario svg, but ${join(out, 'svg')} holds no run (meta.json); run urbsim batch again`);
  });
});
