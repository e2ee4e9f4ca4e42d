import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkOwnJsonFile } from '../../src/cli/outputPath.ts';

// A file without read permission, as a user who is not root meets it (the tests may run as root, who reads
// everything): reading a path named `locked.json` fails as the file system fails it.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('locked.json')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES', syscall: 'open', path: String(path) });
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync };
});

const own = (json: unknown) => (json as { mine?: boolean } | undefined)?.mine === true;
const what = 'the file the command writes';

describe('checkOwnJsonFile: a file the command would replace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-json-'));

  it('one it cannot read (EACCES) is said to be unreadable: it said "is not the file the command writes"', () => {
    const file = join(dir, 'locked.json');
    writeFileSync(file, '{"mine": true}');
    expect(() => checkOwnJsonFile('--out', file, own, what)).toThrow(
      `--out ${file}: the file exists and cannot be read (permission denied), so urbsim cannot tell whether it is the file the command writes; give another name, or move it away first`,
    );
  });

  it('one it reads: its own is let through, another refused as not its own', () => {
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, '{"mine": true}');
    expect(() => checkOwnJsonFile('--out', mine, own, what)).not.toThrow();
    const notes = join(dir, 'notes.json');
    writeFileSync(notes, '{"my": "notes"}');
    expect(() => checkOwnJsonFile('--out', notes, own, what)).toThrow(`--out ${notes}: the file exists and is not the file the command writes; give another name, or move it away first`);
  });
});
