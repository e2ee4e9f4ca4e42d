import { existsSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import { InputError } from '../inputError.ts';
import { targetsIpc } from '../io/arrowTables.ts';
import { MANIFEST_FILE, readManifest, verifyOutputFolder } from '../io/outputManifest.ts';
import { type DiskBytes, checkDisk, fewerRuns, inTurn, replacedBytes, runFolderBytes } from '../io/diskNeed.ts';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { KEPT_ENTRIES, type OutputSink, WORK_DIR, checkOutputFolderOpens, checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { dropStaleReport } from './dropStaleReport.ts';
import { readSummaryStat, readTargets } from '../io/readTables.ts';
import { sameFile } from '../io/sameFile.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { readRunOutputs, trajectoriesLack } from '../io/readRunOutputs.ts';
import { type OwnWeighed, ownFiguresColumns, ownFigures, shippedObserved } from './ownFigures.ts';
import { weighScenario } from './weighScenario.ts';
import { WEIGHED_FILE, readWeighed, weighedJson, weighedKey } from './weighedFile.ts';
import { redrawnRuns, runsText } from '../report/batchMarks.ts';
import { OUTPUT_FILES, infinityReviver, writeRunOutputs, type RunMeta } from '../io/writeRunOutputs.ts';
import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { type MonteCarloResult, type Shard, checkRunsMemory, runMonteCarlo, shardRange } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { areaNameZh } from '../data/areas.ts';
import { uncoveredPilots } from './pilotCoverage.ts';
import { type ReachabilityRow, reachabilityMarkdown, reachabilityRow } from './reachability.ts';
import { targetOnDefaults } from './onDefaults.ts';
import { targetOnBreak } from './onBreak.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import { pyramidOf } from '../report/writePyramid.ts';
import { readRegularFile } from '../io/regularFile.ts';

export interface BatchOptions {
  readonly outDir: string;
  readonly runs?: number;
  readonly workers?: number;
  /**
   * How a scenario file is read: {@link loadScenario} when left out (the library's reader; the CLI's also checks the
   * baseline and prints each file's warnings).
   */
  readonly load?: (file: string) => ResolvedScenario;
  /** After each scenario: `skipped`, its folder was up to date; `reweighed`, only its weighed answer was drawn anew (its runs kept). */
  readonly onScenario?: (e: { file: string; name: string; index: number; total: number; skipped: boolean; reweighed: boolean; ms: number }) => void;
  /**
   * The runs done of the scenario `at`: its runs, then any runs conditioning its pace on its history ({@link
   * onHistoryRuns}) and any second runs ({@link onSecondRuns}), each counted from 0.
   */
  readonly onProgress?: (done: number, total: number, at: { name: string; index: number; total: number }) => void;
  /**
   * Before a scenario's second runs ({@link weighScenario}), which take 40 times its runs' time and print nothing
   * else; again, with `effective` the first draw's effective runs, before more are drawn ({@link moreRedrawnRuns}).
   */
  readonly onSecondRuns?: (e: { name: string; index: number; total: number; runs: number; effective?: number }) => void;
  /**
   * Before the second runs of a scenario whose pilot conditions its urbanization pace on its resident rates before its
   * base year: the `runs` (one year each) that condition the pooled pace on them as well ({@link conditionOnHistory}).
   */
  readonly onHistoryRuns?: (e: { name: string; index: number; total: number; runs: number }) => void;
  /**
   * When memory cannot hold the second draw's `runs` (more, {@link moreRedrawnRuns}), which {@link onSecondRuns} has
   * announced: the weighed answer stays the first draw's, of `kept` runs and `effective` effective runs.
   */
  readonly onSecondRunsRefused?: (e: { name: string; index: number; total: number; runs: number; kept: number; effective: number }) => void;
  /**
   * Run only the k-th of n slices of the scenarios (in file order), and write
   * no combined report: a task of a job array. The scenarios are loaded and
   * checked all the same.
   */
  readonly shard?: Shard;
  /** Checked before each scenario: once aborted, the batch stops there and rejects, as if killed. */
  readonly signal?: AbortSignal;
  /**
   * The observed figures each area's runs are held to in the report ({@link ownFigures}): default
   * data/observed/observed.csv.
   */
  readonly observed?: readonly ObservedPoint[];
  /** Said before anything runs: the disk the scenarios to run will take, when over 1 GB ({@link checkDisk}). */
  readonly onNote?: (line: string) => void;
}

/** Scenario files named on the command line: files as given, folders searched for `*.yaml` (sorted). */
export function expandScenarioArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory())
      for (const f of readdirSync(a).sort()) {
        if (/\.ya?ml$/.test(f)) out.push(join(a, f));
      }
    else out.push(a);
  }
  return out;
}

