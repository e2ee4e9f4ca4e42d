import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pilotCoverage } from '../../src/batch/pilotCoverage.ts';
import { writeOutputFolder } from '../../src/io/outputFolder.ts';
import { prepareNotebookData } from '../../src/report/prepareNotebookData.ts';
import { makeCompare, makeRun, tmp, writeWeighedFixture } from './fixtures.ts';

/** A batch folder whose members are one small run copied under the given pilot areas (meta.json's city set to each). */
function batchOf(run: string, cities: readonly string[]): string {
  const dir = tmp();
  for (const city of cities) {
    cpSync(run, join(dir, city), { recursive: true });
    const meta = JSON.parse(readFileSync(join(dir, city, 'meta.json'), 'utf8'));
    meta.scenario = { ...meta.scenario, name: city, city };
    // Through the folder's writer, so that its manifest.json records the meta.json it holds (the notebooks check it).
    writeOutputFolder(join(dir, city), (out) => out.writeFile('meta.json', JSON.stringify(meta)), { mode: 'update' });
  }
  cpSync(join(run, 'targets.arrow'), join(dir, 'targets.arrow'));
  return dir;
}

describe('staging a batch for the pilots notebook', () => {
  let run: string;
  beforeAll(async () => {
    run = (await makeRun(tmp(), { runs: 10 })).dir;
  }, 60_000);

  it('lists the pilots without a scenario for a batch over the pilots, with what they lack in both languages', () => {
    const withScenario = pilotCoverage().filter((p) => p.yaml).map((p) => p.area.id);
    const manifest = prepareNotebookData([batchOf(run, withScenario)], tmp(), { pyramids: false });
    const batch = manifest.folders.find((f) => f.kind === 'batch')!;
    expect(batch.members).toHaveLength(withScenario.length);
    // Seed 004's three pilots whose data lack a figure no rule stands in for (data/areas/README.md).
    expect(batch.uncovered?.map((u) => [u.id, u.name])).toEqual([['shenzhen_guangming', '深圳市（光明新区）'], ['langzhong', '阆中市'], ['cangnan_longgang', '苍南县龙港镇']]);
    const langzhong = batch.uncovered!.find((u) => u.id === 'langzhong')!;
    expect(langzhong.gaps[0]).toMatch(/^population/);
    expect(langzhong.gapsZh).toEqual(['人口（文献中没有常住、户籍或总人口）']);
  });

  it("stages a member's weighed answer (weighed.json) for its chart, where it has one", () => {
    const dir = batchOf(run, ['dalian', 'ningbo']);
    writeWeighedFixture(join(dir, 'dalian'));
    const dest = tmp();
    const manifest = prepareNotebookData([dir], dest, { pyramids: false });
    const files = (city: string) => manifest.folders.find((f) => f.kind === 'run' && f.city === city)!.files;
    expect(files('dalian')).toContain('weighed.json');
    expect(files('ningbo')).not.toContain('weighed.json');
    const id = manifest.folders.find((f) => f.city === 'dalian')!.id;
    expect(readFileSync(join(dest, 'data', id, 'weighed.json'), 'utf8')).toBe(readFileSync(join(dir, 'dalian', 'weighed.json'), 'utf8'));
  });

  it("stages a run's own weighed answer too (urbsim run keeps the one it prints), for the targets page", () => {
    const dir = tmp();
    cpSync(run, join(dir, 'dalian-run'), { recursive: true });
    writeWeighedFixture(join(dir, 'dalian-run'));
    const dest = tmp();
    const manifest = prepareNotebookData([join(dir, 'dalian-run'), run], dest, { pyramids: false });
    const weighed = manifest.folders.find((f) => f.source === join(dir, 'dalian-run'))!;
    const plain = manifest.folders.find((f) => f.source === run)!;
    expect(weighed.files).toContain('weighed.json');
    expect(plain.files).not.toContain('weighed.json');
    expect(readFileSync(join(dest, 'data', weighed.id, 'weighed.json'), 'utf8')).toBe(readFileSync(join(dir, 'dalian-run', 'weighed.json'), 'utf8'));
  });

  it("leaves out a member's weighed.json that is no weighed answer, with a warning naming it and what is wrong", () => {
    const dir = batchOf(run, ['dalian', 'ningbo', 'weihai']);
    writeWeighedFixture(join(dir, 'dalian'));
    // Valid JSON of another shape (figures a word, not a list), and JSON cut short.
    writeFileSync(join(dir, 'ningbo', 'weighed.json'), JSON.stringify({ figures: 'none', kishRuns: 3 }));
    writeFileSync(join(dir, 'weihai', 'weighed.json'), '{"figures": [');
    const dest = tmp();
    const warnings: string[] = [];
    const manifest = prepareNotebookData([dir], dest, { pyramids: false, warn: (m) => warnings.push(m) });
    const folder = (city: string) => manifest.folders.find((f) => f.kind === 'run' && f.city === city)!;
    expect(warnings).toHaveLength(2);
    // The batch here is built by the library's writers, which name no command in its manifests: the three that write one.
    expect(warnings[0]).toBe(`notebooks: ${join(dir, 'ningbo', 'weighed.json')}: not urbsim's weighed answer (figures: expected a list, found "none"); left out of the notebooks' data (urbsim run, merge or batch, whichever wrote the folder, writes it anew with the same --out)`);
    expect(warnings[1]).toMatch(new RegExp(`^notebooks: ${join(dir, 'weihai', 'weighed.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not urbsim's weighed answer \\(.*JSON.*\\); left out`));
    for (const city of ['ningbo', 'weihai']) {
      expect(folder(city).files).not.toContain('weighed.json');
      expect(existsSync(join(dest, 'data', folder(city).id, 'weighed.json'))).toBe(false);
    }
    // The pages say why, from the manifest, without fetching the file.
    expect(folder('ningbo').weighedProblem).toBe('figures: expected a list, found "none"');
    expect(folder('weihai').weighedProblem).toMatch(/JSON/);
    // The sound one staged as it was, with no problem recorded.
    expect(folder('dalian').files).toContain('weighed.json');
    expect(folder('dalian').weighedProblem).toBeUndefined();
    expect(readFileSync(join(dest, 'data', folder('dalian').id, 'weighed.json'), 'utf8')).toBe(readFileSync(join(dir, 'dalian', 'weighed.json'), 'utf8'));
  });

  it('lists none for a batch of a few cities that happen to be pilots', () => {
    const manifest = prepareNotebookData([batchOf(run, ['dalian', 'ningbo', 'geermu'])], tmp(), { pyramids: false });
    expect(manifest.folders.find((f) => f.kind === 'batch')!.uncovered).toBeUndefined();
  });
});

