import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { areaNameZh } from '../data/areas.ts';
import { InputError } from '../inputError.ts';
import type { RunMeta } from '../io/writeRunOutputs.ts';
import type { SensitivityMeta } from '../analysis/writeSensitivity.ts';
import type { SolveMeta } from '../analysis/writeSolve.ts';
import type { CompareMeta } from '../analysis/writeComparison.ts';
import { type SharedDraws, sharedDraws } from '../analysis/sharedDraws.ts';
import type { FrontierMeta } from '../analysis/writeFrontier.ts';
import type { NamedArea } from './areaName.ts';
import { type FrontierRow, frontierRows } from './frontierRows.ts';
import { type SwingRow, swingRows } from './swingRows.ts';
import { type CompareDifferenceRow, type CompareTargetRow, compareDifferenceRows, compareTargetRows } from './compareRows.ts';
import { type SensitivityIndexRow, sensitivityRows } from './sensitivityRows.ts';
import { type SolveRow, solveRows } from './solveRows.ts';
import { type SummaryRow, summaryRows } from './summaryRows.ts';
import { type TargetRow, targetRows, withWeighed } from './targetRows.ts';
import { fileKind, readRegularFile } from '../io/regularFile.ts';
import { readArrowFile } from '../io/readArrowFile.ts';
import { notPerRun, verifyOutputFolder } from '../io/outputManifest.ts';
import { readWeighed } from '../batch/weighedFile.ts';
import { batchMembers } from '../batch/batchMembers.ts';
import { RATE_METRICS } from './chartStyle.ts';
import { type WeighedForecast, weighedForecast } from './weighedForecast.ts';
import { shellWord } from '../cli/shellWord.ts';
import { type GainSplit, gainSplit } from './gainSplit.ts';
import { hasRegisteredGain } from '../montecarlo/registeredGain.ts';

/** A run folder of `urbsim run`: summaries and target probabilities of one scenario. */
export interface RunFolder {
  readonly kind: 'run';
  readonly dir: string;
  readonly name: string;
  /** The area's Chinese name (data/areas), when the scenario names a known `city`. */
  readonly cityZh?: string;
  readonly meta: RunMeta;
  readonly summary: SummaryRow[];
  readonly targets: TargetRow[];
  /**
   * A batch scenario's answer weighed by its area's own figures (its folder's weighed.json), where it has something to
   * draw ({@link weighedForecast}); a plain `urbsim run` folder has none.
   */
  readonly weighed?: WeighedForecast;
  /** The registered rate's gain by source (registered_gain.arrow), for a scenario with a registered-rate target. */
  readonly gain?: GainSplit;
  /**
   * The scenario has a registered-rate target but the folder no registered_gain.arrow: an older urbsim wrote it, and the
   * report says so instead of the split.
   */
  readonly gainMissing?: boolean;
}

/** A folder of `urbsim batch`: the combined targets table and one run folder per scenario. */
export interface BatchFolder {
  readonly kind: 'batch';
  readonly dir: string;
  readonly name: string;
  readonly targets: TargetRow[];
  /** The scenario sub-folders holding a complete run: scenario name, area and its Chinese name, number of targets. */
  readonly members: readonly { readonly name: string; readonly city?: string; readonly cityZh?: string; readonly targets: number }[];
  /** The batch's own-figures check (targets.arrow's metadata `own_figures`); absent in a table written before it. */
  readonly own?: BatchOwnFigures;
  /**
   * The scenarios answered weighed by their area's own figures (their folder's weighed.json) with something to draw
   * ({@link weighedForecast}), with their plain runs' rates (summary.arrow), in folder order.
   */
  readonly weighed?: readonly BatchWeighed[];
}

/** A batch scenario's weighed answer beside its plain runs, as its chart draws them. */
export interface BatchWeighed {
  readonly scenario: string;
  readonly forecast: WeighedForecast;
  /** The plain runs' resident and registered rates by year. */
  readonly summary: SummaryRow[];
}

