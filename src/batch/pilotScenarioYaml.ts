import { type CityFacts, unitScale } from '../data/areas.ts';
import type { BaselineInput } from '../model/baseline.ts';
import { DEFAULT_DEPARTURE, type PacePrior, type PilotDefaults, departureWeight, shippedPilotDefaults, stationaryDeparture } from './pilotDefaults.ts';

const wan = (persons: number) => `${Number((persons / 1e4).toFixed(2))}万`;
const pct = (v: number) => `${Number((v * 100).toFixed(2))}%`;
/** A fitted number as written in a file: three significant digits (a percentage's digits for rates). */
const sig = (v: number) => Number(v.toPrecision(3));

/**
 * σ values as a pilot writes the law drawing one of them with equal odds, each to 3 significant digits.
 *
 * @example
 * sigmaChoiceYaml([0.3863, 0.6584]); // '{ dist: choice, values: [0.386, 0.658] }'
 */
export const sigmaChoiceYaml = (sigmas: readonly number[]): string => `{ dist: choice, values: [${sigmas.map(sig).join(', ')}] }`;
const pct3 = (v: number) => `${sig(v * 100)}%`;

/** A baseline figure the generator writes, with the comment that says where it comes from. */
type Written = { value: number; note: string };

/** What the generator can build for an area: baseline, targets, or the figures it lacks. */
type PilotPlan =
  | { gaps: string[] }
  | {
      gaps: [];
      base: Written;
      resident: Written;
      registered: Written;
      residentRate: Written;
      registeredRate: Written;
      /** The `registered_rate_definition:` line's value, with its comment. */
      definition: string;
      migrantPop?: Written;
      targets: string[];
      /** Keys holding a placeholder rather than a seed figure or a rule's stand-in (only when gaps are filled). */
      placeholders: string[];
    };

// Default share of migrants living in the urban area (the baseline builder's, src/model/baseline.ts).
const MIGRANT_URBAN_SHARE = 0.9;
/** How placeholder notes start: `urbsim init` lists the keys whose comment does. */
export const PLACEHOLDER = 'PLACEHOLDER';

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
 *
 * With `fill`, what would be a gap is filled instead, each key named in
 * `placeholders` and its comment starting {@link PLACEHOLDER}: the resident
 * population from 城镇人口 / resident rate where both are given, else 100万;
 * the resident rate from 城镇人口 / resident population, else the lowest the
 * registered figures allow (urban-hukou holders all in towns, migrants 90 %
 * urban, nobody else); a missing registered rate 0.8 × the resident rate;
 * a missing base year five years before the first target (else 2015); no
 * targets is an empty list.
 */
