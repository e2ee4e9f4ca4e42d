import { FONT_STACK, TEXT_MAX_WIDTH } from '../report/chartStyle.ts';
import { pilotsChart } from '../report/pilotsChart.ts';
import { renderSvg } from '../report/renderSvg.ts';
import type { TargetRow } from '../report/targetRows.ts';
import { OWN_FIGURES_INTRO, OWN_WEIGHED_INTRO, REACHABILITY_INTRO, type ReachabilityRow, type UncoveredArea, WEIGHED_HEADLINE_INTRO, anyWeighedAnswer, areaCell, ownFiguresLine, ownFiguresList, ownWeighedList, reachabilitySummary, reachabilityTable, reachabilityTitle } from './reachability.ts';

/**
 * The reachability report as one self-contained HTML page: the one-line
 * summary, the chart of every area's target probabilities (most reachable
 * on top) before the long table, the table (sortable by clicking a header),
 * then (with observed figures) the areas' own figures outside their 80 %
 * intervals, with their count under the summary, then the areas without targets and the pilots without a scenario. No
 * request leaves the file: the chart is inline SVG, the sorting an inline
 * script.
 *
 * @example
 * writeFileSync('out/pilots/reachability.html', reachabilityHtml(rows, 1000, uncovered));
 */
export function reachabilityHtml(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[] = []): string {
  const { head, body } = reachabilityTable(rows);
  const heading = reachabilityTitle(rows, runs, uncovered);
  const targets: TargetRow[] = rows.flatMap((r) =>
    r.targets.map((t) => ({ scenario: r.scenario, target: t.id, metric: t.metric, year: t.year, op: t.op, value: Number.isFinite(t.value) ? t.value : null, met: t.met, runs: t.runs, probability: t.probability, lower: t.lower, upper: t.upper })),
  );
  const names = new Map(rows.map((r) => [r.scenario, areaCell(r)]));
  const chart = targets.length ? `<figure>${renderSvg((document) => pilotsChart(targets, { lang: 'en', document, names }))}</figure>` : '';
  const ownLine = ownFiguresLine(rows);
  const outside = ownFiguresList(rows);
  const ownSection = outside.length ? `<h2>Own figures outside the 80 % interval (${outside.length})</h2><p>${md(OWN_FIGURES_INTRO.join(' '))}</p><ul>${outside.map((l) => `<li>${md(l.slice(2))}</li>`).join('')}</ul>` : '';
  const weighed = ownWeighedList(rows);
  const weighedSection = weighed.length
    ? `<h2>Targets weighed by the area's own figures (${weighed.length})</h2><p>${md(OWN_WEIGHED_INTRO.join(' '))}</p><ul>${weighed.map((l) => `<li>${md(l.slice(2))}</li>`).join('')}</ul>`
    : '';
  const none = rows.filter((r) => r.targets.length === 0);
  const noTargets = none.length ? `<h2>No targets (${none.length})</h2><p>Scenarios that set no target: projections only.</p><ul>${none.map((r) => `<li>${md(areaCell(r))}</li>`).join('')}</ul>` : '';
  const missing = uncovered.length
    ? `<h2>No scenario (${uncovered.length})</h2><p>Pilot areas whose data lack a figure the scenario cannot do without:</p><ul>${uncovered.map((u) => `<li>${md(`${u.id} (${u.name}): no scenario: missing ${u.gaps.join('; ')}`)}</li>`).join('')}</ul>`
    : '';
  // The text as wide as a report's (TEXT_MAX_WIDTH), not the window's: the intro ran 1,864 px wide at 1920; the table,
  // wider than that with its columns, and the chart keep the window's width.
  // A cell breaks only where it has a space (word-break: keep-all): a browser may break before any Chinese character,
  // which split '0.8万' into '0.8' and a line starting '万', and 石家庄市 into 石 and 家庄市.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${md(heading)}</title>
<style>body{font:14px/1.4 ${FONT_STACK};margin:2em}h1,h2,p,ul{max-width:${TEXT_MAX_WIDTH}px}figure{margin:1em 0}figure svg{max-width:100%;height:auto}table{border-collapse:collapse}td{word-break:keep-all}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f4f4f4;cursor:pointer}</style>
</head><body><h1>${md(heading)}</h1><p><b>${md(reachabilitySummary(rows))}</b></p>${ownLine ? `<p><b>${md(ownLine)}</b></p>` : ''}<p>${md(REACHABILITY_INTRO.join(' '))}</p>
${chart}${anyWeighedAnswer(rows) ? `\n<p>${md(WEIGHED_HEADLINE_INTRO.join(' '))}</p>` : ''}
<table id="t"><thead><tr>${head.map((h) => `<th>${md(h)}</th>`).join('')}</tr></thead>
<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${md(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>${ownSection}${weighedSection}${noTargets}${missing}
<script>${SORT_SCRIPT}</script>
</body></html>
`;
}

/**
 * Sorting the table by a column's header (a click, again to reverse): the area by its name; any other cell by its
 * probability, the number after its first ': ' (a target cell, '53.6%: 99.7% †': the share of runs, not the target,
 * nor text because of a † or ‡ after it), else its first number (a median, a settlement in 万); a cell with none ('–')
 * last either way. A cell with a weighed probability beside its plain one sorts by the plain one, not the weighed
 * after it ('67.0%: 47.5% (weighed 14.2%)'; an all-targets cell, '35.4% (weighed 10.2%)', by its first number). The key was the cell's last number, or its text when a mark or a ')' ended it: a column with † in
 * some cells sorted in neither order (197 of the pilots' 231 target cells carry one), '24.3万' before '3.8万'.
 */
const SORT_SCRIPT =
  "document.querySelectorAll('#t th').forEach((th,i)=>th.onclick=()=>{const b=document.querySelector('#t tbody');const rows=[...b.rows];" +
  "const k=r=>{const t=r.cells[i].innerText;if(i===0)return t;const m=t.slice(t.indexOf(': ')+1).match(/\\d+(\\.\\d+)?/);return m?parseFloat(m[0]):null};" +
  "const dir=th.dataset.d=th.dataset.d==='1'?'-1':'1';" +
  "rows.sort((a,c)=>{const x=k(a),y=k(c);if(x===null||y===null)return (x===null)-(y===null);return (x>y?1:x<y?-1:0)*dir});rows.forEach(r=>b.appendChild(r))});";

/** Markdown cell text as HTML: escaped, with **bold**, *italic* and `code`. */
const md = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\*\*(.*?)\*\*/g, '<b>$1</b>').replace(/\*(.*?)\*/g, '<i>$1</i>')
    // Code spans too: the weighed section's note names `urbsim calibrate`, which the page showed in backticks.
    .replace(/`([^`]+)`/g, '<code>$1</code>');
