import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputError.ts';
import { readRunMeta } from '../../src/io/readRunOutputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-not-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder with these files (empty, or the text given): only their names are looked at before reading. */
function folder(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
}

describe('a folder given as runs (calibrate --runs-from, merge) that is another command\'s output says so', () => {
  it.each([
    // Each was "… is an incomplete run folder: it has meta.json but no trajectories.arrow", or "(no meta.json)" alone.
    ['a compare folder: its command, and its variants\' run folders',
      { 'meta.json': '{"command":"compare"}', 'compare.arrow': '', 'b/meta.json': '{}', 'b/trajectories.arrow': '', 'a/meta.json': '{}', 'a/trajectories.arrow': '' },
      (d: string) => `${d} is the output of urbsim compare, not a run folder (urbsim run --out); the run folders in it: ${join(d, 'a')}, ${join(d, 'b')}`],
    ['a solve folder', { 'meta.json': '{"command":"solve"}', 'solve.arrow': '' }, (d: string) => `${d} is the output of urbsim solve, not a run folder (urbsim run --out)`],
    // calibrate's meta.json names no command: its posterior does.
    ['a calibrate folder', { 'meta.json': '{}', 'posterior.arrow': '' }, (d: string) => `${d} is the output of urbsim calibrate, not a run folder (urbsim run --out)`],
    ['a batch folder (no meta.json): its scenarios\' run folders', { 'reachability.md': '', 'dalian/meta.json': '{}', 'dalian/trajectories.arrow': '', 'notes/x.txt': '' },
      (d: string) => `${d} is not an urbsim run folder (no meta.json); the run folder in it: ${join(d, 'dalian')}`],
  ])('%s', (name, files, message) => {
    const d = folder(name.replaceAll(/\W+/g, '-'), files);
    expect(() => readRunMeta(d)).toThrow(InputError);
    let m = '';
    try {
      readRunMeta(d);
    } catch (e) {
      m = (e as Error).message;
    }
    expect(m).toBe(message(d));
  });
});
