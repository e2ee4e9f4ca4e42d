import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// An output folder is replaced as a whole. `urbsim run b.yaml --out par/sub`, then `urbsim run a.yaml --out par`
// (par already a's output) deleted b's output with a's old one, without a word: par/sub was an urbsim output folder,
// so it did not count as the user's. Now the replacement refuses another output folder its own output does not hold.
// urbsim no longer writes one output folder into another (below); the tests put one there by hand, as a user moving
// folders would (written at the same depth, so that the scenario file they record, relative to them, is still found).
const body = (name: string, inflow: string) =>
  `name: ${name}\ncity: dalian\nyears: { start: 2013, end: 2016 }\n` +
  `parameters: { inflow: { dist: uniform, min: ${inflow} }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n` +
  'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n';
const files = () =>
  writeScenarios({
    'a.yaml': body('a', '10万, max: 30万'),
    'b.yaml': body('b', '20万, max: 40万'),
    'obs.csv': `${OBSERVED_HEADER}\ndalian,registered_rate,2015,,,71.2,%,registered_unstated,,001:427,,\n`,
  });
/** Every file below `d`, relative path → content (base64), manifests included. */
function tree(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, prefix: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(p, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(p, e.name)).toString('base64');
    }
  };
  walk(d, '');
  return out;
}
const ok = async (args: string[]) => {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return r;
};
const meta = (d: string) => JSON.parse(readFileSync(join(d, 'meta.json'), 'utf8'));

