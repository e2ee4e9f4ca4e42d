import { outOfBoundsWarnings } from '../analysis/outOfBounds.ts';
import { M, METRIC_COUNT } from '../model/indicators.ts';
import { everyRunSame } from '../analysis/everyRunSame.ts';
import type { Summary } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { MonteCarloResult, Shard } from '../montecarlo/runMonteCarlo.ts';
import { label, targetLine } from '../report/labels.ts';
import { targetsOnDefaults } from '../batch/onDefaults.ts';
import { targetsOnBreak } from '../batch/onBreak.ts';
import { runsText } from '../report/batchMarks.ts';
import { planLine } from './planLine.ts';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/**
 * The short table printed after a run: the scenario's settlement plan against the runs' settlement
 * ({@link planLine}), both rates at each target year (or the
 * last year) as p10 / p50 / p90 over runs (from the run's summary), then each target's probability,
 * then a warning per parameter an expression or shocks pushed out of its
 * bounds in some run. A target whose probability rests mainly on defaults is
 * marked † and explained under the table, as the batch's report marks it
 * ({@link targetsOnDefaults}); one resting on an assumed change of the registered count's definition is marked §
 * ({@link targetsOnBreak}). A shard's header names the shard and its runs.
 *
 * @example
 * console.log(resultTable(result, summary, targets));
 */
export function resultTable(r: MonteCarloResult, summary: Summary, targets: readonly TargetResult[], shard?: Shard | null): string {
  const yearsWanted = [...new Set(r.scenario.targets.map((t) => t.year))].sort();
  if (yearsWanted.length === 0) yearsWanted.push(r.years[r.years.length - 1]);
  const runs = r.runEnd - r.runStart;
  const lines: string[] = [];
  // A shard's figures are over its slice only: say so, lest they are read as the whole run's.
  const n = (x: number) => x.toLocaleString('en');
  // More shards than runs leave some with none (a job array of a fixed size): it said "runs 0–-1 of 10".
  const slice = !shard ? ''
    : runs === 0 ? `, shard ${shard.index}/${shard.count}: none of the ${n(r.scenario.monteCarlo.runs)} (more shards than runs)`
    : `, shard ${shard.index}/${shard.count}: runs ${n(r.runStart)}–${n(r.runEnd - 1)} of ${n(r.scenario.monteCarlo.runs)}`;
  lines.push(`${r.scenario.name}: ${runsText(runs)}${slice}, seed ${r.scenario.monteCarlo.seed}`);
  // What the plan promises, beside what the runs settle: the registered rate's targets rest on it.
  const plan = planLine(r.scenario, summary);
  if (plan) lines.push(plan);
  lines.push('year  metric            p10      p50      p90');
  for (const year of yearsWanted) {
    const y = r.years.indexOf(year);
    if (y < 0) continue;
    for (const m of ['resident_rate', 'registered_rate'] as const) {
      const q = (p: 'p10' | 'p50' | 'p90') => pct(summary.stats[p][y * METRIC_COUNT + M[m]]).padStart(8);
      lines.push(`${year}  ${m.padEnd(16)}${q('p10')} ${q('p50')} ${q('p90')}`);
    }
  }
  if (targets.length) {
    // A scenario that draws nothing at random runs the same projection every time: its P is 0 or 100 % with no Monte
    // Carlo error, and a Wilson interval (0–3.7 % on 100 runs) would suggest one.
    const same = everyRunSame(summary, runs);
    const labels = targets.map((t) => (t.id === 'all' ? 'all targets jointly' : targetLine(t)));
    // 40 characters, or the longest label's (migrant_children_public_share ≥ 60.0% in 2011): P(met) stays one column.
    const w = Math.max(40, ...labels.map((l) => l.length));
    lines.push('');
    lines.push(`${'target'.padEnd(w + 1)}P(met)${same ? '' : '   95% interval'}`);
    // † as the batch's report marks it (one rule, targetsOnDefaults), at the line's end: the columns stay aligned.
    const marked = targetsOnDefaults(r.scenario, targets);
    // § likewise (targetsOnBreak), after the †.
    const onBreak = targetsOnBreak(r.scenario, targets);
    targets.forEach((t, i) => {
      lines.push(`${labels[i].padEnd(w)} ${pct(t.probability).padStart(6)}${same ? '' : `   ${pct(t.lower)}–${pct(t.upper)}`}${marked[i] ? ' †' : ''}${onBreak[i] ? ' §' : ''}`);
    });
    // A planner reads an interval beside a probability as the answer's uncertainty: say it is the runs' sampling only.
    lines.push(
      same
        ? `(P(met): every one of the ${runsText(runs)} is the same projection — the scenario draws nothing at random — so each target is met in all of them or in none: deterministic, no Monte Carlo error; targets.arrow still keeps the Wilson interval ${n(runs)} independent runs would have)`
        : `(P(met): share of the ${runsText(runs)} meeting the target; 95% Wilson interval: Monte Carlo error given the model, not the model's error)`,
    );
    if (marked.some(Boolean)) lines.push(label('en', 'onDefaultsNote'));
    if (onBreak.some(Boolean)) lines.push(label('en', 'onBreakNote'));
  }
  const warnings = outOfBoundsWarnings(r);
  if (warnings.length) lines.push('', ...warnings);
  return lines.join('\n');
}
