import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { readWeighed, weighedJson, weighedKey } from '../../src/batch/weighedFile.ts';
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
