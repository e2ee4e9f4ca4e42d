import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { ownWeighedFigures, shippedObserved } from '../../src/batch/ownFigures.ts';
import { populationOwnErrors } from '../../src/analysis/seriesError.ts';
import type { ObservedPoint } from '../../src/io/readObserved.ts';
import { runBatch } from '../../src/batch/runBatch.ts';
import { readWeighed, weighedJson, weighedKey } from '../../src/batch/weighedFile.ts';
import { fittedDefaults } from '../../src/data/fittedDefaults.ts';
import { InputError } from '../../src/inputError.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { NODE_FILE_IO } from '../../src/io/fileSink.ts';
import { openOutputFolder } from '../../src/io/outputFolder.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-weighed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answer = {
  figures: [],
  inLaws: [],
  kishRuns: 0,
  // No run weighs anything: NaN, which JSON writes as null.
  targets: [{ id: 'all', probability: NaN, lower: 0, upper: 1, effectiveRuns: 0, kishRuns: 0 }],
  intervals: [{ metric: 'resident_rate' as const, year: 2015, p10: NaN, p50: 0.5, p90: 0.6 }],
};

it('reads back what it wrote, NaN as NaN, under its key only', () => {
  writeFileSync(join(dir, 'weighed.json'), weighedJson('k1', answer));
  expect(readWeighed(dir, 'k1')).toEqual(answer);
  expect(readWeighed(dir)).toEqual(answer);
  expect(readWeighed(dir, 'k2')).toBeUndefined();
  expect(readWeighed(join(dir, 'none'), 'k1')).toBeUndefined();
  // Every run one projection: said so, and read back so.
  writeFileSync(join(dir, 'weighed.json'), weighedJson('k1', { ...answer, identical: true }));
  expect(readWeighed(dir, 'k1')).toEqual({ ...answer, identical: true });
});

it("a figure's file relative to the project when inside it, so that two checkouts write the same bytes; another file as read", () => {
  const figure = (file: string): ObservedPoint => ({ file, line: 222, area: 'weihai', metric: 'registered_rate', year: 2015, value: 0.5602, written: '56.02', definition: 'registered_unified', break: false, segment: 0, source: '001:161', snippet: '', note: '' });
  // This checkout's observed.csv, two folders above this test file, as shippedObserved reads it.
  const shipped = fileURLToPath(new URL('../../data/observed/observed.csv', import.meta.url));
  const text = weighedJson('k1', { ...answer, figures: [figure(shipped)], inLaws: [figure('/elsewhere/mine.csv')] });
  expect(JSON.parse(text).figures[0].file).toBe('data/observed/observed.csv');
  expect(JSON.parse(text).inLaws[0].file).toBe('/elsewhere/mine.csv');
});

it('a file that is not JSON: an input error naming it', () => {
  const bad = mkdtempSync(join(dir, 'bad-'));
  writeFileSync(join(bad, 'weighed.json'), '{"key": "k1", ');
  expect(() => readWeighed(bad, 'k1')).toThrow(InputError);
  expect(() => readWeighed(bad, 'k1')).toThrow(`${join(bad, 'weighed.json')}: not readable as urbsim's weighed answer`);
});

