import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputError.ts';
import { readRunMeta, readRunOutputs, trajectoryChunks } from '../../src/io/readRunOutputs.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { reseal } from '../helpers/reseal.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-damaged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  writeRunOutputs(join(dir, 'run'), await runMonteCarlo(dalianResolved({ runs: 20 }), { workers: 1 }), { workers: 1, startedAt: new Date() });
}, 60_000);

/** A copy of the run folder whose trajectories.arrow is `edit` of its bytes, the manifest resealed (as if urbsim wrote it so). */
function damaged(name: string, edit: (bytes: Buffer, folder: string) => Buffer): string {
  const folder = join(dir, name);
  cpSync(join(dir, 'run'), folder, { recursive: true });
  writeFileSync(join(folder, 'trajectories.arrow'), edit(readFileSync(join(folder, 'trajectories.arrow')), folder));
  reseal(folder);
  return folder;
}

describe('a trajectories.arrow that is no longer urbsim\'s runs, the manifest resealed: an InputError naming the file', () => {
  it.each([
    // Bytes 0xff through the messages: Arrow's reader failed with "Cannot read properties of null (reading 'fieldsLength')".
    ['garbage through its messages', (b: Buffer) => {
      const c = Buffer.from(b);
      for (let i = 300; i < c.length - 2000; i += 7) c[i] = 0xff;
      return c;
    }, /trajectories\.arrow cannot be read as urbsim's runs \(.*\): damaged, or written by another program\?$/],
    // Its first half and the last 10 bytes (footer length and magic): the footer read from the middle of a batch.
    ['cut, its end kept', (b: Buffer) => Buffer.concat([b.subarray(0, b.length >> 1), b.subarray(b.length - 10)]), /trajectories\.arrow cannot be read as urbsim's runs/],
    // Another table of the folder (no year column): "Cannot read properties of null (reading 'toArray')".
    ['params.arrow in its place', (_: Buffer, folder: string) => readFileSync(join(folder, 'params.arrow')), /trajectories\.arrow: not a trajectories table: column year is missing$/],
  ])('%s', (name, edit, message) => {
    const folder = damaged(name.replaceAll(' ', '-').replaceAll(',', ''), edit);
    expect(() => readRunOutputs(folder)).toThrow(InputError);
    expect(() => readRunOutputs(folder)).toThrow(message);
  });
});

describe('a shard folder read for a merge whose meta.json, params.arrow or trajectories.arrow is no longer urbsim\'s, the manifest resealed: an InputError naming the file', () => {
  /** A copy of the run folder with `file` replaced by `bytes`, the manifest resealed. */
  function changed(name: string, file: string, bytes: (old: Buffer, folder: string) => Buffer | string): string {
    const folder = join(dir, name);
    cpSync(join(dir, 'run'), folder, { recursive: true });
    writeFileSync(join(folder, file), bytes(readFileSync(join(folder, file)), folder));
    reseal(folder);
    return folder;
  }

  it.each([
    // Each failed on a property read or inside apache-arrow, an internal error (exit code 1).
    ['meta.json null', 'meta.json', () => 'null', ' is not readable urbsim metadata (expected a mapping, found null): written by another version of urbsim, or changed since?'],
    ['meta.json {}', 'meta.json', () => '{}', ' is not readable urbsim metadata (hash: expected a text): written by another version of urbsim, or changed since?'],
    ['meta.json without runRange', 'meta.json', (b: Buffer) => JSON.stringify({ ...JSON.parse(b.toString()), runRange: undefined }), ' is not readable urbsim metadata (runRange: expected [first, end] within the 20 runs): written by another version of urbsim, or changed since?'],
    ['params.arrow cut', 'params.arrow', (b: Buffer) => b.subarray(0, 500), ': cannot be read as an Arrow table ('],
  ])('%s', (name, file, bytes, after) => {
    const folder = changed(name.replaceAll(' ', '-').replace(/[{}]/g, 'braces'), file, bytes);
    expect(() => readRunMeta(folder)).toThrow(InputError);
    expect(() => readRunMeta(folder)).toThrow(`${join(folder, file)}${after}`);
  });

  it('trajectories.arrow of another table, read in record batches (a merge): an InputError naming it', async () => {
    // summary.arrow in its place: no run column ("Cannot read properties of null (reading 'toArray')", exit code 1).
    const folder = changed('summary-as-trajectories', 'trajectories.arrow', (_, f) => readFileSync(join(f, 'summary.arrow')));
    const { result } = readRunMeta(folder);
    const read = async () => {
      for await (const _ of trajectoryChunks(folder, result.years));
    };
    await expect(read()).rejects.toThrow(InputError);
    await expect(read()).rejects.toThrow(/trajectories\.arrow cannot be read as urbsim's runs \(.*\): damaged, or written by another program\?$/);
  });
});
