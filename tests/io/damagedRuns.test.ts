import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputError.ts';
import { readRunOutputs } from '../../src/io/readRunOutputs.ts';
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
