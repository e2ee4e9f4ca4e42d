import { type CityFacts, unitScale } from '../data/areas.ts';

const wan = (persons: number) => `${Number((persons / 1e4).toFixed(2))}万`;
const pct = (v: number) => `${Number((v * 100).toFixed(2))}%`;

/** A baseline figure the generator writes, with the comment that says where it comes from. */
type Written = { value: number; note: string };

/** What the generator can build for an area: baseline, targets, or the figures it lacks. */
type PilotPlan =
  | { gaps: string[] }
  | {
      gaps: [];
      base: number;
      resident: Written;
      registered: Written;
      residentRate: number;
      registeredRate: Written;
      /** The `registered_rate_definition:` line's value, with its comment. */
      definition: string;
      migrantPop?: number;
      targets: string[];
    };

// Default share of migrants living in the urban area (the baseline builder's, src/model/baseline.ts).
const MIGRANT_URBAN_SHARE = 0.9;

/**
 * The baseline and targets of a pilot, with every figure the seed lacks either
 * filled by a documented, scale-free assumption or reported as a gap:
 * - a missing resident population is taken from 总人口 (the seed does not say
 *   resident or registered), else from the registered population;
 * - a missing registered population is assumed equal to the resident one;
 * - a missing registered rate, when the plan has no registered-rate target, is
 *   the one the resident figures imply (residence definition, migrants 90 %
 *   urban as the baseline builder assumes), so it adds no information;
 * - targets are the rate targets, and population targets unless flagged.
 */
function pilotPlan(f: CityFacts): PilotPlan {
  const gaps: string[] = [];
  const at = (field: string) => f.figures.find((x) => x.field === field && x.year === f.baseYear);
  const cite = (field: string) => {
    const x = at(field);
    return x ? `seed ${x.seed} L${x.line}` : '';
  };
  const total = at('total_pop');
  let resident: Written | undefined;
  if (f.residentPop) resident = { value: f.residentPop, note: '' };
  else if (total) resident = { value: Math.round(total.value * unitScale(total.unit)), note: `总人口, ${cite('total_pop')}: the seed does not say resident or registered; used as the resident population` };
  else if (f.registeredPop) resident = { value: f.registeredPop, note: 'not in the seed: assumed equal to the registered population' };
  if (!resident) gaps.push('population (no resident, registered or total population in the seed)');
  if (f.residentRate === undefined) gaps.push('resident_rate');
  const rateTargets = f.targets.map((t) => ({ metric: t.metric as string, op: '>=', value: pct(t.value), year: t.year, source: `seed ${t.seed} L${t.line}` }));
  const popTargets = f.area.flags.includes('target_resident_pop_below_base_total') ? [] : popTargetsOf(f);
  const targets = [...rateTargets, ...popTargets];
  const registeredTargets = f.targets.some((t) => t.metric === 'registered_rate');
  if (f.registeredRate === undefined && (registeredTargets || f.area.registeredRateDefinition || f.residentRate === undefined))
    gaps.push(registeredTargets ? 'registered_rate (the plan has registered-rate targets)' : 'registered_rate');
  if (targets.length === 0) gaps.push('targets (no rate or population target in the seed)');
  if (gaps.length || !resident || f.residentRate === undefined || !f.baseYear) return { gaps };

  const R = resident.value;
  const registered: Written = f.registeredPop
    ? { value: f.registeredPop, note: '' }
    : { value: R, note: 'not in the seed: assumed equal to the resident population' };
  const H = registered.value;
  const migrantPop = f.migrantPop && f.migrantPop <= R && f.migrantPop >= R - H ? f.migrantPop : undefined;
  let registeredRate: Written;
  let definition: string;
  if (f.registeredRate !== undefined) {
    registeredRate = { value: f.registeredRate, note: '' };
    definition = f.area.registeredRateDefinition ?? 'hukou   # not told by the seed: default';
  } else {
    // Under the residence definition the registered living in towns are the urban residents who
    // are not migrants; with the builder's urban share of migrants that fixes the rate.
    const M = migrantPop ?? Math.max(0, R - H);
    const implied = Math.max(0, (f.residentRate * R - MIGRANT_URBAN_SHARE * M) / H);
    registeredRate = { value: Number(implied.toFixed(4)), note: 'not in the seed: implied by the resident figures with migrants 90% urban (no registered-rate target uses it)' };
    definition = 'residence   # not in the seed: registered living in towns, so the missing rate follows from the resident figures';
  }
  return {
    gaps: [],
    base: f.baseYear,
    resident,
    registered,
    residentRate: f.residentRate,
    registeredRate,
    definition,
    migrantPop,
    targets: targets.map((t) => `  - { metric: ${t.metric}, year: ${t.year}, op: "${t.op}", value: ${t.value}, source: "${t.source}" }`),
  };
}

/** Population targets: 常住人口 (with a stated minimum or maximum) and 城镇人口. */
function popTargetsOf(f: CityFacts): { metric: string; op: string; value: string; year: number; source: string }[] {
  const kinds: Record<string, { metric: string; op: string }> = {
    target_resident_pop: { metric: 'resident_pop', op: '>=' },
    target_resident_pop_min: { metric: 'resident_pop', op: '>=' },
    target_resident_pop_max: { metric: 'resident_pop', op: '<=' },
    target_urban_pop: { metric: 'urban_resident_pop', op: '>=' },
  };
  const out = [];
  for (const x of f.figures) {
    const k = kinds[x.field];
    if (!k || (x.field === 'target_urban_pop' && f.area.flags.includes('target_urban_pop_exceeds_base_total'))) continue;
    out.push({ ...k, value: wan(x.value * unitScale(x.unit)), year: x.year, source: `seed ${x.seed} L${x.line}` });
  }
  return out.sort((a, b) => a.year - b.year || a.metric.localeCompare(b.metric) || a.op.localeCompare(b.op));
}

