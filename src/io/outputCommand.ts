import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from './regularFile.ts';

/**
 * The command whose output a folder holds: `backtest` or `calibrate` by their own tables (their meta.json does not
 * say), else as its meta.json says (`compare`, `sensitivity`, `solve`, `sensitivity --shard`, …), else `run` where it
 * holds runs (trajectories.arrow: urbsim run, merge and a batch's scenario folders write the same files) — `run --shard`
 * where they are a shard's (its meta.json names the shard) —; undefined when nothing tells (a folder of no urbsim
 * output, or an empty one).
 *
 * @example
 * outputCommand('out/compare-dalian'); // 'compare'
 * outputCommand('out/dalian');         // 'run'
 */
export function outputCommand(dir: string): string | undefined {
  if (existsSync(join(dir, 'backtest.arrow'))) return 'backtest';
  if (existsSync(join(dir, 'posterior.arrow'))) return 'calibrate';
  let meta: { command?: unknown; shard?: unknown } | undefined;
  try {
    meta = JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8')) as typeof meta;
  } catch {
    // no meta.json of urbsim's: the tables alone tell
  }
  if (typeof meta?.command === 'string' && /^[a-z -]+$/.test(meta.command)) return meta.command;
  if (!existsSync(join(dir, 'trajectories.arrow'))) return undefined;
  return meta?.shard !== null && typeof meta?.shard === 'object' ? 'run --shard' : 'run';
}
