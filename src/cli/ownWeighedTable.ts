import { basename, normalize, resolve } from 'node:path';
import { everyRunSame } from '../analysis/everyRunSame.ts';
import type { Summary } from '../analysis/summarize.ts';
import { type OwnWeighed, ownWeighedFigures, shippedObserved, weighTargets } from '../batch/ownFigures.ts';
import { readRunOutputs, tooLargeToReadBack } from '../io/readRunOutputs.ts';
import { type ObservedPoint, periodText } from '../io/readObserved.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { SMALL_ESS, percentOnRuns, runsText } from '../report/batchMarks.ts';
import { targetLine } from '../report/labels.ts';
import { shellWord } from './shellWord.ts';
import { defaultsBasis, targetWeighedOnDefaults } from '../batch/onDefaults.ts';
import { targetsOnBreak } from '../batch/onBreak.ts';
import { sigmaTwiceNote } from './sigmaTwiceNote.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

const named = (ps: readonly ObservedPoint[]) => ps.map((p) => `${p.metric} ${periodText(p)}`).join(', ');

/**
 * What `urbsim run` (and `urbsim merge`, for the whole run its shards make) prints under its targets when the scenario's area has observed figures after its base year
 * (`observed`, data/observed/observed.csv; selected as the batch's report selects them): its targets with the runs
 * weighed by those figures ({@link ownWeighedTargets}), since a planner reading P(met) should see what the area has
 * already published do to it; or, when every such figure already informed the scenario's laws (a generated pilot's),
 * a note that the runs' paths ignore them and that `urbsim batch` weighs them through runs drawn again. No lines for a
 * scenario without targets, without an area or without such a figure; the runs (`result`, as written: a run's
 * in-memory result may have spilled its rows) are read only when weighed. When every run is the same projection
 * (`same`, as the table above decides it), a note instead: weights of identical runs leave P(met) as it is, and a
 * Wilson interval on them would suggest a Monte Carlo error the table above says there is none of. When the runs are
 * too many for memory to hold (`tooLarge`, {@link tooLargeToReadBack}), a note that says so, the runs not read.
 *
 * @example
 * ownWeighedTable('scenarios/dalian.yaml', loadScenario('scenarios/dalian.yaml'), () => readRunOutputs('out/dalian').result, shippedObserved()).join('\n');
 * // 'weighed by dalian's own figure after its base year 2013 (registered_rate 2015), as urbsim calibrate weighs: 192 effective runs\n…'
 */
export function ownWeighedTable(file: string, s: ResolvedScenario, result: () => MonteCarloResult, observed: readonly ObservedPoint[], o: { same?: boolean; tooLarge?: string; batchOut?: string } = {}): string[] {
  return ownWeighedAnswer(file, s, result, observed, o).lines;
}

/**
 * {@link ownWeighedTable}'s lines, and the weighed answer they print (`weighed`, when the runs were weighed: not for a
 * note), for the run folder to keep as a batch keeps one (weighed.json, {@link keepWeighed}).
 *
 * @example
 * ownWeighedAnswer('scenarios/dalian.yaml', s, () => result, shippedObserved()).weighed?.kishRuns; // 190.4…
 */
export function ownWeighedAnswer(file: string, s: ResolvedScenario, result: () => MonteCarloResult, observed: readonly ObservedPoint[], o: { same?: boolean; tooLarge?: string; batchOut?: string } = {}): { lines: string[]; weighed?: OwnWeighed } {
  const w = ownWeighedFigures(s, observed);
  if (!w) return { lines: [] };
  const area = `${s.city}'s own figure${w.figures.length + w.inLaws.length === 1 ? '' : 's'} after its base year ${s.years.start}`;
  if (w.figures.length === 0)
    return {
      lines: [
        '',
        `note: ${area} (${named(w.inLaws)}) informed this scenario's laws, not where its runs' paths stand then; weighing these runs by ` +
          `them would count them twice. \`urbsim batch ${shellWord(file)} --out ${shellWord(o.batchOut ?? `out/${s.name}-batch`)}\` weighs its targets by them through runs drawn again (reachability.md, "Targets weighed by the area's own figures").`,
      ],
    };
  if (o.same)
    return {
      lines: ['', `note: ${area} (${named(w.figures)}) cannot weigh one run against another: every run is the same projection, so P(met) above stands as it is.`],
    };
  if (o.tooLarge) return { lines: ['', `note: ${area} (${named(w.figures)}) would weigh these runs, but ${o.tooLarge}: run fewer to see the targets weighed by them.`] };
  const weighed: OwnWeighed = { ...w, ...weighTargets(s, result(), w.figures, observed) };
  return { lines: ['', ...table(s, weighed, area)], weighed };
}

