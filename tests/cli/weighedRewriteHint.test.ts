import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { reseal } from '../helpers/reseal.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// Dalian through 2016: its later resident and registered figures weigh the runs, so run, merge and batch all keep a
// weighed.json beside them.
const dir = writeScenarios({ 'w.yaml': 'name: w\ncity: dalian\nyears: { end: 2016 }\nmonte_carlo: { runs: 40, seed: 7 }\n' });
const scenario = join(dir, 'w.yaml');
const folders = { run: join(dir, 'run'), merge: join(dir, 'merged'), batch: join(dir, 'batch', 'w') } as const;

beforeAll(async () => {
  for (const args of [
    ['run', scenario, '--out', folders.run],
    ['run', scenario, '--shard', '1/2', '--out', join(dir, 's1')],
    ['run', scenario, '--shard', '2/2', '--out', join(dir, 's2')],
    ['merge', join(dir, 's1'), join(dir, 's2'), '--out', folders.merge],
    ['batch', scenario, '--out', join(dir, 'batch')],
  ]) {
    const r = await cli(args);
    expect(r.code, r.err).toBe(0);
  }
}, 180_000);

describe("a run folder's weighed.json that cannot be read back", () => {
  it.each([
    ['run', 'urbsim run'],
    ['merge', 'urbsim merge'],
    ['batch', 'urbsim batch'],
  ] as const)('in a folder urbsim %s wrote: the message names that command (it said "urbsim batch writes it anew" of every folder)', async (kind, command) => {
    // A copy beside the original (a batch member's in a copy of the whole batch), weighed.json cut short, resealed:
    // complete by its manifest, so only the file itself is in question.
    const copy = kind === 'batch' ? join(dir, 'batch-cut') : `${folders[kind]}-cut`;
    cpSync(kind === 'batch' ? join(dir, 'batch') : folders[kind], copy, { recursive: true });
    const folder = kind === 'batch' ? join(copy, 'w') : copy;
    writeFileSync(join(folder, 'weighed.json'), '{"key": "k", ');
    reseal(folder);
    const r = await cli(['report', folder, '--format', 'html', '--out', join(dir, `report-${kind}`)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(folder, 'weighed.json')}: not readable as urbsim's weighed answer (`);
    expect(r.err).toContain(`); ${command} writes it anew with the same --out\n`);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('in a folder whose manifest was written before it named its command: the three that write one', async () => {
    const copy = `${folders.run}-older`;
    cpSync(folders.run, copy, { recursive: true });
    writeFileSync(join(copy, 'weighed.json'), '{"key": "k", ');
    reseal(copy);
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
    delete manifest.command;
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    const r = await cli(['report', copy, '--format', 'html', '--out', join(dir, 'report-older')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('); urbsim run, merge or batch, whichever wrote the folder, writes it anew with the same --out\n');
  }, 60_000);
});