describe('the run the pages open on (the manifest\'s default)', () => {
  it("is a run on its own, which the index lists and marks, not a comparison's variant that sorts before it", async () => {
    // Staged in name order: a-compare/ (a comparison of cmp-base and cmp-x) before b-run/. The default was
    // a-compare/cmp-base, a row the index does not show (a comparison is one row): no folder marked as opened first.
    const out = tmp();
    await makeCompare(join(out, 'a-compare'), [{ name: 'cmp-base' }, { name: 'cmp-x' }], { runs: 10 });
    await makeRun(join(out, 'b-run'), { runs: 10 });
    const manifest = prepareNotebookData([out], tmp(), { pyramids: false });
    expect(manifest.folders.filter((f) => f.kind === 'run').map((f) => f.id)).toEqual(['a-compare/cmp-base', 'a-compare/cmp-x', 'b-run']);
    expect(manifest.default).toBe('b-run');
    // Only comparisons: the first variant, as before.
    const alone = tmp();
    await makeCompare(join(alone, 'a-compare'), [{ name: 'cmp-base' }, { name: 'cmp-x' }], { runs: 10 });
    expect(prepareNotebookData([alone], tmp(), { pyramids: false }).default).toBe('a-compare/cmp-base');
  }, 60_000);
});

describe('a comparison of an older urbsim (no meta.json) whose compare.arrow was emptied', () => {
  it('is refused naming the file; it was staged as a comparison of no variants recorded, silently', async () => {
    const out = tmp();
    await makeCompare(join(out, 'c'), [{ name: 'cmp-base' }, { name: 'cmp-x' }], { runs: 10 });
    rmSync(join(out, 'c', 'meta.json'));
    writeFileSync(join(out, 'c', 'compare.arrow'), '');
    expect(() => prepareNotebookData([out], tmp(), { pyramids: false })).toThrow(
      `${join(out, 'c', 'compare.arrow')}: cannot be read as an Arrow table (it is empty, 0 bytes)`,
    );
  }, 60_000);
});