/** Each area's own observed figures after its base year against its runs' 80 % interval, as a batch's targets.arrow keeps them. */
export interface BatchOwnFigures {
  readonly inside: number;
  readonly figures: number;
  readonly items: readonly {
    readonly scenario: string; readonly area: string | null; readonly metric: string; readonly period: string; readonly observed: number;
    readonly definition: string; readonly caliber: string; readonly status: string; readonly source: string;
    readonly lower80: number; readonly median: number; readonly upper80: number; readonly inside: boolean;
  }[];
}

/** A folder of `urbsim sensitivity`: the indices of every input on one metric in one year. */
export interface SensitivityFolder {
  readonly kind: 'sensitivity';
  readonly dir: string;
  readonly name: string;
  readonly cityZh?: string;
  readonly meta: SensitivityMeta;
  readonly rows: SensitivityIndexRow[];
  /** swing.arrow, when the folder has one (urbsim before it wrote none). */
  readonly swing?: SwingRow[];
}

/** A folder of `urbsim solve`: the probability curve of a lever and the answer. */
export interface SolveFolder {
  readonly kind: 'solve';
  readonly dir: string;
  readonly name: string;
  readonly cityZh?: string;
  readonly meta: SolveMeta;
  readonly curve: SolveRow[];
}

/** A folder of `urbsim compare`: every variant's targets with paired differences, and each variant's summaries. */
export interface CompareFolder {
  readonly kind: 'compare';
  readonly dir: string;
  readonly name: string;
  readonly meta: CompareMeta;
  /** compare-targets.arrow: `scenario` is the variant. */
  readonly targets: CompareTargetRow[];
  /** Every variant's summary.arrow, `scenario` the variant. */
  readonly summary: SummaryRow[];
  /** compare.arrow's paired differences from the reference of the metric compare printed (meta.metric). */
  readonly differences: CompareDifferenceRow[];
  /** The variants in meta.json's order (the reference first), each with its area, for names in Chinese. */
  readonly variants: readonly NamedArea[];
  /** What the variants draw in common ({@link sharedDraws}), from their run folders' scenarios. */
  readonly draws: SharedDraws;
}

/** A folder of `urbsim solve` with several levers: every combination run and the frontier. */
export interface FrontierFolder {
  readonly kind: 'frontier';
  readonly dir: string;
  readonly name: string;
  readonly cityZh?: string;
  readonly meta: FrontierMeta;
  readonly rows: FrontierRow[];
}

export type OutputFolder = RunFolder | BatchFolder | SensitivityFolder | SolveFolder | CompareFolder | FrontierFolder;

/** Raised when a folder is neither a run nor a batch output. */
export class NotAnOutputFolderError extends Error {
  override name = 'NotAnOutputFolderError';
}

/**
 * Read what a report needs from an output folder, telling a run folder
 * (meta.json, written last, marks it complete) from a batch folder (a
 * combined targets.arrow and no meta.json), and a sensitivity or solve
 * folder (meta.json with sensitivity.arrow or solve.arrow).
 *
 * @example
 * const f = readOutputFolder('out/dalian');
 * if (f.kind === 'run') f.targets.find((t) => t.target === 'all')?.probability;
 */
export function readOutputFolder(dir: string): OutputFolder {
  try {
    return readFolder(dir);
  } catch (e) {
    // A table with a column missing or of the wrong type says what it is not; the folder says which one, among a batch's.
    if (e instanceof InputError && !e.message.startsWith(dir)) throw new InputError(`${dir}: ${e.message}`);
    throw e;
  }
}

/**
 * A batch's scenario folder's meta.json, parsed; one cut, edited or of another program is an {@link InputError} naming
 * it (it was `JSON.parse`'s or a property read's failure, exit code 1). The batch's manifest does not list its
 * scenarios' folders, so urbsim report, which checks the folder it draws against its manifest when a file of it does
 * not read, cannot tell this one's failure from its own.
 */
