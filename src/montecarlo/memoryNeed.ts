import { totalmem } from 'node:os';
import { InputError } from '../inputError.ts';
import { sizeText } from '../io/diskNeed.ts';

/** Share of the machine's memory a Monte Carlo may plan to hold: the rest is the program, its workers and the system. */
export const USABLE = 0.75;

/**
 * Bytes a Monte Carlo of `runs` runs holds at once. Kept whole, every run's
 * indicators (years × metrics doubles), sampled values and bounds counts;
 * streamed into a run folder (`urbsim run`), each run's sampled values and
 * bounds counts, and one indicator of one year of every run (a summary cell,
 * read back from the working file) in this thread and in each of `workers`
 * worker threads (default none); and `gain` bytes a run for the registered rate's gain by source a run folder
 * computes (src/montecarlo/registeredGain.ts, GAIN_BYTES_PER_RUN; default none).
 *
 * @example
 * monteCarloBytes({ runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: false }); // 7,620,000
 */
export function monteCarloBytes(o: { runs: number; years: number; metrics: number; sampled: number; checks: number; streaming: boolean; workers?: number; gain?: number }): number {
  const indicators = o.streaming ? (1 + (o.workers ?? 0)) * 8 : o.years * o.metrics * 8;
  return o.runs * (indicators + o.sampled * 8 + o.checks * 4 + (o.gain ?? 0));
}

/** Memory this process may count on: the machine's, or a container's limit when lower. */
export function availableMemory(): number {
  // process.constrainedMemory (Node ≥ 19.6): a cgroup's limit, or a huge number when there is none.
  const limit = (process as { constrainedMemory?: () => number }).constrainedMemory?.() ?? 0;
  return limit > 0 && limit < totalmem() ? limit : totalmem();
}

/**
 * Memory cannot hold the runs asked for ({@link checkMemory}): an {@link InputError} (exit code 2) that a caller able to
 * do with fewer runs can tell from every other input problem, which it must not take for this one. Named as every
 * InputError is, which some callers read.
 */
export class MemoryError extends InputError {}

/**
 * Refuse (a {@link MemoryError}, an InputError: exit code 2) before anything runs a Monte
 * Carlo whose runs memory cannot hold: 10,000,000 runs kept whole need about
 * 75 GB; without the check they ran into "Array buffer allocation failed".
 * `advice`, given the runs that would fit, says what to do instead where the
 * caller knows better than "fewer runs, or shards".
 *
 * @example
 * checkMemory('dalian', { runs: 1e7, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: false }); // throws
 */
export function checkMemory(scenario: string, o: Parameters<typeof monteCarloBytes>[0], available = availableMemory(), advice?: (fit: number) => string): void {
  const need = monteCarloBytes(o);
  if (need <= USABLE * available) return;
  const perRun = need / o.runs;
  const fit = Math.floor((USABLE * available) / perRun);
  throw new MemoryError(
    `${scenario}: ${o.runs.toLocaleString('en-US')} runs of ${o.years} years need about ${sizeText(need)} of memory ` +
      `(${(perRun / 1024).toFixed(1)} kB a run${o.streaming ? ': its sampled values, and a value of every run in each thread' : ': every indicator of every run'}${o.gain ? ', and the registered rate\'s gain by source' : ''}), ` +
      `more than ${Math.round(USABLE * 100)}% of the ${sizeText(available)} this machine has; ` +
      (advice?.(fit) ?? `run at most about ${fit.toLocaleString('en-US')} at once${o.streaming ? '' : ' (urbsim run streams its runs to disk and holds far less per run)'}, or split the runs into shards (--shard k/n) and merge them`),
  );
}
