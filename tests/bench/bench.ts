import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { benchCliRun, benchCommand, benchFirstChunk } from './cliRun.bench.ts';
import { ALL_LEVERS, engineRun, heapGrowthPerRun, pairedCost, runYearsPerSecond } from './engine.bench.ts';

// `npm run bench`: the speed and memory figures of issue 17, each against its goal, with the machine's load.
// Engine figures are CPU time of one thread (best of rounds, plain and every-lever alternating; the every-lever goal by
// paired rounds, as the machine's speed drifts between blocks of rounds); command figures are wall time from process
// start and peak RSS of the whole process, in a fresh process each. On a shared machine wall times depend on the load
// printed beside them. BENCH_MILLION=0 leaves out the million-run check (minutes).

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
/** A command's figures, its output folder (a temporary one) removed: 10,000 runs write 77 MB. */
const removed = <T extends { out: string }>(r: T): T & { bytes: number } => {
  const bytes = readdirSync(r.out).reduce((sum, f) => sum + statSync(join(r.out, f)).size, 0);
  rmSync(join(r.out, '..'), { recursive: true, force: true });
  return { ...r, bytes };
};

console.log(`urbsim bench, load average ${load()} (1, 5, 15 min) on ${readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length} cores`);

// Engine, one thread: the fast kernel that Monte Carlo runs, plain and with every lever, alternating, best of three.
const plainRun = engineRun('fast');
const leversRun = engineRun('fast', ALL_LEVERS);
let plain = 0;
let levers = 0;
for (let k = 0; k < 3; k++) {
  plain = Math.max(plain, runYearsPerSecond(plainRun, 3));
  levers = Math.max(levers, runYearsPerSecond(leversRun, 3));
}
const reference = runYearsPerSecond(engineRun('reference'), 3);
console.log('\nengine, one thread, Dalian 2013→2035 (CPU time, best of alternating rounds)');
console.log(`  fast kernel, plain      : ${fmt(plain)} run-years/s (goal ≥ 65,000: ${mark(plain >= 65_000)})`);
// The goal's ratio from paired rounds: the best-of figures come from different moments, and the machine's speed drifts.
const cost = pairedCost(plainRun, leversRun);
console.log(`  fast kernel, every lever: ${fmt(levers)} run-years/s (best of rounds, ${((levers / plain - 1) * 100).toFixed(0)} % against plain's best)`);
console.log(`  every lever, paired     : CPU +${(cost * 100).toFixed(1)} % a run against plain, speed ${((1 / (1 + cost) - 1) * 100).toFixed(1)} % (median of 200 pairs of 50 runs; goal within 20 %: ${mark(1 / (1 + cost) >= 0.8)})`);
console.log(`  TypeScript reference    : ${fmt(reference)} run-years/s`);
console.log(`  heap growth per run     : ${fmt(heapGrowthPerRun())} bytes${(globalThis as { gc?: unknown }).gc ? '' : ' (run with node --expose-gc for a clean figure)'}`);

// Start-up: the compiled command is built once first (a fresh checkout's first command builds it).
benchCommand(['--version']);
const best = (f: () => { ms: number; cpuMs: number }) => [0, 1, 2].map(f).reduce((a, b) => (b.ms < a.ms ? b : a));
const help = best(() => benchCommand(['--help']));
const first = best(() => removed(benchCliRun(1, 1)));
console.log(`\nstart-up (best of three, load ${load()})`);
console.log(`  urbsim --help                         : ${s(help.ms)}, CPU ${s(help.cpuMs)} (goal < 0.5 s: ${mark(help.ms < 500)})`);
console.log(`  urbsim run dalian.yaml --runs 1, whole: ${s(first.ms)}, CPU ${s(first.cpuMs)}`);
let firstChunk = await benchFirstChunk(1000, 2);
for (let k = 0; k < 2; k++) {
  const again = await benchFirstChunk(1000, 2);
  if (again.firstMs < firstChunk.firstMs) firstChunk = again;
}
console.log(`  urbsim run dalian.yaml --runs 1000 --workers 2: first chunk of ${firstChunk.chunk} runs simulated at ${s(firstChunk.firstMs)} from the command's start (whole ${s(firstChunk.ms)}); its first run before (goal < 1 s: ${mark(firstChunk.firstMs < 1000)})`);

