import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
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

/**
 * Every file under `dir` with its bytes; meta.json without its timings (start, finish, durations), and
 * manifest.json without its time and meta.json's hash (which covers those timings).
 */
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
      } else if (f === 'manifest.json') {
        const m = JSON.parse(readFileSync(p, 'utf8'));
        delete m.committedAt;
        for (const name of Object.keys(m.files)) if (name.endsWith('meta.json')) m.files[name] = 'meta.json';
        out.set(relative(dir, p), JSON.stringify(m));
      } else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** A lock file as a process that has died would have left it (pid above Linux's largest, 2^22: surely not running). */
const deadLock = (command: string) => JSON.stringify({ pid: 4194305, start: null, host: hostname(), command, since: '2026-01-01T00:00:00.000Z', token: 'dead' });

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
    // What a kill while the second scenario was being written leaves: the batch's lock and the scenario's, and its
    // staging folder with some outputs and no manifest, all in `.urbsim/`; `ningbo/` itself does not exist yet.
    const parent = join(killed, '..');
    mkdirSync(join(parent, '.urbsim'));
    writeFileSync(join(parent, '.urbsim', 'out.lock'), deadLock('urbsim batch'));
    const staging = join(killed, '.urbsim', 'ningbo.new-4194305-0badf00d');
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(killed, '.urbsim', 'ningbo.lock'), deadLock('urbsim batch'));
    writeFileSync(join(staging, 'trajectories.arrow'), 'truncated');
    // A file of the user's that only looks like a temporary file of a dead writer: never the batch's to remove.
    const users = join(killed, 'draft.arrow.tmp-4194305');
    writeFileSync(users, 'mine');

    const resumed = await runBatch(files, { outDir: killed, runs: 12, load });
    expect({ ran: resumed.ran, skipped: resumed.skipped }).toEqual({ ran: 2, skipped: 1 });
    expect(readFileSync(users, 'utf8')).toBe('mine');
    rmSync(users);
    expect(snapshot(killed)).toEqual(snapshot(whole)); // no .urbsim/ left, inside or beside
    expect(existsSync(join(parent, '.urbsim'))).toBe(false);
  });

  it('killed with SIGKILL in a child process, then resumed', async () => {
    // One real kill: `urbsim batch` in a child process, killed as soon as it reports the first scenario done (possibly
    // while writing the second); not at the line before the first scenario's second runs, which its folder holds. Resumed and uninterrupted batches run in-process, which writes the same files.
    const runs = 40;
    const killed = join(tmp(), 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'batch', ...files, '--runs', String(runs), '--out', killed], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/\[1\/3\] dalian: [\d.]+ s/.test(err)) child.kill('SIGKILL');
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // On a fast machine the batch may finish before the signal lands; either way the resume must match.
    expect(exit.signal === 'SIGKILL' || exit.code === 0, err).toBe(true);
    const resumed = await runBatch(files, { outDir: killed, runs, load });
    expect(resumed.skipped).toBeGreaterThanOrEqual(1);
    const whole = join(tmp(), 'out');
    await runBatch(files, { outDir: whole, runs, load });
    expect(snapshot(killed)).toEqual(snapshot(whole));
    expect(existsSync(join(killed, '..', '.urbsim'))).toBe(false);
  }, 60_000);
});
