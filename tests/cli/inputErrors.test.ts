import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const dir = writeScenarios({
  'ok.yaml': `${MINIMAL}name: ok\n`,
  // Dalian's base year (seed 004 L889–891) with more migrants than residents: the model cannot build it.
  'too-many-migrants.yaml': MINIMAL.replace('registered_rate: 63.1% }', 'registered_rate: 63.1%, migrant_pop: 800万 }'),
  'parent.yaml': `${MINIMAL}parameters: { inflow: -5 }\n`,
  'child.yaml': 'extends: parent.yaml\nname: child\n',
  'folder/one.yaml': `${MINIMAL}name: one\n`,
  'folder/two.yaml': `${MINIMAL}name: two\n`,
  'folder/notes.txt': 'not a scenario',
  'a-file': 'x',
});

describe('output paths are checked before anything runs', () => {
  it('run --out naming an existing file: exit 2, the file untouched', async () => {
    const r = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--out', join(dir, 'a-file')]);
    expectInputError(r, `--out ${join(dir, 'a-file')}: is a file, expected a folder`);
    expect(r.err).not.toMatch(/runs \(/); // no progress: nothing ran
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('x');
  });

  it('run --out a symbolic link that leads nowhere, or a folder under one: exit 2 before anything runs', async () => {
    // The runs ran, then the folder could not be put in the link's place: "cannot write …: a part of the path is a file, not a folder".
    const link = join(dir, 'gone-link');
    symlinkSync(join(dir, 'gone'), link);
    const r = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--out', link]);
    expectInputError(r, `--out ${link}: is a symbolic link to ${join(dir, 'gone')}, which leads to no folder (it does not exist, or the links make a loop): make that folder, or choose another`);
    expect(r.err).not.toMatch(/runs \(/); // no progress: nothing ran
    const under = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--out', join(link, 'sub')]);
    expectInputError(under, `--out ${join(link, 'sub')}: ${link} is a symbolic link to ${join(dir, 'gone')}, which leads to no folder`);
    expect(existsSync(join(dir, 'gone'))).toBe(false);
  });

  it('run --out inside a file: exit 2 naming the file in the way', async () => {
    const r = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--out', join(dir, 'a-file', 'out')]);
    expectInputError(r, `${join(dir, 'a-file')} is a file, so no folder can be made inside it`);
  });

  it.each([
    ['sensitivity', ['sensitivity', join('scenarios', 'dalian.yaml'), '--metric', 'registered_rate', '--year', '2020', '--runs', '20']],
    ['solve', ['solve', join('scenarios', 'dalian.yaml'), '--lever', 'settle_quota', '--target', 'registered_rate>=64%@2017', '--probability', '80%', '--runs', '8']],
    ['calibrate', ['calibrate', join('scenarios', 'dalian.yaml'), '--observed', 'data/observed/observed.csv', '--runs', '8']],
  ])('%s --out naming an existing file: exit 2', async (_, args) => {
    expectInputError(await cli([...args, '--out', join(dir, 'a-file')]), 'is a file, expected a folder');
  });

  it('schema --out into folders that do not exist yet creates them', async () => {
    const file = join(dir, 'new', 'deeper', 'urbsim.schema.json');
    const r = await cli(['schema', '--out', file]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('properties');
    expect(r.out).toBe(`wrote ${file}\n`); // the schema goes to the file, and where it went to standard output
  });

  it('schema --out over another file: exit 2, the file untouched; over the schema it wrote, written anew', async () => {
    // It replaced whatever the file held (the user's notes.json became the schema), silently.
    const other = join(dir, 'notes.json');
    writeFileSync(other, '{"my": "notes"}');
    expectInputError(await cli(['schema', '--out', other]), `--out ${other}: the file exists and is not the schema of scenario files urbsim writes; give another name, or move it away first`);
    expect(readFileSync(other, 'utf8')).toBe('{"my": "notes"}');
    const schema = join(dir, 'again.schema.json');
    expect((await cli(['schema', '--out', schema])).code).toBe(0);
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('"type": "object"', '"type":"object"')); // an older one
    const r = await cli(['schema', '--out', schema]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(schema, 'utf8')).toContain('"type": "object"');
  });

  it('schema --out naming a folder: exit 2', async () => {
    expectInputError(await cli(['schema', '--out', join(dir, 'folder')]), 'is a folder, expected a file name');
  });
});

describe('solve without --lever', () => {
  it('exit 2 saying what --lever expects, not an internal error; nothing written', async () => {
    // --lever is a required option whose default, the empty list its repeats are collected in, counted as given:
    // solve read the kind of a lever that was not there ("Cannot read properties of undefined (reading 'kind')", exit 1).
    const out = join(dir, 'solve-no-lever');
    const r = await cli(['solve', join(dir, 'ok.yaml'), '--target', '1', '--probability', '80%', '--runs', '4', '--out', out]);
    expectInputError(r, '--lever: expected the lever to search, a parameter key or a variable of the scenario with its range (e.g. --lever migrant_settle_rate=0..100%); repeat it for a frontier');
    expect(existsSync(out)).toBe(false);
  });
});

describe('validate', () => {
  it('given a folder, validates every *.yaml in it (as batch does)', async () => {
    const r = await cli(['validate', join(dir, 'folder')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`${join(dir, 'folder', 'one.yaml')}: ok\n${join(dir, 'folder', 'two.yaml')}: ok\n`);
  });

  it('a missing file: exit 2 naming it', async () => {
    expectInputError(await cli(['validate', join(dir, 'none.yaml')]), `${join(dir, 'none.yaml')}:1:1 cannot read the file: no such file`);
  });

  it('symbolic links in a loop: exit 2 saying so (it printed "ELOOP: too many symbolic links encountered, open …")', async () => {
    symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
    expectInputError(await cli(['validate', join(dir, 'loop-a.yaml')]), `${join(dir, 'loop-a.yaml')}:1:1 cannot read the file: its symbolic links lead round in a loop`);
  });

  it('a folder without scenarios: exit 2', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expectInputError(await cli(['validate', join(dir, 'empty')]), 'no scenario files (*.yaml)');
  });

  it('a problem in a file reached through extends names the file that extends it', async () => {
    const r = await cli(['validate', join(dir, 'child.yaml')]);
    expectInputError(r, /parent\.yaml:3:\d+ parameters\.inflow: .* \(extended by .*child\.yaml\)$/m);
  });
});

describe('baseline problems name the file and the YAML keys', () => {
  it('run: file, snake_case key paths, no camelCase', async () => {
    const out = join(dir, 'never');
    const r = await cli(['run', join(dir, 'too-many-migrants.yaml'), '--runs', '4', '--out', out]);
    // 800万 migrants against 691.8万 residents, formatted by src/model/baseline.ts (two decimals of 万).
    expectInputError(r, `${join(dir, 'too-many-migrants.yaml')}: baseline.migrant_pop 800.00万 is more than baseline.resident_pop 691.80万`);
    expect(r.err).not.toMatch(/migrantPop|residentPop/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('observed files', () => {
  it('calibrate --observed naming a folder: exit 2 saying so', async () => {
    const r = await cli(['calibrate', join('scenarios', 'dalian.yaml'), '--observed', join(dir, 'folder'), '--out', join(dir, 'never')]);
    expectInputError(r, `${join(dir, 'folder')}: cannot read the file: expected a regular file, found a folder`);
  });
});

describe('--workers above the machine\'s threads', () => {
  it('is capped to os.availableParallelism() with one line on stderr, and the run succeeds', async () => {
    const cores = availableParallelism();
    const out = join(dir, 'capped');
    const r = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--workers', String(cores + 1), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('--workers'))).toEqual([
      `urbsim: --workers ${cores + 1} is more than the ${cores} threads this machine runs at once; using ${cores} (results do not depend on the worker count)`,
    ]);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).workers).toBe(cores);
  });

  it('is not capped (and not noted) at or below the machine\'s threads', async () => {
    const r = await cli(['run', join(dir, 'ok.yaml'), '--runs', '4', '--workers', '1', '--out', join(dir, 'one-worker')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('--workers');
  });
});

describe('report', () => {
  it('a folder that does not exist: exit 2 naming it', async () => {
    expectInputError(await cli(['report', join(dir, 'nowhere')]), `${join(dir, 'nowhere')} does not exist`);
  });
});


describe('found by a second fresh-user pass', () => {
  const more = writeScenarios({
    // 1万 / |year − 2017| is infinite in 2017: a number of persons must be finite (and the run would be NaN).
    'infinite.yaml': `${MINIMAL}parameters: { inflow: "1万 / abs(year - 2017)" }\n`,
    // the same through a drawn variable: only a run can tell, so the run warns
    'infinite-drawn.yaml': `${MINIMAL}variables: { g: { dist: uniform, min: 1, max: 2 } }\nparameters: { inflow: "g * 1万 / abs(year - 2017)" }\n`,
  });

  it('validate checks the baseline as run does', async () => {
    const r = await cli(['validate', join(dir, 'too-many-migrants.yaml'), join(dir, 'ok.yaml')]);
    expectInputError(r, /too-many-migrants\.yaml: baseline\.migrant_pop 800\.00万 is more than baseline\.resident_pop 691\.80万/);
    expect(r.out).toContain(`${join(dir, 'ok.yaml')}: ok`);
  });

  it('an expression of the year that is infinite in some year is invalid', async () => {
    expectInputError(await cli(['validate', join(more, 'infinite.yaml')]), /parameters\.inflow: expected a number of persons from 0 to 20亿 \(more people than China has\) in every year, found Infinity in 2017/);
  });

  it('a drawn expression that is infinite stops the run: exit 2 naming the parameter, the run and the year; nothing written', async () => {
    const r = await cli(['run', join(more, 'infinite-drawn.yaml'), '--runs', '6', '--out', join(more, 'out')]);
    expectInputError(r, /infinite-drawn: run 0: inflow \(expression\) is not finite in 2017 with g = 1\.\d+ drawn; every value of inflow must be finite/);
    expect(existsSync(join(more, 'out'))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('a path that cannot be written is bad input (exit 2), not an internal error', async () => {
    expectInputError(await cli(['schema', '--out', '/proc/urbsim-schema.json']), '--out /proc/urbsim-schema.json: cannot be written: /proc is on a file system without disk space');
  });
});
