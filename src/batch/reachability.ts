import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { opSymbol, targetValueText } from '../report/labels.ts';

/** One area's line in the reachability report. */
export interface ReachabilityRow {
  readonly scenario: string;
  readonly city?: string;
  readonly baseYear: number;
  /** Per target: probability and interval. */
  readonly targets: readonly TargetResult[];
  /** Median resident / registered rate reached at each target year. */
  readonly medians: readonly { year: number; resident: number; registered: number }[];
  /** Persons a year the plan's settlement target implies (cumulative target ÷ years), if the plan gives one. */
  readonly planSettlePerYear?: number;
  readonly planSettleYear?: number;
  /** Median persons settled a year by the model over the same years (local + migrants). */
  readonly modelSettlePerYear: number;
}

/**
 * Build an area's reachability line from its run's summaries.
 *
 * @example
 * reachabilityRow(scenario, targets, readSummaryStat(dir, 'p50'));
 */
export function reachabilityRow(
  s: ResolvedScenario,
  targets: readonly TargetResult[],
  p50: Map<string, Map<number, number>>,
): ReachabilityRow {
  // The target years, and 2017 and 2020 (the report's columns) whenever the projection reaches them.
  const shown = [2017, 2020].filter((y) => y > s.years.start && y <= s.years.end);
  const years = [...new Set([...s.targets.map((t) => t.year), ...shown])].sort();
  const targetYears = [...new Set(s.targets.map((t) => t.year))].sort();
  const medians = years.map((year) => ({
    year,
    resident: p50.get('resident_rate')?.get(year) ?? NaN,
    registered: p50.get('registered_rate')?.get(year) ?? NaN,
  }));
  const plan = [...(s.settlementPlan ?? [])].filter((p) => p.kind === 'total').sort((a, b) => b.year - a.year)[0];
  const until = plan?.year ?? (targetYears.length ? targetYears[targetYears.length - 1] : s.years.end);
  let settled = 0;
  let n = 0;
  for (let y = s.years.start + 1; y <= Math.min(until, s.years.end); y++) {
    settled += (p50.get('settled_local')?.get(y) ?? 0) + (p50.get('settled_migrants')?.get(y) ?? 0);
    n++;
  }
  return {
    scenario: s.name,
    city: s.city,
    baseYear: s.years.start,
    targets,
    medians,
    planSettlePerYear: plan ? plan.persons / (plan.year - s.years.start) : undefined,
    planSettleYear: plan?.year,
    modelSettlePerYear: n ? settled / n : NaN,
  };
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`);
const wan = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v / 1e4).toFixed(1)}万`);

function targetCell(r: ReachabilityRow, metric: string, year: number): string {
  const t = r.targets.find((x) => x.metric === metric && x.year === year);
  return t ? `${pct(t.value)}: **${pct(t.probability)}**` : '–';
}

/** Targets outside the four rate columns (population targets, other years), each with its probability. */
function otherTargets(r: ReachabilityRow): string {
  const inColumns = (t: TargetResult) => (t.metric === 'resident_rate' || t.metric === 'registered_rate') && (t.year === 2017 || t.year === 2020);
  const other = r.targets.filter((t) => t.id !== 'all' && !inColumns(t));
  return other.length ? other.map((t) => `${t.metric} ${opSymbol(t.op)} ${targetValueText(t.metric, t.value)} ${t.year}: **${pct(t.probability)}**`).join('; ') : '–';
}

/** An area the report must account for although it has no scenario. */
export type UncoveredArea = { readonly id: string; readonly name: string; readonly missing: string };

/**
 * The reachability table in Markdown: per area, the probability of each 2017
 * and 2020 target (and of any other target), the median rates reached in
 * 2020, and yearly settlement implied by the plan against what the model
 * settles; then the areas without a scenario and what their data lack.
 *
 * @example
 * reachabilityMarkdown(rows, 1000, [{ id: 'langzhong', name: '阆中市', missing: 'population' }]);
 */
export function reachabilityMarkdown(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[] = []): string {
  const out: string[] = [];
  out.push(`# ${title(rows, runs, uncovered)}`);
  out.push('');
  out.push('Each target cell is *target: probability the model meets it*. Medians are over runs. Settlement per year:');
  out.push('the plan\'s cumulative settlement target divided by its years, against the model\'s median yearly settlement');
  out.push('(local + migrants) over the same years.');
  out.push('');
  out.push('| area | resident 2017 | registered 2017 | resident 2020 | registered 2020 | other targets | all targets | median 2020 resident / registered | settle/yr plan | settle/yr model |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const all = r.targets.find((t) => t.id === 'all');
    const m2020 = r.medians.find((m) => m.year === 2020);
    out.push(
      `| ${r.scenario} | ${targetCell(r, 'resident_rate', 2017)} | ${targetCell(r, 'registered_rate', 2017)} | ${targetCell(r, 'resident_rate', 2020)} | ${targetCell(r, 'registered_rate', 2020)} | ${otherTargets(r)} | ${all ? pct(all.probability) : '–'} | ${m2020 ? `${pct(m2020.resident)} / ${pct(m2020.registered)}` : '–'} | ${wan(r.planSettlePerYear)} | ${wan(r.modelSettlePerYear)} |`,
    );
  }
  if (uncovered.length) {
    out.push('', `## No scenario (${uncovered.length})`, '', 'Pilot areas whose data lack a figure the scenario cannot do without:', '');
    for (const u of uncovered) out.push(`- ${u.id} (${u.name}): no scenario: missing ${u.missing}`);
  }
  return `${out.join('\n')}\n`;
}

/** "pilot targets" only when the batch covers seed 004's pilots (it then lists those without a scenario). */
function title(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[]): string {
  return `Reachability of the ${uncovered.length ? 'pilot ' : ''}targets (${rows.length} area${rows.length === 1 ? '' : 's'}, ${runs} runs each)`;
}

/** The same table as a self-contained HTML page. */
export function reachabilityHtml(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[] = []): string {
  const md = reachabilityMarkdown(rows, runs).split('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\*\*(.*?)\*\*/g, '<b>$1</b>').replace(/\*(.*?)\*/g, '<i>$1</i>');
  const missing = uncovered.length
    ? `<h2>No scenario (${uncovered.length})</h2><ul>${uncovered.map((u) => `<li>${esc(`${u.id} (${u.name}): no scenario: missing ${u.missing}`)}</li>`).join('')}</ul>`
    : '';
  const table = md.filter((l) => l.startsWith('|') && !l.startsWith('|---'));
  const [head, ...body] = table.map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
  const heading = title(rows, runs, uncovered);
  const intro = md.filter((l) => l && !l.startsWith('|') && !l.startsWith('#')).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(heading)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f4f4f4;cursor:pointer}</style>
</head><body><h1>${esc(heading)}</h1><p>${esc(intro)}</p>
<table id="t"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>${missing}
<script>document.querySelectorAll('#t th').forEach((th,i)=>th.onclick=()=>{const b=document.querySelector('#t tbody');const rows=[...b.rows];const k=r=>{const t=r.cells[i].innerText;const m=t.match(/([\\d.]+)%?$/);return m?parseFloat(m[1]):t};const dir=th.dataset.d=th.dataset.d==='1'?'-1':'1';rows.sort((a,c)=>{const x=k(a),y=k(c);return (x>y?1:x<y?-1:0)*dir});rows.forEach(r=>b.appendChild(r))});</script>
</body></html>
`;
}
