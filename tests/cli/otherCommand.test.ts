import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A planner runs a.yaml into out/a, then compares a.yaml with b.yaml and gives --out out/a: the folder is a.yaml's
// output either way (the reference's), so it was replaced and the run lost.
const files = () =>
  writeScenarios({
    // (two inputs drawn: a sensitivity analysis needs them)
    'a.yaml': `${MINIMAL}name: a\nparameters: { local_settle_rate: { dist: uniform, min: 3%, max: 9% }, migrant_settle_rate: { dist: uniform, min: 2%, max: 6% } }\n`,
    'b.yaml': `${MINIMAL}name: b\nparameters: { local_settle_rate: 9% }\n`,
  });

/** Every file below `dir` with its bytes, to show nothing changed. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const all: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = join(prefix, name);
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(all, tree(dir, rel));
    else all[rel] = readFileSync(join(dir, rel)).toString('base64');
  }
  return all;
}

describe("an output folder of a scenario file is not replaced by another command's output of the same file", () => {
  it("compare a b --out <a's run folder>: refused before anything runs, naming the folder and what wrote it; the run kept", async () => {
    const dir = files();
    const out = join(dir, 'out', 'a');
    expect((await cli(['run', join(dir, 'a.yaml'), '--runs', '20', '--out', out])).code).toBe(0);
    const before = tree(out);
    const r = await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '20', '--out', out]);
    expectInputError(r, `${out} holds the output of urbsim run (a run folder) for ${join(dir, 'a.yaml')} (committed `);
    expect(r.err).toContain(`which urbsim compare would replace as a whole: to keep it, choose another folder (--out); to replace it, delete ${out} first`);
    expect(r.out).toBe('');
    expect(r.err).not.toMatch(/20\/20 runs/);
    expect(tree(out)).toEqual(before);
  }, 60_000);

  it("run a --out <a's comparison>: refused, the comparison and its variants' folders kept; compare again replaces its own", async () => {
    const dir = files();
    const out = join(dir, 'cmp');
    const compare = ['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '20', '--out', out];
    expect((await cli(compare)).code).toBe(0);
    const before = tree(out);
    const r = await cli(['run', join(dir, 'a.yaml'), '--runs', '20', '--out', out]);
    expectInputError(r, `${out} holds the output of urbsim compare for ${join(dir, 'a.yaml')} (committed `);
    expect(r.err).toContain('which urbsim run would replace as a whole');
    expect(tree(out)).toEqual(before);
    // The same command of the same file replaces its own output, as before.
    const again = await cli([...compare.slice(0, 4), '30', ...compare.slice(5)]);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).runs).toBe(30);
  }, 60_000);

  it("merge of a's shards into a's comparison, and a batch into a folder holding a's comparison under a's name: refused", async () => {
    const dir = files();
    const cmp = join(dir, 'batch', 'a');
    expect((await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '20', '--out', cmp])).code).toBe(0);
    const before = tree(cmp);
    const b = await cli(['batch', join(dir, 'a.yaml'), '--runs', '20', '--out', join(dir, 'batch')]);
    expectInputError(b, `${cmp} holds the output of urbsim compare for ${join(dir, 'a.yaml')}`);
    expect(b.err).toContain('which urbsim batch would replace as a whole');
    for (const k of ['1', '2']) expect((await cli(['run', join(dir, 'a.yaml'), '--runs', '20', '--shard', `${k}/2`, '--out', join(dir, `s${k}`)])).code).toBe(0);
    const m = await cli(['merge', join(dir, 's1'), join(dir, 's2'), '--out', cmp]);
    expectInputError(m, `${cmp} holds the output of urbsim compare for ${join(dir, 'a.yaml')}`);
    expect(m.err).toContain('which urbsim merge would replace as a whole');
    expect(tree(cmp)).toEqual(before);
  }, 60_000);

  it("a sensitivity shard's folder records its scenario file as a run's shard does: another file's run, or a's, is refused it", async () => {
    const dir = files();
    const out = join(dir, 's1');
    const shard = ['sensitivity', join(dir, 'a.yaml'), '--metric', 'registered_rate', '--year', '2020', '--runs', '20', '--shard', '1/2', '--out', out];
    expect((await cli(shard)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).scenarioFile).toBe('../a.yaml');
    const before = tree(out);
    expectInputError(await cli(['run', join(dir, 'b.yaml'), '--runs', '20', '--out', out]), `${out} holds the output of ${join(dir, 'a.yaml')}`);
    expectInputError(await cli(['run', join(dir, 'a.yaml'), '--runs', '20', '--out', out]), `${out} holds the output of urbsim sensitivity --shard for ${join(dir, 'a.yaml')}`);
    expect(tree(out)).toEqual(before);
    // The shard run again replaces its own folder.
    expect((await cli(shard)).code).toBe(0);
  }, 60_000);

  it("a run's shard and the whole run are two outputs: neither replaces the other's folder; each replaces its own", async () => {
    const dir = files();
    const whole = join(dir, 'out', 'a');
    const run = (...more: string[]) => cli(['run', join(dir, 'a.yaml'), '--runs', '20', ...more]);
    expect((await run('--out', whole)).code).toBe(0);
    const before = tree(whole);
    const r = await run('--shard', '1/2', '--out', whole);
    expectInputError(r, `${whole} holds the output of urbsim run (a run folder) for ${join(dir, 'a.yaml')}`);
    expect(r.err).toContain('which urbsim run --shard would replace as a whole');
    expect(tree(whole)).toEqual(before);
    const shard = join(dir, 's1');
    expect((await run('--shard', '1/2', '--out', shard)).code).toBe(0);
    expectInputError(await run('--out', shard), `${shard} holds the output of urbsim run --shard for ${join(dir, 'a.yaml')}`);
    expect((await run('--shard', '1/2', '--out', shard)).code).toBe(0);
  }, 60_000);
});
