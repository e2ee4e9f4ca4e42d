import { type Lang, label, targetName } from './labels.ts';
import { inParens, rangeText } from './rangeText.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';
import { probabilityText } from '../analysis/probabilityText.ts';

/**
 * Below this many effective runs a weighed probability rests on too few runs to read closely: printed in whole
 * percent and called rough (the posterior's warning in `urbsim calibrate` uses the same bound).
 */
export const SMALL_ESS = 100;

/**
 * A batch weighs a scenario whose laws were fitted to its own figures by runs drawn again with those laws as an area
 * without them draws them (src/batch/ownWeighedRedrawn.ts): this many per run of the scenario, since a figure far in
 * the pooled laws' tail leaves few runs of weight.
 */
export const REDRAWN_RUNS_PER_RUN = 40;

/**
 * At most this many second runs however many runs the scenario has: all are held in memory to be weighed, and a
 * `--runs` large enough to pass what memory holds would stop the batch at such a pilot, at every resume. An 8-year
 * pilot holds about 2.8 GB of them (8 years × 43 indicators × 8 bytes a run, and its draws; 10,000 → 100,000 second
 * runs of Weihai's added 288 MB of peak RSS, about 3.2 kB a run), in the process that runs the pilot: a Slurm task too.
 */
export const REDRAWN_MAX_RUNS = 1_000_000;

/**
 * The second runs of a scenario of `runs` runs ({@link REDRAWN_RUNS_PER_RUN} times, at most {@link REDRAWN_MAX_RUNS}).
 *
 * @example
 * redrawnRuns(1000);    // 40000
 * redrawnRuns(100_000); // 1000000
 */
export const redrawnRuns = (runs: number): number => Math.min(REDRAWN_RUNS_PER_RUN * runs, REDRAWN_MAX_RUNS);

/**
 * Below this many effective runs a batch draws a weighed answer's second runs once more ({@link moreRedrawnRuns}): not
 * only its probabilities but its intervals' ends, which `urbsim widths` holds to the cross-validation and the report
 * draws, rest on the runs of most weight, and where few runs weigh those few move with the seed. The weighed
 * Shijiazhuang pilot's 2016 registered 80 % width, seeds 2014–2017 of a 1,000-run batch (40,000–62,202 second runs,
 * 105–141 effective): 8.88, 4.18, 3.30 and 7.39 points; of 160,000 (358–467 effective): 4.22, 4.54, 5.67 and 5.01.
 */
export const STEADY_ESS = 400;

/**
 * Second runs to draw again when `runs` of them left `effective` effective runs, under {@link STEADY_ESS}: as many as
 * would give one and a half times that bound if effective runs grow with the runs, at most 4 times `runs` and
 * {@link REDRAWN_MAX_RUNS}; `runs` itself when no more are allowed.
 *
 * @example
 * moreRedrawnRuns(40_000, 300); // 80000
 * moreRedrawnRuns(40_000, 60);  // 160000: at most 4 times
 */
export const moreRedrawnRuns = (runs: number, effective: number): number =>
  Math.max(runs, Math.min(REDRAWN_MAX_RUNS, 4 * runs, Math.ceil((runs * 1.5 * STEADY_ESS) / Math.max(effective, 1))));

/**
 * A probability resting on `runs` (effective) runs, in percent: one decimal from {@link SMALL_ESS} runs on, whole
 * percent below, where a tenth of a point would claim a precision the runs do not have (on 4 runs a share moves by
 * 25 points a run).
 *
 * @example
 * percentOnRuns(0.6012, 177); // '60.1%'
 * percentOnRuns(0.375, 4);    // '38%'
 */
export function percentOnRuns(p: number, runs: number): string {
  if (!Number.isFinite(p)) return '–';
  return `${(p * 100).toFixed(runs >= SMALL_ESS ? 1 : 0)}%`;
}

/**
 * A target's probability weighed by its area's own figures as a member's table of targets gives it beside the plain
 * one (`urbsim report` on the member's folder, the targets notebook): in percent on its effective runs ({@link
 * percentOnRuns}), and its 95 % Wilson interval in brackets.
 *
 * @example
 * weighedCellText('en', { probability: 0.375, lower: 0.1, upper: 0.75, runs: 4 });
 * // { probability: '38%', interval: '(10%–75%)' }
 */
export function weighedCellText(lang: Lang, w: NonNullable<TargetRow['weighed']>): { probability: string; interval: string } {
  const on = (p: number) => percentOnRuns(p, w.runs);
  return { probability: on(w.probability), interval: inParens(lang, rangeText(lang, on(w.lower), on(w.upper))) };
}

/**
 * A target's answer as a batch's tables headline it ({@link headlineText}): the plain probability (every run counting
 * once); and what follows the target's mark: where the area has an answer weighed by its own figures, that probability
 * in brackets (in percent on its effective runs, {@link percentOnRuns}), with "rough" and the effective runs where they
 * are fewer than {@link SMALL_ESS}. The plain one leads: the session-22 rule ties making the weighed one the headline to
 * the weighed intervals passing the widths check (README, "Interval widths"), which they do not yet all do. A planner
 * still reads the weighed one beside it where the area's own figures say otherwise (Jinjiang's resident 2017 target: 47.5 % plain, 14.2 % weighed by its 2015 figure).
 *
 * @example
 * headline('en', '47.5%', { probability: 0.142, runs: 18_735 }); // { head: '47.5%', beside: ' (weighed 14.2%)' }
 * headline('en', '47.5%', undefined);                             // { head: '47.5%', beside: '' }
 */
