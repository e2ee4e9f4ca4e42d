import type { OutOfBoundsSummary } from '../analysis/outOfBounds.ts';
import type { Summary } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { MonteCarloResult, Shard } from '../montecarlo/runMonteCarlo.ts';
import { type OutputSink, writeOutputFolder } from './outputFolder.ts';
import { RunOutputStream } from './runOutputStream.ts';
import type { RegisteredGain } from '../montecarlo/registeredGain.ts';

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
 * Write a run's five outputs (DESIGN §6), and registered_gain.arrow for a scenario with registered-rate targets,
 * into an output folder: a path (a
 * folder opened and committed here, as a whole) or a folder a command has
 * open ({@link openOutputFolder}; it commits); files that `also` writes go in
 * before meta.json, which lists them. Summaries and target
 * probabilities are computed here from the rows, which is also how shards are
 * merged: the same rows give the same bytes.
 *
 * @example
 * const { targets } = writeRunOutputs('out/dalian', result, { workers: 2, startedAt });
 */
export function writeRunOutputs(
  target: string | OutputSink,
  r: MonteCarloResult,
  info: {
    workers: number;
    startedAt: Date;
    shard?: Shard | null;
    /** Writes more files into the folder after the tables and before meta.json (pyramid.arrow), returning their names for meta.json's `files`. */
    also?: (out: OutputSink) => readonly string[];
  },
): { targets: TargetResult[]; meta: RunMeta; summary: Summary; gain?: RegisteredGain } {
  return writeOutputFolder(target, (out) => {
    // One way to write a folder, in memory or streamed: the same runs give the same bytes.
    const stream = new RunOutputStream(out, { ...r, checks: r.outOfBounds?.checks });
    try {
      stream.add({ rows: r.rows, sampled: r.sampled, outside: r.outOfBounds?.counts });
    } catch (e) {
      stream.abort();
      throw e;
    }
    return stream.finish({ ...info, elapsedMs: r.elapsedMs, outOfBoundsTotals: r.outOfBoundsTotals });
  });
}

/** JSON has no Infinity (no quota, ample places): keep it as the string "Infinity" so meta.json round-trips. */
export const infinityReplacer = (_k: string, v: unknown): unknown => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
export const infinityReviver = (_k: string, v: unknown): unknown => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

/**
 * The text of a meta.json, whichever command writes it: JSON indented by 2, ±Infinity as strings ({@link
 * infinityReplacer}; read back with {@link infinityReviver}), and a final newline.
 *
 * @example
 * out.writeFile('meta.json', metaJson(meta));
 */
export const metaJson = (meta: unknown): string => `${JSON.stringify(meta, infinityReplacer, 2)}\n`;

/** When a command started and finished (ISO 8601) and the milliseconds between, as its meta.json records them. */
export interface CommandTimings {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly totalMs: number;
}

/**
 * The {@link CommandTimings} of a command started at `startedAt` and finishing now.
 *
 * @example
 * commandTimings(info.startedAt); // { startedAt: '2026-12-05T07:10:00.000Z', finishedAt: '2026-12-05T07:10:42.318Z', totalMs: 42318 }
 */
export function commandTimings(startedAt: Date): CommandTimings {
  const finishedAt = new Date();
  return { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), totalMs: finishedAt.getTime() - startedAt.getTime() };
}