/** The batch's own files in `outDir`: no scenario may be named after one, as its folder would take the name. */
export const BATCH_FILES = ['targets.arrow', 'reachability.md', 'reachability.html'] as const;

/**
 * Run many scenarios into `outDir/<name>/`, resumably: each scenario's folder
 * is committed as a whole ({@link withOutputFolder}), and one whose folder
 * holds a run that is complete (its manifest's hashes match every byte) and
 * of the same resolved scenario (meta.json's hash) is skipped, so a killed
 * batch resumed writes the same files as an uninterrupted one. Then writes
 * the combined `targets.arrow` and the reachability report
 * (`reachability.md`, `reachability.html`) together; the report holds each
 * area's runs to its own observed figures after its base year
 * (`observed`, default data/observed/observed.csv; {@link ownFigures}) and weighs its targets by them
 * ({@link weighScenario}: its own runs, or, where its laws were fitted to them, more runs drawn again, not
 * written). That weighed answer is drawn with the scenario's runs, by the process that runs them (a
 * shard's too), and kept in its folder (weighed.json, {@link weighedKey}): a resumed batch, and the batch that writes
 * the report after a job array's shards, read it; a folder whose answer rests on other figures or laws has it drawn
 * anew from the runs it keeps (`reweighed`), its other files untouched. The batch holds
 * `outDir`'s lock throughout (a second batch into it is refused), except a
 * shard, which writes no combined files: shards run side by side.
 *
 * @example
 * await runBatch(expandScenarioArgs(['scenarios/pilots']), { outDir: 'out/pilots', runs: 1000 }); // each file read by loadScenario
 */
