import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runMonteCarlo, type MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { readRunOutputs, readRunsMerged, tooLargeToReadBack } from '../../src/io/readRunOutputs.ts';
import { InputError } from '../../src/inputError.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// Node's readFileSync refuses a file over 2 GiB (ERR_FS_FILE_TOO_LARGE). Writing one would take 2 GiB of disk and
// minutes; instead readFileSync refuses every trajectories.arrow here, as Node does one past 2 GiB: a read that
// needs the file whole fails, one in pieces does not.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('trajectories.arrow'))
      throw Object.assign(new RangeError(`File size (2147483648) is greater than 2 GiB`), { code: 'ERR_FS_FILE_TOO_LARGE' });
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const dir = mkdtempSync(join(tmpdir(), 'urbsim-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2,100 runs: three record batches (the writer puts 1,000 runs in one). Nulls in the file (base-year flows: NaN;
// unlimited capacity: Infinity) come back as the engine held them.
const RUNS = 2100;
const scenario = dalianResolved({ runs: RUNS, uncertainty: { process: { inflow: { sigma: 0.2, phi: 0.5, scale: 'log' } }, baseline: {} } });
let written: MonteCarloResult;
beforeAll(async () => {
  written = await runMonteCarlo(scenario, { workers: 1 });
  writeRunOutputs(join(dir, 'run'), written, { workers: 1, startedAt: new Date() });
}, 60_000);

/** Indices where `a` and `b` differ (NaN equals NaN): toEqual on two million values takes seconds. */
function differing(a: Float64Array, b: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

describe('readRunOutputs reads trajectories.arrow in pieces (Node reads no file over 2 GiB whole)', () => {
  it('gives back the rows the engine wrote, whatever the size of a piece', () => {
    // 1,000 bytes and 64 KiB + 3: a record batch spans many pieces, pieces end anywhere in a message; 1 MiB; the
    // default (16 MiB): the whole file in one piece.
    for (const pieceBytes of [1000, 2 ** 16 + 3, 2 ** 20, undefined]) {
      const { result } = readRunOutputs(join(dir, 'run'), pieceBytes === undefined ? {} : { pieceBytes });
      expect(result.rows.length).toBe(written.rows.length);
      expect(differing(result.rows, written.rows), `pieces of ${pieceBytes ?? 'default'} bytes`).toEqual([]);
      expect(result.sampled).toEqual(written.sampled);
      expect([result.runStart, result.runEnd]).toEqual([0, RUNS]);
    }
    expect(written.rows.some(Number.isNaN)).toBe(true);
    expect(written.rows.some((v) => v === Infinity)).toBe(true);
  });
});

describe('readRunsMerged: the runs of shards read into one set of rows (calibrate --runs-from)', () => {
  it('gives the rows and sampled values of the whole run, the shards in any order, in pieces across record batches', async () => {
    // 2,100 runs in 3 shards of 700: each shard's file has one record batch; pieces of 1,000 bytes cut through them.
    for (const k of [1, 2, 3]) {
      const part = await runMonteCarlo(scenario, { workers: 1, shard: { index: k, count: 3 } });
      writeRunOutputs(join(dir, `s${k}`), part, { workers: 1, startedAt: new Date(), shard: { index: k, count: 3 } });
    }
    for (const pieceBytes of [1000, undefined]) {
      const merged = readRunsMerged([join(dir, 's3'), join(dir, 's1'), join(dir, 's2')], pieceBytes === undefined ? {} : { pieceBytes });
      expect([merged.runStart, merged.runEnd]).toEqual([0, RUNS]);
      expect(merged.rows.length).toBe(written.rows.length);
      expect(differing(merged.rows, written.rows)).toEqual([]);
      expect(merged.sampled).toEqual(written.sampled);
    }
  }, 60_000);

  it('refuses shards that do not cover every run once, naming the runs missing', () => {
    expect(() => readRunsMerged([join(dir, 's1'), join(dir, 's3')])).toThrow(InputError);
    expect(() => readRunsMerged([join(dir, 's1'), join(dir, 's3')])).toThrow('cannot merge: runs 700–1399 are missing (shard 2/3?)');
  });
});

describe('runs whose rows memory cannot hold: an InputError before they are read', () => {
  it('over 75 % of the memory available: says how much they need and what to do; under it, read', () => {
    // 2,100 runs × 8 years (2013–2020) × 43 indicators × 8 bytes = 5,779,200 bytes: over 75 % of 7 MB (5.25 MB),
    // under 75 % of 7.8 MB (5.85 MB).
    const folder = join(dir, 'run');
    const message =
      `${folder}: 2,100 runs of 8 years read back need 5.8 MB of memory (43 indicators a year, 8 bytes each), more than 75% of the 7.0 MB this machine has: ` +
      'read fewer runs (a run of fewer runs, or fewer of its shards)';
    expect(() => readRunOutputs(folder, { available: 7e6 })).toThrow(InputError);
    expect(() => readRunOutputs(folder, { available: 7e6 })).toThrow(message);
    expect(readRunOutputs(folder, { available: 7.8e6 }).result.rows.length).toBe(2100 * 8 * 43);
    expect(() => readRunsMerged([join(dir, 's1'), join(dir, 's2'), join(dir, 's3')], { available: 7e6 })).toThrow(
      `the 3 folders ${join(dir, 's1')}, ${join(dir, 's2')}, ${join(dir, 's3')}: 2,100 runs of 8 years read back need 5.8 MB`,
    );
  });

  it("is the rule urbsim run and merge leave runs unweighed by (tooLargeToReadBack), not the file's size", () => {
    // The file holds run and year besides the 43 indicators, and Arrow's framing: more than 75 % of 7.8 MB (5.85 MB),
    // while the rows (5,779,200 bytes) are not, and are read above.
    expect(statSync(join(dir, 'run', 'trajectories.arrow')).size).toBeGreaterThan(0.75 * 7.8e6);
    expect(tooLargeToReadBack(2100, 8, 7.8e6)).toBeUndefined();
    expect(tooLargeToReadBack(2100, 8, 7e6)).toBe('2,100 runs of 8 years read back need 5.8 MB of memory (43 indicators a year, 8 bytes each), more than 75% of the 7.0 MB this machine has');
  });

  it('says sizes under 100 kB in kB, as the disk check does (src/io/diskNeed.ts sizeText), not as 0.0 MB', () => {
    // 10 runs × 8 years × 43 × 8 bytes = 27,520 bytes: over 75 % of 30,000 (22,500).
    expect(tooLargeToReadBack(10, 8, 30_000)).toBe('10 runs of 8 years read back need 27.5 kB of memory (43 indicators a year, 8 bytes each), more than 75% of the 30.0 kB this machine has');
  });
});
