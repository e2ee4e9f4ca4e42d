import { periodText } from '../io/readObserved.ts';
import type { CrossValidation, Family, HeldOutFigure } from './crossValidate.ts';
import { summarizeScores } from './crossValidate.ts';
import { calibratedRange } from './calibratedRange.ts';
import { byAreaRange, coverageByArea } from './coverageByArea.ts';
import { runsText } from '../report/batchMarks.ts';

const FAMILY_TEXT: Record<Family, string> = { rates: 'rates (points)', populations: 'populations (% of the figure)', settled: 'people settled (% of the figure)' };
const pct = (n: number, of: number) => (of ? `${n}/${of} (${Math.round((100 * n) / of)}%)` : '–');
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/**
 * The cross-validation in Markdown: a summary table (per family of figures and
 * overall: how many figures, how many inside the model's 50 % and 80 %
 * intervals, the PIT histogram by fifths, mean CRPS and 80 % interval score of
 * the model and of the naive trend on the figures both forecast), the counts a
 * calibrated forecast would give by chance, one sentence
 * per family saying which forecast scores better, and a line per figure.
 *
 * @example
 * crossValidationMarkdown(cv, 'data/observed/observed.csv');
 */
export function crossValidationMarkdown(cv: CrossValidation, observedFile: string): string {
  const { figures } = cv;
  const areas = new Set(figures.map((f) => f.area)).size;
  const families = (['rates', 'populations', 'settled'] as const).filter((fam) => figures.some((f) => f.family === fam));
  const groups: [string, readonly HeldOutFigure[]][] = [...families.map((fam) => [FAMILY_TEXT[fam], figures.filter((f) => f.family === fam)] as [string, HeldOutFigure[]]), ['all figures', figures]];
  const lines = [
    `Leave-one-area-out cross-validation on ${observedFile}: ${figures.length} figures after their area's base year, in ${areas} areas.`,
    `Each area's generated pilot is run (${runsText(cv.runs)}) with defaults fitted without that area; its forecast of a figure is each run's value plus the figure's observation error by caliber.`,
    ...historyLine(cv),
    // What the run warned about (few effective runs, an unusual gain before a base year), as it printed it to stderr.
    ...(cv.warnings ?? []).map((w) => `warning: ${w}`),
    '',
    '| figures | n | in 50 % interval | in 80 % interval | PIT by fifth (0–.2 … .8–1) | CRPS model / naive | 80 % interval score model / naive | naive forecasts |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, fs] of groups) {
    const m = summarizeScores(fs.map((f) => f.model));
    const both = fs.filter((f) => f.naive);
    const mb = summarizeScores(both.map((f) => f.model));
    const nb = summarizeScores(both.map((f) => f.naive!));
    const scored = name === 'all figures' ? '–' : `${num(mb.crps)} / ${num(nb.crps)}`;
    const interval = name === 'all figures' ? '–' : `${num(mb.intervalScore80)} / ${num(nb.intervalScore80)}`;
    lines.push(`| ${name} | ${m.figures} | ${pct(m.in50, m.figures)} | ${pct(m.in80, m.figures)} | ${m.pitFifths.join(' ')} | ${both.length ? scored : '–'} | ${both.length ? interval : '–'} | ${both.length} |`);
  }
  const naive = figures.filter((f) => f.naive);
  const n = summarizeScores(naive.map((f) => f.naive!));
  lines.push(`| naive trend forecast | ${n.figures} | ${pct(n.in50, n.figures)} | ${pct(n.in80, n.figures)} | ${n.pitFifths.join(' ')} | | | |`);
  const [lo50, hi50] = calibratedRange(figures.length, 0.5);
  const [lo80, hi80] = calibratedRange(figures.length, 0.8);
  lines.push(
    '',
    `A calibrated forecast of ${figures.length} independent figures puts ${lo50}–${hi50} of them inside its 50 % intervals and ${lo80}–${hi80} inside its 80 % intervals, 9 times in 10 (binomial); figures of one area share their fold's draws, so the range is wider still.`,
    ...byAreaLine(figures),
    'CRPS and interval score: mean over the figures both forecast, in points for rates and in % of the figure otherwise; smaller is better.',
  );
  for (const fam of families) {
    const both = figures.filter((f) => f.family === fam && f.naive);
    if (!both.length) {
      lines.push(`- ${FAMILY_TEXT[fam]}: no naive forecast (a flow has no base-year value), so no comparison.`);
      continue;
    }
    const mc = summarizeScores(both.map((f) => f.model)).crps;
    const nc = summarizeScores(both.map((f) => f.naive!)).crps;
    lines.push(
      mc < nc
        ? `- ${FAMILY_TEXT[fam]}: the model beats the naive trend (CRPS ${num(mc)} against ${num(nc)}, ${both.length} figures).`
        : `- ${FAMILY_TEXT[fam]}: **the model does not beat the naive trend** (CRPS ${num(mc)} against ${num(nc)}, ${both.length} figures).`,
    );
  }
  lines.push('', '| area | figure | observed | model p10 – p50 – p90 | PIT | naive p10 – p50 – p90 | PIT | status |', '|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const v = (x: number) => (f.family === 'rates' ? `${(100 * x).toFixed(2)}%` : `${(x / 1e4).toFixed(2)}万`);
    const band = (s: { lower80: number; median: number; upper80: number }) => `${v(s.lower80)} – ${v(s.median)} – ${v(s.upper80)}`;
    lines.push(
      `| ${f.area} | ${f.point.metric} ${periodText(f.point)} (${f.point.file.split('/').at(-1)}:${f.point.line}) | ${v(f.point.value)} | ${band(f.model)} | ${f.model.pit.toFixed(2)} | ${f.naive ? `${band(f.naive)} (${f.naive.basis})` : '–'} | ${f.naive ? f.naive.pit.toFixed(2) : '–'} | ${f.status === 'flagged' ? `flagged: ${f.point.definition}` : 'used'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The folds whose urbanization pace was conditioned on the area's resident rate before its base year, said under the
 * title (nothing when none was): their forecasts use figures the other folds' do not have.
 *
 * @example
 * historyLine(cv); // ['Conditioned on the area\'s resident rate before its base year (src/model/README.md, source 5b): luoyang 2.73 → 2.93 %, …']
 */
function historyLine(cv: Pick<CrossValidation, 'folds'>): string[] {
  const pct = (z: number) => `${(100 / (1 + Math.exp(-z))).toFixed(2)} %`;
  const folds = cv.folds.filter((f) => f.history);
  if (folds.length === 0) return [];
  return [`Urbanization pace conditioned on the area's resident rate before its base year (src/model/README.md, source 5b), median before → after: ${folds.map((f) => `${f.area} ${pct(f.history!.before.center)} → ${pct(f.history!.after.center)} (${f.history!.figures.map((x) => x.split(' (')[0].replace('resident_rate ', '')).join('–')})`).join(', ')}.`];
}

/**
 * Coverage counted by area ({@link coverageByArea}), beside the per-figure count: an area's figures share one weight,
 * and what chance gives a calibrated forecast at both ends of the dependence between them ({@link byAreaRange}).
 * Nothing when every area has one figure (the per-figure count says it all).
 *
 * @example
 * byAreaLine(figures); // ['Counted by area (…): 6.6 of 11 inside the 50 % intervals (60 %), …']
 */
function byAreaLine(figures: readonly HeldOutFigure[]): string[] {
  const at = (lo: number, hi: number) => figures.map((f) => ({ area: f.area, inside: f.model.pit >= lo && f.model.pit <= hi }));
  const c50 = coverageByArea(at(0.25, 0.75));
  const c80 = coverageByArea(at(0.1, 0.9));
  if (c50.areas === figures.length) return [];
  const r50 = byAreaRange(c50.sizes, 0.5);
  const r80 = byAreaRange(c80.sizes, 0.8);
  const one = (x: number) => (Math.round(x * 10) / 10).toFixed(Number.isInteger(Math.round(x * 10) / 10) ? 0 : 1);
  const share = (x: number) => `${Math.round((100 * x) / c50.areas)}%`;
  return [
    `Counted by area (an area's figures share one weight, 1/n each, n its figures: they share their fold's draws, and some are computed from others of their year): ${one(c50.inside)} of ${c50.areas} inside the 50 % intervals (${share(c50.inside)}), ${one(c80.inside)} of ${c80.areas} inside the 80 % intervals (${share(c80.inside)}); a calibrated forecast gives ${one(r50.apart[0])}–${one(r50.apart[1])} and ${one(r80.apart[0])}–${one(r80.apart[1])} 9 times in 10 if an area's figures fall inside independently, ${r50.together[0]}–${r50.together[1]} and ${r80.together[0]}–${r80.together[1]} if all together.`,
  ];
}