export async function runBatch(files: readonly string[], o: BatchOptions): Promise<{ rows: ReachabilityRow[]; ran: number; skipped: number; reweighed: number }> {
  const scenarios = batchScenarios(files, o);
  const [first, end] = shardRange(scenarios.length, o.shard);
  // The batch's folder (a shard writes none of its files), then each scenario folder it writes, as its turn will open
  // it, before the first runs: one refused at its turn (a read-only folder in it, a user's file) stopped the batch
  // after the runs before it.
  const topOptions = { mode: 'update', command: 'urbsim batch', writes: (name: string) => (BATCH_FILES as readonly string[]).includes(name) } as const;
  if (!o.shard) checkOutputFolderOpens(o.outDir, topOptions);
  // Whether each folder already holds its scenario's runs, read once for both checks (the manifest taken at its word).
  const mine = scenarios.slice(first, end).map((s) => ({ s, held: holdsRunsOf(join(o.outDir, s.name), scenarioHash(s), { everyByte: false }) }));
  for (const { s, held } of mine) checkOutputFolderOpens(join(o.outDir, s.name), { mode: held ? 'update' : 'replace', command: 'urbsim batch' });
  checkBatchRoom(mine.filter((m) => !m.held).map((m) => m.s), o);
  const rows: ReachabilityRow[] = [];
  const observed = o.observed ?? shippedObserved();
  const combinedNames: string[] = [];
  const combined: TargetResult[] = [];
  // Per row of the combined table: the report's † ({@link targetOnDefaults}), for the other views of the batch.
  const onDefaults: (boolean | null)[] = [];
  // and its § ({@link targetOnBreak}).
  const onBreak: (boolean | null)[] = [];
  let ran = 0;
  let skipped = 0;
  let reweighed = 0;
  // One set of threads for the whole batch: starting a pool per area would cost more than a small area's runs.
  const workers = o.workers ?? 1;
  const runScenarios = () =>
    withMonteCarloPool(workers, async (pool) => {
      for (let i = first; i < end; i++) {
        o.signal?.throwIfAborted();
        const s = scenarios[i];
        const dir = join(o.outDir, s.name);
        const t0 = Date.now();
        const at = { name: s.name, index: i, total: scenarios.length };
        const onProgress = o.onProgress && ((done: number, total: number) => o.onProgress!(done, total, at));
        const key = weighedKey(s, observed, redrawnRuns(s.monteCarlo.runs));
        // The runs' files are kept when complete and of the same scenario; the weighed answer beside them when drawn
        // under the same key. Not when weighed.json is missing, holds another key or cannot be read as one (the batch
        // is what writes it anew, as the message about it says); nor a file left when the scenario has nothing left to
        // weigh by (its area's later figures gone from the observed ones): urbsim widths would hold that answer, drawn
        // on figures no longer there.
        const runsKept = holdsRunsOf(dir, scenarioHash(s), { everyByte: true });
        const kept = key === undefined ? undefined : keptWeighed(dir, key);
        const weighedKept = key === undefined ? !existsSync(join(dir, WEIGHED_FILE)) : kept !== undefined;
        let runs: MonteCarloResult | undefined;
        const result = () => (runs ??= readRunOutputs(dir).result);
        // Drawn in the process that runs the scenario (a shard's too) and kept in its folder: a resumed batch and the
        // report after a job array's shards read it, instead of drawing the second runs again.
        const weigh = async (out: OutputSink, runsOf: () => MonteCarloResult) => {
          if (key === undefined) return;
          const weighed = await weighScenario(files[i], s, observed, runsOf, {
            load: o.load ?? loadScenario, workers, pool, onProgress, onHistory: (runs) => o.onHistoryRuns?.({ ...at, runs }), onStart: (e) => o.onSecondRuns?.({ ...at, ...e }), onRefused: (e) => o.onSecondRunsRefused?.({ ...at, ...e }),
          });
          if (weighed) out.writeFile(WEIGHED_FILE, weighedJson(key, weighed));
        };
        const done = runsKept && weighedKept;
        const onlyWeighed = runsKept && !weighedKept && key !== undefined;
        if (onlyWeighed) {
          // Only the answer is stale (other figures, a newer rule): drawn anew from the runs kept, added to their folder.
          // (none before: its report drew no weighed answer, now there is one)
          const stale = readManifest(dir)?.files[WEIGHED_FILE]?.sha256 ?? 'none';
          await withOutputFolder(dir, (out) => weigh(out, result), { mode: 'update', command: 'urbsim batch', scenarioFile: files[i] });
          // The folder's report drew the answer replaced: it goes, as the batch's does with its table.
          const dropped = await dropStaleReport(dir, stale, readManifest(dir)?.files[WEIGHED_FILE]?.sha256, 'its weighed answer before it was drawn anew');
          if (dropped) o.onNote?.(dropped);
          reweighed++;
        } else if (!done) {
          await withOutputFolder(dir, async (out) => {
            const fresh = await runMonteCarlo(s, { workers, pool, onProgress });
            writeRunOutputs(out, fresh, { workers, startedAt: new Date(t0), also: pyramidOf(fresh) });
            await weigh(out, () => fresh);
          }, { command: 'urbsim batch', scenarioFile: files[i], kind: 'run' });
          ran++;
        } else skipped++;
        o.onScenario?.({ file: files[i], name: s.name, index: i, total: scenarios.length, skipped: done, reweighed: onlyWeighed, ms: Date.now() - t0 });
        const targets = readTargets(dir);
        // The area's own figures after its base year against its runs, read back from the folder (whether run now or
        // skipped): a resumed batch writes the same report.
        const own = ownFigures(s, observed, result);
        // The answer read above where nothing was drawn; written anew otherwise.
        const ownWeighed = key === undefined ? undefined : done ? kept : readWeighed(dir, key);
        const row: ReachabilityRow = { ...reachabilityRow(s, targets, readSummaryStat(dir, 'p50'), areaNameZh(s.city)), ownFigures: own, ...(ownWeighed && { ownWeighed }) };
        rows.push(row);
        for (const t of targets) {
          combinedNames.push(s.name);
          combined.push(t);
          onDefaults.push(targetOnDefaults(row, t));
          onBreak.push(targetOnBreak(row, t));
        }
      }
    });
  // A batch that fails before its first scenario folder is committed (a run memory cannot hold, an interrupt)
  // leaves no empty --out folder behind: the scenario folders' work area created it.
  const existed = existsSync(o.outDir);
  const runOrTidy = async () => {
    try {
      await runScenarios();
    } catch (e) {
      if (!existed && existsSync(o.outDir) && readdirSync(o.outDir).length === 0) rmdirSync(o.outDir);
      throw e;
    }
  };
  // Shards run side by side into one folder, each scenario folder under its own lock; the report is the whole
  // batch's, written when all shards are done.
  if (o.shard) {
    await runOrTidy();
    return { rows, ran, skipped, reweighed };
  }
  // The table a report of the batch drew, if any: a report of another table is removed once this one is written.
  const drawn = readManifest(o.outDir)?.files['targets.arrow']?.sha256;
  let written = '';
  // `update`: the combined files replace their old versions together at the end; the scenario folders are committed one by one.
  await withOutputFolder(o.outDir, async (top) => {
    await runOrTidy();
    const runs = scenarios[0]?.monteCarlo.runs ?? 0;
    const uncovered = uncoveredPilots(rows.map((r) => r.city));
    // The own-figures check (‡) for scripts too: counts per row, every figure in the schema's metadata.
    written = top.writeFile('targets.arrow', targetsIpc(combinedNames, combined, ownFiguresColumns(rows, combinedNames, combined.map((t) => t.id)), onDefaults, scenarios.map((s) => s.name), onBreak)).sha256;
    top.writeFile('reachability.md', reachabilityMarkdown(rows, runs, uncovered));
    // The page's chart needs the charting libraries, loaded only now so that a batch starts as light as a run.
    const { reachabilityHtml } = await import('./reachabilityHtml.ts');
    top.writeFile('reachability.html', reachabilityHtml(rows, runs, uncovered));
  }, topOptions);
  const dropped = await dropStaleReport(o.outDir, drawn, written);
  if (dropped) o.onNote?.(dropped);
  return { rows, ran, skipped, reweighed };
}

