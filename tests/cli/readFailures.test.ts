import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A folder its user may not list (no read permission), as a user who is not root meets it (the tests may run as
// root, who lists everything): listing a path named `unlisted` fails as the file system fails it.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const readdirSync = ((path: Parameters<typeof fs.readdirSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('unlisted')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES', syscall: 'scandir', path: String(path) });
    return (fs.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readdirSync;
  // A folder `locked` this user may not list nor enter, a `manifest.json` in a folder `sealed` it may not read.
  const accessSync = ((path: Parameters<typeof fs.accessSync>[0], mode?: number) => {
    if (/(locked|sealed\/manifest\.json)$/.test(String(path))) throw Object.assign(new Error(`EACCES: permission denied, access '${String(path)}'`), { code: 'EACCES', syscall: 'access', path: String(path) });
    fs.accessSync(path, mode);
  }) as typeof fs.accessSync;
  return { ...fs, readdirSync, accessSync };
});

describe('a file system failure the commands do not catch themselves', () => {
  it('a read (a folder listed) is said "cannot read", exit 2: it said "cannot write" the folder widths reads', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'read-failures-')), 'unlisted');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expectInputError(await cli(['widths', dir]), `urbsim: cannot read ${dir}: permission denied\n`);
  });
});

describe('an output folder this user may not read', () => {
  it('report and merge say they cannot read it, not that it has no manifest.json or meta.json', async () => {
    // They said 'has no manifest.json: its writing was interrupted …' and 'is not an urbsim run folder (no meta.json)'.
    const dir = writeScenarios({ 's.yaml': `${MINIMAL}name: s\nmonte_carlo: { runs: 4, seed: 3 }\n` });
    const run = join(dir, 'run');
    expect((await cli(['run', join(dir, 's.yaml'), '--out', run])).code).toBe(0);
    const locked = join(dir, 'locked');
    const sealed = join(dir, 'sealed');
    cpSync(run, locked, { recursive: true });
    cpSync(run, sealed, { recursive: true });
    expectInputError(await cli(['report', locked, '--out', join(dir, 'r1')]), `urbsim: cannot read ${locked}: permission denied\n`);
    expectInputError(await cli(['merge', locked, '--out', join(dir, 'm1')]), `urbsim: cannot read ${locked}: permission denied\n`);
    expectInputError(await cli(['report', sealed, '--out', join(dir, 'r2')]), `urbsim: cannot read ${join(sealed, 'manifest.json')}: permission denied\n`);
    expectInputError(await cli(['merge', sealed, '--out', join(dir, 'm2')]), `urbsim: cannot read ${join(sealed, 'manifest.json')}: permission denied\n`);
  }, 60_000);
});
