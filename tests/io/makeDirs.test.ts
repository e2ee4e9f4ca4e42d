import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/io/makeDirs.ts';

const root = mkdtempSync(join(tmpdir(), 'urbsim-makedirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirs', () => {
  it('makes every missing level and returns the outermost it made; nothing and undefined when the folder is there', () => {
    expect(makeDirs(join(root, 'a', 'b', 'c'))).toBe(join(root, 'a'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(makeDirs(join(root, 'a', 'b', 'c'))).toBeUndefined();
    expect(makeDirs(join(root, 'a', 'b', 'd'))).toBe(join(root, 'a', 'b', 'd'));
  });

  it('a file in the way: the error the recursive mkdir gives, ENOTDIR on the way, EEXIST in the folder\'s place', () => {
    writeFileSync(join(root, 'f'), '');
    expect(() => makeDirs(join(root, 'f', 'x', 'y'))).toThrow(/ENOTDIR/);
    expect(() => makeDirs(join(root, 'f'))).toThrow(/EEXIST/);
    expect(existsSync(join(root, 'f', 'x'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self'))('under /proc: ENOENT at once (Node 20\'s recursive mkdir retries it for good)', () => {
    expect(() => makeDirs('/proc/urbsim-makedirs-test/x')).toThrow(/ENOENT.*\/proc\/urbsim-makedirs-test/);
  });
});

it.runIf(existsSync('/proc/self'))('urbsim run --out under /proc: a clear error and exit 2, not a run that never ends', () => {
  // A child process with a deadline: before makeDirs the command spun in mkdir, where no test timeout reaches.
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'run', 'scenarios/dalian.yaml', '--runs', '10', '--out', '/proc/urbsim-x'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.signal, 'killed at the deadline: the command hung').toBeNull();
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^urbsim: .*\/proc/m);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}, 90_000);