/**
 * The batch's scenarios, loaded and with `runs` applied, in file order. Loads
 * everything first: a bad file, or two names that would share a folder
 * (also where a file system ignores case), or a name taken by the batch's
 * own files, or a scenario folder holding the output of another file
 * ({@link checkOutputOf}), stops the batch before anything is written.
 *
 * @example
 * batchScenarios(['scenarios/dalian.yaml', 'scenarios/qingdao.yaml'], { outDir: 'out/b', load: loadScenario }).map((s) => s.name); // ['dalian', 'qingdao']
 */
export function batchScenarios(files: readonly string[], o: Pick<BatchOptions, 'outDir' | 'runs' | 'load'>): ResolvedScenario[] {
  const load = o.load ?? loadScenario;
  const scenarios = files.map((f) => withMonteCarlo(load(f), { runs: o.runs }));
  const seen = new Map<string, number>();
  scenarios.forEach(({ name }, i) => {
    if ([...BATCH_FILES, MANIFEST_FILE, WORK_DIR, ...KEPT_ENTRIES].includes(name))
      throw new InputError(`${files[i]}: the scenario is named "${name}", but the batch itself writes ${join(o.outDir, name)}; give the scenario another \`name:\``);
    const j = seen.get(name.toLowerCase());
    if (j !== undefined) {
      const other = scenarios[j].name;
      // The same file twice (a folder and a file in it): not two files sharing a name, which another `name:` would part.
      if (sameFile(files[i], files[j]))
        throw new InputError(`${files[j]} is given twice${files[i] !== files[j] ? ` (again as ${files[i]})` : ''}, as a file or in a folder given: give each scenario once`);
      throw new InputError(
        `two scenarios are named "${other}"${other !== name ? ` and "${name}" (one folder where case is ignored)` : ''}: ${files[j]} and ${files[i]}; each writes ${join(o.outDir, other)}/, so give one of them another \`name:\``,
      );
    }
    seen.set(name.toLowerCase(), i);
  });
  // A folder left by an earlier batch of another file of the same name (a copy of it) is not replaced.
  scenarios.forEach((s, i) => checkOutputOf(join(o.outDir, s.name), files[i], { named: s.name, kind: 'run', command: 'urbsim batch' }));
  return scenarios;
}