describe('a folder to be replaced that holds another run\'s output folder', () => {
  it('run b --out par/sub, then run a --out par: refused (exit 2) naming par/sub, its scenario file and what to do; nothing touched', async () => {
    const dir = files();
    const par = join(dir, 'par');
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
    await ok(['run', join(dir, 'b.yaml'), '--out', join(dir, 'x', 'sub')]);
    renameSync(join(dir, 'x', 'sub'), join(par, 'sub'));
    const before = tree(par);
    const r = await cli(['run', join(dir, 'a.yaml'), '--runs', '30', '--out', par]);
    expectInputError(
      r,
      `urbsim: ${par}: holds another urbsim output folder, ${join(par, 'sub')}/ (the output of ${join(dir, 'b.yaml')}, committed `,
    );
    expect(r.err).toContain(`which is not part of ${par}'s own output; urbsim replaces its output folder as a whole, so it would be deleted with it: move it out of ${par} (or delete it) first, or choose another output folder\n`);
    expect(tree(par)).toEqual(before);
    expect(readdirSync(dir)).not.toContain('.urbsim');
    // Moved out, the run goes ahead.
    renameSync(join(par, 'sub'), join(dir, 'sub'));
    await ok(['run', join(dir, 'a.yaml'), '--runs', '30', '--out', par]);
    expect(meta(par).runs).toBe(30);
    expect(meta(join(dir, 'sub')).runs).toBe(20);
  }, 60_000);

  it('several, and deeper down (in a folder of their own, in a comparison\'s variant): each named, the count said', async () => {
    const dir = files();
    const c = join(dir, 'c');
    await ok(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', c]);
    await ok(['run', join(dir, 'b.yaml'), '--out', join(dir, 'p', 'q', 'mine')]);
    await ok(['run', join(dir, 'b.yaml'), '--out', join(dir, 'p', 'q', 'x')]);
    renameSync(join(dir, 'p', 'q', 'mine'), join(c, 'a', 'mine'));
    mkdirSync(join(c, 'keep'));
    renameSync(join(dir, 'p', 'q', 'x'), join(c, 'keep', 'x'));
    const before = tree(c);
    const r = await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', c]);
    expectInputError(r, `${c}: holds 2 other urbsim output folders, ${join(c, 'a', 'mine')}/ (the output of ${join(dir, 'b.yaml')}, committed `);
    expect(r.err).toContain(`${join(c, 'keep', 'x')}/ (the output of ${join(dir, 'b.yaml')}, committed `);
    expect(r.err).toContain('which are not part of');
    expect(tree(c)).toEqual(before);
  }, 60_000);

  it('a folder that is no output of its own but holds one (only par/sub): the message names the run folder, not "not an urbsim output folder"', async () => {
    const dir = files();
    await ok(['run', join(dir, 'b.yaml'), '--out', join(dir, 'par', 'sub')]);
    const r = await cli(['run', join(dir, 'a.yaml'), '--out', join(dir, 'par')]);
    expectInputError(r, `${join(dir, 'par')}: holds another urbsim output folder, ${join(dir, 'par', 'sub')}/ (the output of ${join(dir, 'b.yaml')}`);
    expect(existsSync(join(dir, 'par', 'sub', 'trajectories.arrow'))).toBe(true);
  }, 60_000);

  it('a batch folder is not replaced by a run: its scenario folders are named', async () => {
    const dir = files();
    const b = join(dir, 'batch');
    await ok(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', b]);
    const before = tree(b);
    const r = await cli(['run', join(dir, 'a.yaml'), '--out', b]);
    expectInputError(r, `${b}: holds 2 other urbsim output folders, ${join(b, 'a')}/ (the output of ${join(dir, 'a.yaml')}, committed `);
    expect(tree(b)).toEqual(before);
  }, 60_000);
});

describe('what a folder owns is replaced with it, as before', () => {
  it('a run\'s report/ (urbsim report), the same command re-run into its own folder', async () => {
    const dir = files();
    const par = join(dir, 'par');
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
    await ok(['report', par]);
    expect(readdirSync(join(par, 'report'))).toContain('report.zh.html');
    await ok(['run', join(dir, 'a.yaml'), '--runs', '30', '--out', par]);
    expect(meta(par).runs).toBe(30);
  }, 60_000);

  it('a report of another folder written into par/report is not par\'s: refused, named as a report of that folder; two folders\' reports in one folder refused', async () => {
    const dir = files();
    const par = join(dir, 'par');
    const other = join(dir, 'other');
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
    await ok(['run', join(dir, 'b.yaml'), '--out', other]);
    await ok(['report', par]);
    // A report of other into par's report folder would mix their pages.
    expectInputError(await cli(['report', other, '--out', join(par, 'report')]), `${join(par, 'report')}: holds the report of ${par}, not of ${other}; its pages would mix with these: choose another folder (--out)`);
    rmSync(join(par, 'report'), { recursive: true });
    // Written there, it would not be par's (below); written elsewhere at the same depth and moved in:
    expectInputError(await cli(['report', other, '--out', join(par, 'report')]), `${join(par, 'report')}: is inside ${par}, the output of ${join(dir, 'a.yaml')}`);
    await ok(['report', other, '--out', join(dir, 'elsewhere', 'report')]);
    renameSync(join(dir, 'elsewhere', 'report'), join(par, 'report'));
    expect(JSON.parse(readFileSync(join(par, 'report', 'manifest.json'), 'utf8')).reportOf).toBe('../../other');
    const before = tree(par);
    expectInputError(await cli(['run', join(dir, 'a.yaml'), '--out', par]), `${par}: holds another urbsim output folder, ${join(par, 'report')}/ (a report of ${other}, committed `);
    expect(tree(par)).toEqual(before);
  }, 60_000);

  it('a comparison\'s variant folders, with a report of a variant, re-run; a variant replaced by a run of its own is then that run\'s', async () => {
    const dir = files();
    const c = join(dir, 'c');
    await ok(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', c]);
    await ok(['report', join(c, 'b')]);
    await ok(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '30', '--out', c]);
    expect(meta(join(c, 'b')).runs).toBe(30);
    // The variant's folder replaced by a run of b.yaml (its manifest no longer the one the comparison committed):
    // refused when written there (below), so put there by hand.
    expectInputError(await cli(['run', join(dir, 'b.yaml'), '--out', join(c, 'b')]), `${join(c, 'b')}: is inside ${c}, the output of ${join(dir, 'a.yaml')}`);
    await ok(['run', join(dir, 'b.yaml'), '--out', join(dir, 'p', 'b')]);
    rmSync(join(c, 'b'), { recursive: true });
    renameSync(join(dir, 'p', 'b'), join(c, 'b'));
    expectInputError(await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', c]), `${c}: holds another urbsim output folder, ${join(c, 'b')}/ (the output of ${join(dir, 'b.yaml')}`);
  }, 60_000);

  it('a batch re-run: its scenario folders (each with a report) and the batch\'s report', async () => {
    const dir = files();
    const b = join(dir, 'batch');
    await ok(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', b]);
    await ok(['report', b]);
    await ok(['report', join(b, 'a')]);
    const r = await ok(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '30', '--out', b]);
    expect(r.err + r.out).not.toContain('holds');
    expect(meta(join(b, 'a')).runs).toBe(30);
    // The batch's report drew the runs replaced: it goes with them, said so (23e9a92), as a's does with a's folder.
    expect(r.err).toContain(`urbsim: note: removed ${join(b, 'report')}/: it drew the batch before these runs`);
    expect(existsSync(join(b, 'report'))).toBe(false);
    expect(existsSync(join(b, 'a', 'report'))).toBe(false);
  }, 60_000);

  it('calibrate into its own folder twice, and from shards in the folder\'s cluster/ (as --slurm runs them)', async () => {
    const dir = files();
    const out = join(dir, 'cal');
    await ok(['calibrate', join(dir, 'a.yaml'), '--observed', join(dir, 'obs.csv'), '--out', out]);
    await ok(['calibrate', join(dir, 'a.yaml'), '--observed', join(dir, 'obs.csv'), '--seed', '4', '--out', out]);
    const shards = [1, 2].map((k) => join(out, 'cluster', 'shards', `${k}-of-2`));
    for (const [k, s] of shards.entries()) await ok(['run', join(dir, 'a.yaml'), '--shard', `${k + 1}/2`, '--out', s]);
    await ok(['calibrate', join(dir, 'a.yaml'), '--observed', join(dir, 'obs.csv'), '--runs-from', ...shards, '--out', out]);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['cluster', 'posterior.arrow']));
    expect(readdirSync(join(out, 'cluster', 'shards'))).toEqual(['1-of-2', '2-of-2']);
  }, 60_000);

  it('an empty folder left inside the output is no output: replaced as before', async () => {
    const dir = files();
    const par = join(dir, 'par');
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
    mkdirSync(join(par, 'empty'));
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
  }, 60_000);
});

// `urbsim run b.yaml --out a/report`, a/ a run with its report: exit 0, b's run replaced a's report, and a/ then refused
// `urbsim run` (it holds another output folder) and `urbsim report` (its report folder holds b's run) until moved.
describe('an output folder written inside another output folder', () => {
  it('run, batch and compare into a run\'s report/ or any folder below it: refused (exit 2) before anything runs, the run as it was', async () => {
    const dir = files();
    const par = join(dir, 'par');
    await ok(['run', join(dir, 'a.yaml'), '--out', par]);
    await ok(['report', par]);
    const before = tree(par);
    const r = await cli(['run', join(dir, 'b.yaml'), '--out', join(par, 'report')]);
    expectInputError(
      r,
      `urbsim: ${join(par, 'report')}: is inside ${par}, the output of ${join(dir, 'a.yaml')} (committed ${JSON.parse(readFileSync(join(par, 'manifest.json'), 'utf8')).committedAt}), ` +
        `but would not be part of that output: urbsim replaces an output folder as a whole, so ${par} could not be written again until ${join(par, 'report')} was moved out ` +
        `(${join(par, 'report')} is where ${par}'s own report goes: urbsim report ${par}); choose a folder outside ${par}\n`,
    );
    expect(r.err).not.toMatch(/\[\d+\/\d+\]|runs done/);
    for (const args of [
      ['run', join(dir, 'b.yaml'), '--out', join(par, 'new', 'deeper')],
      ['batch', join(dir, 'b.yaml'), '--out', join(par, 'b')],
      ['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', join(par, 'report', 'c')],
    ]) {
      const res = await cli(args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err, args.join(' ')).toContain(`: is inside ${par}, the output of ${join(dir, 'a.yaml')} (committed `);
    }
    expect(tree(par)).toEqual(before);
    expect(readdirSync(par)).not.toContain('.urbsim');
    // The run and its report are written again as before; a report of par under another name in it is par's too,
    // replaced with it.
    await ok(['report', par]);
    await ok(['report', par, '--out', join(par, 'svg'), '--format', 'svg']);
    await ok(['run', join(dir, 'a.yaml'), '--runs', '30', '--out', par]);
    expect(meta(par).runs).toBe(30);
    expect(readdirSync(par)).not.toContain('svg');
  }, 60_000);
});

// A batch's combined files and a report's pages are added to their folder, replacing files of the same name:
// `urbsim batch b.yaml --out r` over a run's folder r replaced the run's targets.arrow with the batch's (exit 0), and
// `urbsim report r` then drew a's fan chart under b's targets.
describe('a batch or a report adding files to another command\'s folder', () => {
  it('batch --out a run\'s folder: refused before anything runs, the run\'s files as they were', async () => {
    const dir = files();
    const r = join(dir, 'r');
    await ok(['run', join(dir, 'a.yaml'), '--out', r]);
    const before = tree(r);
    const res = await cli(['batch', join(dir, 'b.yaml'), '--out', r]);
    expectInputError(res, `urbsim: ${r}: holds the output of ${join(dir, 'a.yaml')} (meta.json, params.arrow, pyramid.arrow, summary.arrow, trajectories.arrow); urbsim batch adds its files to its folder and replaces those of the same name, so they would mix with that output: choose another folder (--out)\n`);
    expect(tree(r)).toEqual(before);
    expect(res.err).not.toMatch(/\[1\/1\]/);
  }, 60_000);

  it('report --out a run\'s or a batch\'s folder: refused; into its own report folder, one language then the other, as before', async () => {
    const dir = files();
    const r = join(dir, 'r');
    const b = join(dir, 'b');
    await ok(['run', join(dir, 'a.yaml'), '--out', r]);
    await ok(['batch', join(dir, 'a.yaml'), '--out', b]);
    const before = [tree(r), tree(b)];
    expectInputError(await cli(['report', r, '--out', r]), `${r}: holds the output of ${join(dir, 'a.yaml')} (meta.json, params.arrow,`);
    expectInputError(await cli(['report', r, '--out', b]), `${b}: holds the output of another urbsim command (reachability.html, reachability.md, targets.arrow); urbsim report adds`);
    expect([tree(r), tree(b)]).toEqual(before);
    const pages = join(dir, 'pages');
    await ok(['report', r, '--out', pages]);
    await ok(['report', r, '--out', pages, '--lang', 'en']);
    await ok(['report', r, '--out', pages, '--format', 'svg']);
    expect(readdirSync(pages)).toEqual(expect.arrayContaining(['report.zh.html', 'report.en.html', 'fan.zh.svg']));
    // A batch re-run into its own folder, with its report beside: as before.
    await ok(['report', b]);
    await ok(['batch', join(dir, 'a.yaml'), '--runs', '30', '--out', b]);
  }, 60_000);
});
