import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command (`urbsim ARGS`) in a fresh process: wall time from process start, CPU time and peak RSS, whole process. */
export function benchCommand(args: readonly string[]): { ms: number; cpuMs: number; maxRssMB: number; out: string } {
  const r = spawnSync(process.execPath, ['tests/bench/runOnce.mjs', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split('\n').pop()!;
  const m = JSON.parse(last) as { code: number; ms: number; cpuMs: number; maxRssMB: number };
  if (m.code !== 0) throw new Error(`urbsim ${args.join(' ')} exited ${m.code}:\n${r.stderr}`);
  return { ms: m.ms, cpuMs: m.cpuMs, maxRssMB: m.maxRssMB, out: r.stdout };
}

/** `urbsim run` of a scenario (default Dalian 2013→2035) into a fresh temporary folder. */
export function benchCliRun(runs: number, workers: number, scenario = 'scenarios/dalian.yaml', extra: readonly string[] = [], out = join(mkdtempSync(join(tmpdir(), 'urbsim-bench-')), 'out')): { ms: number; cpuMs: number; maxRssMB: number; runYearsPerSecond: number; out: string } {
  const r = benchCommand(['run', scenario, '--runs', String(runs), '--workers', String(workers), '--out', out, ...extra]);
  return { ms: r.ms, cpuMs: r.cpuMs, maxRssMB: r.maxRssMB, runYearsPerSecond: (runs * 22) / (r.ms / 1000), out };
}

/**
 * Seconds from starting `urbsim run` (a fresh process, the compiled bin) until it reports its first chunk of runs
 * simulated (the first progress line: `runs` runs with `workers` workers come in chunks of
 * max(50, min(500, ⌈runs / (8 · workers)⌉)) runs), and the whole command's; the first simulated run comes before the first chunk's end.
 */
export function benchFirstChunk(runs: number, workers: number): Promise<{ firstMs: number; ms: number; chunk: number }> {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-bench-')), 'out');
  const t0 = performance.now();
  const child = spawn(process.execPath, ['src/cli/urbsim.mjs', 'run', 'scenarios/dalian.yaml', '--runs', String(runs), '--workers', String(workers), '--out', out]);
  let firstMs = NaN;
  let err = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (Number.isNaN(firstMs) && / runs \(/.test(err)) firstMs = performance.now() - t0;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(join(out, '..'), { recursive: true, force: true });
      if (code !== 0 || Number.isNaN(firstMs)) reject(new Error(`urbsim run exited ${code} without a progress line:\n${err}`));
      else resolve({ firstMs, ms: performance.now() - t0, chunk: Math.max(50, Math.min(500, Math.ceil(runs / (workers * 8)))) });
    });
  });
}
