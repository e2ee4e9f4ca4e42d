import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type OutOfBoundsSummary, outOfBoundsSummary } from '../analysis/outOfBounds.ts';
import { summarize } from '../analysis/summarize.ts';
import { type TargetResult, targetProbabilities } from '../analysis/targetProbabilities.ts';
import type { MonteCarloResult, Shard } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import { paramsIpc, summaryIpc, targetsIpc, trajectoriesIpc } from './arrowTables.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';

export interface RunMeta {
  readonly toolkit: { readonly name: 'urbsim'; readonly version: string };
  readonly scenario: MonteCarloResult['scenario'];
  readonly hash: string;
  readonly seed: number;
  readonly runs: number;
  readonly runRange: readonly [number, number];
  readonly shard: Shard | null;
  readonly sampler: string;
  readonly sampledParameters: readonly string[];
  readonly workers: number;
  /** Parameters set by expressions of drawn values or by shocks: runs and run-years outside the key's bounds. */
  readonly outOfBounds?: readonly OutOfBoundsSummary[];
  readonly timings: { readonly startedAt: string; readonly finishedAt: string; readonly simulationMs: number; readonly totalMs: number };
  readonly files: readonly string[];
}

export const OUTPUT_FILES = ['trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow', 'meta.json'] as const;

/**
 * Write a run's five outputs (DESIGN §6) into `dir`, each atomically, meta.json
 * last so its presence marks a complete folder (files that `also` writes
 * come before it, and meta.json lists them). Summaries and target
 * probabilities are computed here from the rows, which is also how shards are
 * merged: the same rows give the same bytes.
 *
 * @example
 * const targets = writeRunOutputs('out/dalian', result, { workers: 2, startedAt });
 */
export function writeRunOutputs(
  dir: string,
  r: MonteCarloResult,
  info: {
    workers: number;
    startedAt: Date;
    shard?: Shard | null;
    /** Writes more files into `dir` after the tables and before meta.json (pyramid.arrow), returning their names for meta.json's `files`. */
    also?: (dir: string) => readonly string[];
  },
): { targets: TargetResult[]; meta: RunMeta } {
  mkdirSync(dir, { recursive: true });
  const name = r.scenario.name;
  const runs = r.runEnd - r.runStart;
  writeFileAtomic(join(dir, 'trajectories.arrow'), trajectoriesIpc(name, r.runStart, r.years, r.rows));
  writeFileAtomic(join(dir, 'summary.arrow'), summaryIpc(name, summarize(r.rows, r.years)));
  writeFileAtomic(join(dir, 'params.arrow'), paramsIpc(r.runStart, runs, r.scenario.monteCarlo.seed, r.sampledNames, r.sampled));
  const targets = targetProbabilities(r.rows, r.years, r.scenario.targets);
  writeFileAtomic(join(dir, 'targets.arrow'), targetsIpc(name, targets));
  const extra = info.also?.(dir) ?? [];
  const finishedAt = new Date();
  const meta: RunMeta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    scenario: r.scenario,
    hash: scenarioHash(r.scenario),
    seed: r.scenario.monteCarlo.seed,
    runs: r.scenario.monteCarlo.runs,
    runRange: [r.runStart, r.runEnd],
    shard: info.shard ?? null,
    sampler: r.scenario.monteCarlo.sampler,
    sampledParameters: r.sampledNames,
    workers: info.workers,
    ...((r.outOfBounds || r.outOfBoundsTotals) && { outOfBounds: outOfBoundsSummary(r) }),
    timings: {
      startedAt: info.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      simulationMs: Math.round(r.elapsedMs),
      totalMs: finishedAt.getTime() - info.startedAt.getTime(),
    },
    files: [...OUTPUT_FILES.filter((f) => f !== 'meta.json'), ...extra, 'meta.json'],
  };
  writeFileAtomic(join(dir, 'meta.json'), `${JSON.stringify(meta, infinityReplacer, 2)}\n`);
  return { targets, meta };
}

/** JSON has no Infinity (no quota, ample places): keep it as the string "Infinity" so meta.json round-trips. */
export const infinityReplacer = (_k: string, v: unknown): unknown => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
export const infinityReviver = (_k: string, v: unknown): unknown => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
