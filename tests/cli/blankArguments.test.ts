import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// An empty or blank path ("" — a shell variable left unset) is the current folder to the file system:
// `urbsim batch s.yaml --out ""` wrote targets.arrow, reachability.*, manifest.json and the scenario's folder into the
// working directory (exit 0), `run --out " "` made a folder named " ", `init --out ""` and `fit-defaults --out ""`
// (after fitting) stopped on an internal error, `run ""` said '.:1:1 cannot read the file: it is a folder'.
const dir = writeScenarios({ 's.yaml': `${MINIMAL}name: s\nmonte_carlo: { runs: 5, seed: 1 }\n` });
const s = join(dir, 's.yaml');

describe('an empty or blank argument is refused before anything runs', () => {
  it.each([
    [['run', s, '--out', ''], '--out <DIR>: expected a folder (DIR), found an empty text ("")'],
    [['run', s, '--out', '  '], '--out <DIR>: expected a folder (DIR), found only spaces ("  ")'],
    [['run', ''], '<scenario>: expected scenario YAML file, found an empty text ("")'],
    [['compare', s, ' '], '<scenarios...>: expected two or more scenario files; the first is the reference, found only spaces (" ")'],
    [['batch', s, '--out', ''], '--out <DIR>: expected a folder (DIR), found an empty text ("")'],
    [['init', 'dalian', '--out', ''], '--out <FILE>: expected a file (FILE), found an empty text ("")'],
    [['schema', '--out', ''], '--out <FILE>: expected a file (FILE), found an empty text ("")'],
    [['calibrate', s, '--observed', ''], '--observed <FILE>: expected a file (FILE), found an empty text ("")'],
    [['calibrate', s, '--observed', 'x.csv', '--runs-from', join(dir, 'r'), ''], '--runs-from <DIR...>: expected a folder (DIR), found an empty text ("")'],
    [['fit-defaults', 'data/observed/observed.csv', '--out', ''], '--out <FILE>: expected a file (FILE), found an empty text ("")'],
    [['report', join(dir, 'r'), '--out', ''], '--out <DIR>: expected a folder (DIR), found an empty text ("")'],
  ])('%j', async (args, message) => {
    expectInputError(await cli(args), `urbsim: ${message}\n`);
  });

  it('other options and arguments keep their own words: a seed, a run count, an area id are not paths', async () => {
    expectInputError(await cli(['run', s, '--seed', '', '--out', join(dir, 'x')]), 'urbsim: --seed: expected a whole number from 0 to 4294967295 in decimal digits, found ""\n');
    expectInputError(await cli(['run', s, '--runs', ' ', '--out', join(dir, 'x')]), 'urbsim: --runs: expected a whole number from 1 to 10,000,000 in decimal digits, found " "\n');
    expectInputError(await cli(['init', '']), 'urbsim: init: expected an area id of data/areas/areas.csv (e.g. urbsim init dalian) or --blank for a city of your own, found an empty text ("")');
  });

  it('batch --out "" writes nothing into the working directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'urbsim-blank-'));
    const r = spawnSync(process.execPath, [resolve('src/cli/urbsim.mjs'), 'batch', s, '--out', ''], { cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('--out <DIR>: expected a folder (DIR), found an empty text ("")');
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);
});
