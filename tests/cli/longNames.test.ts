import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// File systems allow 255 bytes a name, and urbsim works beside an output folder under its name and up to 30 bytes more
// (.urbsim/<name>.lock.<pid>-<token>). A `name:` of 250 letters validated "ok" and its run stopped on "internal error:
// ENAMETOOLONG … .lock…"; so did --out with such a folder name, or with a longer name anywhere in the path; a compare of
// two files of one name deep in folders of Chinese names ran every run, then failed on its variant's folder (labelled by
// its path, 483 bytes); init --out with a too-long file name named the temporary file.
const inflow = 'parameters: { inflow: { dist: uniform, min: 1万, max: 2万 } }\nmonte_carlo: { runs: 3, seed: 1 }\n';
const dir = writeScenarios({
  'a.yaml': `${MINIMAL}name: a\n${inflow}`,
  'long.yaml': `${MINIMAL}name: ${'a'.repeat(201)}\n${inflow}`,
  'longest.yaml': `${MINIMAL}name: ${'a'.repeat(200)}\n${inflow}`,
  'cn.yaml': `${MINIMAL}name: ${'城'.repeat(67)}\n${inflow}`,
});

describe('names too long for a file system', () => {
  it('a scenario name over 200 bytes (201 letters, 67 Chinese characters) is refused at its key; 200 bytes run', async () => {
    expectInputError(await cli(['validate', join(dir, 'long.yaml')]), 'long.yaml:3:7 name: expected a name of at most 200 bytes (it names the output folder; about 66 Chinese characters), found 201 bytes');
    expectInputError(await cli(['validate', join(dir, 'cn.yaml')]), 'found 201 bytes');
    const out = join(dir, 'out-longest');
    const r = await cli(['run', join(dir, 'longest.yaml'), '--out', join(out, 'a'.repeat(200))]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out)).toEqual(['a'.repeat(200)]);
  }, 60_000);

  it('--out a folder named in more than 200 bytes: refused before anything runs, nothing made', async () => {
    const out = join(dir, 'o1', '城'.repeat(67));
    const r = await cli(['run', join(dir, 'a.yaml'), '--out', out]);
    expectInputError(r, `urbsim: ${out}: the folder's name is 201 bytes long, expected at most 200 (file systems allow 255 a name, and urbsim works beside the folder under longer names): choose a shorter one\n`);
    expect(r.err).not.toContain('runs (100%)');
    expect(existsSync(join(dir, 'o1'))).toBe(false);
  });

  it('a name over 255 bytes anywhere in a path: exit 2, "a name in the path is too long", for the path given', async () => {
    const long = 'b'.repeat(260);
    expectInputError(await cli(['run', join(dir, 'a.yaml'), '--out', join(dir, long, 'x')]), `a name in the path is too long (file systems allow 255 bytes a name)`);
    expectInputError(await cli(['run', join(dir, `${long}.yaml`)]), `${long}.yaml:1:1 cannot read the file: a name in the path is too long`);
    expectInputError(await cli(['init', 'dalian', '--out', join(dir, `${long}.yaml`)]), `urbsim: cannot write ${join(dir, `${long}.yaml`)}: a name in the path is too long`);
    expect(existsSync(join(dir, long))).toBe(false);
  });

  it('compare: a variant labelled by a path too long for a folder name is refused before the first run', async () => {
    const deep = join(dir, '城市'.repeat(20), '城市'.repeat(20));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'a.yaml'), `${MINIMAL}name: a\n${inflow}`);
    const r = await cli(['compare', join(dir, 'a.yaml'), join(deep, 'a.yaml'), '--out', join(dir, 'cmp')]);
    expectInputError(r, /compare: .*a\.yaml is labelled ".*-a" \(its path; its name "a" is shared\): \d+ bytes, longer than a run folder's name may be \(200\); give it another `name:`, or run compare from nearer the file\n/);
    expect(r.err).not.toContain('runs (100%)');
    expect(existsSync(join(dir, 'cmp'))).toBe(false);
  });
});
