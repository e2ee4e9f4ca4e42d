import type { OutOfBoundsSummary } from '../analysis/outOfBounds.ts';
import { InputError } from '../inputError.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { shardRange } from '../montecarlo/runMonteCarlo.ts';
import type { RunMeta } from './writeRunOutputs.ts';
import { runsText } from '../report/batchMarks.ts';
import { fileKey } from './sameFile.ts';

/** A shard as read back by readRunOutputs; `dir` names it in messages. */
export interface ShardPart {
  readonly result: MonteCarloResult;
  readonly meta: RunMeta;
  readonly dir?: string;
}

/**
 * Join shard results of one scenario into one result, in run order; the shards
 * must have the same scenario hash and together cover runs 0..n−1 exactly once.
 * Otherwise an {@link InputError} lists every gap and overlap, as run ranges
 * with the shard that would fill a gap when the shards say how they were cut,
 * and a folder given twice.
 *
 * @example
 * mergeResults([readRunOutputs('out/s1')]); // throws: runs 500–999 are missing (shard 2/2?)
 */
export function mergeResults(parts: readonly ShardPart[]): MonteCarloResult {
  const sorted = checkShards(parts);
  const first = sorted[0];
  const total = first.meta.runs;
  const cat = (k: 'rows' | 'sampled'): Float64Array => {
    const out = new Float64Array(sorted.reduce((s, p) => s + p.result[k].length, 0));
    let o = 0;
    for (const p of sorted) { out.set(p.result[k], o); o += p.result[k].length; }
    return out;
  };
  return {
    ...first.result,
    runStart: 0,
    runEnd: total,
    rows: cat('rows'),
    sampled: cat('sampled'),
    outOfBoundsTotals: outOfBoundsTotals(sorted),
    elapsedMs: sorted.reduce((s, p) => s + p.result.elapsedMs, 0),
  };
}

/**
 * The shards in run order, once they are checked to be of one scenario (same hash) and to cover runs 0..n−1 exactly
 * once; otherwise an {@link InputError} as {@link mergeResults} describes. Only the shards' run ranges and meta.json
 * are read, so a streaming merge checks before it reads any run.
 *
 * @example
 * const sorted = checkShards(parts); // throws: runs 500–999 are missing (shard 2/2?)
 */
export function checkShards<P extends ShardPart>(parts: readonly P[]): P[] {
  if (parts.length === 0) throw new InputError('nothing to merge: expected the folders of one or more shards');
  const sorted = [...parts].sort((a, b) => a.result.runStart - b.result.runStart);
  const name = (p: ShardPart) => p.dir ?? `the shard of runs ${range(p.result.runStart, p.result.runEnd)}`;
  const first = sorted[0];
  for (const p of sorted) if (p.meta.hash !== first.meta.hash) throw new InputError(mismatch(first, p, name));
  // One scenario run by urbsim before and after a column was added (the change of count's draws, 2026-12-04) has one
  // hash but rows of sampled values of another length: laid end to end they would misalign every later value.
  for (const p of sorted) {
    const columns = columnMismatch(first, p, name);
    if (columns) throw new InputError(columns);
  }
  const total = first.meta.runs;
  // A folder given twice is said so, as compare says a file given twice ('s2 and s2' cover its runs twice, it said),
  // and its runs counted once.
  // A part without a folder (a library caller's) is never given twice.
  // Each folder resolved once ({@link fileKey}), and the first part of each: not a pair of realpaths for every pair.
  const firstAt = new Map<string, number>();
  const firstAs = parts.map((p, i) => {
    if (p.dir === undefined) return -1;
    const key = fileKey(p.dir);
    if (!firstAt.has(key)) firstAt.set(key, i);
    return firstAt.get(key)!;
  });
  const again = (i: number) => firstAs[i] >= 0 && firstAs[i] < i;
  const problems = parts.flatMap((p, i) => {
    if (!again(i)) return [];
    const earlier = parts[firstAs[i]].dir!;
    return [`${earlier} is given twice${earlier !== p.dir ? ` (again as ${p.dir})` : ''}; give each shard once`];
  });
  let covered = 0;
  let last: ShardPart | undefined;
  for (const p of sorted.filter((q) => !again(parts.indexOf(q)))) {
    const { runStart, runEnd } = p.result;
    if (runStart > covered) problems.push(missing(covered, runStart, total, parts));
    else if (runStart < covered) problems.push(`shards cover runs ${range(runStart, Math.min(covered, runEnd))} twice (${name(last!)} and ${name(p)})`);
    if (runEnd > covered) last = p;
    covered = Math.max(covered, runEnd);
  }
  if (covered < total) problems.push(missing(covered, total, total, parts));
  if (problems.length === 1) throw new InputError(`cannot merge: ${problems[0]}`);
  if (problems.length > 1) throw new InputError(`cannot merge, the shards do not cover runs ${range(0, total)} once each:\n  - ${problems.join('\n  - ')}`);
  return sorted;
}

