import { createHash } from 'node:crypto';
import type { ResolvedScenario } from './resolved.ts';

/** Canonical JSON: object keys sorted at every level. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v === Infinity ? 'Infinity' : v);
}

/**
 * The identity of a resolved scenario: sha256 of its canonical JSON without
 * the list of files read (moving a file does not change what it runs).
 *
 * @example
 * scenarioHash(loadScenario('scenarios/dalian.yaml')); // '3f2a…'
 */
export function scenarioHash(s: ResolvedScenario): string {
  const { files: _files, ...rest } = s;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
