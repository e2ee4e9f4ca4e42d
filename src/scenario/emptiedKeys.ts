import type { z } from 'zod';
import { finiteCopy } from './finiteCopy.ts';
import { isMapping } from './isMapping.ts';
import type { Layer } from './mergeLayers.ts';
import { locate, type Path, type Position } from './origin.ts';
import { fromZodIssues, type RawIssue } from './zodIssues.ts';

/**
 * Keys a file leaves empty (`key:`, `key: ~`) that the scenario does not know. Merging removes an empty key — it
 * brings back the default or the parent's value (src/scenario/mergeLayers.ts) — before the structure is checked, so
 * an unknown one vanished without a word: a misspelt `local_setle_rate: ~` in a variant left the parent's value in
 * place, and a full-width colon typed by a Chinese input method, `{ points_cutoff： 130 }` or
 * `monte_carlo: { seed： 7 }`, is YAML for the key "points_cutoff： 130" with no value, so the variant ran with its
 * parent's cut-off or seed and validated "ok". Each is checked here where its mapping is in the merged data (the key
 * put back without a value, which a known key takes as absent), and reported at the key in its file as the schema's
 * other unknown keys are, with its "did you mean".
 *
 * @example
 * emptiedUnknownKeys(schema, chain.layers, data);
 * // [{ position: { file: 'v.yaml', line: 3, column: 15 }, issue: { message: 'unknown key `points_cutoff： 130`, did you mean `points_cutoff`?', … } }]
 */
export function emptiedUnknownKeys(schema: z.ZodType, layers: readonly Layer[], data: unknown): { position: Position; issue: RawIssue }[] {
  const emptied: { layer: Layer; path: Path }[] = [];
  const walk = (layer: Layer, value: unknown, path: Path) => {
    // A distribution (a mapping with `dist`) replaces its parent's as a whole, empty keys included: checked as it is.
    if (!isMapping(value) || 'dist' in value) return;
    for (const [key, v] of Object.entries(value)) {
      if (v === null) emptied.push({ layer, path: [...path, key] });
      else walk(layer, v, [...path, key]);
    }
  };
  for (const layer of layers) walk(layer, layer.value, []);
  if (emptied.length === 0 || !isMapping(data)) return [];
  // The merged data with each emptied key put back without a value, where its mapping is still there.
  const probe = structuredClone(data) as Record<string, unknown>;
  const put: { layer: Layer; path: Path }[] = [];
  for (const e of emptied) {
    let at: unknown = probe;
    for (const key of e.path.slice(0, -1)) at = isMapping(at) ? at[key as string] : undefined;
    const key = e.path.at(-1) as string;
    if (!isMapping(at) || (Object.hasOwn(at, key) && at[key] !== undefined)) continue;
    at[key] = undefined;
    put.push(e);
  }
  const parsed = schema.safeParse(finiteCopy(probe));
  if (parsed.success) return [];
  const unknown = fromZodIssues(schema, probe, parsed.error.issues.filter((i) => i.code === 'unrecognized_keys'));
  const same = (a: Path, b: Path) => a.length === b.length && a.every((k, i) => k === b[i]);
  return put.flatMap((e) =>
    unknown.filter((u) => same(u.path, e.path)).map((u) => ({ position: locate(e.layer.origin, e.path, true), issue: withColonHint(u) })),
  );
}

/** `a： 1` (a full-width colon): say which colon YAML reads, and how the key was meant. */
function withColonHint(u: RawIssue): RawIssue {
  const m = /^([^：]*?)\s*：\s*(.*)$/.exec(u.found);
  if (!m) return u;
  const meant = `${m[1]}: ${m[2]}`.trim();
  return { ...u, message: `${u.message} (the full-width colon ： is not YAML's: write \`${meant}\` with an ASCII colon and a space)` };
}
