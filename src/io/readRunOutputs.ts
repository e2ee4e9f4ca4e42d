import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { type RunMeta, infinityReviver } from './writeRunOutputs.ts';

/**
 * Read a run folder back into the in-memory form the writer took: the rows
 * of trajectories.arrow and the sampled values of params.arrow, with the
 * resolved scenario from meta.json. Used to merge shards.
 *
 * @example
 * const { result, meta } = readRunOutputs('out/shard-1');
 */
export function readRunOutputs(dir: string): { result: MonteCarloResult; meta: RunMeta } {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'), infinityReviver) as RunMeta;
  const traj = tableFromIPC(readFileSync(join(dir, 'trajectories.arrow')));
  const params = tableFromIPC(readFileSync(join(dir, 'params.arrow')));
  const [runStart, runEnd] = meta.runRange;
  const runs = runEnd - runStart;
  const { start, end } = meta.scenario.years;
  const years = Int32Array.from({ length: end - start + 1 }, (_, i) => start + i);
  const nYears = years.length;
  if (traj.numRows !== runs * nYears) throw new Error(`${dir}/trajectories.arrow has ${traj.numRows} rows, meta.json implies ${runs * nYears}`);
  const rows = new Float64Array(runs * nYears * METRIC_COUNT);
  const run = traj.getChild('run')!.toArray() as Int32Array;
  const year = traj.getChild('year')!.toArray() as Int32Array;
  METRICS.forEach((m, j) => {
    const col = traj.getChild(m)!.toArray() as Float64Array;
    for (let i = 0; i < col.length; i++) rows[((run[i] - runStart) * nYears + (year[i] - start)) * METRIC_COUNT + j] = col[i];
  });
  const names = meta.sampledParameters;
  const sampled = new Float64Array(runs * names.length);
  names.forEach((name, k) => {
    const col = params.getChild(name)!.toArray() as Float64Array;
    for (let r = 0; r < runs; r++) sampled[r * names.length + k] = col[r];
  });
  return {
    meta,
    result: { scenario: meta.scenario, years, runStart, runEnd, rows, sampledNames: names, sampled, elapsedMs: meta.timings.simulationMs },
  };
}

/**
 * Join shard results of one scenario into one result, in run order; the shards
 * must have the same scenario hash and together cover runs 0..n−1 exactly once.
 */
export function mergeResults(parts: readonly { result: MonteCarloResult; meta: RunMeta }[]): MonteCarloResult {
  if (parts.length === 0) throw new Error('nothing to merge');
  const sorted = [...parts].sort((a, b) => a.result.runStart - b.result.runStart);
  const hash = sorted[0].meta.hash;
  let expected = 0;
  for (const p of sorted) {
    if (p.meta.hash !== hash) throw new Error(`shards come from different scenarios (hash ${p.meta.hash.slice(0, 12)} ≠ ${hash.slice(0, 12)})`);
    if (p.result.runStart !== expected) throw new Error(`shards leave runs ${expected}..${p.result.runStart - 1} missing or overlap`);
    expected = p.result.runEnd;
  }
  const total = sorted[0].meta.runs;
  if (expected !== total) throw new Error(`shards cover runs 0..${expected - 1} of ${total}`);
  const cat = (k: 'rows' | 'sampled'): Float64Array => {
    const out = new Float64Array(sorted.reduce((s, p) => s + p.result[k].length, 0));
    let o = 0;
    for (const p of sorted) { out.set(p.result[k], o); o += p.result[k].length; }
    return out;
  };
  const first = sorted[0].result;
  return { ...first, runStart: 0, runEnd: total, rows: cat('rows'), sampled: cat('sampled'), elapsedMs: sorted.reduce((s, p) => s + p.result.elapsedMs, 0) };
}
