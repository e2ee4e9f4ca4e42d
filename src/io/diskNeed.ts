import { existsSync, lstatSync, readdirSync, statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../inputError.ts';
import { METRIC_COUNT } from '../model/indicators.ts';

/** Above this, the disk a run will take is said before it starts (it fits: a note, not a refusal). */
export const SAID_FROM_BYTES = 1e9;

/**
 * Arrow's framing over the rows counted: each file's schema and footer (params.arrow of Dalian: 5.4 kB), and each
 * record batch's metadata and padding in trajectories.arrow (Dalian, 23 years: 27,130 bytes over its rows at 200 runs,
 * 76,162 at 2,000, 0.48 %). Allowed for as 64 kB a file and 1 % of trajectories.arrow's rows, so that the estimate is
 * not under what is written: at 1,573,200 bytes of rows it was 1.7 % under, and a run the check let through could end
 * "disk full" (nothing half-written, but hours lost).
 */
const FILE_FRAMING = 65_536;
const BATCH_FRAMING = 0.01;

/** Bytes of disk a run folder, or run folders, take. */
export interface DiskBytes {
  /** trajectories.arrow's. */
  readonly trajectories: number;
  /** What the folder keeps: trajectories.arrow and params.arrow. */
  readonly kept: number;
  /** At most while it is written: what it keeps and the working metric file. */
  readonly peak: number;
  /** What of `peak` does not grow with the runs (each file's framing, {@link FILE_FRAMING}): fewer runs save none of it. */
  readonly fixed: number;
  /**
   * Folders written in turn ({@link inTurn}): the need at each turn, as what grows with the runs and what does not
   * (the framing, less the space of the folders replaced before it: freed), for the share of the runs that fits —
   * the least any turn allows; and, at the turn of the peak, its working file and the space freed by then, which the
   * messages say.
   */
  readonly turns?: { readonly stages: readonly { readonly grows: number; readonly fixed: number }[]; readonly working: number; readonly freed: number };
}

/**
 * Bytes a run folder of `runs` runs of `years` years takes on disk, and at most while it is written: trajectories.arrow
 * holds a row a run and year — every metric a double, `run` and `year` 32-bit integers, a validity bit a metric
 * (src/io/README.md); params.arrow a double a sampled value a run, and its `run` and `seed` (32-bit); each file Arrow's
 * framing ({@link FILE_FRAMING}, {@link BATCH_FRAMING}); while the runs go, the working metric file beside the folder
 * (src/io/metricSpill.ts) holds every metric of every run and year once more, as doubles, and is removed when the
 * folder is committed. The rest (summaries, targets, the pyramid of one run) does not grow with the runs.
 *
 * @example
 * runFolderBytes({ runs: 1000, years: 23, sampled: 9 }); // { trajectories: 8,381,876, kept: 8,527,412, peak: 16,439,412, fixed: 131,072 } (43 metrics)
 */
export function runFolderBytes(o: { runs: number; years: number; sampled: number }): DiskBytes {
  const trajectories = Math.ceil(o.runs * o.years * (8 * METRIC_COUNT + 8 + Math.ceil(METRIC_COUNT / 8)) * (1 + BATCH_FRAMING)) + FILE_FRAMING;
  const kept = trajectories + o.runs * (8 * o.sampled + 8) + FILE_FRAMING;
  return { trajectories, kept, peak: kept + o.runs * o.years * METRIC_COUNT * 8, fixed: 2 * FILE_FRAMING };
}

/**
 * Run folders written one after another (a batch's), each committed before the next starts: at each one's turn, what
 * the folders before it keep, its own folder and its working file, less the folders replaced before it — a folder
 * that held a scenario's output before (`replaced[i]` bytes, 0 for a new one) is removed once its new one is committed
 * (src/io/outputFolder.ts: the old one stays until then), so its space is free for the folders after it, not for its
 * own. The peak is the highest of the turns.
 *
 * @example
 * inTurn([runFolderBytes({ runs: 1000, years: 23, sampled: 9 }), runFolderBytes({ runs: 1000, years: 8, sampled: 9 })]);
 * // { trajectories: 11,340,052, kept: 11,631,124, peak: 16,439,412, fixed: 262,144, turns: … } (the first's turn)
 */
export function inTurn(folders: readonly DiskBytes[], replaced: readonly number[] = []): DiskBytes {
  const sum = (k: 'trajectories' | 'kept' | 'fixed') => folders.reduce((a, f) => a + f[k], 0);
  let kept = 0;
  let fixed = 0;
  let freed = 0;
  const turns = folders.map((f, i) => {
    kept += f.kept;
    fixed += f.fixed;
    const need = kept + f.peak - f.kept - freed;
    const turn = { need, stage: { grows: need - (fixed - freed), fixed: fixed - freed }, working: f.peak - f.kept, freed };
    freed += replaced[i] ?? 0;
    return turn;
  });
  const top = turns.reduce((a, t) => (t.need > a.need ? t : a), { need: 0, working: 0, freed: 0, stage: { grows: 0, fixed: 0 } });
  return {
    trajectories: sum('trajectories'), kept: sum('kept'), peak: top.need, fixed: sum('fixed'),
    turns: { stages: turns.map((t) => t.stage), working: top.working, freed: top.freed },
  };
}

/**
 * A run cut into shards that run side by side (a job array's: every working file at once) and are then merged into
 * one folder: the shards' folders stay where they are (`cluster/shards/`), so their runs are kept twice — what the
 * shards keep, and at most the larger of their working files together and the merged folder while it is written.
 *
 * @example
 * shardedThenMerged([runFolderBytes({ runs: 500, years: 23, sampled: 9 }), runFolderBytes({ runs: 500, years: 23, sampled: 9 })], runFolderBytes({ runs: 1000, years: 23, sampled: 9 }));
 * // { trajectories: 16,085,928, kept: 16,442,536, peak: 23,986,536, fixed: 393,216 }
 */
export function shardedThenMerged(shards: readonly DiskBytes[], merged: DiskBytes): DiskBytes {
  const sum = (k: 'trajectories' | 'kept' | 'peak' | 'fixed') => shards.reduce((a, f) => a + f[k], 0);
  return {
    trajectories: sum('trajectories') + merged.trajectories,
    kept: sum('kept') + merged.kept,
    peak: sum('kept') + Math.max(sum('peak') - sum('kept'), merged.peak),
    fixed: sum('fixed') + merged.fixed,
  };
}

/**
 * Parts written side by side (a job array's tasks, each writing its folders in turn, {@link inTurn}): at worst each at
 * its own peak at once.
 *
 * @example
 * sideBySide([inTurn([a, b]), inTurn([c])]).peak; // inTurn([a, b]).peak + inTurn([c]).peak
 */
export function sideBySide(parts: readonly DiskBytes[]): DiskBytes {
  const sum = (k: 'trajectories' | 'kept' | 'peak' | 'fixed') => parts.reduce((a, f) => a + f[k], 0);
  return { trajectories: sum('trajectories'), kept: sum('kept'), peak: sum('peak'), fixed: sum('fixed') };
}

/**
 * Bytes the disk gets back when an output folder is replaced and its old content removed: its files' allocated blocks,
 * but not the entries the new folder keeps (`kept`: cluster/, src/io/outputFolder.ts), nor a file linked from
 * elsewhere too (its blocks stay); 0 where there is no folder (or a link to one), and for what cannot be read.
 *
 * @example
 * replacedBytes('out/pilots/dalian', ['cluster']); // 12,582,912 (its trajectories.arrow, params.arrow, … as allocated)
 */
export function replacedBytes(dir: string, kept: readonly string[] = []): number {
  const walk = (path: string, top: boolean): number => {
    try {
      const st = lstatSync(path);
      if (st.isFile()) return st.nlink === 1 ? st.blocks * 512 : 0;
      if (!st.isDirectory()) return 0;
      return readdirSync(path).filter((n) => !(top && kept.includes(n))).reduce((a, n) => a + walk(join(path, n), false), 0);
    } catch {
      return 0;
    }
  };
  return walk(dir, true);
}

/**
 * Bytes free to this process on the file system `path` would be written to (its nearest folder that exists); an
 * {@link InputError} where that file system has no blocks at all (/proc, /sys): nothing can be written there, which
 * is what to say, not that its "0.0 kB free" are too few.
 *
 * @example
 * freeBytes('out/dalian'); // 77,012,344,832
 * freeBytes('/proc/x');    // InputError: cannot write /proc/x: /proc is on a file system without disk space (0 blocks in all: …)
 */
export function freeBytes(path: string): number {
  const d = nearestFolder(path);
  const s = statfsSync(d);
  if (s.blocks === 0) throw new InputError(`cannot write ${path}: ${disklessText(d)}; write to a folder on a disk (--out)`);
  return s.bavail * s.bsize;
}

/**
 * Why nothing can be written at `path`, when its file system has no blocks at all (/proc, /sys), as a message says it
 * after the path; undefined on a disk. For the checks of --out before anything runs: `urbsim run --out /proc/x` said
 * 'cannot write /proc/.urbsim: no such file', naming urbsim's work folder.
 *
 * @example
 * disklessWhy('/proc/x'); // '/proc is on a file system without disk space (0 blocks in all: a virtual one, as /proc and /sys are)'
 */
export function disklessWhy(path: string): string | undefined {
  const d = nearestFolder(path);
  return statfsSync(d).blocks === 0 ? disklessText(d) : undefined;
}

const disklessText = (folder: string) => `${folder} is on a file system without disk space (0 blocks in all: a virtual one, as /proc and /sys are)`;

/** `path`, or the nearest folder above it that exists. */
function nearestFolder(path: string): string {
  let d = resolve(path);
  while (!existsSync(d) && d !== dirname(d)) d = dirname(d);
  return d;
}

/**
 * Before runs start: refuse (an {@link InputError}, exit code 2, nothing written) runs whose output the disk under
 * `dir` cannot hold — `urbsim run --runs 10000000` of Dalian started, and would have filled the disk hours later, its
 * 79 GB of trajectories.arrow and 75 GB of working file against 77 GB free — saying how much they need, how
 * much is free and, from `fewer` given the share of the runs that would fit (of what grows with the runs: the framing
 * stays whatever their number, {@link DiskBytes.fixed}), how many to run; say what they will take
 * (`note`, unsaid without one) when it is over {@link SAID_FROM_BYTES}.
 * `what`: the runs, as the message names them (`dalian: 10,000,000 runs of 23 years`); `bytes`: their
 * {@link runFolderBytes} ({@link inTurn} for a batch's scenarios).
 *
 * @example
 * checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 1e7, years: 23, sampled: 9 }), (share) => `run at most about ${fewerRuns(share, 1e7)} (--runs)`, (l) => process.stderr.write(l));
 * // InputError: dalian: 10,000,000 runs of 23 years need about 155.7 GB of disk (79.4 GB of trajectories.arrow and 75.4 GB of working file while they run), more than the 77.0 GB free under out/dalian; run at most about 4,945,825 runs (--runs), …
 */
export function checkDisk(what: string, dir: string, bytes: DiskBytes, fewer: (share: number) => string, note: (line: string) => void = () => {}, free = freeBytes(dir)): void {
  const { working = bytes.peak - bytes.kept, freed = 0 } = bytes.turns ?? {};
  const written = `${sizeText(bytes.trajectories)} of trajectories.arrow and ${sizeText(working)} of working file while they run` +
    (freed > 0 ? `, less ${sizeText(freed)} of the folders they replace, freed as each is replaced` : '');
  if (bytes.peak > free) {
    const stages = bytes.turns?.stages ?? [{ grows: bytes.peak - bytes.fixed, fixed: bytes.fixed }];
    const share = Math.min(...stages.map((t) => (t.grows > 0 ? Math.max(0, free - t.fixed) / t.grows : Infinity)));
    throw new InputError(
      `${what} need about ${sizeText(bytes.peak)} of disk (${written}), more than the ${sizeText(free)} free under ${dir}; ` +
        `${fewer(Number.isFinite(share) ? Math.min(1, share) : 0)}, or write them to a disk with more room (--out)`,
    );
  }
  if (bytes.peak > SAID_FROM_BYTES) note(`urbsim: note: ${what} will take about ${sizeText(bytes.peak)} of disk under ${dir} (${written}; ${sizeText(free)} free)\n`);
}

/** `runs` cut to `share` of them, as the advice says it: '645,744 runs'. */
export const fewerRuns = (share: number, runs: number): string => `${Math.floor(share * runs).toLocaleString('en-US')} runs`;

/**
 * Bytes as the messages say them: GB from 1 GB, else MB, else kB, one decimal (a small disk's few MB are not '0.0 GB').
 *
 * @example
 * sizeText(154.86e9); // '154.9 GB'
 * sizeText(327_680);  // '0.3 MB'
 */
export function sizeText(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e5 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
