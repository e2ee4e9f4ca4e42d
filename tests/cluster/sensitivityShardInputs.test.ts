import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSensitivityShards, writeSensitivityShard } from '../../src/cluster/sensitivityOnCluster.ts';
import { InputError } from '../../src/inputError.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { reseal } from '../helpers/reseal.ts';

// A sensitivity shard lists in meta.json the inputs it drew (runs.arrow's columns). One written before 2026-12-04
// has the same analysis hash but not the change of count's draws (02b07fa): read with this urbsim's inputs, its runs'
// values would be laid k a run with another k.
const scenario = dalianResolved({
  runs: 20, end: 2016, shocks: {},
  uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015, 2016], share: { min: 0.2, max: 0.6 }, villageShare: { min: 0, max: 0.1 } } },
});
const asked = { metric: 'registered_rate', year: 2016, runs: 20, workers: 1 };

describe('sensitivity --runs-from a shard of other inputs', () => {
  it('is refused by name, saying which inputs it lacks', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-sens-inputs-')), 'shard');
    await writeSensitivityShard(dir, scenario, asked, { index: 1, count: 1 });
    expect(readSensitivityShards([dir], scenario, asked).sampled.length).toBe(20 * 5); // inflow, migrant_settle_rate, year, b, v
    const metaFile = join(dir, 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    writeFileSync(metaFile, JSON.stringify({ ...meta, inputs: meta.inputs.filter((n: string) => !n.startsWith('uncertainty.')) }));
    reseal(dir);
    expect(() => readSensitivityShards([dir], scenario, asked)).toThrow(InputError);
    expect(() => readSensitivityShards([dir], scenario, asked)).toThrow(
      `${dir} holds runs of other inputs than this analysis draws (without uncertainty.registered_break.year, uncertainty.registered_break.share, uncertainty.registered_break.village_share): written by an older urbsim; run its shard again`,
    );
  }, 60_000);
});

describe('sensitivity --runs-from a shard whose files are not what urbsim wrote, the manifest resealed', () => {
  it('meta.json null, runs.arrow or design.arrow cut: an InputError naming the file', async () => {
    // Each failed on a property read or inside apache-arrow ("Cannot read properties of null (reading 'hash')",
    // "… (reading 'fieldsLength')"): an internal error, exit code 1.
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-sens-damaged-')), 'shard');
    await writeSensitivityShard(dir, scenario, asked, { index: 1, count: 1 });
    const original = Object.fromEntries(['meta.json', 'runs.arrow', 'design.arrow'].map((f) => [f, readFileSync(join(dir, f))]));
    const cases: [string, Buffer | string, string][] = [
      ['meta.json', 'null', `${join(dir, 'meta.json')} is not readable urbsim metadata (expected a sensitivity shard's hash, runs and run ranges): run its shard again`],
      ['runs.arrow', original['runs.arrow'].subarray(0, 300), `${join(dir, 'runs.arrow')}: cannot be read as an Arrow table (`],
      ['design.arrow', original['design.arrow'].subarray(0, 300), `${join(dir, 'design.arrow')}: cannot be read as an Arrow table (`],
    ];
    for (const [file, bytes, message] of cases) {
      writeFileSync(join(dir, file), bytes);
      reseal(dir);
      expect(() => readSensitivityShards([dir], scenario, asked), file).toThrow(InputError);
      expect(() => readSensitivityShards([dir], scenario, asked), file).toThrow(message);
      writeFileSync(join(dir, file), original[file]);
    }
  }, 60_000);
});

describe('sensitivity --runs-from a path that is no shard folder', () => {
  it('names what it is: missing, a file; a folder without meta.json is an unfinished shard', () => {
    const base = mkdtempSync(join(tmpdir(), 'urbsim-sens-paths-'));
    writeFileSync(join(base, 'notes.txt'), 'x');
    mkdirSync(join(base, 'empty'));
    // Each was "… is not a finished sensitivity shard (no meta.json)", a typo too.
    expect(() => readSensitivityShards([join(base, 'typo')], scenario, asked)).toThrow(`${join(base, 'typo')} does not exist: expected the --out of urbsim sensitivity --shard`);
    expect(() => readSensitivityShards([join(base, 'notes.txt')], scenario, asked)).toThrow(`${join(base, 'notes.txt')} is a file: expected the --out of urbsim sensitivity --shard, a folder`);
    expect(() => readSensitivityShards([join(base, 'empty')], scenario, asked)).toThrow(`${join(base, 'empty')} is not a finished sensitivity shard (no meta.json)`);
  });
});

describe('sensitivity --shard: the line it prints', () => {
  it('writes run numbers and counts with a thousands separator, as urbsim run\'s shard line (it wrote "runs 900–1199 of 1200, design rows 3600–4799 of 4800")', async () => {
    // Two inputs drawn (inflow, migrant_settle_rate), 1,200 base rows: a Saltelli design of A, B and one AB block per
    // input, (2 + 2) · 1,200 = 4,800 rows; shard 4 of 4 takes the last quarter of each.
    const two = dalianResolved({ runs: 1200, end: 2014, shocks: {} });
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-sens-line-')), 'shard');
    const line = await writeSensitivityShard(dir, two, { metric: 'registered_rate', year: 2014, runs: 1200, workers: 1 }, { index: 4, count: 4 });
    expect(line.split('\n')[0]).toBe('dalian-test: sensitivity shard 4/4: runs 900–1,199 of 1,200, design rows 3,600–4,799 of 4,800');
  }, 60_000);
});
