import { availableParallelism } from 'node:os';
import { positiveInt } from './options.ts';

/**
 * `--workers`: a whole number, capped at the machine's cores with a note.
 * More threads than cores only queue; results are bit-identical for any
 * worker count, so the cap changes nothing but the wait.
 *
 * @example
 * workerCount('8', (s) => process.stderr.write(s)); // 2 on a 2-core machine, after a one-line note
 */
export function workerCount(raw: string, note: (s: string) => void, cores = availableParallelism()): number {
  const asked = positiveInt('--workers', raw, 256)!;
  if (asked <= cores) return asked;
  note(`urbsim: --workers ${asked} capped at ${cores}, the cores this machine has (results do not depend on it)\n`);
  return cores;
}
