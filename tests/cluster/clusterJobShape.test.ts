import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// cluster/job.json as urbsim writes it (src/cluster/clusterJob.ts), every field present.
const job = {
  version: 1, command: 'run', name: 's', count: 1, cwd: '/tmp',
  shards: [{ index: 1, what: 'runs 0–19', parts: [{ dir: 'cluster/shards/1-of-1', runRange: [0, 20] }] }],
  merge: { what: 'the 20 runs', parts: [{ dir: '.', files: ['meta.json'] }] },
  shardCommand: ['node', 'urbsim.mjs'], mergeCommand: ['node', 'urbsim.mjs'], submissions: [{ at: '2026-12-05T17:00:00.000Z', arrayJob: '100', shards: [1] }],
};

function folderWith(text: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-job-')), 'out');
  mkdirSync(join(out, 'cluster'), { recursive: true });
  writeFileSync(join(out, 'cluster', 'job.json'), text);
  return out;
}

describe('urbsim status OUT with a cluster/job.json of another shape (edited, another version)', () => {
  it('exit 2 naming the field, not an internal error; the job as urbsim writes it is read', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 1, shards: [] }, 'command: expected the command, found nothing'],
      [{ ...job, submissions: 'x' }, 'submissions: expected a list of submissions, found "x"'],
      [{ ...job, shards: [{ index: 1 }] }, 'shards: expected a list of shards (index, what, parts), found [{"index":1}]'],
      [{ ...job, merge: {} }, 'merge: expected the merge (what, parts), found {}'],
      [{ ...job, count: 0 }, 'count: expected a number of shards, found 0'],
    ];
    for (const [bad, said] of cases) {
      const out = folderWith(JSON.stringify(bad));
      const r = await cli(['status', out]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toBe(`urbsim: ${join(out, 'cluster', 'job.json')} is not readable (${said}); it describes what --slurm submitted: submit again to rewrite it\n`);
    }
    const ok = await cli(['status', folderWith(JSON.stringify(job))]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('urbsim run of s in 1 shard; submitted once');
  });
});
