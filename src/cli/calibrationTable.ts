import { quantileSorted } from 'simple-statistics';
import type { Backtest } from '../analysis/backtest.ts';
import { type Calibration, SMALL_ESS, describePoint } from '../analysis/calibrate.ts';
import { calibratedTargets } from '../analysis/calibratedTargets.ts';
import { label as noteText, targetLine } from '../report/labels.ts';
import { defaultsBasis, targetWeighedOnDefaults } from '../batch/onDefaults.ts';
import { targetsOnBreak } from '../batch/onBreak.ts';
import { percentOnRuns, runsText } from '../report/batchMarks.ts';
import { type ObservedPoint, RATE_METRICS, periodText } from '../io/readObserved.ts';
import { figuresInLaws } from '../batch/pilotDefaults.ts';
import { independentLaws } from '../batch/independentLaws.ts';
import { sigmaScoredNote, sigmaTwiceNote } from './sigmaTwiceNote.ts';
import { observationError, offScale } from '../analysis/observationError.ts';
import { weightedQuantiles } from '../analysis/weightedQuantiles.ts';
import type { Metric } from '../model/indicators.ts';
import { COUNT_UNITS, PARAMETERS, type ParameterUnit } from '../scenario/parameterKeys.ts';
import { BREAK_COLUMN_PREFIX } from '../montecarlo/compileWithTrees.ts';
import { minus } from '../report/rangeText.ts';
import { probabilityText } from '../analysis/probabilityText.ts';

/** A metric's value the way the plans write it: rates in %, counts in 万 when large. */
export function formatValue(metric: Metric, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (RATE_METRICS.has(metric)) return `${(v * 100).toFixed(2)}%`;
  return Math.abs(v) >= 1e4 ? `${(v / 1e4).toFixed(2)}万` : `${Math.round(v)}`;
}

const MAX_LISTED = 12;

/**
 * How the parameter table writes a parameter's values: a rate (a rate key, the change of count's shares, a variable
 * the scenario writes in percent) in percent to three significant figures, as the rest of the printout writes rates;
 * a person count in 万 from 1万 up; the change of count's year whole; anything else as {@link num}.
 *
 * @example
 * parameterValue('hukou_conversion_rate', false)(0.0114); // '1.14%'
 * parameterValue('inflow', false)(104991);                 // '10.5万'
 */
function parameterValue(name: string, percent: boolean): (v: number) => string {
  const unit = (PARAMETERS as Record<string, { unit: ParameterUnit } | undefined>)[name]?.unit;
  if (name === `${BREAK_COLUMN_PREFIX}year`) return (v) => (Number.isFinite(v) ? String(Math.round(v)) : '–');
  if (percent || unit === 'rate' || name.startsWith(BREAK_COLUMN_PREFIX)) return (v) => (Number.isFinite(v) ? `${minus(String(Number((v * 100).toPrecision(3))))}%` : '–');
  if (unit !== undefined && COUNT_UNITS.has(unit)) return (v) => (Number.isFinite(v) && Math.abs(v) >= 1e4 ? `${Number((v / 1e4).toPrecision(3))}万` : num(v));
  return num;
}