it.each([
  ['null', 'expected a mapping, found nothing'],
  ['[]', 'expected a mapping, found a list of 0'],
  ['{}', 'figures: expected a list, found nothing'],
  ['{"key": "k1", "figures": [], "inLaws": [], "kishRuns": 0, "targets": []}', 'intervals: expected a list, found nothing'],
  ['{"figures": [{"area": "weihai", "metric": "resident_rate"}], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": []}', 'figures.0.year: expected a number, found nothing'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [{"id": "all", "probability": "0.5"}], "intervals": []}', 'targets.0.probability: expected a number, found "0.5"'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [{"metric": "resident_pop", "year": 2016, "p10": 1, "p50": 2, "p90": 3}]}', 'intervals.0.metric: expected one of resident_rate, registered_rate, found "resident_pop"'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [{"metric": "resident_rate", "year": "2016", "p10": 1, "p50": 2, "p90": 3}]}', 'intervals.0.year: expected a number, found "2016"'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [], "redrawn": 400}', 'redrawn: expected a mapping, found 400'],
  // Runs drawn again that are no count ("NaN runs drawn again" in the report).
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [], "redrawn": {"keys": [], "runs": null}}', 'redrawn.runs: expected a number, found nothing'],
  // Refused runs that are no count: the report would advise on "0 runs to draw once more".
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [], "redrawn": {"keys": [], "runs": 400, "refused": 0}}', 'redrawn.refused: expected'],
  // "identical" is written only as true: "no", truthy, would have the report say every run is one projection.
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [], "identical": "no"}', 'identical: expected true, found "no"'],
  // Out of range, read silently: a probability of 150% on the report's chart, a count of −3 effective runs.
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [{"id": "all", "probability": 1.5, "lower": 0.4, "upper": 0.6, "effectiveRuns": 10}], "intervals": []}', 'targets.0.probability: expected a number ≤ 1, found 1.5'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [{"id": "all", "probability": 0.5, "lower": -0.1, "upper": 0.6, "effectiveRuns": 10}], "intervals": []}', 'targets.0.lower: expected a number ≥ 0, found -0.1'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [{"id": "all", "probability": 0.5, "lower": 0.4, "upper": 0.6, "effectiveRuns": -3}], "intervals": []}', 'targets.0.effectiveRuns: expected a number ≥ 0, found -3'],
  ['{"figures": [], "inLaws": [], "kishRuns": -2, "targets": [], "intervals": []}', 'kishRuns: expected a number ≥ 0, found -2'],
  ['{"figures": [], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": [{"metric": "resident_rate", "year": 2016, "p10": 0.6, "p50": 0.7, "p90": 1.2}]}', 'intervals.0.p90: expected a number ≤ 1, found 1.2'],
  // A figure without its value: the chart marked it at NaN.
  ['{"figures": [{"area": "weihai", "metric": "resident_rate", "year": 2015}], "inLaws": [], "kishRuns": 1, "targets": [], "intervals": []}', 'figures.0.value: expected a number, found nothing'],
])('JSON of another shape (%s): an input error saying what is wrong, whatever the key', (text, problem) => {
  const bad = mkdtempSync(join(dir, 'shape-'));
  writeFileSync(join(bad, 'weighed.json'), text);
  expect(() => readWeighed(bad)).toThrow(InputError);
  expect(() => readWeighed(bad)).toThrow(`${join(bad, 'weighed.json')}: not readable as urbsim's weighed answer (${problem}`);
  expect(() => readWeighed(bad, 'k1')).toThrow(problem);
});

