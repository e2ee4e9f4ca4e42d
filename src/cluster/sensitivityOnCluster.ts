import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readArrowFile } from '../io/readArrowFile.ts';
import { freeBytes, sizeText } from '../io/diskNeed.ts';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { type SensitivityOptions, type SensitivityPlan, type SensitivityRuns, sensitivityPlan, sensitivityShardRuns } from '../analysis/sensitivity.ts';
import { InputError } from '../inputError.ts';
import { documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { withOutputFolder } from '../io/outputFolder.ts';
import { verifyOutputFolder } from '../io/outputManifest.ts';
import { numberColumn } from '../io/readColumns.ts';
import { fileKind } from '../io/regularFile.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import { type Shard, shardRange } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import type { ShardSpec } from './clusterJob.ts';
import { shardDir, shardFolders } from './runOnSlurm.ts';
import { type SlurmOptions, shardCount } from './slurmOptions.ts';
import { type Scheduler, type SubmitResult, submitJob } from './submitJob.ts';
import { readRegularFile } from '../io/regularFile.ts';
import { metaJson } from '../io/writeRunOutputs.ts';

/** The analysis as asked on the command line, options parsed. */
export interface SensitivityAsked {
  readonly metric: string;
  readonly year: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly bootstrap?: number;
  readonly workers: number;
  /** `--lever KEY=LO..HI` as given: the shards and the analysis redraw the levers the same way. */
  readonly levers?: readonly string[];
}

const FILES = ['runs.arrow', 'design.arrow', 'meta.json'];

/**
 * What a shard's runs are runs of: the scenario with the seed and runs
 * analysed, the metric and the year (a shard holds the metric's values only).
 */
function shardHash(scenario: ResolvedScenario, a: SensitivityAsked): string {
  const analysed = withMonteCarlo(scenario, { seed: a.seed ?? scenario.monteCarlo.seed, runs: a.runs ?? scenario.monteCarlo.runs });
  return createHash('sha256').update(JSON.stringify([scenarioHash(analysed), a.metric, a.year])).digest('hex');
}

/**
 * `urbsim sensitivity … --shard k/n`: run shard k of the analysis's runs (a
 * slice of the plain Monte Carlo and of the Saltelli design) and write the
 * metric's values — `runs.arrow` (run, value, the sampled inputs),
 * `design.arrow` (row, value), meta.json — into `dir`, committed as a whole
 * ({@link withOutputFolder}), whose manifest records `scenarioFile` when given, as a run's shard does: another
 * file's output, or another command's, is then refused the folder (checkOutputOf).
 *
 * @example
 * await writeSensitivityShard('out/s/cluster/shards/2-of-4', scenario, { metric: 'registered_rate', year: 2020, workers: 1 }, { index: 2, count: 4 });
 */
export async function writeSensitivityShard(
  dir: string,
  scenario: ResolvedScenario,
  a: SensitivityAsked,
  shard: Shard,
  o: { readonly onProgress?: SensitivityOptions['onProgress']; readonly scenarioFile?: string } = {},
): Promise<string> {
  const plan = planOrUsageError(scenario, a);
  const startedAt = new Date();
  return withOutputFolder(dir, async (out) => {
    // Its stages said as a whole analysis's are (a task's log showed nothing while it drew and ran its design).
    const part = await sensitivityShardRuns(plan, shard, { workers: a.workers, onProgress: o.onProgress });
    const k = plan.names.length;
    const runs = part.runRange[1] - part.runRange[0];
    out.writeFile('runs.arrow', documentedIpc('runs.arrow', {
      run: ints(Int32Array.from({ length: runs }, (_, r) => part.runRange[0] + r)),
      value: floats(part.y),
      ...Object.fromEntries(plan.names.map((name, j) => [name, floats(Float64Array.from({ length: runs }, (_, r) => part.sampled[r * k + j]))])),
    }));
    out.writeFile('design.arrow', documentedIpc('design.arrow', {
      row: ints(Int32Array.from({ length: part.f.length }, (_, r) => part.designRange[0] + r)),
      value: floats(part.f),
    }));
    const meta = {
      toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
      command: 'sensitivity --shard',
      hash: shardHash(scenario, a),
      metric: a.metric,
      year: a.year,
      seed: plan.seed,
      runs: plan.runs,
      designRuns: plan.design.rows,
      shard,
      runRange: part.runRange,
      designRange: part.designRange,
      inputs: plan.names,
      timings: { startedAt: startedAt.toISOString(), totalMs: Date.now() - startedAt.getTime() },
      files: FILES,
    };
    out.writeFile('meta.json', metaJson(meta));
    // Counts and run numbers with a thousands separator, as urbsim run's shard line ("runs 500–999 of 1,000").
    const n = (x: number) => x.toLocaleString('en');
    return `${scenario.name}: sensitivity shard ${shard.index}/${shard.count}: runs ${n(part.runRange[0])}–${n(part.runRange[1] - 1)} of ${n(plan.runs)}, design rows ${n(part.designRange[0])}–${n(part.designRange[1] - 1)} of ${n(meta.designRuns)}\nwrote ${dir}/ (${FILES.join(', ')})\n`;
  }, { command: 'urbsim sensitivity --shard', kind: 'sensitivity --shard', ...(o.scenarioFile !== undefined && { scenarioFile: o.scenarioFile }) });
}

/**
 * The runs of shard folders written by {@link writeSensitivityShard}, joined in
 * order: the `given` runs of `sensitivity`, with the analysis's `plan` they were
 * checked against (for `sensitivity`, which need not build it again). Every folder must be of this
 * analysis (scenario, seed, runs, metric, year), and together they must hold
 * every run and design row once; otherwise an InputError says what is wrong.
 *
 * @example
 * const given = readSensitivityShards(['out/s/cluster/shards/1-of-2', 'out/s/cluster/shards/2-of-2'], scenario, asked);
 * await sensitivity(scenario, { ...asked, plan: given.plan, given });
 */
export function readSensitivityShards(dirs: readonly string[], scenario: ResolvedScenario, a: SensitivityAsked): SensitivityRuns & { readonly plan: SensitivityPlan } {
  const hash = shardHash(scenario, a);
  // the inputs this analysis draws, in order: a shard of the same hash written by an older urbsim may draw fewer
  // (the change of count's draws became inputs on 2026-12-04), and its runs would be read with another row length
  const plan = planOrUsageError(scenario, a);
  const expected = plan.names;
  const parts = dirs.map((dir) => {
    const f = join(dir, 'meta.json');
    // A typo or a file: said as such, not as an unfinished shard.
    if (!existsSync(dir)) throw new InputError(`${dir} does not exist: expected the --out of urbsim sensitivity --shard`);
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir} is ${fileKind(statSync(dir))}: expected the --out of urbsim sensitivity --shard, a folder`);
    if (!existsSync(f)) throw new InputError(`${dir} is not a finished sensitivity shard (no meta.json): expected the --out of urbsim sensitivity --shard`);
    verifyOutputFolder(dir, { content: true });
    const meta = shardMeta(f);
    if (meta.hash !== hash)
      throw new InputError(`${dir} holds runs of another analysis (another scenario, seed, --runs, metric or year than ${scenario.name} ${a.metric} ${a.year}): run its shard again`);
    if (!(Array.isArray(meta.inputs) && meta.inputs.length === expected.length && meta.inputs.every((n, i) => n === expected[i]))) {
      const has = Array.isArray(meta.inputs) ? meta.inputs : [];
      const without = expected.filter((n) => !has.includes(n));
      const extra = has.filter((n) => !expected.includes(n));
      const what = [...(without.length ? [`without ${without.join(', ')}`] : []), ...(extra.length ? [`with ${extra.join(', ')}`] : [])].join('; ') || 'in another order';
      throw new InputError(`${dir} holds runs of other inputs than this analysis draws (${what}): written by an older urbsim; run its shard again`);
    }
    return { dir, meta };
  }).sort((x, y) => x.meta.runRange[0] - y.meta.runRange[0]);
  const { runs, designRuns, inputs } = parts[0].meta;
  const covers = (key: 'runRange' | 'designRange', total: number, what: string) => {
    let at = 0;
    for (const p of [...parts].sort((x, y) => x.meta[key][0] - y.meta[key][0])) {
      if (p.meta[key][0] !== at) throw new InputError(`cannot join the sensitivity shards: ${what} ${Math.min(at, p.meta[key][0])}–${Math.max(at, p.meta[key][0]) - 1} ${p.meta[key][0] > at ? 'are missing' : 'are there twice'} (${p.dir})`);
      at = p.meta[key][1];
    }
    if (at !== total) throw new InputError(`cannot join the sensitivity shards: ${what} ${at}–${total - 1} are missing`);
  };
  covers('runRange', runs, 'runs');
  covers('designRange', designRuns, 'design rows');
  const y = new Float64Array(runs);
  const sampled = new Float64Array(runs * inputs.length);
  const f = new Float64Array(designRuns);
  for (const p of parts) {
    const runsFile = join(p.dir, 'runs.arrow');
    const designFile = join(p.dir, 'design.arrow');
    const t = readArrowFile(runsFile);
    const [a0] = p.meta.runRange;
    y.set(numberColumn(t, 'value', 'sensitivity shard runs', NaN, runsFile), a0);
    inputs.forEach((name, j) => {
      const col = numberColumn(t, name, 'sensitivity shard runs', NaN, runsFile);
      for (let r = 0; r < col.length; r++) sampled[(a0 + r) * inputs.length + j] = col[r];
    });
    f.set(numberColumn(readArrowFile(designFile), 'value', 'sensitivity shard design', NaN, designFile), p.meta.designRange[0]);
  }
  return { y, sampled, f, plan };
}

/**
 * A sensitivity shard's meta.json: JSON of another shape, or not JSON (its manifest written anew, or another version's),
 * is an {@link InputError} naming it; it failed on a property read ("Cannot read properties of null (reading 'hash')",
 * exit code 1), as its runs.arrow and design.arrow did inside apache-arrow.
 */
function shardMeta(f: string): { hash: string; runs: number; designRuns: number; runRange: [number, number]; designRange: [number, number]; inputs: string[] } {
  let meta;
  try {
    meta = JSON.parse(readRegularFile(f, 'utf8'));
  } catch (e) {
    throw new InputError(`${f} is not readable urbsim metadata (${(e as Error).message}): run its shard again`);
  }
  const range = (r: unknown) => Array.isArray(r) && r.length === 2 && r.every((v) => Number.isInteger(v) && v >= 0) && r[0] <= r[1];
  const ok = meta !== null && typeof meta === 'object' && typeof meta.hash === 'string' && Number.isInteger(meta.runs) && Number.isInteger(meta.designRuns) && range(meta.runRange) && range(meta.designRange);
  if (!ok) throw new InputError(`${f} is not readable urbsim metadata (expected a sensitivity shard's hash, runs and run ranges): run its shard again`);
  return meta;
}

/**
 * `urbsim sensitivity … --slurm`: a job array whose task k runs shard k/n of
 * the analysis's runs (`--shard k/n`), then one job that analyses them
 * (`--runs-from` the shard folders) into OUT/ as one machine would.
 *
 * @example
 * sensitivityOnSlurm('scenarios/dalian.yaml', scenario, 'out/s', { metric: 'registered_rate', year: 2020, runs: 10000, workers: 1 }, { arraySize: 20, dryRun: false });
 */
export function sensitivityOnSlurm(file: string, scenario: ResolvedScenario, outDir: string, a: SensitivityAsked, o: SlurmOptions, scheduler?: Scheduler): SubmitResult {
  const out = resolve(outDir);
  const plan = planOrUsageError(scenario, a);
  const designRows = plan.design.rows;
  // Default: one shard per 1,000 model runs, plain and design together.
  const n = shardCount(o.arraySize, plan.runs, Math.ceil((1000 * plan.runs) / (plan.runs + designRows)), 'runs');
  const hash = shardHash(scenario, a);
  const shards: ShardSpec[] = Array.from({ length: n }, (_, i) => {
    const range = shardRange(plan.runs, { index: i + 1, count: n });
    const rows = shardRange(designRows, { index: i + 1, count: n });
    return { index: i + 1, what: `runs ${range[0]}–${range[1] - 1}, design rows ${rows[0]}–${rows[1] - 1}`, parts: [{ dir: shardDir(i + 1, n), hash, runRange: range }] };
  });
  // The files of the shards still to run, side by side in OUT/cluster/shards/ (a run's row: its number, the metric and
  // each input; a design row's: its number and the metric; Arrow's framing a file), against the disk before anything
  // is submitted, as run --slurm checks its shards: what the analysis writes after them is a few tables.
  const checkRoom = (toRun: readonly number[]) => {
    const rows = (total: number, k: number) => {
      const [start, end] = shardRange(total, { index: k, count: n });
      return end - start;
    };
    const bytes = toRun.reduce((b, k) => b + rows(plan.runs, k) * (4 + 8 + 8 * plan.names.length) + rows(designRows, k) * (4 + 8) + 2 * 65_536, 0);
    const free = freeBytes(outDir);
    if (bytes > free)
      throw new InputError(
        `${scenario.name}: ${toRun.length} shard${toRun.length === 1 ? '' : 's'} of ${plan.runs.toLocaleString('en-US')} base rows need about ${sizeText(bytes)} of disk for their runs.arrow and design.arrow, ` +
          `more than the ${sizeText(free)} free under ${outDir}: write them to a disk with more room (--out)`,
      );
  };
  const args = [resolve(file), '--metric', a.metric, '--year', `${a.year}`, '--runs', `${plan.runs}`, '--seed', `${plan.seed}`, '--workers', `${a.workers}`, ...(a.levers ?? []).flatMap((l) => ['--lever', l])];
  return submitJob(out, {
    command: 'sensitivity',
    name: scenario.name,
    count: n,
    cwd: process.cwd(),
    shards,
    shardCommand: ['sensitivity', ...args, '--shard', `{k}/${n}`, '--out', join(out, shardDir('{k}', n))],
    merge: { what: `sensitivity of ${a.metric} in ${a.year} from the runs into ${outDir}/`, parts: [{ dir: '.', hash: scenarioHash(plan.analysed), files: ['sensitivity.arrow'] }] },
    mergeCommand: ['sensitivity', ...args, ...(a.bootstrap !== undefined ? ['--bootstrap', `${a.bootstrap}`] : []), '--out', out, '--runs-from', ...shardFolders(out, n)],
  }, { cpus: a.workers, partition: o.partition, time: o.time, dryRun: o.dryRun, checkRoom, ...scheduler });
}

function planOrUsageError(scenario: ResolvedScenario, a: SensitivityAsked): SensitivityPlan {
  try {
    return sensitivityPlan(scenario, a);
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new InputError(e.message);
    throw e;
  }
}

/**
 * The job-array forms of `urbsim sensitivity`: submit to Slurm, or run one
 * shard; undefined for an analysis run here (with `--runs-from` or not). One
 * form at a time.
 *
 * @example
 * await sensitivityOnCluster(file, scenario, dir, asked, { shard: { index: 1, count: 4 } }); // 'dalian: sensitivity shard 1/4 …'
 */
export async function sensitivityOnCluster(
  file: string,
  scenario: ResolvedScenario,
  dir: string,
  a: SensitivityAsked,
  o: { readonly slurm?: SlurmOptions; readonly shard?: Shard; readonly runsFrom?: readonly string[]; readonly onProgress?: SensitivityOptions['onProgress'] },
): Promise<string | undefined> {
  const forms = [o.slurm && '--slurm', o.shard && '--shard', o.runsFrom && '--runs-from'].filter(Boolean);
  if (forms.length > 1) throw new InputError(`${forms.join(' with ')}: one at a time (--slurm submits shards and then the analysis of their runs)`);
  if (o.slurm) return sensitivityOnSlurm(file, scenario, dir, a, o.slurm).text;
  if (o.shard) return writeSensitivityShard(dir, scenario, a, o.shard, { onProgress: o.onProgress, scenarioFile: file });
  return undefined;
}