function readMemberMeta(file: string): RunMeta {
  let json;
  try {
    json = JSON.parse(readRegularFile(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not readable as urbsim's metadata (${(e as Error).message}); run the command that writes it again`);
  }
  const scenario = json?.scenario;
  const problem =
    json === null || typeof json !== 'object' || Array.isArray(json) ? `expected a mapping, found ${Array.isArray(json) ? 'a list' : String(json)}`
    : !(typeof scenario?.name === 'string' && Array.isArray(scenario.targets)) ? 'no scenario with a name and targets'
    : undefined;
  if (problem) throw new InputError(`${file}: not readable as urbsim's metadata (${problem}); run the command that writes it again`);
  return json;
}

function readFolder(dir: string): OutputFolder {
  // Through readArrowFile: an emptied summary.arrow said 'DIR: not a summary table: scenario, year and metric columns
  // are needed', naming neither the file nor what is wrong with it.
  const read = (file: string) => readArrowFile(join(dir, file));
  if (existsSync(join(dir, 'meta.json'))) {
    const json = JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8'));
    if (json.command === 'sensitivity' && existsSync(join(dir, 'sensitivity.arrow'))) {
      const meta = json as SensitivityMeta;
      const swing = existsSync(join(dir, 'swing.arrow')) ? swingRows(read('swing.arrow')) : undefined;
      return { kind: 'sensitivity', dir, name: meta.scenario.name, cityZh: areaNameZh(meta.scenario.city), meta, rows: sensitivityRows(read('sensitivity.arrow')), swing };
    }
    if (json.command === 'solve' && existsSync(join(dir, 'solve.arrow'))) {
      const meta = json as SolveMeta;
      return { kind: 'solve', dir, name: meta.scenario.name, cityZh: areaNameZh(meta.scenario.city), meta, curve: solveRows(read('solve.arrow')) };
    }
    if (json.command === 'solve' && existsSync(join(dir, 'frontier.arrow'))) {
      const meta = json as FrontierMeta;
      return { kind: 'frontier', dir, name: meta.scenario.name, cityZh: areaNameZh(meta.scenario.city), meta, rows: frontierRows(read('frontier.arrow'), meta.levers.map((l) => l.lever)) };
    }
    if (json.command === 'compare' && existsSync(join(dir, 'compare-targets.arrow'))) {
      const meta = json as CompareMeta;
      const summary = meta.variants.flatMap((v) => summaryRows(read(join(v, 'summary.arrow')), [meta.metric]).map((r) => ({ ...r, scenario: v })));
      const scenarios = meta.variants.map((v) => (JSON.parse(readRegularFile(join(dir, v, 'meta.json'), 'utf8')) as RunMeta).scenario);
      const variants = meta.variants.map((v, i) => ({ name: v, city: scenarios[i].city, cityZh: areaNameZh(scenarios[i].city) }));
      const draws = sharedDraws(scenarios);
      return { kind: 'compare', dir, name: `${meta.reference} +${meta.variants.length - 1}`, meta, targets: compareTargetRows(read('compare-targets.arrow')), summary, differences: compareDifferenceRows(read('compare.arrow'), meta.metric), variants, draws };
    }
    if (existsSync(join(dir, 'calibration.arrow')))
      throw new NotAnOutputFolderError(
        `${dir} is a calibrate or backtest folder: report draws run, batch, compare, sensitivity and solve folders; its results are printed by the command and kept in calibration.arrow, posterior.arrow, points.arrow and calibrated-targets.arrow`,
      );
    const meta = json as RunMeta;
    for (const f of ['summary.arrow', 'targets.arrow'])
      if (!existsSync(join(dir, f))) throw new NotAnOutputFolderError(`${dir} has meta.json but no ${f}: not a complete run folder`);
    const answer = readWeighed(dir);
    const weighed = weighedForecast(answer);
    // A batch member's targets carry their weighed probabilities, as the batch's table does (its weighed_* columns).
    const targets = withWeighed(targetRows(read('targets.arrow')), answer);
    // Where the registered rate's gain comes from; a folder of an urbsim before the split has none to draw, and says so.
    const gain = existsSync(join(dir, 'registered_gain.arrow')) ? gainSplit(read('registered_gain.arrow')) : undefined;
    const gainMissing = !gain && hasRegisteredGain(meta.scenario);
    return {
      kind: 'run', dir, name: meta.scenario.name, cityZh: areaNameZh(meta.scenario.city), meta, summary: summaryRows(read('summary.arrow')), targets,
      ...(weighed && { weighed }), ...(gain && { gain }), ...(gainMissing && { gainMissing }),
    };
  }
  if (existsSync(join(dir, 'targets.arrow'))) {
    const table = read('targets.arrow');
    const targets = targetRows(table);
    // The table's scenarios only (in a table written before it named its members): a folder an earlier batch into
    // the same --out left is not this batch's, and its weighed.json, unreadable perhaps, is not read (the batch, which
    // would write it anew, never touches that folder).
    const inTable = new Set(targets.map((t) => t.scenario));
    const folders = batchMembers(dir, table);
    // The batch's manifest lists its own files, not its scenarios' folders (each has its own, committed on its own): a
    // table's scenario folder is checked against it before its files are drawn beside the table (a folder named after
    // its scenario), so one changed since, or cut, says so.
    for (const d of folders) if (inTable.has(d)) verifyOutputFolder(join(dir, d), { content: notPerRun });
    const members = folders.map((d) => {
      const { scenario } = readMemberMeta(join(dir, d, 'meta.json'));
      return { name: scenario.name, city: scenario.city, cityZh: areaNameZh(scenario.city), targets: scenario.targets.length };
    });
    const weighed = folders.flatMap((d, i) => {
      if (!inTable.has(members[i].name)) return [];
      const forecast = weighedForecast(readWeighed(join(dir, d)));
      if (!forecast || !existsSync(join(dir, d, 'summary.arrow'))) return [];
      return [{ scenario: members[i].name, forecast, summary: summaryRows(readArrowFile(join(dir, d, 'summary.arrow')), RATE_METRICS) }];
    });
    const json = table.schema.metadata.get('own_figures');
    let own: BatchOwnFigures | undefined;
    try {
      own = json === undefined ? undefined : (JSON.parse(json) as BatchOwnFigures);
    } catch {
      throw new InputError(`${join(dir, 'targets.arrow')}: its metadata own_figures is not JSON; run urbsim batch again`);
    }
    return { kind: 'batch', dir, name: basename(resolve(dir)), targets, members, ...(own && { own }), ...(weighed.length && { weighed }) };
  }
  if (!existsSync(dir)) throw new NotAnOutputFolderError(`${dir} does not exist`);
  // A scenario file given for its run's folder ('neither a run folder (no meta.json) nor a batch folder … run urbsim run
  // or urbsim batch first' of a file that is no folder at all).
  if (!statSync(dir).isDirectory())
    throw new NotAnOutputFolderError(
      `${dir} is ${fileKind(statSync(dir))}, not a folder: urbsim report draws the folder a run, batch, compare, sensitivity or solve wrote` +
        `${/\.ya?ml$/.test(dir) ? ` (a scenario: urbsim run ${shellWord(dir)} writes its folder, out/<its name:> or --out)` : ''}`,
    );
  if (existsSync(join(dir, 'compare.arrow'))) {
    const variants = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'meta.json'))).sort();
    throw new NotAnOutputFolderError(
      `${dir} is a compare folder: report one variant at a time (${variants.map((v) => join(dir, v)).join(', ') || 'no variant folder found'}); the paired differences are in compare.arrow`,
    );
  }
  // A batch stopped before its last scenario (or out/ itself) holds run folders but no combined targets.arrow.
  const runs = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'meta.json'))).sort();
  if (runs.length)
    throw new NotAnOutputFolderError(
      `${dir} is neither a run folder (no meta.json) nor a batch folder (no targets.arrow, which urbsim batch writes once every scenario has run), ` +
        `but holds ${runs.length} run folder${runs.length > 1 ? 's' : ''} (${runs.slice(0, 3).join(', ')}${runs.length > 3 ? ', …' : ''}): ` +
        `report one of them (urbsim report ${shellWord(join(dir, runs[0]))}), or, if it is a batch that was stopped, run the same urbsim batch command again (it resumes)`,
    );
  throw new NotAnOutputFolderError(`${dir} is neither a run folder (no meta.json) nor a batch folder (no targets.arrow); run urbsim run or urbsim batch first`);
}