// A pipe in a run folder's place of a file used to block the staging for good (`npm run notebooks -- --data DIR`):
// copying or reading it waits for a writer. It runs in a child with a deadline, killed with SIGKILL, so a hang fails.
describe('staging a folder with a pipe where a file should be', () => {
  let run: string;
  beforeAll(async () => {
    run = (await makeRun(tmp(), { runs: 10 })).dir;
  }, 60_000);

  it.each(['meta.json', 'summary.arrow'])('a pipe for %s: refused at once, naming it', async (file) => {
    const dir = join(tmp(), 'run');
    cpSync(run, dir, { recursive: true });
    rmSync(join(dir, file));
    expect(spawnSync('mkfifo', [join(dir, file)]).status).toBe(0);
    const code = `import('./src/report/prepareNotebookData.ts').then((m) => m.prepareNotebookData([${JSON.stringify(dir)}], ${JSON.stringify(tmp())}, { pyramids: false })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`;
    const r = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
      const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (status, signal) => { clearTimeout(deadline); done({ status, signal, stderr }); });
    });
    expect(r.signal, 'killed at the deadline: it hung').toBeNull();
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${join(dir, file)}: expected a regular file, found a pipe`);
  }, 90_000);
});

describe('a solve folder given to the notebooks', () => {
  it('is said to have no page (urbsim report draws it), not passed over in silence, alone or in a folder of them', () => {
    // `npm run notebooks:build -- --data out/dalian-solve-…` said only 'no run folders found: run npm start'.
    const parent = tmp();
    const solve = join(parent, 'dalian-solve');
    mkdirSync(solve);
    writeFileSync(join(solve, 'meta.json'), JSON.stringify({ toolkit: { name: 'urbsim', version: '0.1.0' }, command: 'solve', lever: 'migrant_settle_rate' }));
    writeFileSync(join(solve, 'solve.arrow'), '');
    for (const source of [solve, parent]) {
      const warnings: string[] = [];
      const manifest = prepareNotebookData([source], tmp(), { pyramids: false, warn: (m) => warnings.push(m) });
      expect(manifest.folders).toEqual([]);
      expect(warnings).toEqual([`notebooks: ${solve}: a solve folder, which no notebook page draws (urbsim report ${solve} draws it); left out`]);
    }
  });
});

// A run folder holding files of two runs: `cp out/b/summary.arrow out/b/targets.arrow out/a/`, a and b runs of one
// scenario with 20 and 40 runs — the same lengths (a summary and a targets table do not grow with the runs), so the
// pages drew b's percentiles and chances under a's meta.json ('20 runs'), silently; only the content (SHA-256) tells.
// Now such a folder is left out of the site's data, with a warning saying what differs, as urbsim report says it.
describe('a folder that is not as urbsim committed it (files of two runs)', () => {
  let run: string;
  beforeAll(async () => {
    run = (await makeRun(tmp(), { runs: 10 })).dir;
  }, 60_000);

  it('is left out of the site\'s data with a warning naming it and the first file that differs; the others are staged', async () => {
    const out = tmp();
    const a = (await makeRun(join(out, 'a'), { runs: 20 })).dir;
    const b = (await makeRun(join(tmp(), 'b'), { runs: 40 })).dir;
    const c = (await makeRun(join(out, 'c'), { runs: 20 })).dir;
    for (const f of ['summary.arrow', 'targets.arrow']) {
      expect(readFileSync(join(b, f)).length).toBe(readFileSync(join(a, f)).length); // the same length, other content
      cpSync(join(b, f), join(a, f));
    }
    const dest = tmp();
    const warnings: string[] = [];
    const manifest = prepareNotebookData([out], dest, { pyramids: false, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `notebooks: ${a} is not the folder urbsim committed: summary.arrow does not have the content manifest.json records (SHA-256 differs) ` +
        "(files of two runs, or changed since); left out of the notebooks' data: run the command that writes it again",
    ]);
    expect(manifest.folders.map((f) => f.id)).toEqual(['c']);
    expect(manifest.default).toBe('c');
    expect(existsSync(join(dest, 'data', 'a'))).toBe(false);
  }, 60_000);

  it('a batch\'s member likewise: left out of the batch\'s members, the batch staged with the others', () => {
    const dir = batchOf(run, ['dalian', 'ningbo']);
    writeFileSync(join(dir, 'ningbo', 'targets.arrow'), readFileSync(join(dir, 'ningbo', 'targets.arrow')).reverse());
    const warnings: string[] = [];
    const manifest = prepareNotebookData([dir], tmp(), { pyramids: false, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `notebooks: ${join(dir, 'ningbo')} is not the folder urbsim committed: targets.arrow does not have the content manifest.json records (SHA-256 differs) ` +
        "(files of two runs, or changed since); left out of the notebooks' data: run the command that writes it again",
    ]);
    const batch = manifest.folders.find((f) => f.kind === 'batch')!;
    expect(manifest.folders.filter((f) => f.kind === 'run').map((f) => f.city)).toEqual(['dalian']);
    expect(batch.members).toHaveLength(1);
  });

  it("a batch's own table likewise: the batch left out with its members, none of them listed without its files", async () => {
    const dir = batchOf(run, ['dalian', 'ningbo']);
    // batchOf copies a run's targets.arrow beside the members without a manifest of the batch's: commit one, then put
    // another run's in its place (20 runs, not 10: the same length).
    writeOutputFolder(dir, (out) => out.writeFile('targets.arrow', readFileSync(join(dir, 'targets.arrow'))), { mode: 'update' });
    const other = (await makeRun(tmp(), { runs: 20 })).dir;
    expect(readFileSync(join(other, 'targets.arrow')).length).toBe(readFileSync(join(dir, 'targets.arrow')).length);
    cpSync(join(other, 'targets.arrow'), join(dir, 'targets.arrow'));
    const dest = tmp();
    const warnings: string[] = [];
    const manifest = prepareNotebookData([dir], dest, { pyramids: false, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `notebooks: ${dir} is not the folder urbsim committed: targets.arrow does not have the content manifest.json records (SHA-256 differs) ` +
        "(files of two runs, or changed since); left out of the notebooks' data: run the command that writes it again",
    ]);
    expect(manifest.folders).toEqual([]);
    expect(manifest.default).toBeNull();
    expect(readdirSync(join(dest, 'data'))).toEqual(['runs.json']);
  }, 60_000);
});
