import type { Command } from 'commander';
import { decimalWhole } from '../cli/decimalWhole.ts';
import { InputError } from '../inputError.ts';

/** The `--slurm` options of a command, as commander hands them over. */
export interface SlurmCliOptions {
  readonly slurm?: boolean;
  readonly arraySize?: string;
  readonly partition?: string;
  readonly time?: string;
  readonly dryRun?: boolean;
}

export interface SlurmOptions {
  /** Shards asked for; undefined for the command's default. */
  readonly arraySize?: number;
  readonly partition?: string;
  readonly time?: string;
  readonly dryRun: boolean;
}

/**
 * Add `--slurm`, `--array-size`, `--partition`, `--time` and `--dry-run` to a
 * command that can run as a Slurm job array.
 *
 * @example
 * withSlurmOptions(program.command('run'), 'one task per 1,000 runs, at most 100');
 */
export function withSlurmOptions(command: Command, defaultSize: string): Command {
  return command
    .option('--slurm', 'submit to Slurm as a job array of shards plus a merge job, instead of running here')
    .option('--array-size <N>', `with --slurm: number of shards, one array task each (default: ${defaultSize})`)
    .option('--partition <P>', 'with --slurm: Slurm partition')
    .option('--time <T>', 'with --slurm: time limit per task, as sbatch takes it (60, 1:30:00, 2-00)')
    .option('--dry-run', 'with --slurm: write the sbatch scripts and print what would be submitted');
}

/**
 * The `--slurm` options checked: undefined without `--slurm` (then the others
 * are refused), else the array size, partition and time limit.
 *
 * @example
 * slurmOptions({ slurm: true, arraySize: '4', time: '30' }); // { arraySize: 4, time: '30', dryRun: false }
 */
export function slurmOptions(o: SlurmCliOptions): SlurmOptions | undefined {
  if (!o.slurm) {
    const stray = ([['arraySize', '--array-size'], ['partition', '--partition'], ['time', '--time'], ['dryRun', '--dry-run']] as const).filter(([k]) => o[k] !== undefined);
    if (stray.length) throw new InputError(`${stray.map(([, f]) => f).join(', ')}: only with --slurm (they say how to submit the job array)`);
    return undefined;
  }
  let arraySize: number | undefined;
  if (o.arraySize !== undefined) {
    arraySize = decimalWhole(o.arraySize);
    if (!(arraySize >= 1 && arraySize <= 100_000)) throw new InputError(`--array-size: expected a whole number of shards from 1 to 100000, found "${o.arraySize}"`);
  }
  if (o.partition !== undefined && !/^[\w.-]+(,[\w.-]+)*$/.test(o.partition)) throw new InputError(`--partition: expected a Slurm partition name (or a comma-separated list), found "${o.partition}"`);
  if (o.time !== undefined && !/^((\d+-)?\d+(:\d+){0,2}|UNLIMITED|INFINITE)$/i.test(o.time))
    throw new InputError(`--time: expected a Slurm time limit — minutes (60), H:MM:SS (1:30:00), D-HH (2-00) or D-HH:MM:SS — found "${o.time}"`);
  return { arraySize, partition: o.partition, time: o.time, dryRun: !!o.dryRun };
}

/**
 * Shards for `units` pieces of work (runs, scenarios): the size asked, else
 * one per `per` units, at most 100; never more than there are units.
 *
 * @example
 * shardCount(undefined, 10_000, 1000, 'runs'); // 10
 */
export function shardCount(asked: number | undefined, units: number, per: number, what: string): number {
  if (asked === undefined) return Math.max(1, Math.min(100, Math.ceil(units / per), units));
  if (asked > units) throw new InputError(`--array-size ${asked}: more shards than ${what} (${units}); each shard needs at least one`);
  return asked;
}
