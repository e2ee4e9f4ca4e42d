import { Piscina } from 'piscina';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type CompiledScenario, compileScenario } from './compileScenario.ts';
import { type ChunkResult, runChunk } from './runChunk.ts';
import { RunSampler } from './runSampler.ts';

export interface ChunkTask {
  readonly key: string;
  readonly scenario: ResolvedScenario;
  readonly totalRuns: number;
  readonly start: number;
  readonly end: number;
}

const cache = new Map<string, { c: CompiledScenario; sampler: RunSampler }>();

/** Piscina task: run a chunk, compiling each scenario once per worker. */
export default function runTask(task: ChunkTask): Float64Array {
  const r = compute(task);
  // One buffer, rows then sampled values, transferred instead of copied back to the main thread.
  const packed = new Float64Array(r.rows.length + r.sampled.length);
  packed.set(r.rows);
  packed.set(r.sampled, r.rows.length);
  return Piscina.move(packed) as unknown as Float64Array;
}

function compute(task: ChunkTask): ChunkResult {
  let hit = cache.get(task.key);
  if (!hit) {
    const c = compileScenario(task.scenario);
    hit = { c, sampler: new RunSampler(c, task.totalRuns) };
    cache.clear();
    cache.set(task.key, hit);
  }
  return runChunk(hit.c, task.totalRuns, task.start, task.end, hit.sampler);
}