/** A parameter value: three significant digits, whole numbers when large. */
const num = (v: number) => (!Number.isFinite(v) ? '–' : Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/**
 * What `urbsim calibrate` prints: the runs and tolerance, the figures fitted
 * (flagged ones with the reason), how many were left out, then one line per
 * parameter with prior and posterior p10 / p50 / p90, then the scenario's
 * targets' probabilities before and after ({@link calibratedTargetsTable}).
 *
 * @example
 * console.log(calibrationTable(c, 'data/observed/observed.csv'));
 */
export function calibrationTable(c: Calibration, observedFile: string): string {
  const runs = c.result.runEnd - c.result.runStart;
  const a = c.fit.accepted.length;
  const ess = c.fit.ess;
  const lines = [
    `${c.scenario.name}: calibrated on ${observedFile}, area ${c.area}${c.until !== undefined ? `, figures up to ${c.until}` : ''}`,
    c.fit.kernel === 'observation'
      ? `${runsText(runs)} weighed by the figures' observation errors (by caliber); effective sample size ${Math.round(ess).toLocaleString('en')} (${((100 * ess) / runs).toFixed(1)}% of the runs)`
      : `${runsText(runs)}, ${a.toLocaleString('en')} accepted (${((100 * a) / runs).toFixed(1)}%), tolerance ε = ${num(c.fit.epsilon)} (scaled distance); effective sample size ${Math.round(ess).toLocaleString('en')}`,
    ...(ess < SMALL_ESS
      ? [`warning: the posterior rests on ${runsText(ess, 'effective')} (under ${SMALL_ESS}): its quantiles are rough; raise --runs${c.fit.kernel === 'observation' ? '' : ' or --accept'}`]
      : []),
    ...countedTwice(c, c.fitted.map((u) => u.point), 'weighing the runs by these figures again counts them twice: the posterior and the calibrated P(met) overstate what they say'),
    // σ's fit is not a pace's (countedTwice): a curated scenario drawing the shipped σ counts its area's registered rate twice too.
    ...sigmaTwiceNote(c.scenario, c.area, c.fitted.map((u) => u.point)),
    '',
    'fitted figures                                   observed   error sd   prior p50   posterior p50',
  ];
  const m = c.fitted.length;
  const all = Array.from({ length: runs }, (_, r) => r);
  c.fitted.forEach((u, j) => {
    const values = (rows: ArrayLike<number>) => Array.from(rows, (r) => c.simulated[r * m + j]).filter((x) => !Number.isNaN(x)).sort((x, y) => x - y);
    const prior = values(all);
    const median = (v: number[]) => (v.length ? quantileSorted(v, 0.5) : NaN);
    const p = u.point;
    const f = (v: number) => formatValue(p.metric, v);
    const post = Array.from(c.fit.accepted, (r) => c.simulated[r * m + j]);
    const err = observationError(p);
    const y = offScale(err.at, 'logit'); // the rate the error is taken at (one sd inside an edge)
    const sd = err.scale === 'logit' ? `${(err.sd * y * (1 - y) * 100).toFixed(2)} pt` : `${(err.sd * 100).toFixed(0)}%`;
    lines.push(
      `${`${p.metric} ${periodText(p)}`.padEnd(48)} ${f(p.value).padStart(9)} ${sd.padStart(10)} ${f(median(prior)).padStart(11)} ${f(weightedQuantiles(post, c.fit.weights, [0.5])[0]).padStart(15)}`,
    );
    if (u.status === 'flagged') lines.push(`  flagged: ${u.reason}`);
    // A figure no run reaches pulls the posterior to the edge of the prior: say so rather than let it pass for a fit.
    if (prior.length && (p.value < prior[0] || p.value > prior[prior.length - 1]))
      lines.push(`  outside every run (${f(prior[0])} – ${f(prior[prior.length - 1])}): the prior cannot reach it, the posterior sits at its edge`);
  });
  if (c.determined.length) lines.push('', `not fitted, fixed by figures fitted (${c.determined.length}):`);
  for (const d of c.determined) lines.push(`  ${describePoint(d.use.point)}: ${d.reason}`);
  const excluded = c.points.filter((u) => u.status === 'excluded');
  if (excluded.length) lines.push('', `left out (${excluded.length}, all in points.arrow):`);
  for (const u of excluded.slice(0, MAX_LISTED)) lines.push(`  ${describePoint(u.point)}: ${u.reason}`);
  if (excluded.length > MAX_LISTED) lines.push(`  … and ${excluded.length - MAX_LISTED} more`);
  // as wide as the longest name (the change of count's draws: uncertainty.registered_break.village_share)
  const width = Math.max(32, ...c.parameters.map((p) => p.name.length));
  lines.push('', `${'parameter'.padEnd(width + 3)}prior p10      p50      p90   posterior p10      p50      p90`);
  for (const p of c.parameters) {
    const show = parameterValue(p.name, c.scenario.percentVariables?.includes(p.name) === true);
    const q = (s: typeof p.prior) => [s.p10, s.p50, s.p90].map((v) => show(v).padStart(8)).join(' ');
    lines.push(`${p.name.padEnd(width)} ${q(p.prior)}             ${q(p.posterior)}`);
  }
  if (c.notRecorded)
    lines.push(
      `note: the runs given hold no params.arrow column for ${c.notRecorded.join(', ')} (written by an older urbsim): ` +
        'no posterior for them; run the scenario again to have one',
    );
  lines.push(...adjustmentNotes(c));
  const targets = calibratedTargetsTable(c);
  if (targets) lines.push('', targets);
  return lines.join('\n');
}

const pct = (v: number) => (Number.isFinite(v) ? probabilityText(v) : '–');

/**
 * The scenario's targets (then all jointly), P(met) over every run as drawn and
 * over the runs weighed by the fitted figures ({@link calibratedTargets}), each
 * with its 95 % interval and the effective runs behind the weighted one; a note
 * says what the intervals measure. Empty when the scenario has no targets.
 *
 * @example
 * calibratedTargetsTable(c);
 * // 'target                                   prior P(met)   95% interval   calibrated P(met)   95% interval   effective runs\n…'
 */
export function calibratedTargetsTable(c: Calibration): string {
  const targets = calibratedTargets(c);
  if (!targets.length) return '';
  const label = (t: (typeof targets)[number]['prior']) => (t.id === 'all' ? 'all targets jointly' : targetLine(t));
  // 40 characters, or the longest label's: the probabilities stay in their columns.
  const width = Math.max(40, ...targets.map(({ prior }) => label(prior).length));
  const lines = [`${'target'.padEnd(width + 1)}prior P(met)   95% interval   calibrated P(met)   95% interval   effective runs`];
  let rough = false;
  // † and § at each line's end, explained below: § as urbsim run's table marks the target; the † the calibrated P's,
  // weighed by the fitted figures (weighedOnDefaults: not where one of them informs a pace that moves the target).
  const priors = targets.map((t) => t.prior);
  const basis = defaultsBasis(c.scenario);
  const fitted = c.fitted.map((u) => u.point);
  const [onDefaults, onBreak] = [priors.map((t) => targetWeighedOnDefaults(basis, { metric: t.metric, year: t.id === 'all' ? null : t.year }, fitted)), targetsOnBreak(c.scenario, priors)];
  for (const [i, { prior: t, calibrated: w }] of targets.entries()) {
    const interval = (lo: number, hi: number, f = pct) => `${f(lo)}–${f(hi)}`.padEnd(13);
    // On few effective runs a tenth of a point is precision the runs do not have: whole percent, and said to be rough.
    const few = w.effectiveRuns < SMALL_ESS;
    rough ||= few;
    const onRuns = (p: number) => percentOnRuns(p, w.effectiveRuns);
    lines.push(
      `${label(t).padEnd(width)} ${pct(t.probability).padStart(12)}   ${interval(t.lower, t.upper)}  ${onRuns(w.probability).padStart(17)}   ${interval(w.lower, w.upper, onRuns)}  ${`${Math.round(w.effectiveRuns)}${few ? ' (rough)' : ''}`.padStart(14)}${onDefaults[i] ? ' †' : ''}${onBreak[i] ? ' §' : ''}`,
    );
  }
  lines.push(
    `(P(met): share of the ${runsText(c.result.runEnd - c.result.runStart)} meeting the target; calibrated: ${c.fit.kernel === 'observation' ? 'the runs weighed by the fitted figures' : 'the accepted runs'}. 95 % Wilson intervals on the runs, ` +
      'and for the calibrated P on its effective runs (the smaller of Kish\'s (Σw)²/Σw² and the target\'s own): ' +
      'Monte Carlo error given the model, not the model\'s error' +
      (rough ? `; on fewer than ${SMALL_ESS} effective runs the calibrated P is rough and given in whole percent` : '') +
      ')',
  );
  if (onDefaults.some(Boolean)) lines.push(noteText('en', 'onDefaultsNote'));
  if (onBreak.some(Boolean)) lines.push(noteText('en', 'onBreakNote'));
  return lines.join('\n');
}

/** Share of adjusted values beyond the accepted runs above which the table warns. */
const EXTRAPOLATED_SHARE = 0.05;
const bound = (v: number) => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : num(v));
const SCALE_NAMES = { logit: 'logit', log: 'log(θ − lower)', 'log-upper': 'log(upper − θ)' } as const;

