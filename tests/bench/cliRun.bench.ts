import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
