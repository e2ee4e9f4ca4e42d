import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputOf } from '../../src/io/outputFolder.ts';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A planner copies dalian.yaml to my-dalian.yaml and edits it: both keep `name: dalian`, so both default to one folder.
const DALIAN = `${MINIMAL}name: dalian\n`;
const files = () =>
  writeScenarios({
    'dalian.yaml': DALIAN,
    'my-dalian.yaml': `${DALIAN}parameters: { local_settle_rate: 9% }\n`,
    'other.yaml': `${MINIMAL}name: other\n`,
  });
const bytes = (dir: string) => Object.fromEntries(['manifest.json', 'meta.json', 'targets.arrow', 'summary.arrow'].filter((f) => existsSync(join(dir, f))).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('two scenario files of one name: the second does not replace the first one\'s output', () => {
  it('run: the folder records its scenario file; another file is refused (exit 2, both files named, what to do), the same file replaces its own', async () => {
    const dir = files();
    const out = join(dir, 'out', 'dalian');
    expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '20', '--out', out])).code).toBe(0);
    // out/dalian → ../../dalian.yaml
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).scenarioFile).toBe('../../dalian.yaml');
    const before = bytes(out);
    const r = await cli(['run', join(dir, 'my-dalian.yaml'), '--runs', '20', '--out', out]);
    expectInputError(r, `${out} holds the output of ${join(dir, 'dalian.yaml')}`);
    expect(r.err).toContain(`not of ${join(dir, 'my-dalian.yaml')}`);
    // --out given: the way out is another folder, not another name.
    expect(r.err).toMatch(/my-dalian\.yaml; to keep it, choose another folder \(--out\); to replace it, delete .*out\/dalian first\n$/);
    // Without --out the folder is named after the scenario: another `name:` is a way out too.
    expect(() => checkOutputOf(out, join(dir, 'my-dalian.yaml'), { named: 'dalian' })).toThrow(
      `(both are named "dalian", and the folder is named after it); to keep it, choose a folder with --out or give ${join(dir, 'my-dalian.yaml')} another \`name:\`; to replace it, delete ${out} first`,
    );
    expect(bytes(out)).toEqual(before);
    // The same file, run again with other runs, replaces its own output.
    expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '30', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).runs).toBe(30);
  }, 60_000);

  it('batch: a scenario folder of another file of the same name is refused before any scenario runs', async () => {
    const dir = files();
    const out = join(dir, 'batch');
    expect((await cli(['batch', join(dir, 'dalian.yaml'), join(dir, 'other.yaml'), '--runs', '20', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'dalian', 'manifest.json'), 'utf8')).scenarioFile).toBe('../../dalian.yaml');
    const before = [bytes(join(out, 'dalian')), bytes(join(out, 'other')), readFileSync(join(out, 'reachability.md'), 'utf8')];
    // other.yaml first: it would be skipped (up to date), and dalian's folder is checked before anything runs.
    const r = await cli(['batch', join(dir, 'other.yaml'), join(dir, 'my-dalian.yaml'), '--runs', '20', '--out', out]);
    expectInputError(r, `${join(out, 'dalian')} holds the output of ${join(dir, 'dalian.yaml')}`);
    expect(r.err).toContain(`(both are named "dalian", and the folder is named after it); to keep it, choose a folder with --out or give ${join(dir, 'my-dalian.yaml')} another \`name:\``);
    expect(r.err).not.toMatch(/\[1\/2\]/);
    expect([bytes(join(out, 'dalian')), bytes(join(out, 'other')), readFileSync(join(out, 'reachability.md'), 'utf8')]).toEqual(before);
    // Two files of one name in one batch: refused as before.
    expectInputError(await cli(['batch', join(dir, 'dalian.yaml'), join(dir, 'my-dalian.yaml'), '--runs', '20', '--out', join(dir, 'b2')]), 'two scenarios are named "dalian"');
  }, 60_000);

  it('compare: the folder is the reference file\'s', async () => {
    const dir = files();
    const out = join(dir, 'cmp');
    expect((await cli(['compare', join(dir, 'dalian.yaml'), join(dir, 'other.yaml'), '--runs', '20', '--out', out])).code).toBe(0);
    const before = bytes(out);
    expectInputError(await cli(['compare', join(dir, 'my-dalian.yaml'), join(dir, 'other.yaml'), '--runs', '20', '--out', out]), `${out} holds the output of ${join(dir, 'dalian.yaml')}`);
    expect(bytes(out)).toEqual(before);
  }, 60_000);

  // A manifest.json edited by hand (or by a script) whose scenarioFile is not the path urbsim writes: `5` or `null`
  // made every later run into the folder an internal error (exit 1, path.resolve's words), "" named the folder itself
  // as the scenario file of its output. It is not urbsim's manifest, so the folder is as one written before
  // manifests: not checked, replaced by a run as before.
  it.each([['a number', 5], ['null', null], ['a mapping', { file: 'dalian.yaml' }], ['an empty text', '']])(
    'a manifest whose scenarioFile is %s is not urbsim\'s: the folder is replaced as one without a manifest, no internal error',
    async (_, recorded) => {
      const dir = files();
      const out = join(dir, 'out', 'dalian');
      expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '20', '--out', out])).code).toBe(0);
      const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...m, scenarioFile: recorded }));
      const r = await cli(['run', join(dir, 'my-dalian.yaml'), '--runs', '30', '--out', out]);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).scenarioFile).toBe('../../my-dalian.yaml');
      expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).runs).toBe(30);
    },
    60_000,
  );

  // Shards copied from where they ran (a cluster's scratch folder) record their scenario file relative to where they
  // were: from here the path leads nowhere. The merge recorded that gone file, and the file's own next run into the
  // merged folder was refused as another file's ("holds the output of …/dalian.yaml (…; it is gone)").
  it('merge of shards copied elsewhere records no gone scenario file: the file\'s next run into the folder is not refused', async () => {
    const dir = files();
    for (const k of [1, 2]) expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '20', '--shard', `${k}/2`, '--out', join(dir, 'ran', `s${k}`)])).code).toBe(0);
    // copied two levels deeper: their ../../dalian.yaml is now dir/copied/dalian.yaml, which does not exist
    for (const k of [1, 2]) cpSync(join(dir, 'ran', `s${k}`), join(dir, 'copied', 'back', `s${k}`), { recursive: true });
    const merged = join(dir, 'merged');
    const m = await cli(['merge', join(dir, 'copied', 'back', 's1'), join(dir, 'copied', 'back', 's2'), '--out', merged]);
    expect(m.code, m.err).toBe(0);
    expect(JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8')).scenarioFile).toBeUndefined();
    const r = await cli(['run', join(dir, 'dalian.yaml'), '--runs', '20', '--out', merged]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8')).scenarioFile).toBe('../dalian.yaml');
  }, 60_000);
});
