import { copyFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { areaNameZh } from '../data/areas.ts';
import { readRunOutputs } from '../io/readRunOutputs.ts';
import type { RunMeta } from '../io/writeRunOutputs.ts';
import { SENSITIVITY_FILES, type SensitivityMeta } from '../analysis/writeSensitivity.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { CompareMeta } from '../analysis/writeComparison.ts';
import { type DataFolder, type DataManifest, MANIFEST_FILE } from './dataManifest.ts';
import { writePyramid } from './writePyramid.ts';
import { gapZh } from './reportHtml.ts';
import { variableUses } from './parameterNames.ts';
import { uncoveredPilots } from '../batch/pilotCoverage.ts';
import { isFolder, readRegularFile, regularFileStats } from '../io/regularFile.ts';
import { makeDirs } from '../io/makeDirs.ts';
import { batchMembers } from '../batch/batchMembers.ts';
import { readArrowFile } from '../io/readArrowFile.ts';
import { MANIFEST_FILE as MANIFEST, fileSha256, readManifest } from '../io/outputManifest.ts';
import type { WrittenFile } from '../io/fileSink.ts';
import { parseWeighed } from '../batch/weighedShape.ts';
import { writesAnew } from '../batch/writesAnew.ts';
import { shellWord } from '../cli/shellWord.ts';

// A run's weighed answer too (weighed.json, urbsim run keeps the one it prints), and its registered gain by source
// (registered_gain.arrow, a few rows), which the targets page draws.
const RUN_FILES = ['meta.json', 'summary.arrow', 'targets.arrow', 'params.arrow', 'trajectories.arrow', 'pyramid.arrow', 'weighed.json', 'registered_gain.arrow'];
// Batch members skip the per-run tables: 64 pilots × thousands of runs would
// make the site huge, and the pilots notebook needs only the combined targets,
// and of a scenario answered weighed (weighed.json) its summary beside that answer; the targets page a member's
// registered gain by source (registered_gain.arrow) as a run's.
const MEMBER_FILES = ['meta.json', 'summary.arrow', 'targets.arrow', 'pyramid.arrow', 'weighed.json', 'registered_gain.arrow'];

/**
 * Stage output folders for the notebook site: copy every run, batch,
 * compare and sensitivity folder found in `sources` (each one of those, or a
 * folder of them, such as `out/`) to `<dest>/data/<id>/`, and write
 * `<dest>/data/runs.json` ({@link DataManifest}). `dest` becomes the site's
 * public folder. Runs without pyramid.arrow (a shard, a folder of an older
 * urbsim) get one made from their median run ({@link writePyramid}) in the
 * copy, never in the source; if that fails (e.g. outputs of an older engine)
 * the reason is recorded and the pyramid notebook shows it. A member's
 * weighed.json that is not urbsim's weighed answer (not JSON, or not of its
 * shape: {@link parseWeighed}, the rule urbsim reads it by) is left out of
 * the copy, with a warning naming the file and what is wrong (`warn`, by
 * default on stderr) and the reason recorded for the pages to say. A folder
 * whose copies are not what its manifest.json records (files of two runs put
 * together by hand, or the folder replaced while it was copied) is left out
 * whole, with a warning saying the first file that differs: the pages would
 * draw one run's percentiles under another's meta.json.
 *
 * @example
 * const m = prepareNotebookData(['out'], 'notebooks/.observable/site-data');
 * m.default; // 'dalian' after npm start
 */
export function prepareNotebookData(sources: readonly string[], dest: string, o: { pyramids?: boolean; warn?: (message: string) => void } = {}): DataManifest {
  const warn = o.warn ?? ((m: string) => console.warn(m));
  const data = join(dest, 'data');
  rmSync(data, { recursive: true, force: true });
  makeDirs(data);
  const folders: DataFolder[] = [];
  const taken = new Set<string>();
  const unique = (id: string) => {
    let u = id;
    for (let k = 2; taken.has(u); k++) u = `${id}-${k}`;
    taken.add(u);
    return u;
  };
  /**
   * Copy `files` of `dir` to `data/<id>/` as the folder was committed: a folder with a manifest.json whose copies differ
   * from what it records (files of two runs, or one replaced while copied) is left out, with a warning, and undefined
   * returned; `also` runs on the copy before it is checked (a pyramid drawn from the folder).
   */
  const staged = (dir: string, id: string, files: readonly string[], also: (copied: string[]) => void = () => {}): string[] | undefined => {
    const stamp = manifestStamp(dir);
    const recorded = readManifest(dir)?.files;
    const copied = copy(dir, join(data, id), files);
    also(copied);
    const differs = recorded === undefined ? undefined : copied.map((f) => differsFrom(join(data, id, f), f, recorded[f])).find((d) => d !== undefined);
    if (differs === undefined && manifestStamp(dir) === stamp) return copied;
    warn(
      differs === undefined
        ? `notebooks: ${dir}: replaced by another urbsim command while it was staged (its ${MANIFEST} changed); left out of the notebooks' data: run the notebooks again`
        : `notebooks: ${dir} is not the folder urbsim committed: ${differs} (files of two runs, or changed since); left out of the notebooks' data: run the command that writes it again`,
    );
    rmSync(join(data, id), { recursive: true, force: true });
    return undefined;
  };
  const addRun = (dir: string, id: string, files: readonly string[], group: { batch?: string; compare?: string } = {}): string | undefined => {
    // A weighed answer the pages could not read stays behind, here rather than in every page that would fetch it.
    const weighedProblem = files.includes('weighed.json') ? weighedProblemIn(dir) : undefined;
    let pyramidError: string | undefined;
    const copied = staged(dir, id, weighedProblem === undefined ? files : files.filter((f) => f !== 'weighed.json'), (copied) => {
      if (copied.includes('pyramid.arrow') || o.pyramids === false) return;
      try {
        const { result } = readRunOutputs(dir);
        writePyramid(join(data, id), { ...result, scenario: reviveInfinity(result.scenario) });
        copied.push('pyramid.arrow');
      } catch (e) {
        pyramidError = (e as Error).message;
      }
    });
    if (copied === undefined) return undefined;
    if (weighedProblem !== undefined) warn(`notebooks: ${join(dir, 'weighed.json')}: not urbsim's weighed answer (${weighedProblem}); left out of the notebooks' data (${writesAnew(dir)})`);
    // The copy's: what the pages draw beside it.
    const meta = JSON.parse(readRegularFile(join(data, id, 'meta.json'), 'utf8')) as RunMeta;
    folders.push({
      id, kind: 'run', source: dir, name: meta.scenario.name, ...cityOf(meta.scenario.city), files: copied.sort(), runs: meta.runs, seed: meta.seed,
      years: [meta.scenario.years.start, meta.scenario.years.end], hash: meta.hash, ...group, pyramidError, ...(weighedProblem !== undefined && { weighedProblem }),
    });
    return id;
  };
  const addBatch = (dir: string, id: string) => {
    // The batch's own scenarios, not a folder an earlier batch into the same --out left.
    const members = batchMembers(dir, readArrowFile(join(dir, 'targets.arrow')))
      .filter((d) => isRun(join(dir, d)))
      .map((d) => addRun(join(dir, d), unique(`${id}/${d}`), MEMBER_FILES, { batch: id }))
      .filter((m): m is string => m !== undefined);
    // The pilots without a scenario, so the page accounts for all 64 as the batch's reports do.
    const cities = members.map((m) => folders.find((f) => f.id === m)?.city);
    const uncovered = uncoveredPilots(cities).map((u) => ({ ...u, gapsZh: u.gaps.map(gapZh) }));
    const files = staged(dir, id, ['targets.arrow']);
    if (files !== undefined) folders.push({ id, kind: 'batch', source: dir, name: basename(dir), files, members, ...(uncovered.length ? { uncovered } : {}) });
    else dropMembers(members);
  };
  // A batch or comparison left out takes its members with it: their copies were under its folder, removed with it.
  const dropMembers = (members: readonly string[]) => {
    for (let i = folders.length - 1; i >= 0; i--) if (members.includes(folders[i].id)) folders.splice(i, 1);
  };
  // A compare folder holds no meta.json of its own: compare.arrow and a run folder per variant, the base first.
  const addCompare = (dir: string, id: string) => {
    const members = compareOrder(dir)
      .filter((d) => isRun(join(dir, d)))
      .map((d) => addRun(join(dir, d), unique(`${id}/${d}`), RUN_FILES, { compare: id }))
      .filter((m): m is string => m !== undefined);
    const files = staged(dir, id, ['compare.arrow', 'compare-targets.arrow']);
    if (files !== undefined) folders.push({ id, kind: 'compare', source: dir, name: basename(dir), files, members });
    else dropMembers(members);
  };
  const addSensitivity = (dir: string, id: string) => {
    const files = staged(dir, id, SENSITIVITY_FILES);
    if (files === undefined) return;
    const meta = JSON.parse(readRegularFile(join(data, id, 'meta.json'), 'utf8')) as SensitivityMeta;
    folders.push({ id, kind: 'sensitivity', source: dir, name: meta.scenario.name, ...cityOf(meta.scenario.city), files: files.sort(), runs: meta.runs, seed: meta.seed, metric: meta.metric, year: meta.year, levers: meta.levers ?? [], variables: variableUses(meta.scenario), ...(meta.scenario.percentVariables && { percentVariables: meta.scenario.percentVariables }) });
  };
  const add = (dir: string, depth: number) => {
    if (isSensitivity(dir)) addSensitivity(dir, unique(basename(resolve(dir))));
    else if (isRun(dir)) addRun(dir, unique(basename(resolve(dir))), RUN_FILES);
    else if (isCompare(dir)) addCompare(dir, unique(basename(resolve(dir))));
    else if (isBatch(dir)) addBatch(dir, unique(basename(resolve(dir))));
    // A solve's output: said, not passed over in silence — given alone, the build went on to say only that no run
    // folder was found, and to run npm start.
    else if (isSolve(dir)) warn(`notebooks: ${dir}: a solve folder, which no notebook page draws (urbsim report ${shellWord(dir)} draws it); left out`);
    else if (depth === 0 && isFolder(dir))
      for (const d of readdirSync(dir).sort()) if (isFolder(join(dir, d))) add(join(dir, d), 1);
  };
  for (const s of sources) add(s, 0);
  const runs = folders.filter((f) => f.kind === 'run');
  const npmStart = runs.find((f) => resolve(f.source) === resolve('out/dalian'));
  const manifest: DataManifest = {
    generated: new Date().toISOString(),
    sources: [...sources],
    // A run on its own first, which the index lists (and marks as opened first): a batch's member or a comparison's
    // variant is in its folder's row there. A comparison sorting before it made one the default, and the index marked none.
    default: (npmStart ?? runs.find((f) => !f.batch && !f.compare) ?? runs.find((f) => !f.batch) ?? runs[0])?.id ?? null,
    folders,
  };
  writeFileSync(join(data, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Run folders written before meta.json encoded infinities hold null where
 * the scenario said "no limit" (`JSON.stringify(Infinity)` is null) for
 * settle_quota, school_places or housing_units, the only constants allowed
 * to be infinite; so a null constant parameter was Infinity. Newer folders
 * are left as they are. writePyramid's reproduction check catches any other
 * difference.
 */
function reviveInfinity(s: ResolvedScenario): ResolvedScenario {
  const parameters = Object.fromEntries(
    Object.entries(s.parameters).map(([k, v]) => [k, v.kind === 'number' && (v.value as number | null) === null ? { ...v, value: Infinity } : v]),
  ) as ResolvedScenario['parameters'];
  return { ...s, parameters };
}

/** Why a folder's weighed.json is not urbsim's weighed answer ({@link parseWeighed}), or undefined: none, or one. */
function weighedProblemIn(dir: string): string | undefined {
  const file = join(dir, 'weighed.json');
  if (!existsSync(file)) return undefined;
  return parseWeighed(readRegularFile(file, 'utf8')).problem;
}

const isSensitivity = (dir: string) => existsSync(join(dir, 'meta.json')) && existsSync(join(dir, 'sensitivity.arrow'));
const isRun = (dir: string) => existsSync(join(dir, 'meta.json')) && existsSync(join(dir, 'summary.arrow')) && existsSync(join(dir, 'targets.arrow'));
const isBatch = (dir: string) => !existsSync(join(dir, 'meta.json')) && existsSync(join(dir, 'targets.arrow'));
const isCompare = (dir: string) => existsSync(join(dir, 'compare.arrow')) && (!existsSync(join(dir, 'meta.json')) || readMeta<{ command?: string }>(dir).command === 'compare');
const readMeta = <T>(dir: string): T => JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8')) as T;
/** Whether the folder is urbsim solve's (one lever or a frontier), by its meta.json. */
const isSolve = (dir: string): boolean => {
  try {
    return existsSync(join(dir, 'meta.json')) && readMeta<{ command?: unknown }>(dir).command === 'solve';
  } catch {
    return false;
  }
};

/**
 * The variants of a compare folder in the order they were compared, the
 * reference (base) first: as its meta.json lists them, or (a folder of an
 * older urbsim, without one) as compare.arrow records them.
 */
function compareOrder(dir: string): string[] {
  let names: string[];
  if (existsSync(join(dir, 'meta.json'))) names = [...readMeta<CompareMeta>(dir).variants];
  else {
    // Through readArrowFile: an emptied compare.arrow read as a table of no columns, hence of no variants, silently.
    const t = readArrowFile(join(dir, 'compare.arrow'));
    names = [t.getChild('reference')?.get(0), ...(t.getChild('variant')?.toArray() ?? [])].filter((n): n is string => typeof n === 'string');
  }
  const others = readdirSync(dir).filter((d) => !names.includes(d)).sort();
  return [...new Set([...names, ...others])];
}

/** The area a scenario is about and its Chinese name (data/areas), which the pages show in Chinese. */
function cityOf(city: string | undefined): { city?: string; cityZh?: string } {
  if (!city) return {};
  const zh = areaNameZh(city);
  return zh ? { city, cityZh: zh } : { city };
}

/** What of a copy differs from what its folder's manifest records of the file (its length, its SHA-256), said as verifyOutputFolder says it; undefined when it is the same, or not recorded. */
function differsFrom(copy: string, name: string, recorded: WrittenFile | undefined): string | undefined {
  if (recorded === undefined) return undefined;
  const bytes = statSync(copy).size;
  if (bytes !== recorded.bytes) return `${name} has ${bytes} bytes where ${MANIFEST} records ${recorded.bytes}`;
  if (fileSha256(copy) !== recorded.sha256) return `${name} does not have the content ${MANIFEST} records (SHA-256 differs)`;
  return undefined;
}

/** The SHA-256 of `dir`'s manifest.json, which a command committing the folder anew rewrites; undefined without one. */
function manifestStamp(dir: string): string | undefined {
  try {
    return fileSha256(join(dir, MANIFEST));
  } catch {
    return undefined;
  }
}

function copy(from: string, to: string, files: readonly string[]): string[] {
  makeDirs(to);
  const present = files.filter((f) => existsSync(join(from, f)));
  // A pipe or a device in a file's place is refused, never opened: copying it would wait for a writer for good.
  for (const f of present) {
    regularFileStats(join(from, f));
    copyFileSync(join(from, f), join(to, f));
  }
  return present;
}
