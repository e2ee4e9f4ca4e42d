import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PartSpec } from './clusterJob.ts';
import { readRegularFile } from '../io/regularFile.ts';

/**
 * Why the folder of `part` (under `out`) is not a finished, valid piece of
 * the job — not written, incomplete, of another scenario or runs, or older
 * than `notBefore` (ms: what it is made from, or the job that is to remake
 * it) — or undefined when it is.
 *
 * @example
 * partProblem('out/dalian', { dir: 'cluster/shards/1-of-4', hash, runRange: [0, 250] }); // undefined, or 'no meta.json (not finished)'
 */
export function partProblem(out: string, part: PartSpec, notBefore = 0): string | undefined {
  const dir = join(out, part.dir);
  if (!existsSync(dir)) return 'not written';
  const missing = (part.files ?? []).filter((f) => !existsSync(join(dir, f)));
  const metaFile = join(dir, 'meta.json');
  if (part.hash !== undefined || part.runRange !== undefined) {
    if (!existsSync(metaFile)) return 'no meta.json (not finished)';
    let meta: { hash?: string; runRange?: [number, number]; files?: string[] };
    try {
      meta = JSON.parse(readRegularFile(metaFile, 'utf8'));
    } catch {
      return 'meta.json is unreadable';
    }
    if (part.hash !== undefined && meta.hash !== part.hash)
      return `written for another scenario (hash ${String(meta.hash).slice(0, 12)}, now ${part.hash.slice(0, 12)}): the scenario or its options changed since`;
    if (part.runRange && (meta.runRange?.[0] !== part.runRange[0] || meta.runRange?.[1] !== part.runRange[1]))
      return `holds runs ${meta.runRange?.join('–')}, expected ${part.runRange[0]}–${part.runRange[1] - 1}`;
    missing.push(...(meta.files ?? []).filter((f) => !existsSync(join(dir, f))));
  }
  if (missing.length) return `${missing.join(', ')} missing`;
  if (notBefore > 0 && partWritten(out, part) < notBefore) return 'older than the shards or the job that is to remake it';
  return undefined;
}

/** When the part was finished (ms): its meta.json, else the oldest of its files; 0 when there is neither. */
export function partWritten(out: string, part: PartSpec): number {
  const dir = join(out, part.dir);
  const files = part.hash !== undefined || part.runRange !== undefined ? ['meta.json'] : (part.files ?? []);
  const times = files.map((f) => join(dir, f)).filter(existsSync).map((f) => statSync(f).mtimeMs);
  return times.length ? Math.min(...times) : 0;
}
