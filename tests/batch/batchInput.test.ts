import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/runBatch.ts';
import { main } from '../../src/cli/main.ts';
import { InputError } from '../../src/inputError.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const dir = writeScenarios({
  'a.yaml': `${MINIMAL}name: twin\n`,
  'b.yaml': `${MINIMAL}name: twin\n`,
  'c.yaml': `${MINIMAL}name: c\n`,
});

describe('batch: two scenarios with one name', () => {
  it('runBatch throws an InputError naming both files, before writing anything', async () => {
    const out = join(dir, 'lib-out');
    const files = [join(dir, 'a.yaml'), join(dir, 'b.yaml')];
    await expect(runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) })).rejects.toThrowError(InputError);
    await expect(runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) })).rejects.toThrowError(
      `two scenarios are named "twin": ${files[0]} and ${files[1]}`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('urbsim batch exits 2 with that message, not an internal error', async () => {
    let err = '';
    const code = await main(['batch', dir, '--runs', '4', '--out', join(dir, 'cli-out')], { out: () => {}, err: (s) => { err += s; } });
    expect(code).toBe(2);
    expect(err).toContain(`two scenarios are named "twin": ${join(dir, 'a.yaml')} and ${join(dir, 'b.yaml')}`);
    expect(err).not.toContain('internal error');
  });
});

describe('batch: one file given twice', () => {
  it('a folder and a file in it: said given twice, not "two scenarios are named c … give one of them another name:"', async () => {
    let err = '';
    const out = join(dir, 'twice-out');
    const code = await main(['batch', join(dir, 'c.yaml'), `${dir}/../${dir.split('/').at(-1)}/c.yaml`, '--runs', '4', '--out', out], { out: () => {}, err: (s) => { err += s; } });
    expect(code).toBe(2);
    expect(err.split('\n').filter((l) => !l.startsWith('urbsim: warning:')).join('\n')).toBe(`urbsim: ${join(dir, 'c.yaml')} is given twice (again as ${dir}/../${dir.split('/').at(-1)}/c.yaml), as a file or in a folder given: give each scenario once\n`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('batch: resuming', () => {
  it('re-runs a scenario whose folder has meta.json but lost trajectories.arrow', async () => {
    const out = join(dir, 'resume');
    const files = [join(dir, 'c.yaml')];
    const first = await runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) });
    expect({ ran: first.ran, skipped: first.skipped }).toEqual({ ran: 1, skipped: 0 });
    const again = await runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) });
    expect({ ran: again.ran, skipped: again.skipped }).toEqual({ ran: 0, skipped: 1 }); // complete: skipped
    const trajectories = readFileSync(join(out, 'c', 'trajectories.arrow'));
    rmSync(join(out, 'c', 'trajectories.arrow'));
    const resumed = await runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) });
    expect({ ran: resumed.ran, skipped: resumed.skipped }).toEqual({ ran: 1, skipped: 0 });
    expect(readFileSync(join(out, 'c', 'trajectories.arrow')).equals(trajectories)).toBe(true); // same seed, same bytes
  });
});

describe("batch: a scenario folder its turn would refuse (a read-only folder in it, a user's file)", () => {
  it('is refused before the first scenario runs, not after the scenarios before it ran', async () => {
    // As uid nobody, d/report made read-only (chmod 555) was refused at d's turn, c run again and committed first; the
    // same check refuses a user's file in d/ (root writes anyway, so the test holds the file).
    const two = writeScenarios({ 'c.yaml': `${MINIMAL}name: c\n`, 'd.yaml': `${MINIMAL}name: d\n` });
    const out = join(two, 'out');
    const files = [join(two, 'c.yaml'), join(two, 'd.yaml')];
    await runBatch(files, { outDir: out, runs: 4, load: (f) => loadScenario(f) });
    writeFileSync(join(out, 'd', 'notes.txt'), 'mine');
    const before = readFileSync(join(out, 'c', 'meta.json'));
    let ran = 0;
    await expect(runBatch(files, { outDir: out, runs: 5, load: (f) => loadScenario(f), onScenario: () => ran++ })).rejects.toThrowError(
      new InputError(`${join(out, 'd')}: holds notes.txt, which urbsim did not write; urbsim replaces its output folder as a whole, so move it out first or choose another folder`),
    );
    expect(ran).toBe(0);
    expect(readFileSync(join(out, 'c', 'meta.json')).equals(before)).toBe(true);
    expect(readFileSync(join(out, 'd', 'notes.txt'), 'utf8')).toBe('mine');
  });
});
