import { FONT_STACK } from './chartStyle.ts';
import { type Lang, isRate, label, metricName, targetName } from './labels.ts';
import type { BatchFolder, OutputFolder, SensitivityFolder, SolveFolder } from './readOutputFolder.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';

/** A rendered chart for the page: heading, how to read it, inline SVG markup. */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly svg: string;
}

/**
 * One self-contained HTML page for an output folder: no scripts, styles or
 * fonts fetched from anywhere, the charts inlined as SVG, and a table of
 * target probabilities with their 95 % intervals (for a batch, one row per
 * scenario, best joint probability first; for a sensitivity analysis, the
 * indices of every input; for a solve, the answer and its curve). It can be
 * mailed or archived next to the run.
 *
 * @example
 * const html = reportHtml(readOutputFolder('out/dalian'), 'zh', charts);
 * writeFileSync('out/dalian/report/report.zh.html', html);
 */
export function reportHtml(f: OutputFolder, lang: Lang, charts: readonly RenderedChart[]): string {
  const kind = { run: 'report', batch: 'batchReport', sensitivity: 'sensitivityReport', solve: 'solveReport' } as const;
  const title = `${label(lang, kind[f.kind])}: ${f.name}`;
  const sections = charts
    .map((c) => `<section id="${esc(c.id)}">\n<h2>${esc(c.title)}</h2>\n<figure>${c.svg}</figure>\n<p class="note">${esc(c.note)}</p>\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>
body { font-family: ${FONT_STACK}; max-width: 760px; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
.meta { color: #555; font-size: 0.9rem; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.85rem; margin-top: 0.25rem; }
table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.joint td { font-weight: bold; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(metaLine(f, lang))}</p>
${f.kind === 'sensitivity' ? sensitivityTable(f, lang) : f.kind === 'solve' ? solveTable(f, lang) : `<h2>${esc(label(lang, 'targetsTitle'))}</h2>
${f.kind === 'run' ? runTable(f.targets, lang) : batchTable(f.targets, lang)}`}
${sections}
</body>
</html>
`;
}

function metaLine(f: OutputFolder, lang: Lang): string {
  if (f.kind === 'batch') return `${label(lang, 'scenario')}: ${new Set(f.targets.map((t) => t.scenario)).size} · ${f.dir}`;
  const m = f.meta;
  const years = `${m.scenario.years.start}–${m.scenario.years.end}`;
  const runs =
    f.kind === 'sensitivity' ? `${f.meta.runs} + ${f.meta.designRuns} (${f.meta.sampler}; Saltelli)`
    : f.kind === 'solve' ? `${f.meta.runs} × ${f.curve.length}`
    : `${f.meta.runs} (${f.meta.sampler})`;
  return [
    ...(f.kind === 'sensitivity' ? [`${metricName(lang, f.meta.metric)}, ${f.meta.year}`] : []),
    `${label(lang, 'runs')}: ${runs}`,
    `${label(lang, 'seed')}: ${m.seed}`,
    `${label(lang, 'years')}: ${years}`,
    `${label(lang, 'generated')}: urbsim ${m.toolkit.version}, ${m.timings.finishedAt.slice(0, 10)}, hash ${m.hash.slice(0, 12)}`,
  ].join(' · ');
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

function runTable(targets: readonly TargetRow[], lang: Lang): string {
  const rows = [...targets]
    .sort(byTargetOrder)
    .map(
      (t) =>
        `<tr${t.year === null ? ' class="joint"' : ''}><td>${esc(targetName(lang, t))}</td><td class="num">${pct(t.probability)}</td><td class="num">${pct(t.lower)}–${pct(t.upper)}</td><td class="num">${t.met} / ${t.runs}</td></tr>`,
    )
    .join('\n');
  return `<table>
<thead><tr><th>${esc(label(lang, 'target'))}</th><th class="num">${esc(label(lang, 'probability'))}</th><th class="num">${esc(label(lang, 'interval'))}</th><th class="num">${esc(label(lang, 'runs'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function batchTable(targets: readonly TargetRow[], lang: Lang): string {
  const by = new Map<string, TargetRow[]>();
  for (const t of targets) by.set(t.scenario, [...(by.get(t.scenario) ?? []), t]);
  const joint = (rows: TargetRow[]) => rows.find((t) => t.year === null)?.probability ?? NaN;
  const scenarios = [...by.entries()].sort((a, b) => (joint(b[1]) || 0) - (joint(a[1]) || 0) || a[0].localeCompare(b[0]));
  const rows = scenarios
    .map(([name, rows]) => {
      const each = rows
        .filter((t) => t.year !== null)
        .map((t) => `${esc(targetName(lang, t, { short: true }))}: ${pct(t.probability)}`)
        .join('<br>');
      const j = rows.find((t) => t.year === null);
      return `<tr><td>${esc(name)}</td><td class="num">${j ? `${pct(j.probability)} <small>(${pct(j.lower)}–${pct(j.upper)})</small>` : ''}</td><td>${each}</td></tr>`;
    })
    .join('\n');
  return `<table>
<thead><tr><th>${esc(label(lang, 'scenario'))}</th><th class="num">${esc(label(lang, 'allTargets'))}</th><th>${esc(label(lang, 'target'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

const fixed = (v: number, sign = false) => (Number.isFinite(v) ? `${sign && v >= 0 ? '+' : ''}${v.toFixed(2)}` : '–');
const withCi = (v: number, lo: number, hi: number, sign = false) => (Number.isFinite(v) ? `${fixed(v, sign)} <small>[${fixed(lo, sign)}, ${fixed(hi, sign)}]</small>` : '–');

/** The inputs ranked by total Sobol' index, with both indices and the PRCC. */
function sensitivityTable(f: SensitivityFolder, lang: Lang): string {
  const by = new Map<string, Record<string, { e: number; lo: number; hi: number }>>();
  for (const r of f.rows) by.set(r.parameter, { ...by.get(r.parameter), [r.index]: { e: r.estimate, lo: r.lower, hi: r.upper } });
  const key = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? -Infinity : x);
  const ranked = [...by.entries()].sort((a, b) => key(b[1].total?.e) - key(a[1].total?.e) || a[0].localeCompare(b[0]));
  const cell = (i?: { e: number; lo: number; hi: number }, sign = false) => `<td class="num">${i ? withCi(i.e, i.lo, i.hi, sign) : '–'}</td>`;
  const rows = ranked.map(([p, ix], i) => `<tr><td class="num">${i + 1}</td><td>${esc(p)}</td>${cell(ix.total)}${cell(ix.first)}${cell(ix.prcc, true)}</tr>`).join('\n');
  const m = f.meta;
  // NaN is written as null in meta.json: a metric that does not vary has no sd.
  const show = (v: number | null, scale = 1, unit = '%') =>
    v === null || !Number.isFinite(v) ? '–' : isRate(m.metric) ? `${(v * 100).toFixed(scale)}${unit}` : Math.round(v).toLocaleString('en');
  return `<p>${esc(metricName(lang, m.metric))}, ${m.year}: ${esc(label(lang, 'mean'))} ${show(m.mean)}, sd ${show(m.sd, 2, ' pt')}</p>
<table>
<thead><tr><th class="num">${esc(label(lang, 'rank'))}</th><th>${esc(label(lang, 'input'))}</th><th class="num">${esc(label(lang, 'sobolTotal'))}</th><th class="num">${esc(label(lang, 'sobolFirst'))}</th><th class="num">PRCC</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** The answer in words and the probability curve. */
function solveTable(f: SolveFolder, lang: Lang): string {
  const rows = f.curve
    .map((c) => `<tr${c.answer ? ' class="joint"' : ''}><td class="num">${c.x.toLocaleString('en', { maximumSignificantDigits: 8 })}</td><td class="num">${pct(c.probability)}</td><td class="num">${pct(c.lower)}–${pct(c.upper)}</td><td class="num">${c.met} / ${c.runs}</td></tr>`)
    .join('\n');
  return `<p><strong>${esc(f.meta.message)}</strong></p>
<table>
<thead><tr><th class="num">${esc(f.meta.lever)}</th><th class="num">${esc(label(lang, 'probability'))}</th><th class="num">${esc(label(lang, 'interval'))}</th><th class="num">${esc(label(lang, 'runs'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
