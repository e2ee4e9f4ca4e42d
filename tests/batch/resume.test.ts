import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/runBatch.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { loadScenario } from '../../src/scenario/api.ts';

// Three small pilots of seed 004 (one with a settlement plan, one mixed mode, one without a registered population).
const files = ['scenarios/pilots/dalian.yaml', 'scenarios/pilots/ningbo.yaml', 'scenarios/pilots/qingdao.yaml'];
const load = (f: string) => {
  const s = loadScenario(f);
  compileScenario(s);
  return s;
};

/** Every file under `dir` with its bytes; meta.json without its timings (start, finish, durations). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f === 'meta.json') {
        const meta = JSON.parse(readFileSync(p, 'utf8'));
        delete meta.timings;
        out.set(relative(dir, p), JSON.stringify(meta));
      } else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'urbsim-resume-'));

describe('a killed batch, resumed, gives the same files as an uninterrupted one', () => {
  it('stopped after the first scenario, with a half-written second folder left behind', async () => {
    const whole = join(tmp(), 'out');
    await runBatch(files, { outDir: whole, runs: 12, load });

    const killed = join(tmp(), 'out');
    const stop = new AbortController();
    await expect(
      runBatch(files, { outDir: killed, runs: 12, load, signal: stop.signal, onScenario: (e) => e.index === 0 && stop.abort() }),
    ).rejects.toThrow();
    // Only the first folder exists; no combined table or report was written.
    expect(readdirSync(killed)).toEqual(['dalian']);
    // What a kill during the second scenario's writing leaves: some outputs, a temporary file, no meta.json.
    const second = join(killed, 'ningbo');
    mkdirSync(second);
    writeFileSync(join(second, 'trajectories.arrow'), 'truncated');
    writeFileSync(join(second, 'summary.arrow.tmp-4194305'), 'half'); // a pid above Linux's largest (2^22): its writer is surely dead
    const busy = join(second, `params.arrow.tmp-${process.ppid}`); // a live writer's (the parent process): left alone
    writeFileSync(busy, 'busy');

    const resumed = await runBatch(files, { outDir: killed, runs: 12, load });
    expect({ ran: resumed.ran, skipped: resumed.skipped }).toEqual({ ran: 2, skipped: 1 });
    expect(existsSync(busy)).toBe(true);
    rmSync(busy);
    expect(snapshot(killed)).toEqual(snapshot(whole));
  });

  it('killed with SIGKILL in a child process, then resumed', async () => {
    // One real kill: `urbsim batch` in a child process, killed as soon as it reports the first scenario (possibly
    // while writing the second). Resumed and uninterrupted batches run in-process, which writes the same files.
    const runs = 40;
    const killed = join(tmp(), 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'batch', ...files, '--runs', String(runs), '--out', killed], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('[1/3]')) child.kill('SIGKILL');
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // On a fast machine the batch may finish before the signal lands; either way the resume must match.
    expect(exit.signal === 'SIGKILL' || exit.code === 0, err).toBe(true);
    const resumed = await runBatch(files, { outDir: killed, runs, load });
    expect(resumed.skipped).toBeGreaterThanOrEqual(1);
    const whole = join(tmp(), 'out');
    await runBatch(files, { outDir: whole, runs, load });
    expect(snapshot(killed)).toEqual(snapshot(whole));
  }, 60_000);
});
