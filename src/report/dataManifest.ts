/**
 * `data/runs.json` of the notebook site: which output folders were staged
 * and what each holds, so that a notebook offers only folders it can draw and
 * never requests a file that is not there (a 404 is an error in the page).
 *
 * @example
 * const m: DataManifest = await fetch('data/runs.json').then((r) => r.json());
 * m.folders.filter((f) => f.kind === 'run').map((f) => f.id); // ['dalian', 'dalian-points']
 */
export interface DataManifest {
  /** When the data was staged (ISO time). */
  readonly generated: string;
  /** The folders searched, as given (e.g. `out`). */
  readonly sources: readonly string[];
  /** The folder a notebook opens first: the one `npm start` writes (out/dalian) when present. */
  readonly default: string | null;
  readonly folders: readonly DataFolder[];
}

/** One staged folder, served at `data/<id>/`. */
export interface DataFolder {
  /** Path under `data/`, e.g. `dalian` or `pilots/ningbo`. */
  readonly id: string;
  readonly kind: 'run' | 'batch' | 'compare' | 'sensitivity';
  /** The folder it was copied from. */
  readonly source: string;
  /** Scenario name (runs, sensitivity analyses) or folder name (batches, comparisons). */
  readonly name: string;
  /** Runs and sensitivity analyses: the scenario's area (`city:`) and its Chinese name from data/areas, when known. */
  readonly city?: string;
  readonly cityZh?: string;
  /** Files present under `data/<id>/`. */
  readonly files: readonly string[];
  /** Runs: Monte Carlo runs, seed and years, to tell whether two runs can be compared run by run; sensitivity: runs and seed. */
  readonly runs?: number;
  readonly seed?: number;
  readonly years?: readonly [number, number];
  readonly hash?: string;
  /** Runs only: the batch or comparison (`urbsim compare`) it belongs to, if any. */
  readonly batch?: string;
  readonly compare?: string;
  /** Batches and comparisons: ids of their run folders (a comparison's base first). */
  readonly members?: readonly string[];
  /** A batch over seed 004's pilots: the pilots whose data allow no scenario, and what they lack (English, Chinese). */
  readonly uncovered?: readonly { readonly id: string; readonly name: string; readonly gaps: readonly string[]; readonly gapsZh: readonly string[] }[];
  /** Sensitivity only: the metric and year analysed. */
  readonly metric?: string;
  readonly year?: number;
  /** Sensitivity only: the policy levers ranked over a range (`sensitivity --lever`), with their ranges. */
  readonly levers?: readonly { readonly lever: string; readonly lo: number; readonly hi: number }[];
  /** Sensitivity only: the scenario's own variables and what each feeds (parameterNames.ts variableUses), to name them in Chinese. */
  readonly variables?: Readonly<Record<string, readonly string[]>>;
  /** Sensitivity only: the scenario's variables written in percent (its percentVariables), shown in percent; absent when none. */
  readonly percentVariables?: readonly string[];
  /** Runs only: why pyramid.arrow could not be made, if it could not. */
  readonly pyramidError?: string;
  /**
   * A batch member only: why its weighed.json is not urbsim's weighed answer (not JSON, or not of its shape), which
   * staging then left out; absent when it has none or a sound one. The pages say it was left out and why.
   */
  readonly weighedProblem?: string;
}

export const MANIFEST_FILE = 'runs.json';