/**
 * What an area's data lack for a generated scenario; empty when one can be
 * generated.
 *
 * @example
 * pilotScenarioGaps(cityFacts('langzhong')); // ['population (no resident, registered or total population in the seed)']
 */
export function pilotScenarioGaps(f: CityFacts): string[] {
  return pilotPlan(f).gaps;
}

/**
 * The generated scenario of one pilot area: baseline, targets and settlement
 * plan from `data/areas` (each with its seed line), the settlement mode its
 * plan names, and documented default ranges for everything the seed does not
 * give. Returns undefined when the data lack what {@link pilotScenarioGaps}
 * lists: nothing is guessed for those.
 *
 * @example
 * pilotScenarioYaml(cityFacts('ningbo')); // YAML text
 */
export function pilotScenarioYaml(f: CityFacts): string | undefined {
  const p = pilotPlan(f);
  if (!('base' in p)) return undefined;
  const R = p.resident.value;
  const H = p.registered.value;
  const note = (w: Written) => (w.note ? `   # ${w.note}` : '');
  const last = Math.max(...f.targets.map((t) => t.year), ...f.figures.filter((x) => /^target_(resident|urban)_pop/.test(x.field)).map((x) => x.year));
  const migrants = Math.max(0, R - H);
  // Stationary migrant stock under the default return hazards is about 9 years of inflow.
  const inflow = Math.max(0.01 * R, migrants / 9);
  const settlement = settlementLines(f.area.settlementMode);
  const assumed = [p.resident, p.registered, p.registeredRate].some((w) => w.note.startsWith('not in') || w.note.startsWith('总人口'));
  const lines: string[] = [
    '# yaml-language-server: $schema=../urbsim.schema.json',
    `# ${f.area.nameZh} ${f.area.nameEn} (${f.area.provinceZh}), generated by src/batch/generatePilots.ts from data/areas — do not edit by hand.`,
    `# Sources: ${f.area.sources}. Seed figures carry their line; every other value is a documented default range.`,
    ...(assumed
      ? ['# Baseline figures commented "not in the seed" or 总人口 are documented assumptions, not seed figures.']
      : []),
    ...(f.area.flags.length ? [`# Data flags: ${f.area.flags.join('; ')}`] : []),
    `name: ${f.area.id}`,
    `city: ${f.area.id}`,
    `years: { start: ${p.base}, end: ${last} }`,
    `registered_rate_definition: ${p.definition}`,
    ...(f.area.registeredRateDenominator ? [`registered_rate_denominator: ${f.area.registeredRateDenominator}   # data/areas: inferred from the plan's own figures (areas.csv notes)`] : []),
    'baseline:',
    `  resident_pop: ${wan(R)}${note(p.resident)}`,
    `  registered_pop: ${wan(H)}${note(p.registered)}`,
    `  resident_rate: ${pct(p.residentRate)}`,
    `  registered_rate: ${pct(p.registeredRate.value)}${note(p.registeredRate)}`,
    ...(p.migrantPop ? [`  migrant_pop: ${wan(p.migrantPop)}`] : []),
    ...settlement.mode,
    'parameters:',
    ...settlement.parameters,
    `  inflow: { dist: lognormal, median: ${Math.round(inflow)}, sigma: 0.3 }   # default: max(1% of residents, migrants / 9)`,
    '  local_settle_rate: { dist: uniform, min: 2%, max: 8% }   # default range',
    '  rural_to_town_rate: { dist: uniform, min: 1%, max: 3% }   # default range',
    'targets:',
    ...p.targets,
  ];
  const plan = f.settleTargets.filter((s) => s.kind === 'total');
  if (plan.length) lines.push('settlement_plan:', ...plan.map((s) => `  - { year: ${s.year}, persons: ${wan(s.persons)}, kind: total, source: "seed ${s.seed} L${s.line}" }`));
  lines.push('monte_carlo: { runs: 1000, seed: 2014, sampler: lhs }', '');
  return lines.join('\n');
}

/** Settlement keys for the mode the plan names (data/areas `settlement_mode`). */
function settlementLines(mode: string): { mode: string[]; parameters: string[] } {
  const willingness = '  settle_willingness: { dist: uniform, min: 2%, max: 8% }   # default range';
  switch (mode) {
    case 'open':
      return { mode: ['settlement_mode: open   # plan: settlement fully open'], parameters: [willingness] };
    case 'conditions':
      return {
        mode: ['settlement_mode: conditions   # plan: legal stable job and residence'],
        parameters: [willingness, '  cond_residence_years: 1   # default', '  legal_job_share: { dist: uniform, min: 50%, max: 80% }   # default range'],
      };
    case 'points':
      return { mode: ['settlement_mode: points   # plan: points-based settlement'], parameters: [willingness, '  points_cutoff: 100   # default'] };
    case 'mixed':
      return {
        mode: ['settlement_mode: points   # plan: points in the core, open or conditions-based elsewhere'],
        parameters: [
          willingness,
          '  points_cutoff: 100   # default',
          // How many migrants live where the easier track applies is not in the seeds; a wide range, not a guess of one value.
          '  open_area_share: { dist: uniform, min: 0%, max: 50% }   # default range: share of migrants under the open track',
        ],
      };
    default:
      return { mode: ['# plan names no settlement mode: plain yearly rate'], parameters: ['  migrant_settle_rate: { dist: uniform, min: 2%, max: 8% }   # default range'] };
  }
}
