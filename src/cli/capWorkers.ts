import { availableParallelism } from 'node:os';
import type { Command } from 'commander';

/**
 * Lower `--workers` to the number of threads the machine can run at once,
 * with a one-line note: more workers than cores only add start-up time and
 * memory, and results are bit-identical for any worker count (each run
 * depends on seed and run index alone), so capping changes no number.
 * Values that are not whole numbers are left for the command to reject.
 *
 * @example
 * program.hook('preAction', (_, action) => capWorkers(action, (s) => process.stderr.write(s)));
 */
export function capWorkers(command: Command, note: (line: string) => void, cores = availableParallelism()): void {
  const raw = command.getOptionValue('workers') as unknown;
  if (typeof raw !== 'string' || !/^\s*\d+\s*$/.test(raw)) return;
  const asked = Number(raw);
  if (asked <= cores) return;
  command.setOptionValue('workers', String(cores));
  note(`urbsim: --workers ${asked} is more than the ${cores} threads this machine runs at once; using ${cores} (results do not depend on the worker count)\n`);
}