console.log('\nurbsim run scenarios/dalian.yaml (2013→2035), whole command in a fresh process, 2 workers');
const line = (runs: number, r: { ms: number; cpuMs: number; maxRssMB: number; runYearsPerSecond: number }, goal: string): string =>
  `  ${fmt(runs).padStart(9)} runs: ${s(r.ms).padStart(8)} (CPU ${s(r.cpuMs)}), ${fmt(r.runYearsPerSecond)} run-years/s, peak RSS ${fmt(r.maxRssMB)} MB  (${goal}; load ${load()})`;
const ten = removed(benchCliRun(10_000, 2));
console.log(line(10_000, ten, `goal < 2.5 s: ${mark(ten.ms < 2500)}`));
const hundred = removed(benchCliRun(100_000, 2));
console.log(line(100_000, hundred, `goal < 20 s and < 500 MB: ${mark(hundred.ms < 20_000 && hundred.maxRssMB < 500)}`));

const allLevers = removed(benchCliRun(10_000, 2, 'tests/bench/dalian-all-levers.yaml'));
console.log(`  every lever binding (tests/bench/dalian-all-levers.yaml), 10,000 runs: ${s(allLevers.ms)} (CPU ${s(allLevers.cpuMs)}), CPU time ${((allLevers.cpuMs / ten.cpuMs - 1) * 100).toFixed(0)} % against plain Dalian`);

if (process.env.BENCH_MILLION !== '0') millionCheck();

/**
 * A million runs streamed, then the same runs as two shards merged: the same Arrow bytes, in under 1 GB each. On disk
 * at once: the single run, both shards and the merge (4 × ten times the 100,000 runs' files) and the merge's metric
 * file; not started without room for them, and removed whatever fails.
 */
function millionCheck(): void {
  const need = 5 * 10 * hundred.bytes;
  const { bavail, bsize } = statfsSync(tmpdir());
  if (bavail * bsize < need) {
    console.log(`  1,000,000 runs: not run — ${tmpdir()} has ${fmt((bavail * bsize) / 2 ** 30)} GB free, the check needs about ${fmt(need / 2 ** 30)} GB (BENCH_MILLION=0 leaves it out)`);
    process.exitCode = 1;
    return;
  }
  const base = mkdtempSync(join(tmpdir(), 'urbsim-bench-'));
  try {
    const million = benchCliRun(1_000_000, 2, 'scenarios/dalian.yaml', [], join(base, 'out'));
    console.log(line(1_000_000, million, `goal < 1 GB: ${mark(million.maxRssMB < 1024)}`));
    const shards = [1, 2].map((k) => benchCliRun(1_000_000, 2, 'scenarios/dalian.yaml', ['--shard', `${k}/2`], join(base, `shard${k}`)));
    const merged = benchCommand(['merge', join(base, 'shard1'), join(base, 'shard2'), '--out', join(base, 'merged')]);
    const arrows = readdirSync(million.out).filter((f) => f.endsWith('.arrow'));
    const same = arrows.every((f) => sameBytes(join(million.out, f), join(base, 'merged', f)));
    console.log(`  the same runs as 2 shards (peak RSS ${shards.map((r) => fmt(r.maxRssMB)).join(', ')} MB) merged (${s(merged.ms)}, peak RSS ${fmt(merged.maxRssMB)} MB): ${arrows.join(', ')} ${same ? 'byte-identical' : 'DIFFERENT'}`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Two files compared 64 MB at a time: a million runs' trajectories.arrow (~7.9 GB) is more than one Buffer holds. */
function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const [fa, fb] = [openSync(a, 'r'), openSync(b, 'r')];
  const [x, y] = [Buffer.alloc(1 << 26), Buffer.alloc(1 << 26)];
  try {
    for (let n; (n = readSync(fa, x, 0, x.length, null)) > 0; ) if (readSync(fb, y, 0, n, null) !== n || !x.subarray(0, n).equals(y.subarray(0, n))) return false;
    return true;
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}
