import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, vi } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';

// A folder its user may not list (no read permission), as a user who is not root meets it (the tests may run as
// root, who lists everything): listing a path named `unlisted` fails as the file system fails it.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const readdirSync = ((path: Parameters<typeof fs.readdirSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('unlisted')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES', syscall: 'scandir', path: String(path) });
    return (fs.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readdirSync;
  return { ...fs, readdirSync };
});

describe('a file system failure the commands do not catch themselves', () => {
  it('a read (a folder listed) is said "cannot read", exit 2: it said "cannot write" the folder widths reads', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'read-failures-')), 'unlisted');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expectInputError(await cli(['widths', dir]), `urbsim: cannot read ${dir}: permission denied\n`);
  });
});