/**
 * One line per parameter whose regression adjustment had to be kept inside
 * its prior's support, and one per parameter it moved more than 5 % of the
 * values beyond every accepted run (an extrapolation the reader should not
 * take for a fit).
 */
function adjustmentNotes(c: Calibration): string[] {
  if (c.fit.regressionSkipped) return ['', `regression adjustment not done: ${c.fit.regressionSkipped}; the posterior is the plain rejection sample`];
  const inside: string[] = [];
  const beyond: string[] = [];
  const kept: string[] = [];
  const a = c.fit.accepted.length;
  c.fit.adjustment?.forEach((adj, i) => {
    const name = c.parameters[i].name;
    if (adj.kept) kept.push(name);
    if (adj.scale !== 'none') {
      const shrunk = adj.shrunk ? `; ${adj.shrunk} on a bound moved just inside first` : '';
      inside.push(
        `  ${name}: a linear adjustment put ${adj.linearOutside} of ${a} values outside the prior's support [${bound(adj.lower)}, ${bound(adj.upper)}]; ` +
          `adjusted on the ${SCALE_NAMES[adj.scale]} scale instead, all inside${shrunk}`,
      );
    }
    // A few tail values just past the accepted range are the regression's ordinary spread; a sizeable share is extrapolation.
    if (adj.beyondAccepted > EXTRAPOLATED_SHARE * a) beyond.push(`  ${name}: ${adj.beyondAccepted} of ${a} adjusted values lie beyond every accepted run's value`);
  });
  const notes = inside.length ? ['', 'regression adjustment kept inside the support:', ...inside] : [];
  if (kept.length) notes.push('', `not regression-adjusted, a choice among values (the correction would fall between them): ${kept.join(', ')}, as accepted`);
  if (beyond.length)
    notes.push('', 'regression adjustment extrapolates (the figures lie off the accepted runs, or there are nearly as many figures as accepted runs; compare without --regression):', ...beyond);
  return notes;
}