/**
 * {@link ownWeighedTable} for the run folder `dir` a command has just written (`urbsim run`, `urbsim merge`): its runs
 * read back from there when weighed, the shipped figures, and the notes for runs all the same or too many to read.
 *
 * @example
 * ownWeighedOfFolder('scenarios/dalian.yaml', scenario, 'out/dalian', result, summary);
 */
export function ownWeighedOfFolder(file: string, s: ResolvedScenario, dir: string, r: MonteCarloResult, summary: Summary): { lines: string[]; weighed?: OwnWeighed } {
  return ownWeighedAnswer(file, s, () => readRunOutputs(dir).result, shippedObserved(), { same: everyRunSame(summary, r.runEnd - r.runStart), tooLarge: tooLargeToReadBack(r.runEnd - r.runStart, r.years.length), batchOut: besideFolder(dir) });
}

/**
 * The folder the note's `urbsim batch` command writes to (batch has no default --out): beside run folder `dir`, its
 * name with `-batch` added; `dir` as given when it names a folder by name, else (`.`, `..`, `/`) made absolute.
 *
 * @example
 * besideFolder('out/weihai/'); // 'out/weihai-batch'
 */
function besideFolder(dir: string): string {
  const d = normalize(dir).replace(/[\\/]+$/, '');
  return `${['', '.', '..'].includes(basename(d)) ? resolve(dir) : d}-batch`;
}

function table(s: ResolvedScenario, w: OwnWeighed, area: string): string[] {
  const rough = w.kishRuns < SMALL_ESS ? `, under ${SMALL_ESS}: rough, raise --runs` : '';
  const left = w.inLaws.length ? `; already in its laws, left out: ${named(w.inLaws)}` : '';
  const labels = [...s.targets.map(targetLine), 'all targets jointly'];
  // The same column as the table above: 40 characters, or the longest label's.
  const width = Math.max(40, ...labels.map((l) => l.length));
  const lines = [`weighed by ${area} (${named(w.figures)}${left}), as urbsim calibrate weighs: ${runsText(w.kishRuns, 'effective')}${rough}`];
  lines.push(`${'target'.padEnd(width + 1)}P(met)   95% interval`);
  // § as the table above marks the same targets (src/batch/onBreak.ts), explained there: weighing leaves the change of
  // count as it was. The † is the weighed answer's (weighedOnDefaults): not where a figure it is weighed by informs a pace
  // that moves the target.
  const rows = [...s.targets, { metric: '*', year: null }];
  const basis = defaultsBasis(s);
  const [onDefaults, onBreak] = [rows.map((t) => targetWeighedOnDefaults(basis, t, w.figures)), targetsOnBreak(s, rows)];
  w.targets.forEach((t, i) => {
    const on = (p: number) => percentOnRuns(p, t.effectiveRuns);
    lines.push(`${labels[i].padEnd(width)} ${on(t.probability).padStart(6)}   ${on(t.lower)}–${on(t.upper)}${onDefaults[i] ? ' †' : ''}${onBreak[i] ? ' §' : ''}`);
  });
  lines.push("(each run weighed by the figures' likelihood under their observation errors by caliber; 95% Wilson interval on the effective runs: Monte Carlo error given the model)");
  lines.push(...sigmaTwiceNote(s, s.city, w.figures));
  return lines;
}
