import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';

export interface SbatchScriptOptions {
  readonly jobName: string;
  /** Folder the job runs in (`--chdir`): where the user submitted from. */
  readonly cwd: string;
  /** Log file; `%a` is the array task id. */
  readonly log: string;
  /** Array task ids (shard numbers); none for a single job. */
  readonly array?: readonly number[];
  readonly cpus: number;
  readonly partition?: string;
  readonly time?: string;
  /** Node and the CLI entry (`src/cli/urbsim.mjs` of this checkout), absolute. */
  readonly node: string;
  readonly cli: string;
  /** urbsim's arguments; `{k}` stands for the task's shard number. */
  readonly args: readonly string[];
  /** One line saying what the job does. */
  readonly comment: string;
}

/**
 * An sbatch script that runs one urbsim command, for each array task with
 * its shard number (`$SLURM_ARRAY_TASK_ID`) in place of `{k}`. Paths are
 * absolute and the job runs where it was submitted from, with the node and
 * checkout of the submitting machine (the cluster's shared file system);
 * `URBSIM_NODE` overrides node where compute nodes keep it elsewhere. It
 * needs no network.
 *
 * @example
 * sbatchScript({ jobName: 'urbsim-dalian', cwd: '/home/me/urbsim', log: '/home/me/urbsim/out/dalian/cluster/logs/shard-%a.log', array: [1, 2, 3, 4], cpus: 1,
 *   node: '/usr/bin/node', cli: '/home/me/urbsim/src/cli/urbsim.mjs', args: ['run', 'scenarios/dalian.yaml', '--shard', '{k}/4'], comment: 'shard of dalian' });
 */
export function sbatchScript(o: SbatchScriptOptions): string {
  const directives = [
    `--job-name=${o.jobName}`,
    ...(o.array ? [`--array=${arraySpec(o.array)}`] : []),
    `--cpus-per-task=${o.cpus}`,
    `--output=${o.log}`,
    '--open-mode=append',
    `--chdir=${o.cwd}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
  ];
  const words = [`"\${URBSIM_NODE:-${o.node.replace(/["$`\\]/g, '\\$&')}}"`, quote(o.cli), ...o.args.map(quote)];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${/\s/.test(d) ? `"${d}"` : d}`),
    `# ${o.comment}`,
    `# Written by urbsim ${TOOLKIT_VERSION}. Runs node and the checkout it was submitted from (set URBSIM_NODE where compute nodes keep node elsewhere).`,
    'set -euo pipefail',
    ...(o.array ? ['k="$SLURM_ARRAY_TASK_ID"', 'echo "urbsim: shard $k, job ${SLURM_ARRAY_JOB_ID}_$k on $(hostname), $(date -Is)"'] : ['echo "urbsim: job $SLURM_JOB_ID on $(hostname), $(date -Is)"']),
    `exec ${words.join(' ')}`,
    '',
  ].join('\n');
}

/**
 * Shard numbers as an sbatch `--array` list, runs written as ranges.
 *
 * @example
 * arraySpec([1, 2, 3, 5, 7, 8]); // '1-3,5,7-8'
 */
export function arraySpec(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** A word for bash: single-quoted, or double-quoted around `$k` where `{k}` stands. */
function quote(word: string): string {
  if (word.includes('{k}')) return `"${word.replace(/["$`\\]/g, '\\$&').replaceAll('{k}', '$k')}"`;
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
