import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { RunMeta } from '../io/writeRunOutputs.ts';
import { type SummaryRow, summaryRows } from './summaryRows.ts';
import { type TargetRow, targetRows } from './targetRows.ts';

/** A run folder of `urbsim run`: summaries and target probabilities of one scenario. */
export interface RunFolder {
  readonly kind: 'run';
  readonly dir: string;
  readonly name: string;
  readonly meta: RunMeta;
  readonly summary: SummaryRow[];
  readonly targets: TargetRow[];
}

/** A folder of `urbsim batch`: the combined targets table and one run folder per scenario. */
export interface BatchFolder {
  readonly kind: 'batch';
  readonly dir: string;
  readonly name: string;
  readonly targets: TargetRow[];
  /** Names of the scenario sub-folders holding a complete run. */
  readonly runs: string[];
}

/** Raised when a folder is neither a run nor a batch output. */
export class NotAnOutputFolderError extends Error {
  override name = 'NotAnOutputFolderError';
}

/**
 * Read what a report needs from an output folder, telling a run folder
 * (meta.json, written last, marks it complete) from a batch folder (a
 * combined targets.arrow and no meta.json).
 *
 * @example
 * const f = readOutputFolder('out/dalian');
 * if (f.kind === 'run') f.targets.find((t) => t.target === 'all')?.probability;
 */
export function readOutputFolder(dir: string): RunFolder | BatchFolder {
  const read = (file: string) => tableFromIPC(readFileSync(join(dir, file)));
  if (existsSync(join(dir, 'meta.json'))) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as RunMeta;
    for (const f of ['summary.arrow', 'targets.arrow'])
      if (!existsSync(join(dir, f))) throw new NotAnOutputFolderError(`${dir} has meta.json but no ${f}: not a complete run folder`);
    return { kind: 'run', dir, name: meta.scenario.name, meta, summary: summaryRows(read('summary.arrow')), targets: targetRows(read('targets.arrow')) };
  }
  if (existsSync(join(dir, 'targets.arrow'))) {
    const runs = readdirSync(dir)
      .filter((d) => statSync(join(dir, d)).isDirectory() && existsSync(join(dir, d, 'meta.json')))
      .sort();
    return { kind: 'batch', dir, name: basename(dir), targets: targetRows(read('targets.arrow')), runs };
  }
  if (!existsSync(dir)) throw new NotAnOutputFolderError(`${dir} does not exist`);
  throw new NotAnOutputFolderError(`${dir} is neither a run folder (no meta.json) nor a batch folder (no targets.arrow); run urbsim run or urbsim batch first`);
}
