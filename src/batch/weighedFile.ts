import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../inputError.ts';
import { type FittedDefaultsFile, fittedDefaults } from '../data/fittedDefaults.ts';
import { populationOwnErrors } from '../analysis/seriesError.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { readRegularFile } from '../io/regularFile.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type OwnWeighed, ownWeighedFigures } from './ownFigures.ts';
// What makes a file a weighed answer, in a module the notebooks load too (in the browser, without node's modules).
import { parseWeighed } from './weighedShape.ts';
import { writesAnew } from './writesAnew.ts';

/** A batch's scenario folder's weighed answer: its targets and rates weighed by the area's own later figures. */
export const WEIGHED_FILE = 'weighed.json';

/**
 * How a weighed answer is drawn, in its key ({@link weighedKey}): raised whenever the drawing or the file changes, so a
 * resumed batch draws anew what an older urbsim wrote. 2: the second draw where few runs weigh (moreRedrawnRuns); 3: the
 * figures' file relative to the project ({@link weighedJson}), so a resumed batch writes what a new one does; 4: the
 * conversion's σ drawn on the fit's grid, half the runs from the law fitted with the area's series (sigmaLawsWithout);
 * 5: drawn once more under 400 effective runs (STEADY_ESS), not 100.
 */
export const WEIGHED_RULE = 5;

/**
 * What a scenario's weighed answer rests on besides the scenario itself (meta.json's hash holds that, its runs and
 * seed included): the area's figures it is weighed by, those its laws were fitted to, the area's other figures (its
 * base-year populations, on which a later population figure's error is conditioned, src/analysis/seriesError.ts; its
 * resident rates before the base year, on which the second runs' urbanization pace is, src/batch/ownWeighedRedrawn.ts),
 * the own part of population figures' errors every area's series give ({@link populationOwnErrors}), how many second
 * runs are drawn where they were, and the fitted defaults those runs draw their laws from (`fitted`,
 * data/observed/fitted-defaults.json) — as a SHA-256, so a resumed batch can tell a folder's weighed.json is still
 * the answer without drawing anything.
 * Undefined when the scenario has nothing to weigh ({@link ownWeighedFigures}): no targets, no area or no such figure.
 *
 * @example
 * weighedKey(loadScenario('scenarios/pilots/weihai.yaml'), shippedObserved(), 40_000); // '3f1c…' (64 hex digits)
 */
export function weighedKey(s: ResolvedScenario, observed: readonly ObservedPoint[], secondRuns: number, fitted: FittedDefaultsFile = fittedDefaults()): string | undefined {
  const f = ownWeighedFigures(s, observed);
  if (!f) return undefined;
  const area = observed.filter((p) => p.area === s.city).map(said);
  const ownErrors = populationOwnErrors(observed).errors;
  return createHash('sha256').update(JSON.stringify({ figures: f.figures.map(said), inLaws: f.inLaws.map(said), area, ownErrors, secondRuns, fitted, rule: WEIGHED_RULE })).digest('hex');
}

/**
 * What a figure says, without where it was read (the file's path, which is the checkout's, and its line): a batch
 * resumed from another checkout or copy of the project, or after lines were added to the file, reuses the answer, as
 * meta.json's hash leaves out the scenario's files.
 */
const said = ({ file: _file, line: _line, ...p }: ObservedPoint) => p;

/** weighed.json's text: the key it was drawn under ({@link weighedKey}) and the answer. */
export function weighedJson(key: string, w: OwnWeighed): string {
  const portable = (ps: readonly ObservedPoint[]) => ps.map((p) => ({ ...p, file: projectPath(p.file) }));
  return `${JSON.stringify({ key, ...w, figures: portable(w.figures), inLaws: portable(w.inLaws) }, null, 1)}\n`;
}

/** The project's root, holding data/ (from src/batch/, as in the compiled CLI, whose modules keep their source URL). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A figure's file as weighed.json keeps it: relative to the project when inside it (data/observed/observed.csv), so that
 * a batch writes the same bytes from any checkout of the project; another file as read.
 */
function projectPath(file: string): string {
  const inside = relative(ROOT, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : file;
}

/**
 * The weighed answer in run folder `dir` (its weighed.json), if there is one drawn under `key`; undefined when the file
 * is missing or holds another key (figures, fitted defaults or second runs changed since), `key` undefined meaning
 * any; a file that is not JSON, or not of the answer's shape (figures, inLaws, kishRuns, targets, intervals:
 * weighedProblem), is an InputError ({@link parseWeighed}, the notebooks' rule too). JSON has no NaN: a probability or
 * percentile that was NaN (no run weighs anything) reads back as NaN.
 *
 * @example
 * readWeighed('out/pilots/weihai')?.targets.find((t) => t.id === 'all')?.probability;
 */
export function readWeighed(dir: string, key?: string): OwnWeighed | undefined {
  const file = join(dir, WEIGHED_FILE);
  if (!existsSync(file)) return undefined;
  const unreadable = (why: string) => new InputError(`${file}: not readable as urbsim's weighed answer (${why}); ${writesAnew(dir)}`);
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: equivalent — JSON.parse reads a Buffer as its UTF-8 text
    text = readRegularFile(file, 'utf8');
  } catch (e) {
    throw unreadable((e as Error).message);
  }
  const read = parseWeighed(text);
  if (read.problem !== undefined) throw unreadable(read.problem);
  if (key !== undefined && read.key !== key) return undefined;
  return read.answer;
}