it("a batch folder whose weighed.json, under the scenario's key, cannot be read as a weighed answer: weighed again, not a crash", async () => {
  const out = join(mkdtempSync(join(dir, 'batch-')), 'b');
  const file = 'scenarios/pilots/weihai.yaml';
  await runBatch([file], { outDir: out, runs: 10, load: loadScenario });
  // The file cut short of its intervals (as an older urbsim might have written it), the folder's manifest made to
  // match it: complete by its manifest, under the right key.
  const folder = join(out, 'weihai');
  const written = readFileSync(join(folder, 'weighed.json'), 'utf8');
  const kept = JSON.parse(written);
  const text = JSON.stringify({ key: kept.key, figures: kept.figures, inLaws: kept.inLaws, kishRuns: kept.kishRuns, targets: kept.targets });
  writeFileSync(join(folder, 'weighed.json'), text);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  manifest.files['weighed.json'] = { bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const again = await runBatch([file], { outDir: out, runs: 10, load: loadScenario });
  expect({ ran: again.ran, skipped: again.skipped, reweighed: again.reweighed }).toEqual({ ran: 0, skipped: 0, reweighed: 1 });
  // The same seed: the same answer as first written.
  expect(readFileSync(join(folder, 'weighed.json'), 'utf8')).toBe(written);
}, 60_000);

it('the key: none without figures to weigh by; another for other figures or another count of second runs', () => {
  const weihai = loadScenario('scenarios/pilots/weihai.yaml');
  const key = weighedKey(weihai, shippedObserved(), 400);
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(weighedKey(weihai, shippedObserved(), 400)).toBe(key);
  expect(weighedKey(weihai, shippedObserved(), 800)).not.toBe(key);
  const fewer = shippedObserved().filter((p) => !(p.area === 'weihai' && p.metric === 'registered_rate' && p.year === 2015));
  expect(weighedKey(weihai, fewer, 400)).not.toBe(key);
  // Another area's figure is not Weihai's: the same key.
  expect(weighedKey(weihai, shippedObserved().filter((p) => !(p.area === 'dalian' && p.year === 2015)), 400)).toBe(key);
  // Other fitted defaults (the laws the second runs draw): another key.
  const fitted = fittedDefaults();
  expect(weighedKey(weihai, shippedObserved(), 400, fitted)).toBe(key);
  expect(weighedKey(weihai, shippedObserved(), 400, { ...fitted, seed: fitted.seed + 1 })).not.toBe(key);
  expect(weighedKey(loadScenario('scenarios/pilots/anhui.yaml'), shippedObserved(), 400)).toBeUndefined();
  expect(weighedKey({ ...weihai, targets: [] }, shippedObserved(), 400)).toBeUndefined();
});

it("the key: not an older urbsim's, whose answer was drawn by another rule (no second draw where few weigh) under a key of the same inputs", () => {
  // The key weighed.json held before 199492d: the SHA-256 of the same inputs without the rule. A folder it wrote must be
  // weighed anew (Shijiazhuang's answer from 60 effective runs, where the batch now draws more), not read as current.
  const weihai = loadScenario('scenarios/pilots/weihai.yaml');
  const observed = shippedObserved();
  const f = ownWeighedFigures(weihai, observed)!;
  const said = ({ file: _file, line: _line, ...p }: ObservedPoint) => p;
  const older = createHash('sha256')
    .update(JSON.stringify({ figures: f.figures.map(said), inLaws: f.inLaws.map(said), area: observed.filter((p) => p.area === 'weihai').map(said), ownErrors: populationOwnErrors(observed).errors, secondRuns: 400, fitted: fittedDefaults() }))
    .digest('hex');
  expect(older).toMatch(/^[0-9a-f]{64}$/);
  expect(weighedKey(weihai, observed, 400)).not.toBe(older);
});

it('the key: the same for the same figures read from another checkout, or from other lines of the file', () => {
  // The shipped figures hold the absolute path of this checkout's observed.csv: a batch folder resumed from a copy of
  // the project elsewhere (another worktree, a cluster's checkout) must not run every weighed scenario again.
  const weihai = loadScenario('scenarios/pilots/weihai.yaml');
  const elsewhere = shippedObserved().map((p) => ({ ...p, file: '/elsewhere/urbsim/data/observed/observed.csv', line: p.line + 3 }));
  expect(weighedKey(weihai, elsewhere, 400)).toBe(weighedKey(weihai, shippedObserved(), 400));
});

it("the key: another for another figure the answer rests on besides those it is weighed by", () => {
  // Luoyang (base year 2013), a pilot whose second runs' urbanization pace is conditioned on its resident rates before
  // the base year (2010 → 2013), and whose 2014–2015 resident populations are weighed with errors conditioned on the
  // 2013 figure of their series, of the caliber whose own part Luoyang's and Huizhou's series give.
  const luoyang = loadScenario('scenarios/pilots/luoyang.yaml');
  const key = weighedKey(luoyang, shippedObserved(), 400);
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  const edited = (area: string, metric: string, year: number, by: number) =>
    shippedObserved().map((p) => (p.area === area && p.metric === metric && p.year === year ? { ...p, value: p.value * by } : p));
  // Its resident rate of 2010, before the base year: the second runs' pace moves.
  expect(weighedKey(luoyang, edited('luoyang', 'resident_rate', 2010, 0.9), 400)).not.toBe(key);
  // Its resident population of 2013, the base figure of the later ones: their errors' shift moves.
  expect(weighedKey(luoyang, edited('luoyang', 'resident_pop', 2013, 1.01), 400)).not.toBe(key);
  // Huizhou's residents without their 2013 figure (2010, 2013, 2015 in the file): no curvature of Huizhou's series, so
  // the own part of a sample figure's error, estimated from every area's series, is another, and with it the weights of
  // Luoyang's runs — though no figure of Luoyang's changed.
  expect(weighedKey(luoyang, shippedObserved().filter((p) => !(p.area === 'huizhou' && p.metric === 'resident_pop' && p.year === 2013)), 400)).not.toBe(key);
});

it('a batch folder holding a weighed answer when its scenario has nothing left to weigh by: run again, without it', async () => {
  const out = join(mkdtempSync(join(dir, 'batch-')), 'b');
  const file = 'scenarios/pilots/weihai.yaml';
  await runBatch([file], { outDir: out, runs: 10, load: loadScenario });
  expect(existsSync(join(out, 'weihai', 'weighed.json'))).toBe(true);
  // Weihai's figures gone from the observed ones (withdrawn from observed.csv): the answer kept rests on none of them,
  // and urbsim widths, which reads any weighed.json, would hold the weighed intervals all the same.
  const without = shippedObserved().filter((p) => p.area !== 'weihai');
  const again = await runBatch([file], { outDir: out, runs: 10, load: loadScenario, observed: without });
  expect({ ran: again.ran, skipped: again.skipped }).toEqual({ ran: 1, skipped: 0 });
  expect(existsSync(join(out, 'weihai', 'weighed.json'))).toBe(false);
  // And then it is complete: skipped.
  expect((await runBatch([file], { outDir: out, runs: 10, load: loadScenario, observed: without })).skipped).toBe(1);
}, 60_000);

it("a complete folder whose weighed answer is stale: the answer drawn anew from the runs it keeps, as a batch from scratch draws it, the runs' files untouched", async () => {
  const root = mkdtempSync(join(dir, 'reweigh-'));
  // Dalian's curated scenario: its laws were fitted to none of its later figures (registered_rate 2015), so its own
  // runs are weighed — read back from the folder when only the answer is drawn anew.
  const file = 'scenarios/dalian.yaml';
  const out = join(root, 'b');
  await runBatch([file], { outDir: out, runs: 12, load: loadScenario });
  const folder = join(out, 'dalian');
  const written = readFileSync(join(folder, 'weighed.json'), 'utf8');
  expect(JSON.parse(written).redrawn).toBeUndefined();
  // An answer under another key (as drawn on other figures or by an older rule), the manifest made to match it.
  const stale = written.replace(/"key": "[0-9a-f]{64}"/, `"key": "${'0'.repeat(64)}"`);
  expect(stale).not.toBe(written);
  writeFileSync(join(folder, 'weighed.json'), stale);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  manifest.files['weighed.json'] = { bytes: Buffer.byteLength(stale), sha256: createHash('sha256').update(stale).digest('hex') };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const runsFile = statSync(join(folder, 'trajectories.arrow'));
  const said: unknown[] = [];
  const again = await runBatch([file], { outDir: out, runs: 12, load: loadScenario, onScenario: (e) => said.push({ skipped: e.skipped, reweighed: e.reweighed }) });
  expect({ ran: again.ran, skipped: again.skipped, reweighed: again.reweighed, said }).toEqual({ ran: 0, skipped: 0, reweighed: 1, said: [{ skipped: false, reweighed: true }] });
  // The runs' file is the one written first (not written again), and the answer is the one drawn with the runs.
  const after = statSync(join(folder, 'trajectories.arrow'));
  expect({ ino: after.ino, mtime: after.mtimeMs }).toEqual({ ino: runsFile.ino, mtime: runsFile.mtimeMs });
  expect(readFileSync(join(folder, 'weighed.json'), 'utf8')).toBe(written);
  // The folder is complete again, its manifest listing the new answer: the next batch skips it.
  const listed = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).files['weighed.json'];
  expect(listed).toEqual({ bytes: Buffer.byteLength(written), sha256: createHash('sha256').update(written).digest('hex') });
  expect(Object.keys(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).files).sort()).toEqual(Object.keys(manifest.files).sort());
  const third = await runBatch([file], { outDir: out, runs: 12, load: loadScenario });
  expect({ ran: third.ran, skipped: third.skipped, reweighed: third.reweighed }).toEqual({ ran: 0, skipped: 1, reweighed: 0 });
}, 60_000);

