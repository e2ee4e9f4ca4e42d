import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The whole `urbsim run` of a scenario (default Dalian 2013→2035, scenarios/dalian.yaml) in a fresh process. */
export function benchCliRun(runs: number, workers: number, scenario = 'scenarios/dalian.yaml'): { ms: number; maxRssMB: number; runYearsPerSecond: number } {
  const out = join(mkdtempSync(join(tmpdir(), 'urbsim-bench-')), 'out');
  const text = execFileSync(process.execPath, ['--import', 'tsx', 'tests/bench/runOnce.ts', 'run', scenario, '--runs', String(runs), '--workers', String(workers), '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const r = JSON.parse(text.trim().split('\n').pop()!) as { code: number; ms: number; maxRssMB: number };
  if (r.code !== 0) throw new Error(`urbsim run exited ${r.code}`);
  return { ms: r.ms, maxRssMB: r.maxRssMB, runYearsPerSecond: (runs * 22) / (r.ms / 1000) };
}