function pilotPlan(f: CityFacts, fill = false): PilotPlan {
  const gaps: string[] = [];
  const placeholders: string[] = [];
  const baseYear = f.baseYear ?? (fill ? placeholderBaseYear(f) : undefined);
  const at = (field: string) => f.figures.find((x) => x.field === field && x.year === baseYear);
  const cite = (field: string) => {
    const x = at(field);
    return x ? `seed ${x.seed} L${x.line}` : (f.derived?.[field] ?? '');
  };
  const amount = (x: { value: number; unit: string }) => Math.round(x.value * unitScale(x.unit));
  const total = at('total_pop');
  const urban = at('urban_pop');
  let resident: Written | undefined;
  if (f.residentPop) resident = { value: f.residentPop, note: cite('resident_pop') };
  else if (total) resident = { value: amount(total), note: `总人口, ${cite('total_pop')}: the seed does not say resident or registered; used as the resident population` };
  else if (f.registeredPop) resident = { value: f.registeredPop, note: 'not in the seed: assumed equal to the registered population' };
  else if (fill && urban && f.residentRate) {
    resident = { value: Math.round(amount(urban) / f.residentRate), note: `derived: 城镇人口 ${wan(amount(urban))} (${cite('urban_pop')}) / resident rate` };
  } else if (fill) {
    resident = { value: 1e6, note: `${PLACEHOLDER}, not in the seeds: replace with the area's 常住人口; absolute figures (settlement, costs) mean nothing until then` };
    placeholders.push('baseline.resident_pop');
  }
  if (!resident) gaps.push('population (no resident, registered or total population in the seed)');
  let residentRate: Written | undefined = f.residentRate === undefined ? undefined : { value: f.residentRate, note: cite('resident_rate') };
  if (!residentRate && fill && resident && urban && f.residentPop)
    residentRate = { value: Number((amount(urban) / f.residentPop).toFixed(4)), note: `derived: 城镇人口 ${wan(amount(urban))} (${cite('urban_pop')}) / resident population` };
  if (!residentRate && !fill) gaps.push('resident_rate');
  const rateTargets = f.targets.map((t) => ({ metric: t.metric as string, op: '>=', value: pct(t.value), year: t.year, source: `seed ${t.seed} L${t.line}` }));
  const popTargets = f.area.flags.includes('target_resident_pop_below_base_total') ? [] : popTargetsOf(f);
  const targets = [...rateTargets, ...popTargets];
  const registeredTargets = f.targets.some((t) => t.metric === 'registered_rate');
  if (!fill && f.registeredRate === undefined && (registeredTargets || f.area.registeredRateDefinition || f.residentRate === undefined))
    gaps.push(registeredTargets ? 'registered_rate (the plan has registered-rate targets)' : 'registered_rate');
  if (!fill && targets.length === 0) gaps.push('targets (no rate or population target in the seed)');
  if (gaps.length || !resident || baseYear === undefined) return { gaps };

  const R = resident.value;
  const H = f.registeredPop ? f.registeredPop : R;
  const migrantPop = f.migrantPop && f.migrantPop <= R && f.migrantPop >= R - H ? { value: f.migrantPop, note: cite('migrant_pop') } : undefined;
  // Without a migrant population either, residents equal to the registered leave no migrants at the base year: a
  // planner read Weihai's migrants' take-up as moving nothing (+0.9 points on a target; +9.8 with its registered figure).
  const registered: Written = f.registeredPop
    ? { value: f.registeredPop, note: cite('registered_pop') }
    : { value: R, note: `not in the seed: assumed equal to the resident population${migrantPop ? '' : ', so no migrants at the base year: give migrant_pop or registered_pop where known'}` };
  const M = migrantPop?.value ?? Math.max(0, R - H);
  // With neither rate, a round registered rate first, and the resident rate from it.
  const registeredGuess = f.registeredRate === undefined && !residentRate ? 0.5 : undefined;
  if (!residentRate) {
    // Every urban-hukou holder in town, migrants 90 % urban, nobody else: the least the registered figures allow.
    const low = ((f.registeredRate ?? registeredGuess!) * H + MIGRANT_URBAN_SHARE * M) / R;
    const from = f.registeredRate === undefined ? 'a registered rate of 50%' : 'the registered figures';
    // Said with its assumption: 'the lowest rate the registered figures allow' hid the migrants' 90 % (Yanta's 82.23 %).
    residentRate = { value: Number(Math.min(1, low).toFixed(4)), note: `${PLACEHOLDER}, not in the seeds: the rate ${from} give${f.registeredRate === undefined ? 's' : ''} with every urban-hukou holder in town, migrants ${MIGRANT_URBAN_SHARE * 100}% urban and nobody else; replace with the area's 常住人口城镇化率` };
    placeholders.push('baseline.resident_rate');
  }
  let registeredRate: Written;
  let definition: string;
  if (f.registeredRate !== undefined) {
    registeredRate = { value: f.registeredRate, note: cite('registered_rate') };
    definition = f.area.registeredRateDefinition ?? 'hukou   # not told by the seed: default';
  } else if (registeredTargets || f.area.registeredRateDefinition || f.residentRate === undefined) {
    // Only reached when filling: the implied rate would not do (the plan targets the registered rate, or there is no resident rate to imply it from).
    registeredRate = registeredGuess !== undefined
      ? { value: registeredGuess, note: `${PLACEHOLDER}, not in the seeds: a round 50%; replace with the area's 户籍人口城镇化率` }
      : { value: Number((0.8 * residentRate.value).toFixed(4)), note: `${PLACEHOLDER}, not in the seeds: 0.8 × the resident rate; replace with the area's 户籍人口城镇化率` };
    definition = f.area.registeredRateDefinition ?? 'hukou   # not told by the seed: default';
    placeholders.push('baseline.registered_rate');
  } else {
    // Under the residence definition the registered living in towns are the urban residents who
    // are not migrants; with the builder's urban share of migrants that fixes the rate.
    const implied = Math.max(0, (residentRate.value * R - MIGRANT_URBAN_SHARE * M) / H);
    registeredRate = { value: Number(implied.toFixed(4)), note: 'not in the seed: implied by the resident figures with migrants 90% urban (no registered-rate target uses it)' };
    definition = 'residence   # not in the seed: registered living in towns, so the missing rate follows from the resident figures';
  }
  const base: Written = f.baseYear === undefined
    ? { value: baseYear, note: `${PLACEHOLDER}, not in the seeds: no baseline year; replace with the year of the baseline figures` }
    : { value: baseYear, note: '' };
  if (f.baseYear === undefined) placeholders.unshift('years.start'); // in file order
  return {
    gaps: [],
    base,
    resident,
    registered,
    residentRate,
    registeredRate,
    definition,
    migrantPop,
    targets: targets.map((t) => `  - { metric: ${t.metric}, year: ${t.year}, op: "${t.op}", value: ${t.value}, source: "${t.source}" }`),
    placeholders,
  };
}

