import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { readWeighed, weighedJson, weighedKey } from '../../src/batch/weighedFile.ts';
import { fittedDefaults } from '../../src/data/fittedDefaults.ts';
import { InputError } from '../../src/inputError.ts';
import { loadScenario } from '../../src/scenario/api.ts';

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
});

it('a file that is not JSON: an input error naming it', () => {
  const bad = mkdtempSync(join(dir, 'bad-'));
  writeFileSync(join(bad, 'weighed.json'), '{"key": "k1", ');
  expect(() => readWeighed(bad, 'k1')).toThrow(InputError);
  expect(() => readWeighed(bad, 'k1')).toThrow(`${join(bad, 'weighed.json')}: not readable as urbsim's weighed answer`);
});

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