/**
 * The shards' out-of-bounds totals added up: they cover disjoint runs, so runs
 * and run-years add. Shards of one scenario check the same parameters in the
 * same order; a shard without totals (written before meta.json had them) makes
 * the sum unknown.
 */
export function outOfBoundsTotals(parts: readonly ShardPart[]): OutOfBoundsSummary[] | undefined {
  const lists = parts.map((p) => p.meta.outOfBounds);
  if (lists.some((l) => l === undefined)) return undefined;
  return lists[0]!.map((s, i) => ({
    ...s,
    runs: lists.reduce((n, l) => n + l![i].runs, 0),
    runYears: lists.reduce((n, l) => n + l![i].runYears, 0),
  }));
}

/** Why two shards cannot be merged, naming what differs: the seed, the number of runs, or else the scenario. */
function mismatch(a: ShardPart, b: ShardPart, name: (p: ShardPart) => string): string {
  const fix = 'merge needs shards of one scenario, same seed and runs';
  // Two scenarios' folders differ first of all in the scenario (they said only that their run counts differed).
  const scenarios = () =>
    `shards come from different scenarios: ${name(a)} is ${a.meta.scenario.name} (hash ${a.meta.hash.slice(0, 12)}), ` +
    `${name(b)} is ${b.meta.scenario.name} (hash ${b.meta.hash.slice(0, 12)}); ${fix}`;
  if (a.meta.scenario?.name !== b.meta.scenario?.name) return scenarios();
  if (a.meta.seed !== b.meta.seed) return `shards were run with different seeds: ${name(a)} with --seed ${a.meta.seed}, ${name(b)} with --seed ${b.meta.seed}; ${fix}`;
  if (a.meta.runs !== b.meta.runs) return `shards were cut from different run counts: ${name(a)} from ${runsText(a.meta.runs)}, ${name(b)} from ${b.meta.runs.toLocaleString('en')}; ${fix}`;
  return scenarios();
}

/** Why two shards' params.arrow columns do not fit together, or '' when they are the same, in the same order. */
function columnMismatch(a: ShardPart, b: ShardPart, name: (p: ShardPart) => string): string {
  const [x, y] = [a.result.sampledNames, b.result.sampledNames];
  if (x.length === y.length && x.every((n, i) => n === y[i])) return '';
  const only = (p: ShardPart, q: ShardPart) => {
    const extra = p.result.sampledNames.filter((n) => !q.result.sampledNames.includes(n));
    return extra.length ? [`${name(p)} has ${extra.join(', ')}, ${name(q)} has not`] : [];
  };
  const diff = [...only(a, b), ...only(b, a)];
  return (
    `shards hold different params.arrow columns: ${diff.length ? diff.join('; ') : `${name(a)} and ${name(b)} hold them in another order`} ` +
    '(a shard written by an older urbsim: run it again); merge needs shards of one scenario run by one urbsim'
  );
}

/** Runs [a, b) as people count them: 500–999, or 7 alone. */
function range(a: number, b: number): string {
  return b - a === 1 ? `${a}` : `${a}–${b - 1}`;
}

function missing(a: number, b: number, total: number, parts: readonly ShardPart[]): string {
  const what = b - a === 1 ? `run ${a} is missing` : `runs ${range(a, b)} are missing`;
  const guess = shardsFilling(a, b, total, parts);
  return guess ? `${what} (${guess}?)` : what;
}

/**
 * The shards `k/n` that would fill runs [a, b), when every shard given was cut
 * into the same n: the usual slip is one shard folder left out.
 */
function shardsFilling(a: number, b: number, total: number, parts: readonly ShardPart[]): string | undefined {
  const counts = new Set(parts.map((p) => p.meta.shard?.count));
  if (counts.size !== 1) return undefined;
  const count = [...counts][0];
  if (count === undefined) return undefined;
  const ks: number[] = [];
  let filled = 0;
  for (let k = 1; k <= count; k++) {
    const [s, e] = shardRange(total, { index: k, count });
    if (s >= a && e <= b && e > s) {
      ks.push(k);
      filled += e - s;
    }
  }
  if (ks.length === 0 || filled !== b - a) return undefined;
  return ks.length === 1 ? `shard ${ks[0]}/${count}` : `shards ${ks.map((k) => `${k}/${count}`).join(', ')}`;
}
