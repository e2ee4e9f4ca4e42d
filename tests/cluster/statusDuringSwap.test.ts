import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ClusterJob } from '../../src/cluster/clusterJob.ts';
import { statusText } from '../../src/cluster/statusText.ts';
import { acquireLock } from '../../src/io/folderLock.ts';

// A merge commits by the swap of src/io/outputFolder.ts: OUT → .urbsim/OUT.old-<pid>-<hex>, the staging folder → OUT,
// then cluster/ from the old folder into the new one and the old folder removed. Here the swap stops at one of its
// steps and a worker thread finishes it 300 ms later, while status reads (and waits: synchronously, on this thread).
const job: ClusterJob = {
  version: 1, command: 'run', name: 's', count: 1, cwd: '.',
  shards: [{ index: 1, what: 'runs 0–19', parts: [{ dir: 'cluster/shards/1-of-1', runRange: [0, 20] }] }],
  merge: { what: 'the 20 runs', parts: [{ dir: '.', files: ['meta.json'] }] },
  shardCommand: [], mergeCommand: [], submissions: [],
};
const noQueue = () => ({ tasks: new Map() });

/** OUT with its cluster/job.json and a finished shard, the old folder moved aside and the new one made (no cluster/). */
function midSwap(step: 'aside' | 'swapped' | 'killed'): { out: string; old: string; fresh: string } {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-swap-'));
  const out = join(root, 'out');
  mkdirSync(join(out, 'cluster', 'shards', '1-of-1'), { recursive: true });
  writeFileSync(join(out, 'cluster', 'job.json'), JSON.stringify(job));
  writeFileSync(join(out, 'cluster', 'shards', '1-of-1', 'meta.json'), JSON.stringify({ runRange: [0, 20] }));
  mkdirSync(join(root, '.urbsim'));
  // The merge holds OUT's lock while it swaps: this process here (a killed writer's lock is stale, or gone).
  if (step !== 'killed') acquireLock(join(root, '.urbsim', 'out.lock'), out, 'urbsim merge');
  const old = join(root, '.urbsim', 'out.old-4242-0a1b2c3d');
  const fresh = join(root, '.urbsim', 'out.new-4242-0a1b2c3d');
  mkdirSync(fresh);
  writeFileSync(join(fresh, 'meta.json'), '{}');
  renameSync(out, old);
  if (step !== 'aside') renameSync(fresh, out);
  return { out, old, fresh };
}

/** The rest of the swap, done by another thread after `ms`. */
function finishLater(p: { out: string; old: string; fresh: string }, ms: number): Promise<void> {
  const code = `setTimeout(() => { const fs = require('node:fs'), path = require('node:path');
    if (!fs.existsSync(${JSON.stringify(p.out)})) fs.renameSync(${JSON.stringify(p.fresh)}, ${JSON.stringify(p.out)});
    fs.renameSync(path.join(${JSON.stringify(p.old)}, 'cluster'), path.join(${JSON.stringify(p.out)}, 'cluster'));
    fs.rmSync(${JSON.stringify(p.old)}, { recursive: true }); }, ${ms});`;
  const worker = new Worker(code, { eval: true });
  return new Promise((done, fail) => {
    worker.on('error', fail);
    worker.on('exit', (c) => (c === 0 ? done() : fail(new Error(`exit ${c}`))));
  });
}

describe('urbsim status OUT while a merge commits OUT', () => {
  for (const step of ['aside', 'swapped'] as const) {
    it(`reads the job once the swap is through, not 'does not exist' or 'has no cluster job' (stopped ${step === 'aside' ? 'with OUT moved aside' : 'before cluster/ is moved across'})`, async () => {
      const p = midSwap(step);
      const finished = finishLater(p, 300);
      // statusText waits synchronously; the worker finishes the swap meanwhile.
      const { text, status } = statusText(p.out, noQueue);
      await finished;
      expect(text).toContain(`${p.out}: urbsim run of s in 1 shard`);
      // The shard and the merge read from the folder as it is after the swap, not half from each.
      expect(status.shards[0].status).toEqual({ state: 'done' });
      expect(status.merge).toEqual({ state: 'done' });
      expect(text).toContain(`complete: merged into ${p.out}/`);
    });
  }

  it('does not wait for a swap whose writer was killed (its lock stale): it says what the folder holds at once', () => {
    // A writer killed between the swap's renames leaves no live lock; the next writer of OUT puts it right.
    const p = midSwap('killed');
    const t0 = Date.now();
    expect(() => statusText(p.out, noQueue)).toThrow(`${p.out} has no cluster job`);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
