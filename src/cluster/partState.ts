import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PartSpec } from './clusterJob.ts';

/**
 * Why the folder of `part` (under `out`) is not a finished, valid piece of
 * the job — not written, incomplete, of another scenario or runs — or
 * undefined when it is. `shardsWritten` is the time the last shard finished,
 * for parts made from the shards.
 *
 * @example
 * partProblem('out/dalian', { dir: 'cluster/shards/1-of-4', hash, runRange: [0, 250] }); // undefined, or 'no meta.json (not finished)'
 */
export function partProblem(out: string, part: PartSpec, shardsWritten = 0): string | undefined {
  const dir = join(out, part.dir);
  if (!existsSync(dir)) return 'not written';
  const missing = (part.files ?? []).filter((f) => !existsSync(join(dir, f)));
  const metaFile = join(dir, 'meta.json');
  let written = 0;
  if (part.hash !== undefined || part.runRange !== undefined) {
    if (!existsSync(metaFile)) return 'no meta.json (not finished)';
    let meta: { hash?: string; runRange?: [number, number]; files?: string[] };
    try {
      meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    } catch {
      return 'meta.json is unreadable';
    }
    if (part.hash !== undefined && meta.hash !== part.hash)
      return `written for another scenario (hash ${String(meta.hash).slice(0, 12)}, now ${part.hash.slice(0, 12)}): the scenario or its options changed since`;
    if (part.runRange && (meta.runRange?.[0] !== part.runRange[0] || meta.runRange?.[1] !== part.runRange[1]))
      return `holds runs ${meta.runRange?.join('–')}, expected ${part.runRange[0]}–${part.runRange[1] - 1}`;
    missing.push(...(meta.files ?? []).filter((f) => !existsSync(join(dir, f))));
    written = statSync(metaFile).mtimeMs;
  }
  if (missing.length) return `${missing.join(', ')} missing`;
  if (part.afterShards) {
    written = Math.min(...(part.files ?? []).map((f) => statSync(join(dir, f)).mtimeMs));
    if (written < shardsWritten) return 'older than the shards it is made from';
  }
  return undefined;
}

/** When the part's meta.json was written (ms), 0 when it has none. */
export function partWritten(out: string, part: PartSpec): number {
  const f = join(out, part.dir, 'meta.json');
  return existsSync(f) ? statSync(f).mtimeMs : 0;
}
