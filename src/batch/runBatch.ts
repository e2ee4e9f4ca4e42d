import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import { InputError } from '../inputError.ts';
import { targetsIpc } from '../io/arrowTables.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { readSummaryStat, readTargets } from '../io/readTables.ts';
import { OUTPUT_FILES, infinityReviver, writeRunOutputs, type RunMeta } from '../io/writeRunOutputs.ts';
import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { type Shard, runMonteCarlo, shardRange } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { areaNameZh } from '../data/areas.ts';
import { uncoveredPilots } from './pilotCoverage.ts';
import { type ReachabilityRow, reachabilityMarkdown, reachabilityRow } from './reachability.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { pyramidOf } from '../report/writePyramid.ts';

export interface BatchOptions {
  readonly outDir: string;
  readonly runs?: number;
  readonly workers?: number;
  readonly load: (file: string) => ResolvedScenario;
  readonly onScenario?: (e: { file: string; name: string; index: number; total: number; skipped: boolean; ms: number }) => void;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Run only the k-th of n slices of the scenarios (in file order), and write
   * no combined report: a task of a job array. The scenarios are loaded and
   * checked all the same.
   */
  readonly shard?: Shard;
  /** Checked before each scenario: once aborted, the batch stops there and rejects, as if killed. */
  readonly signal?: AbortSignal;
}

/** Scenario files named on the command line: files as given, folders searched for `*.yaml` (sorted). */
export function expandScenarioArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory())
      for (const f of readdirSync(a).sort()) {
        if (/\.ya?ml$/.test(f)) out.push(join(a, f));
      }
    else out.push(a);
  }
  return out;
}

/**
 * Run many scenarios into `outDir/<name>/`, resumably: a scenario whose
 * folder already holds a complete run (every file of OUTPUT_FILES, meta.json
 * written last, recording the same resolved hash) is skipped, so a killed batch resumed writes the same files
 * as an uninterrupted one. Then writes the combined `targets.arrow` and the
 * reachability report (`reachability.md`, `reachability.html`).
 *
 * @example
 * await runBatch(expandScenarioArgs(['scenarios/pilots']), { outDir: 'out/pilots', runs: 1000, load: loadScenario });
 */
export async function runBatch(files: readonly string[], o: BatchOptions): Promise<{ rows: ReachabilityRow[]; ran: number; skipped: number }> {
  const scenarios = batchScenarios(files, o);
  const [first, end] = shardRange(scenarios.length, o.shard);
  const rows: ReachabilityRow[] = [];
  const combinedNames: string[] = [];
  const combined: TargetResult[] = [];
  let ran = 0;
  let skipped = 0;
  // One set of threads for the whole batch: starting a pool per area would cost more than a small area's runs.
  const workers = o.workers ?? 1;
  await withMonteCarloPool(workers, async (pool) => {
    for (let i = first; i < end; i++) {
      o.signal?.throwIfAborted();
      const s = scenarios[i];
      const dir = join(o.outDir, s.name);
      const t0 = Date.now();
      const done = isComplete(dir, scenarioHash(s));
      if (!done) {
        removeLeftovers(dir);
        const result = await runMonteCarlo(s, { workers, pool, onProgress: o.onProgress });
        writeRunOutputs(dir, result, { workers, startedAt: new Date(t0), also: pyramidOf(result) });
        ran++;
      } else skipped++;
      o.onScenario?.({ file: files[i], name: s.name, index: i, total: scenarios.length, skipped: done, ms: Date.now() - t0 });
      const targets = readTargets(dir);
      rows.push(reachabilityRow(s, targets, readSummaryStat(dir, 'p50'), areaNameZh(s.city)));
      for (const t of targets) {
        combinedNames.push(s.name);
        combined.push(t);
      }
    }
  });
  if (o.shard) return { rows, ran, skipped }; // the report is the whole batch's: written when all shards are done
  const runs = scenarios[0]?.monteCarlo.runs ?? 0;
  const uncovered = uncoveredPilots(rows.map((r) => r.city));
  removeLeftovers(o.outDir);
  writeFileAtomic(join(o.outDir, 'targets.arrow'), targetsIpc(combinedNames, combined));
  writeFileAtomic(join(o.outDir, 'reachability.md'), reachabilityMarkdown(rows, runs, uncovered));
  // The page's chart needs the charting libraries, loaded only now so that a batch starts as light as a run.
  const { reachabilityHtml } = await import('./reachabilityHtml.ts');
  writeFileAtomic(join(o.outDir, 'reachability.html'), reachabilityHtml(rows, runs, uncovered));
  return { rows, ran, skipped };
}

/**
 * The batch's scenarios, loaded and with `runs` applied, in file order. Loads
 * everything first: a bad file, or two files sharing a name (and so a
 * folder), stops the batch before anything is written.
 *
 * @example
 * batchScenarios(['scenarios/dalian.yaml', 'scenarios/qingdao.yaml'], { outDir: 'out/b', load: loadScenario }).map((s) => s.name); // ['dalian', 'qingdao']
 */
export function batchScenarios(files: readonly string[], o: Pick<BatchOptions, 'outDir' | 'runs' | 'load'>): ResolvedScenario[] {
  const scenarios = files.map((f) => withMonteCarlo(o.load(f), { runs: o.runs }));
  const names = new Map<string, string>();
  scenarios.forEach((s, i) => {
    if (names.has(s.name))
      throw new InputError(`two scenarios are named "${s.name}": ${names.get(s.name)} and ${files[i]}; each writes ${join(o.outDir, s.name)}/, so give one of them another \`name:\``);
    names.set(s.name, files[i]);
  });
  return scenarios;
}

/**
 * Temporary files a killed writer left behind (src/io/atomicWrite.ts names
 * them `<file>.tmp-<pid>`). A file whose process still lives is another
 * writer's, busy, and is left alone.
 */
function removeLeftovers(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const m = /\.tmp-(\d+)$/.exec(f);
    if (m && !isAlive(Number(m[1]))) rmSync(join(dir, f), { force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // this process writes nothing while it cleans up
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** A run folder is complete when every output exists and meta.json records the same scenario hash. */
function isComplete(dir: string, hash: string): boolean {
  if (!OUTPUT_FILES.every((f) => existsSync(join(dir, f)))) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'), infinityReviver) as RunMeta).hash === hash;
  } catch {
    return false;
  }
}