/**
 * The baseline figures of an area's generated scenario, as the baseline
 * builder reads them (unrounded); undefined where the seeds lack what a
 * scenario needs.
 *
 * @example
 * pilotBaselineInput(cityFacts('dalian')); // { year: 2013, residentPop: 6918000, registeredPop: 5914000, residentRate: 0.685, registeredRate: 0.631, definition: 'hukou' }
 */
export function pilotBaselineInput(f: CityFacts): BaselineInput | undefined {
  const p = pilotPlan(f);
  if (!('base' in p)) return undefined;
  return {
    year: p.base.value,
    residentPop: p.resident.value,
    registeredPop: p.registered.value,
    residentRate: p.residentRate.value,
    registeredRate: p.registeredRate.value,
    definition: p.definition.startsWith('residence') ? 'residence' : 'hukou',
    ...(f.area.registeredRateDenominator && { denominator: f.area.registeredRateDenominator }),
    ...(p.migrantPop && { migrantPop: p.migrantPop.value }),
  };
}

/** A base year for an area whose data have none: five years before its first target, else 2015. */
function placeholderBaseYear(f: CityFacts): number {
  const years = f.targets.map((t) => t.year);
  return years.length ? Math.min(...years) - 5 : 2015;
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

/** How {@link pilotScenarioYaml} writes for `urbsim init` rather than for scenarios/pilots. */
export interface InitOptions {
  /** The JSON Schema's path relative to where the file will be (for the editor line). */
  readonly schema: string;
  /** A hand-curated scenario of the same area, to point at. */
  readonly curated?: string;
  /** The scenario's `name:` (it names the output folder); default the area id. */
  readonly name?: string;
}

/**
 * The generated scenario of one pilot area: baseline, targets and settlement
 * plan from `data/areas` (each with its seed line), the settlement mode and
 * points cut-off its plan names, the cost of 市民化 where the seed gives it,
 * the paces of urbanization, settlement and migration from `defaults` (fitted
 * by `urbsim fit-defaults` for the shipped pilots; by each fold of
 * `urbsim backtest --cross-validate` there), and assumptions, given as ranges,
 * for what neither gives. Every value's comment says which it is. Returns
 * undefined when the data lack what {@link pilotScenarioGaps} lists: nothing
 * is guessed for those.
 *
 * With `init` (what `urbsim init AREA` writes) the header says the file is
 * the user's to edit, and what the data lack is filled with a placeholder
 * whose comment starts {@link PLACEHOLDER}, so that any area gives a
 * scenario that validates and runs.
 *
 * @example
 * pilotScenarioYaml(cityFacts('ningbo')); // YAML text
 * pilotScenarioYaml(cityFacts('langzhong'), { init: { schema: 'scenarios/urbsim.schema.json' } }); // with a placeholder population
 */
export function pilotScenarioYaml(f: CityFacts, o: { init?: InitOptions; defaults?: PilotDefaults } = {}): string | undefined {
  const p = pilotPlan(f, o.init !== undefined);
  if (!('base' in p)) return undefined;
  const R = p.resident.value;
  const H = p.registered.value;
  const note = (w: Written) => (w.note ? `   # ${w.note}` : '');
  const targetYears = [...f.targets.map((t) => t.year), ...f.figures.filter((x) => /^target_(resident|urban)_pop/.test(x.field)).map((x) => x.year)];
  const last = targetYears.length ? Math.max(...targetYears) : Math.max(2020, p.base.value + 5);
  const settlement = settlementLines(f.area.settlementMode, f, o.defaults ?? shippedPilotDefaults(f.area.id));
  const defaults = o.defaults ?? shippedPilotDefaults(f.area.id);
  const assumed = [p.resident, p.registered, p.registeredRate].some((w) => w.note.startsWith('not in') || w.note.startsWith('总人口'));
  const header = o.init
    ? [
        `# yaml-language-server: $schema=${o.init.schema}`,
        `# ${f.area.nameZh} ${f.area.nameEn}${f.area.provinceZh ? ` (${f.area.provinceZh})` : ''}: a scenario to start from, written by \`urbsim init ${f.area.id}\` from data/areas — edit freely.`,
        `# Sources: ${f.area.sources}. Seed figures carry their seed and line; a value commented "fitted" is pooled over other`,
        '# areas by `urbsim fit-defaults`, one commented "assumption" is the generator\'s (src/batch/pilotScenarioYaml.ts):',
        '# neither is a figure of the area, replace them with yours where you have them.',
        ...(p.placeholders.length
          ? [`# ${PLACEHOLDER}S (${p.placeholders.join(', ')}): the seeds lack these figures; every result rests on them until replaced.`]
          : []),
        ...(o.init.curated ? [`# A hand-curated scenario of this area, with more of the seeds' figures: ${o.init.curated}`] : []),
      ]
    : [
        '# yaml-language-server: $schema=../urbsim.schema.json',
        `# ${f.area.nameZh} ${f.area.nameEn} (${f.area.provinceZh}), generated by src/batch/generatePilots.ts from data/areas — do not edit by hand.`,
        `# Sources: ${f.area.sources}. Seed figures carry their line; values marked "fitted" say which command fitted them from`,
        '# which data; everything else is an assumption, given as a range. Uncertainty not written here takes the defaults of a',
        '# city scenario (src/model/README.md, "Sources of uncertainty").',
      ];
  const lines: string[] = [
    ...header,
    ...(assumed
      ? ['# Baseline figures commented "not in the seed" or 总人口 are documented assumptions, not seed figures.']
      : []),
    ...(f.area.flags.length ? [`# Data flags: ${f.area.flags.join('; ')}`] : []),
    `name: ${o.init?.name ?? f.area.id}`,
    `city: ${f.area.id}`,
    `years: { start: ${p.base.value}, end: ${last} }${note(p.base)}${targetYears.length ? '' : `${p.base.note ? ';' : '   #'} the seeds give no target year: end year assumed`}`,
    `registered_rate_definition: ${p.definition}`,
    ...(f.area.registeredRateDenominator ? [`registered_rate_denominator: ${f.area.registeredRateDenominator}   # data/areas: inferred from the plan's own figures (areas.csv notes)`] : []),
    'baseline:',
    `  resident_pop: ${wan(R)}${note(p.resident)}`,
    `  registered_pop: ${wan(H)}${note(p.registered)}`,
    `  resident_rate: ${pct(p.residentRate.value)}${note(p.residentRate)}`,
    `  registered_rate: ${pct(p.registeredRate.value)}${note(p.registeredRate)}`,
    ...(p.migrantPop ? [`  migrant_pop: ${wan(p.migrantPop.value)}${note(p.migrantPop)}`] : []),
    ...settlement.mode,
    ...(defaults.ruralToTownForm === 'logit' ? ['rural_to_town_form: logit   # the urbanization pace raises the logit of the resident rate (src/model/README.md, step 6)'] : []),
    'variables:',
    ...defaultVariableLines(defaults),
    'parameters:',
    ...defaultParameterLines(f.area.settlementMode, { defaults, facts: f }),
    ...housingLines(f, p.base.value),
    ...costLines(f),
    ...uncertaintyLines(defaults, settlement.takeUp),
    ...(p.targets.length ? ['targets:', ...p.targets] : ['targets: []   # the seeds give no target for this area']),
  ];
  const plan = f.settleTargets.filter((s) => s.year > p.base.value && s.year <= last);
  if (plan.length)
    lines.push('settlement_plan:', ...plan.map((s) => `  - { year: ${s.year}, persons: ${wan(s.persons)}, kind: ${s.kind}, source: "seed ${s.seed} L${s.line}${s.derived ? `: ${s.derived}` : ''}" }`));
  lines.push('monte_carlo: { runs: 1000, seed: 2014, sampler: lhs }', '');
  return lines.join('\n');
}

/** The `uncertainty:` lines: the paces' year-to-year variation when the defaults carry their own (fitted, or none while fitting). */
function uncertaintyLines(defaults: PilotDefaults, takeUp: string): string[] {
  const { process } = defaults;
  if (process === 'none') return ['uncertainty:', '  process: none   # fitting each area\'s own paces: its runs carry no year-to-year variation'];
  if (!process) return [];
  // The conversion in place moves in policy batches: its own variation where the fit measured one.
  // Each run draws one of the conversion's σ values where the fit gives its posterior: one σ would drop what the few series leave unknown of it.
  const sigma = (k: string) =>
    k !== 'hukou_conversion_rate' ? sig(process.sigma) : process.conversionSigmas ? sigmaChoiceYaml(process.conversionSigmas) : sig(process.conversionSigma ?? process.sigma);
  return ['uncertainty:', `  process:   # ${process.note}`, ...['rural_to_town_rate', 'local_settle_rate', 'hukou_conversion_rate', takeUp].map((k) => `    ${k}: { sigma: ${sigma(k)}, phi: ${process.phi} }`)];
}

/**
 * The public housing units the area's plan (seed 004) promises to build by a
 * year after the base year, built at an even pace from the base year (an
 * assumption): Qingdao's 3.5万 units in 2014–2016 (004:1105). The units cap
 * settlement only where renters must find one (`rental_settle_share`, 0 by
 * default); otherwise they are what housing demand is set against.
 */
function housingLines(f: CityFacts, base: number): string[] {
  const x = f.figures.find((g) => g.field === 'housing_units' && g.seed === '004' && g.year > base);
  if (!x) return [];
  const span = x.year - base;
  return [`  housing_units: "min(t, ${span}) * ${wan(x.value * unitScale(x.unit))} / ${span}"   # seed ${x.seed} L${x.line}: ${wan(x.value * unitScale(x.unit))} units by ${x.year}, built evenly from ${base + 1} (assumption)`];
}

/**
 * The cost of 市民化 the city's data give (src/scenario/cityLayer.ts lays the
 * same values under the file), written out with their seed lines so the
 * reader sees them.
 */
function costLines(f: CityFacts): string[] {
  const line = (field: string) => {
    const x = f.figures.find((g) => g.field === field);
    return x ? `seed ${x.seed} L${x.line}` : 'data/areas';
  };
  const out: string[] = [];
  if (f.costPerPerson !== undefined) out.push(`  cost_one_off: ${f.costPerPerson}   # yuan per person made citizen (市民化), ${line('cost_per_person')}`);
  // A seed that prices only the government's cost per person (Qingdao, seed 004 L1111: 政府承担公共成本 5.7万元/人)
  // prices no total: its figure is what is known, carried by the government, as the curated scenario reads it.
  const costParts = f.figures.filter((g) => /^cost_per_person_/.test(g.field));
  const gov = costParts.find((g) => g.field === 'cost_per_person_government');
  const yuan = gov && ({ 万元: 1e4, 元: 1 } as Record<string, number>)[gov.unit];
  if (f.costPerPerson === undefined && gov && yuan && costParts.length === 1) {
    out.push(
      `  cost_one_off: ${Math.round(gov.value * yuan)}   # yuan per person made citizen (市民化), seed ${gov.seed} L${gov.line}: the government's public cost, the only cost the seed prices`,
      `  cost_share_government: 100%   # seed ${gov.seed} L${gov.line}: the figure is the government's share`,
      '  cost_share_enterprise: 0%   # assumption: the seed prices no other part',
    );
    return out;
  }
  if (!f.costShares && f.costShareGovernment) {
    const g = f.costShareGovernment;
    out.push(
      `  cost_share_government: ${pct(g.value)}   # seed ${g.seed} L${g.line}: ${g.derived}`,
      `  cost_share_enterprise: { dist: uniform, min: 0%, max: ${pct(1 - g.value)} }   # assumption: the seed does not split the rest between enterprises and individuals`,
    );
  }
  if (f.costShares)
    out.push(
      `  cost_share_government: ${pct(f.costShares.government)}   # ${line('cost_share_government')}`,
      `  cost_share_enterprise: ${pct(f.costShares.enterprise)}   # ${line('cost_share_enterprise')}; individuals bear the rest`,
    );
  // A cost priced and not split by the seed: the engine's default split, Dalian's, written out as the assumption it is
  // (the same values: what validate would otherwise warn the split rests on).
  if (f.costPerPerson !== undefined && !f.costShares && !f.costShareGovernment)
    out.push(
      '  cost_share_government: 40%   # assumption: Dalian\'s split (seed 004 L950), the engine default; the seed does not split this area\'s cost',
      '  cost_share_enterprise: 32%   # assumption: Dalian\'s split, as above; individuals bear the rest',
    );
  return out;
}

/**
 * The variable lines of a generated scenario: the yearly net migration, a
 * share of residents, drawn from the defaults (read by inflow and departures).
 *
 * @example
 * defaultVariableLines(shippedPilotDefaults()); // ['  net_migration: { dist: normal, mean: …, sd: … }   # fitted: …']
 */
export function defaultVariableLines(defaults: PilotDefaults = shippedPilotDefaults()): string[] {
  const n = defaults.paces.net_migration;
  const law = n.mix
    ? `{ dist: normalmix, weights: [${n.mix.weights.map(sig).join(', ')}], means: [${n.mix.centers.map(pct3).join(', ')}], sds: [${n.mix.sds.map(pct3).join(', ')}] }`
    : `{ dist: normal, mean: ${pct3(n.center)}, sd: ${pct3(n.sd)} }`;
  return [`  net_migration: ${law}   # ${n.note}: yearly net migration, share of residents`];
}

/**
 * The parameter lines of a generated scenario: the settlement keys of the
 * mode (with the points cut-off the seed gives, when `facts` are given), the
 * migrants' departures (an assumption), and the inflow and the locals'
 * departures that together make the net migration the variable
 * `net_migration` draws — arrivals replace the migrants who leave plus the
 * net migration; when that would be below 0, arrivals stop and locals move
 * away instead —,
 * and the paces of settlement and of moves to town from `defaults` — shared
 * by scenarios/pilots, `urbsim init AREA` and `urbsim init --blank` (which
 * must write {@link defaultVariableLines} too). The inflow and departures read the baseline's figures by name
 * (`baseline_resident_pop`, `baseline_migrant_pop`), so a planner who edits the baseline moves them too.
 *
 * @example
 * defaultParameterLines('open'); // ['  settle_willingness: …', '  inflow: "max(0, 5.91% * … * baseline_migrant_pop + …)"', …]
 */
export function defaultParameterLines(mode: string, o: { defaults?: PilotDefaults; facts?: CityFacts } = {}): string[] {
  const { paces } = o.defaults ?? shippedPilotDefaults();
  const leave = pct3(stationaryDeparture());
  const weight = sig(departureWeight());
  const net = `${leave} * migrant_return_multiplier * baseline_migrant_pop + net_migration * baseline_resident_pop`;
  const locals = 'max(baseline_resident_pop - baseline_migrant_pop, 0.1 * baseline_resident_pop)';
  return [
    ...settlementLines(mode, o.facts, o.defaults ?? shippedPilotDefaults()).parameters,
    '  migrant_return_multiplier: { dist: lognormal, median: 1, sigma: 0.3 }   # assumption: departures of migrants, about ±35 % around the default hazards',
    `  inflow: "max(0, ${net})"   # arrivals: the migrants who leave (${leave} a year of the baseline's migrant stock at the default hazards) plus net migration (from net_migration, fitted, and migrant_return_multiplier, an assumption)`,
    `  local_departure_rate: "${pct3(DEFAULT_DEPARTURE)} + max(0, -(${net})) / (${weight} * ${locals})"   # locals moving away: the default, plus the net out-migration no fall in arrivals can make (from net_migration and migrant_return_multiplier; ${weight}: the departure profile over the census ages)`,
    `  local_settle_rate: ${logitNormal(paces.local_settle_rate)}   # ${paces.local_settle_rate.note}: settlement take-up of rural-hukou town dwellers`,
    `  rural_to_town_rate: ${logitNormal(paces.rural_to_town_rate)}   # ${paces.rural_to_town_rate.note}: urbanization pace (moves to town and villages made urban)`,
    `  hukou_conversion_rate: ${logitNormal(paces.hukou_conversion_rate)}   # ${paces.hukou_conversion_rate.note}: rural-hukou locals given urban hukou where they live (农转非, 村改居)`,
  ];
}

/** A pace prior as a logit-normal distribution, or, when it is a mixture (src/analysis/paceLaw.ts), a mixture of logit-normals. */
function logitNormal(prior: PacePrior): string {
  const m = prior.mix;
  if (m)
    return `{ dist: logitnormalmix, weights: [${m.weights.map(sig).join(', ')}], medians: [${m.centers.map((c) => pct3(1 / (1 + Math.exp(-c)))).join(', ')}], sigmas: [${m.sds.map(sig).join(', ')}] }`;
  return `{ dist: logitnormal, median: ${pct3(1 / (1 + Math.exp(-prior.center)))}, sigma: ${sig(prior.sd)} }`;
}

/**
 * Settlement keys for the mode the plan names (data/areas `settlement_mode`),
 * the migrants' take-up key the mode reads, and the points cut-off: the
 * seed's (a schedule when the data give it for several years), else an
 * assumption.
 */
function settlementLines(mode: string, f?: CityFacts, defaults?: PilotDefaults): { mode: string[]; parameters: string[]; takeUp: string } {
  // The area's own counts of migrants settled, where it has some (src/analysis/migrantTakeUp.ts); else the assumption.
  const own = defaults?.migrantTakeUp;
  const takeUpLine = (key: string) =>
    own
      ? `  ${key}: ${logitNormal(own)}   # ${own.note}: migrants' yearly take-up`
      : `  ${key}: { dist: uniform, min: 2%, max: 8% }   # assumption: migrants' yearly take-up (too few areas to fit)`;
  const willingness = takeUpLine('settle_willingness');
  const cutoffs = (f?.figures ?? []).filter((x) => x.field === 'points_cutoff').sort((a, b) => a.year - b.year);
  const cutoff =
    cutoffs.length === 0
      ? '  points_cutoff: 100   # assumption: the seed gives no cut-off'
      : cutoffs.length === 1
        ? `  points_cutoff: ${cutoffs[0].value}   # seed ${cutoffs[0].seed} L${cutoffs[0].line}`
        : `  points_cutoff: "${cutoffs.slice(1).reduceRight((rest, c, i) => `year < ${c.year} ? ${cutoffs[i].value} : ${rest}`, String(cutoffs.at(-1)!.value))}"   # seed ${cutoffs[0].seed} L${cutoffs[0].line}: ${cutoffs.map((c) => c.value).join(' → ')} (data/areas dates the values ${cutoffs.map((c) => c.year).join(', ')})`;
  // No seed gives a points scheme's score distribution; the engine's defaults (60 at arrival, 8 a year, sd 20) as
  // ranges around them, the first two scenarios/dongguan.yaml's, so no pilot answers at one unsourced point.
  const scores = [
    '  points_base: { dist: uniform, min: 50, max: 70 }   # assumption: range, migrants\' mean score at arrival (no seed gives one)',
    '  points_per_year: { dist: uniform, min: 6, max: 10 }   # assumption: range, points a year of stay',
    '  points_sd: { dist: uniform, min: 15, max: 25 }   # assumption: range, spread of the scores',
  ];
  switch (mode) {
    case 'open':
      return { mode: ['settlement_mode: open   # plan: settlement fully open'], parameters: [willingness], takeUp: 'settle_willingness' };
    case 'conditions':
      return {
        mode: ['settlement_mode: conditions   # plan: legal stable job and residence'],
        parameters: [willingness, '  cond_residence_years: 1   # assumption', '  legal_job_share: { dist: uniform, min: 50%, max: 80% }   # assumption: range'],
        takeUp: 'settle_willingness',
      };
    case 'points':
      return { mode: ['settlement_mode: points   # plan: points-based settlement'], parameters: [willingness, cutoff, ...scores], takeUp: 'settle_willingness' };
    case 'mixed':
      return {
        mode: ['settlement_mode: points   # plan: points in the core, open or conditions-based elsewhere'],
        parameters: [
          willingness,
          cutoff,
          ...scores,
          // How many migrants live where the easier track applies is not in the seeds; a wide range, not a guess of one value.
          '  open_area_share: { dist: uniform, min: 0%, max: 50% }   # assumption: range, share of migrants under the open track',
        ],
        takeUp: 'settle_willingness',
      };
    default:
      return {
        mode: ['# plan names no settlement mode: plain yearly rate'],
        parameters: [takeUpLine('migrant_settle_rate')],
        takeUp: 'migrant_settle_rate',
      };
  }
}
