import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A path as messages show it: relative to the working directory when it is
 * inside it (short, and what the user typed), absolute otherwise.
 *
 * @example
 * displayPath(`${process.cwd()}/scenarios/dalian.yaml`); // 'scenarios/dalian.yaml'
 * displayPath('/etc/hosts');                             // '/etc/hosts' (outside the working directory)
 */
export function displayPath(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}