/**
 * What `urbsim backtest` prints after the calibration table: one line per
 * later figure (observed, posterior median, 50 % and 80 % intervals, covered
 * or not), then coverage and errors for the posterior and for the prior, and under them the note where a scored
 * figure is one the conversion's σ the runs draw was fitted with ({@link sigmaScoredNote}).
 *
 * @example
 * console.log(backtestTable(b));
 */
export function backtestTable(b: Backtest): string {
  const s = b.score;
  const lines = [
    `scored after ${b.calibration.until}: ${b.scored.length} figure${b.scored.length > 1 ? 's' : ''}`,
    ...countedTwice(b.calibration, b.scored.map((u) => u.point), 'these figures were not held out, so their score is not out of sample'),
    '',
  ];
  lines.push('figure                          observed     median   50% interval             80% interval             in 50%  in 80%   PIT');
  b.scored.forEach((u, j) => {
    const f = (v: number) => formatValue(u.point.metric, v);
    lines.push(
      `${s.label[j].padEnd(30)} ${f(s.observed[j]).padStart(9)} ${f(s.median[j]).padStart(10)}   ${`${f(s.lower50[j])} – ${f(s.upper50[j])}`.padEnd(24)} ${`${f(s.lower80[j])} – ${f(s.upper80[j])}`.padEnd(24)} ${(s.covered50[j] ? 'yes' : 'no').padStart(6)} ${(s.covered80[j] ? 'yes' : 'no').padStart(7)} ${s.pit[j].toFixed(2).padStart(5)}`,
    );
    if (u.status === 'flagged') lines.push(`  flagged: ${u.reason}`);
  });
  const totals = (name: string, t: Backtest['score']['totals']) =>
    `${name.padEnd(30)} 50% interval covers ${Math.round(t.coverage50 * t.points)}/${t.points}, 80% interval ${Math.round(t.coverage80 * t.points)}/${t.points}; mean |relative error of the median| ${(100 * t.meanAbsoluteRelativeError).toFixed(1)}%`;
  const kept = b.calibration.fit.kernel === 'observation' ? 'posterior (weighted runs)' : 'posterior (accepted runs)';
  lines.push('', totals(kept, s.totals), totals('prior (all runs)', b.priorScore.totals));
  lines.push('(intervals and PIT of what the statistics will publish: each run\'s value plus the figure\'s observation error by caliber)');
  // σ's fit is not a pace's (countedTwice, above the table): a scored registered rate of its series is not out of sample for σ.
  lines.push(...sigmaScoredNote(b.calibration.scenario, b.calibration.area, b.scored.map((u) => u.point)));
  return lines.join('\n');
}

/**
 * A warning when the scenario draws a pace at the law fitted to its area's own figures (a generated pilot's, `urbsim
 * init AREA`'s) and some of `points` informed that law ({@link figuresInLaws}): what follows uses them a second time.
 */
function countedTwice(c: Calibration, points: readonly ObservedPoint[], consequence: string): string[] {
  const { keys, figures } = figuresInLaws(c.scenario, c.area, points);
  if (!figures.length) return [];
  return [
    `warning: ${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} drawn at the law fitted to ${figures.map((p) => `${p.metric} ${periodText(p)}`).join(', ')} ` +
      `(data/observed/fitted-defaults.json, as the generated pilots and urbsim init write it): ${consequence}; ` +
      `for an independent answer draw them as an area without these figures does: ${keys.map((k) => independentLaws([k])[0]?.line ?? k).join('; ')}`,
  ];
}