it("a folder left by a batch killed while it added the answer drawn anew (no manifest, the answer moved in): run again, not refused", async () => {
  const root = mkdtempSync(join(dir, 'killed-'));
  const file = 'scenarios/dalian.yaml';
  const out = join(root, 'b');
  await runBatch([file], { outDir: out, runs: 12, load: loadScenario });
  const folder = join(out, 'dalian');
  const written = readFileSync(join(folder, 'weighed.json'), 'utf8');
  // The update of the run folder as runBatch makes it, stopped right after weighed.json is moved in: the old manifest
  // is removed first, the new one not yet written (as SIGKILL there, or a full disk, leaves it).
  const update = openOutputFolder(folder, {
    mode: 'update',
    command: 'urbsim batch',
    scenarioFile: file,
    io: { ...NODE_FILE_IO, renameSync: (from, to) => { NODE_FILE_IO.renameSync(from, to); if (to.endsWith('weighed.json')) throw new Error('killed'); } },
  });
  try {
    update.writeFile('weighed.json', written.replace(/"key": "[0-9a-f]{64}"/, `"key": "${'0'.repeat(64)}"`));
    expect(() => update.commit()).toThrow('killed');
  } finally {
    update.close();
  }
  expect(existsSync(join(folder, 'manifest.json'))).toBe(false);
  // Incomplete (no manifest): run again as a whole, the same bytes as first written; it was refused as holding a file
  // "urbsim did not write" (weighed.json), and the batch could not go on without the user deleting the folder.
  const again = await runBatch([file], { outDir: out, runs: 12, load: loadScenario });
  expect({ ran: again.ran, skipped: again.skipped, reweighed: again.reweighed }).toEqual({ ran: 1, skipped: 0, reweighed: 0 });
  expect(readFileSync(join(folder, 'weighed.json'), 'utf8')).toBe(written);
  expect((await runBatch([file], { outDir: out, runs: 12, load: loadScenario })).skipped).toBe(1);
}, 60_000);
