import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToIPC, tableFromArrays } from 'apache-arrow';
import { urbsimFileName } from '../../src/io/outputFolder.ts';
import { documentedArrowFile } from '../../src/io/urbsimArrow.ts';
import { cli } from '../helpers/cli.ts';
import { HUIZHOU_JINCHANG_ROWS, OBSERVED_HEADER } from '../helpers/observedRows.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// An output folder without a manifest (written before manifests, or an update stopped between removing its manifest and
// writing the new one) is replaced only if every file in it is one urbsim writes: the others are taken for the user's.
// urbsim sensitivity's swing.arrow, its shards' runs.arrow and design.arrow, calibrate's calibrated-targets.arrow and the
// cross-validation's files were not among the names, so such a folder was refused as holding files 'which urbsim did
// not write' (urbsim sensitivity … --out s1 after rm s1/manifest.json, 2026-12-05 on b6fadf6). Here every command is
// run and the files it wrote are listed from its folder, not from the names in the code.
const SCENARIO = `years: { start: 2013, end: 2020 }
baseline: { resident_pop: 691.8万, registered_pop: 591.4万, resident_rate: 68.5%, registered_rate: 63.1% }
parameters:
  inflow: { dist: uniform, min: 5万, max: 20万 }
  migrant_settle_rate: { dist: uniform, min: 2%, max: 8% }
  local_settle_rate: 3%
  rural_to_town_rate: 1%
monte_carlo: { runs: 40, seed: 3 }
targets:
  - { metric: registered_rate, year: 2020, value: 66% }
`;

/** Every folder under `dir` with a manifest.json (an output folder urbsim committed), with the files in it. */
function outputFolders(dir: string): { dir: string; files: string[] }[] {
  const entries = readdirSync(dir);
  const here = entries.includes('manifest.json') ? [{ dir, files: entries.filter((e) => e !== 'manifest.json' && statSync(join(dir, e)).isFile()) }] : [];
  return [...here, ...entries.filter((e) => statSync(join(dir, e)).isDirectory() && e !== '.urbsim').flatMap((e) => outputFolders(join(dir, e)))];
}