export function headline(lang: Lang, plain: string, weighed: { readonly probability: number; readonly runs: number } | undefined): { head: string; beside: string } {
  if (!weighed) return { head: plain, beside: '' };
  const rough = weighed.runs < SMALL_ESS;
  const w = percentOnRuns(weighed.probability, weighed.runs);
  return lang === 'zh'
    ? { head: plain, beside: `（加权 ${w}${rough ? `；粗略，有效运行 ${Math.round(weighed.runs)} 次` : ''}）` }
    : { head: plain, beside: ` (weighed ${w}${rough ? `; rough, ${runsText(weighed.runs, 'effective')}` : ''})` };
}

/**
 * A target's cell as a batch's tables give it: the {@link headline} answer, the plain one (wrapped by `strong`:
 * Markdown's bold), the target's marks († §, the plain answer's), and the weighed one beside it where the area has one.
 *
 * @example
 * headlineText('en', '76.6%', { probability: 0.89, runs: 84 }, ' †'); // '76.6% † (weighed 89%; rough, 84 effective runs)'
 * headlineText('zh', '47.5%', { probability: 0.142, runs: 18_735 });  // '47.5%（加权 14.2%）'
 */
export function headlineText(lang: Lang, plain: string, weighed: { readonly probability: number; readonly runs: number } | undefined, mark = '', strong = (s: string) => s): string {
  const h = headline(lang, plain, weighed);
  return `${strong(h.head)}${mark}${h.beside}`;
}

/**
 * Runs in words, rounded (effective runs are not whole), with a thousands separator as the project's other counts
 * ("1,000 runs"), the noun agreeing with the count: "1 run", "177 runs", with a word before the noun when given.
 *
 * @example
 * runsText(1.2);                 // '1 run'
 * runsText(177, 'effective');    // '177 effective runs'
 * runsText(1550.4, 'effective'); // '1,550 effective runs'
 */
export const runsText = (runs: number, word?: string): string => {
  const n = Math.round(runs);
  return `${n.toLocaleString('en')} ${word ? `${word} ` : ''}run${n === 1 ? '' : 's'}`;
};

/**
 * The mark after a target's probability in a batch's views and a run's report: † when it rests mainly on defaults
 * (targets.arrow's `on_defaults`, src/batch/onDefaults.ts), else nothing.
 *
 * @example
 * `${pct(t.probability)}${defaultsMark(t)}`; // '3.1% †'
 */
export const defaultsMark = (t: Pick<TargetRow, 'onDefaults'>): string => (t.onDefaults ? ' †' : '');

/** Whether any target of a table (a batch's or a run's) carries the † (then the views explain it). */
export const anyOnDefaults = (targets: readonly TargetRow[]): boolean => targets.some((t) => t.onDefaults);

/**
 * The marks after a target's probability in a batch's views and a run's report: † when it rests mainly on defaults
 * ({@link defaultsMark}), then § when it rests on an assumed change of the registered count's definition
 * (targets.arrow's `on_break`, src/batch/onBreak.ts), as reachability.md and `urbsim run`'s table mark them.
 *
 * @example
 * `${pct(t.probability)}${targetMarks(t)}`; // '99.9% † §'
 */
export const targetMarks = (t: Pick<TargetRow, 'onDefaults' | 'onBreak'>): string => `${defaultsMark(t)}${t.onBreak ? ' §' : ''}`;

/** Whether any target of a table carries the § (then the views explain it). */
export const anyOnBreak = (targets: readonly TargetRow[]): boolean => targets.some((t) => t.onBreak);

const pct = (p: number) => (Number.isFinite(p) ? probabilityText(p) : '–');

/**
 * The batch's targets weighed by each area's own figures after its base year, as its targets.arrow keeps them
 * (`weighed_*`, `own_figures`), one line of text per area that has own figures, in `order` (most reachable first):
 * each target's plain probability → weighed, its 95 % Wilson interval and the effective runs it rests on (fewer than
 * {@link SMALL_ESS}: whole percent, rough); an area whose every figure is already in its laws says it is not weighed.
 * Plain text, for the report page to escape and the notebook to put in its markup. Empty for a table without the
 * columns.
 *
 * @example
 * weighedLines('en', targets, ['dalian'], (s) => s);
 * // ['dalian: resident ≥ 58.0% in 2020: 54.9% → 60.1% (52.8%–67.0%, 177 effective runs); …']
 */
export function weighedLines(lang: Lang, targets: readonly TargetRow[], order: readonly string[], name: (scenario: string) => string): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  for (const scenario of order) {
    const rows = targets.filter((t) => t.scenario === scenario).sort(byTargetOrder);
    if (!rows.some((t) => t.ownFigures !== undefined)) continue;
    if (!rows.some((t) => t.weighed)) {
      out.push(zh ? `${name(scenario)}：未加权（本地实际数据都已用于拟合其参数，不重复计算）` : `${name(scenario)}: not weighed (every own figure is already in its laws, so none counts twice)`);
      continue;
    }
    const cells = rows.map((t) => {
      const what = `${targetName(lang, t, { short: true })}${zh ? '：' : ': '}${pct(t.probability)}${targetMarks(t)}`;
      const w = t.weighed;
      if (!w) return what;
      const range = rangeText(lang, percentOnRuns(w.lower, w.runs), percentOnRuns(w.upper, w.runs));
      const rough = w.runs < SMALL_ESS;
      const runs = zh ? `有效运行 ${Math.round(w.runs)} 次${rough ? '，粗略' : ''}` : `${runsText(w.runs, 'effective')}${rough ? ': rough' : ''}`;
      return `${what} → ${percentOnRuns(w.probability, w.runs)}${zh ? `（${range}，${runs}）` : ` (${range}, ${runs})`}`;
    });
    out.push(`${name(scenario)}${zh ? '：' : ': '}${cells.join(zh ? '；' : '; ')}`);
  }
  return out;
}