/**
 * The weighed answer the folder keeps under `key` ({@link readWeighed}), which need not be drawn again; undefined when
 * weighed.json is missing, holds another key or cannot be read as one. One whose second draw memory refused is kept:
 * drawn again by itself it would ask the same memory (a Slurm batch's report job, with a task's memory, would draw
 * every such answer again in turn); the report says to remove the file where more memory is at hand.
 */
function keptWeighed(dir: string, key: string): OwnWeighed | undefined {
  try {
    return readWeighed(dir, key);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/**
 * The disk the scenarios' folders under `outDir` ask, written one after another ({@link inTurn}): each one's runs
 * ({@link runFolderBytes}) against the folder it replaces ({@link replacedBytes}). `each` is called with each scenario
 * compiled, in order, before its bytes are counted (a batch's memory check).
 */
export function batchFolderBytes(
  scenarios: readonly ResolvedScenario[],
  outDir: string,
  each?: (c: ReturnType<typeof compileScenario>, s: ResolvedScenario) => void,
): DiskBytes {
  return inTurn(scenarios.map((s) => {
    const c = compileScenario(s);
    each?.(c, s);
    return runFolderBytes({ runs: s.monteCarlo.runs, years: c.steps + 1, sampled: c.sampledNames.length });
  }), scenarios.map((s) => replacedBytes(join(outDir, s.name), KEPT_ENTRIES)));
}

/** A batch's advice when the disk is short by `share`: fewer runs a scenario (`runs`, --runs given) or a share of the files' runs. */
export function batchFewer(runs: number | undefined): (share: number) => string {
  return (share) =>
    runs !== undefined ? `run at most about ${fewerRuns(share, runs)} a scenario (--runs)` : `run at most about ${Math.floor(share * 1000) / 10} % of the runs the files ask for (--runs)`;
}

/**
 * Before anything runs: the scenarios whose folders the batch will write (`toRun`: not those already holding their
 * scenario's runs, kept) against memory ({@link checkRunsMemory}, as each one's runs will be) and the disk under `outDir` ({@link checkDisk}:
 * refused when it cannot hold them, said when over 1 GB). The
 * folders are written one after another, so one working file at a time, each committed before the next starts: the
 * folder a scenario's new one replaces (its files' blocks, {@link replacedBytes}) is removed once that one is committed,
 * and its space is counted free for the scenarios after it, not for its own ({@link inTurn}). The second runs of a
 * scenario weighed by its own figures write nothing.
 */
function checkBatchRoom(toRun: readonly ResolvedScenario[], o: Pick<BatchOptions, 'outDir' | 'runs' | 'onNote' | 'workers'>): void {
  if (toRun.length === 0) return;
  // Memory first, as each scenario's runs will ask it (every run held): the tighter of the two for a batch, and
  // said before the first scenario runs rather than when this one's turn comes.
  const bytes = batchFolderBytes(toRun, o.outDir, (c, s) => checkRunsMemory(c, s.monteCarlo.runs, { workers: o.workers, streaming: false, folder: true }));
  const runs = toRun.reduce((a, s) => a + s.monteCarlo.runs, 0);
  const what = toRun.length === 1 ? `${toRun[0].name}: ${runsText(runs)}` : `${toRun.length} scenarios to run, ${runsText(runs)} in all,`;
  const fewer = batchFewer(o.runs);
  checkDisk(what, o.outDir, bytes, fewer, o.onNote);
}

/**
 * Whether the folder holds the runs of the scenario of this hash: all outputs in its manifest and meta.json recording
 * the hash. `everyByte`: the manifest matches every byte of its files too (a folder kept, {@link runBatch}); without,
 * the manifest is taken at its word (the room check before anything runs, where reading every byte twice would be waste).
 */
function holdsRunsOf(dir: string, hash: string, o: { everyByte: boolean }): boolean {
  try {
    const m = o.everyByte ? verifyOutputFolder(dir, { content: true }) : readManifest(dir);
    // Runs of an urbsim that wrote fewer indicators (no converted_in_place …) cannot be read back to be weighed: run again.
    return m !== undefined && OUTPUT_FILES.every((f) => f in m.files) && (JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8'), infinityReviver) as RunMeta).hash === hash &&
      trajectoriesLack(dir).length === 0;
  } catch {
    return false;
  }
}