describe('the names of the files urbsim writes (outputFolder.ts KNOWN_FILES)', () => {
  const root = writeScenarios({ 'a.yaml': `${SCENARIO}name: a\n`, 'b.yaml': `${SCENARIO.replace('local_settle_rate: 3%', 'local_settle_rate: 4%')}name: b\n`, 'cv.csv': `${[OBSERVED_HEADER, ...HUIZHOU_JINCHANG_ROWS].join('\n')}\n` });
  const a = join(root, 'a.yaml');
  const out = (name: string) => join(root, 'out', name);
  const sensitivity = ['sensitivity', a, '--metric', 'registered_rate', '--year', '2020', '--runs', '40'];
  const commands: string[][] = [
    ['run', a, '--out', out('run')],
    ['run', a, '--shard', '1/2', '--out', out('shard1')],
    ['run', a, '--shard', '2/2', '--out', out('shard2')],
    ['merge', out('shard1'), out('shard2'), '--out', out('merged')],
    ['batch', a, join(root, 'b.yaml'), '--out', out('batch')],
    ['compare', a, join(root, 'b.yaml'), '--out', out('compare')],
    [...sensitivity, '--out', out('sensitivity')],
    [...sensitivity, '--shard', '1/2', '--out', out('sensitivity-shard')],
    ['solve', a, '--lever', 'migrant_settle_rate=2%..8%', '--target', '1', '--probability', '0.5', '--runs', '20', '--max-evaluations', '5', '--out', out('solve')],
    ['solve', a, '--lever', 'migrant_settle_rate=2%..8%', '--lever', 'inflow=5万..20万', '--target', '1', '--probability', '0.5', '--grid', '3', '--runs', '20', '--out', out('frontier')],
    ['calibrate', 'scenarios/dalian.yaml', '--observed', 'data/observed/observed.csv', '--runs', '60', '--out', out('calibrate')],
    ['backtest', 'scenarios/shijiazhuang-backtest.yaml', '--observed', 'data/observed/observed.csv', '--until', '2014', '--runs', '60', '--out', out('backtest')],
    ['backtest', '--cross-validate', join(root, 'cv.csv'), '--runs', '30', '--fit-runs', '15', '--out', out('cross-validation')],
  ];

  it('every file each command writes is one of them', async () => {
    for (const args of commands) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    // And the reports of every kind of folder they draw, into each folder's report/ (its own output folder).
    for (const dir of ['run', 'merged', 'batch', 'compare', 'sensitivity', 'solve', 'frontier'])
      for (const format of ['svg', 'html']) {
        const r = await cli(['report', out(dir), '--format', format, '--lang', 'en']);
        expect(r.code, `report ${dir} --format ${format}: ${r.err}`).toBe(0);
      }
    const folders = outputFolders(join(root, 'out'));
    // A batch's own chart is named after its folder, which no list of names can hold (outputFolder.ts REPORT_FILE).
    const batchChart = join(out('batch'), 'report', 'batch.en.svg');
    expect(existsSync(batchChart)).toBe(true);
    const unknown = folders.flatMap((f) => f.files.filter((n) => !urbsimFileName(n)).map((n) => join(f.dir, n))).filter((f) => f !== batchChart);
    expect(unknown).toEqual([]);
    // The commands above did write the files that were missing (so the check is not vacuous for them).
    const seen = new Set(folders.flatMap((f) => f.files));
    for (const name of ['swing.arrow', 'runs.arrow', 'design.arrow', 'calibrated-targets.arrow', 'cross-validation.arrow', 'cross-validation.md'])
      expect(seen, name).toContain(name);
    for (const name of ['gain.en.svg', 'swing.en.svg', 'frontier.en.svg', 'compare-levels.en.svg', 'compare-targets.en.svg', 'compare-differences.en.svg'])
      expect(seen, name).toContain(name);
    // And none of the user's is taken for urbsim's.
    expect(['thesis.txt', 'swing.arrow.bak', 'data.arrow', 'notes.md'].filter(urbsimFileName)).toEqual([]);
    // Each Arrow table they wrote carries urbsim's column documentation, which tells it from a user's of the same name.
    const arrows = folders.flatMap((f) => f.files.filter((n) => n.endsWith('.arrow')).map((n) => join(f.dir, n)));
    expect(arrows.length).toBeGreaterThan(20);
    expect(arrows.filter((f) => !documentedArrowFile(f))).toEqual([]);
  }, 300_000);

  it.each([
    ['sensitivity', [...sensitivity, '--out', out('sens-again')]],
    ['sensitivity --shard', [...sensitivity, '--shard', '2/2', '--out', out('sens-shard-again')]],
    ['calibrate', ['calibrate', 'scenarios/dalian.yaml', '--observed', 'data/observed/observed.csv', '--runs', '60', '--out', out('calibrate-again')]],
  ])('%s: its folder, its manifest lost, is replaced by the same command (it was refused as holding files urbsim did not write)', async (_, args) => {
    expect((await cli(args)).code).toBe(0);
    const dir = args.at(-1)!;
    rmSync(join(dir, 'manifest.json'));
    const r = await cli(args);
    expect([r.code, r.err.split('\n').filter((l) => l.startsWith('urbsim: ') && !l.startsWith('urbsim: warning: '))]).toEqual([0, []]);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  }, 120_000);

  it("a run folder and its report/, both manifests lost: replaced by the run (gain.en.svg was not among the report's names)", async () => {
    // review's finding on fe10e5d: 'holds report/, which urbsim did not write', exit 2.
    const dir = out('run-report-lost');
    expect((await cli(['run', a, '--out', dir])).code).toBe(0);
    expect((await cli(['report', dir, '--format', 'svg', '--lang', 'en'])).code).toBe(0);
    expect(readdirSync(join(dir, 'report'))).toContain('gain.en.svg');
    rmSync(join(dir, 'manifest.json'));
    rmSync(join(dir, 'report', 'manifest.json'));
    const r = await cli(['run', a, '--out', dir]);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  // By its name alone a folder holding a file urbsim writes was taken for urbsim's (written before manifests) and
  // replaced as a whole: a user's study/ holding their own runs.arrow (a text, or an Arrow table of theirs) or meta.json
  // lost it to `urbsim run a.yaml --out study`, exit 0 (2026-12-05, 4493ca9; summary.arrow, meta.json … before
  // 880ea88 too). Now an Arrow file shows urbsim only with urbsim's documented columns, and meta.json only as urbsim's.
  it("a user's folder holding their own files of urbsim's names is refused, kept; urbsim's own without a manifest is replaced", async () => {
    const theirs = tableToIPC(tableFromArrays({ run: Int32Array.of(1, 2), value: Float64Array.of(0.5, 0.7) }), 'file');
    const cases: [string, Record<string, string | Uint8Array>][] = [
      ['text', { 'runs.arrow': 'my precious data' }],
      ['arrow', { 'summary.arrow': theirs, 'runs.arrow': theirs }],
      ['meta', { 'meta.json': '{"study": 1}' }],
    ];
    for (const [name, files] of cases) {
      const study = out(`study-${name}`);
      mkdirSync(study, { recursive: true });
      for (const [f, content] of Object.entries(files)) writeFileSync(join(study, f), content);
      const r = await cli(['run', a, '--out', study]);
      const held = Object.keys(files).sort().join(', ');
      expect([r.code, r.err.split('\n').filter((l) => !l.startsWith('urbsim: warning: '))]).toEqual([
        2,
        [`urbsim: ${study}: is not an urbsim output folder (it holds ${held}); urbsim replaces its output folder as a whole, so choose a new or empty folder`, ''],
      ]);
      for (const [f, content] of Object.entries(files)) expect(readFileSync(join(study, f))).toEqual(Buffer.from(content));
      expect(readdirSync(study).sort()).toEqual(Object.keys(files).sort());
    }
    // urbsim's own targets.arrow, alone in a folder of no manifest: urbsim's, replaced.
    const own = out('own-targets');
    mkdirSync(own, { recursive: true });
    expect((await cli(['run', a, '--out', out('source')])).code).toBe(0);
    copyFileSync(join(out('source'), 'targets.arrow'), join(own, 'targets.arrow'));
    const r = await cli(['run', a, '--out', own]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(own, 'manifest.json'))).toBe(true);
  }, 120_000);

  // A file of urbsim's name that urbsim did not write, beside urbsim's output or the user's: by its name alone it was
  // urbsim's. Dropped into a run folder (a manifest's, which does not list it), the next run into the folder deleted it,
  // exit 0; beside a user's notes, urbsim batch --out refused the folder as 'the output of another urbsim command'.
  it("a user's runs.arrow in a run folder is not deleted by the next run; beside their notes it does not stop a batch", async () => {
    const run = out('run-with-theirs');
    expect((await cli(['run', a, '--out', run])).code).toBe(0);
    writeFileSync(join(run, 'runs.arrow'), 'mine');
    const r = await cli(['run', a, '--out', run]);
    expect([r.code, r.err.split('\n').filter((l) => !l.startsWith('urbsim: warning: '))]).toEqual([
      2,
      [`urbsim: ${run}: holds runs.arrow, which urbsim did not write; urbsim replaces its output folder as a whole, so move it out first or choose another folder`, ''],
    ]);
    expect(readFileSync(join(run, 'runs.arrow'), 'utf8')).toBe('mine');

    const mine = out('my-folder');
    mkdirSync(mine, { recursive: true });
    writeFileSync(join(mine, 'runs.arrow'), 'mine');
    writeFileSync(join(mine, 'notes.txt'), 'notes');
    const b = await cli(['batch', a, join(root, 'b.yaml'), '--out', mine]);
    expect(b.code, b.err).toBe(0);
    expect([readFileSync(join(mine, 'runs.arrow'), 'utf8'), readFileSync(join(mine, 'notes.txt'), 'utf8')]).toEqual(['mine', 'notes']);
    expect(existsSync(join(mine, 'targets.arrow'))).toBe(true);
  }, 120_000);
});
