import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

describe('npm run notebooks:serve before npm run notebooks:build', () => {
  it('says nothing is built and what to run, exit 2, no stack trace, no server started', () => {
    // A fresh checkout has no notebooks/dist: the server used to start and answer every page with 404.
    const empty = mkdtempSync(join(tmpdir(), 'urbsim-nodist-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'serve', '--out', empty, '--port', '4198'], { encoding: 'utf8', timeout: 50_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`notebooks:serve: nothing built in ${empty} (no index.html): run npm run notebooks:build first, then npm run notebooks:serve\n`);
    expect(r.stdout).toBe('');
  });
});

describe('npm run notebooks:build --data naming no folder', () => {
  it('says which and what it expected, exit 2, before anything is staged or built', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-nodata-'));
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    for (const [data, what] of [[join(root, 'missing'), 'no such folder'], [file, 'not a folder']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', root, '--data', data, '--out', join(root, 'dist'), '--stage', join(root, 'stage')], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`notebooks: --data ${data}: ${what} (expected a run, batch, compare or sensitivity folder, or a folder of them)\n`);
      expect(existsSync(join(root, 'dist'))).toBe(false);
      expect(existsSync(join(root, 'stage'))).toBe(false);
    }
  });
});

describe('npm run notebooks:build --data DIR without the --', () => {
  it('names the folder it was given as an argument and how to give it, exit 2, nothing built', () => {
    // npm takes --data for its own config, so the script gets `build DIR`: it built the site from out/ alone and said
    // 'no run folders found: run npm start'.
    const root = mkdtempSync(join(tmpdir(), 'urbsim-npmdata-'));
    for (const [command, script] of [['build', 'notebooks:build'], ['preview', 'notebooks']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', command, root, '--out', join(root, 'dist'), '--stage', join(root, 'stage')], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`notebooks: unexpected argument ${root}: a folder to show is given with --data DIR; through npm, after a --: npm run ${script} -- --data ${root} (npm keeps an option before the -- for itself)\n`);
      expect(existsSync(join(root, 'dist'))).toBe(false);
      expect(existsSync(join(root, 'stage'))).toBe(false);
    }
  });
});

describe('npm run notebooks:build on a folder urbsim cannot read', () => {
  it('says which file and why, exit 2, no stack trace, nothing built', async () => {
    // A pipe in a run's file's place (as a damaged meta.json, or a weighed.json that is a folder): the staging's
    // InputError was an unhandled rejection, its stack trace printed, exit 1.
    const dir = writeScenarios({ 'a.yaml': `${MINIMAL}name: a\nmonte_carlo: { runs: 4, seed: 3 }\n` });
    const run = join(dir, 'a-out');
    expect((await cli(['run', join(dir, 'a.yaml'), '--out', run])).code).toBe(0);
    rmSync(join(run, 'summary.arrow'));
    expect(spawnSync('mkfifo', [join(run, 'summary.arrow')]).status).toBe(0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', run, '--out', join(dir, 'dist'), '--stage', join(dir, 'stage')], { encoding: 'utf8', timeout: 50_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`notebooks: ${join(run, 'summary.arrow')}: expected a regular file, found a pipe\n`);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  }, 60_000);
});

describe('npm run notebooks:build says what it staged', () => {
  it('every kind of folder the pages read: a comparison counted, not only its run folders', async () => {
    const dir = writeScenarios({
      'a.yaml': `${MINIMAL}name: a\nparameters: { migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\nmonte_carlo: { runs: 20, seed: 3 }\n`,
      'b.yaml': `${MINIMAL}name: b\nparameters: { migrant_settle_rate: { dist: uniform, min: 4%, max: 10% } }\nmonte_carlo: { runs: 20, seed: 3 }\n`,
    });
    const cmp = join(dir, 'cmp');
    expect((await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', cmp])).code).toBe(0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', cmp, '--out', join(dir, 'dist'), '--stage', join(dir, 'stage')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    // Its two variants' run folders and the comparison (it said "with 2 run and 0 batch folders").
    expect(r.stdout).toContain(` into ${join(dir, 'dist')} with 2 run and 1 compare folders from ${cmp}\n`);
    // Built with --out, serving it needs the same --out: `npm run notebooks:serve` alone serves notebooks/dist.
    expect(r.stdout).toContain(`\nopen it with \`npm run notebooks:serve -- --out ${join(dir, 'dist')}\` (browsers do not run its scripts from a file)\n`);
  }, 180_000);
});
