import { basename, dirname, extname, relative } from 'node:path';
import { YEARLY_DEFAULTS } from '../model/params.ts';
import type { CityFacts, CityFactsLookup, CityIds, CityNamed } from './cityFacts.ts';
import { cityLayer } from './cityLayer.ts';
import { deepFreeze } from './deepFreeze.ts';
import { FUNCTIONS, CONSTANTS } from './expressionFunctions.ts';
import { BASELINE_SYMBOLS, baselineSymbolValues } from './baselineSymbols.ts';
import { emptiedUnknownKeys } from './emptiedKeys.ts';
import { finiteCopy } from './finiteCopy.ts';
import { TIME_SYMBOLS } from './expressions.ts';
import { IssueSink } from './issueSink.ts';
import { lookUpCity } from './lookUpCity.ts';
import { mergeLayers, type Layer } from './mergeLayers.ts';
import { childOrigin, locate, originAt, type Path } from './origin.ts';
import { orderExpressions } from './orderExpressions.ts';
import { PARAMETERS, PARAMETER_KEYS, type ParameterKey } from './parameterKeys.ts';
import type { ScenarioChain } from './readScenarioChain.ts';
import { resolveBaseline } from './resolveBaseline.ts';
import { resolveGroups } from './resolveGroups.ts';
import { groupSlotName, type GroupLeverName } from './groupLevers.ts';
import type { SettlementGroup } from '../model/settlementGroups.ts';
import { resolveHazard } from './resolveHazard.ts';
import { resolvePlan } from './resolvePlan.ts';
import { resolveShocks } from './resolveShocks.ts';
import type { BaselineSpec, DistSpec, ResolvedScenario, ValueSpec } from './resolved.ts';
import { resolveTargets } from './resolveTargets.ts';
import { conversionLaw, newbornStayLaw, resolveUncertainty } from './resolveUncertainty.ts';
import { resolveValue } from './resolveValue.ts';
import { resolveYears } from './resolveYears.ts';
import type { ScenarioIssue } from './scenarioError.ts';
import { MAX_NAME_BYTES, SAFE_NAME, nameTooLong } from './scenarioName.ts';
import { scenarioSchema } from './scenarioSchema.ts';
import { VARIABLE_RULE, type ValueRule } from './valueRule.ts';
import { scalarRule } from './scalarRule.ts';
import { fromZodIssues } from './zodIssues.ts';
import { isMapping } from './isMapping.ts';

export interface ResolveOptions {
  /** Where city facts come from; without it a scenario naming a city is an error. */
  readonly cityFacts?: CityFactsLookup;
  /** The ids it knows, for "did you mean" on an unknown city. */
  readonly cityIds?: CityIds;
  /** The id a city's name names, for "did you mean" on a city written by its name. */
  readonly cityNamed?: CityNamed;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set<string>([...TIME_SYMBOLS, ...Object.keys(CONSTANTS), ...Object.keys(FUNCTIONS), ...BASELINE_SYMBOLS]);
const SETTLEMENT_MODES = ['plain', 'closed', 'open', 'conditions', 'points'] as const;

/**
 * Turn a merged chain of scenario files into the frozen, fully specified
 * scenario the engine reads: city facts under the files' keys, structure
 * checked with the zod schema, then every unit, bound, distribution,
 * expression, dependency, target and cross-key rule; defaults filled in.
 * Every problem is collected (none stops the others from being found) and
 * located in the file that defines the key.
 *
 * @example
 * const { scenario, issues } = resolveScenario(readScenarioChain('scenarios/dalian.yaml'), { cityFacts });
 */
export function resolveScenario(chain: ScenarioChain, options: ResolveOptions = {}): { scenario?: ResolvedScenario; issues: ScenarioIssue[] } {
  const root = chain.files[0];
  let layer: Layer = chain.merged;
  const sink = new IssueSink((path, atKey) => locate(layer.origin, path, atKey));

  const first = layer.value as Record<string, unknown>;
  let cityKnown = true;
  let cityFacts: CityFacts | undefined;
  let cityBaseline: { city: string; keys: ReadonlySet<string> } | undefined;
  if (typeof first.city === 'string' && first.city !== '') {
    const facts = lookUpCity(first.city, options, sink);
    cityFacts = facts;
    cityKnown = facts !== undefined;
    if (facts) {
      const at = childOrigin(layer.origin, 'city')!;
      const years = isMapping(first.years) ? first.years : {};
      // the files are laid on the city's keys one by one, so that a key a file empties removes the city's value too
      const city: Layer = { value: cityLayer(facts, years), origin: { ...at, children: undefined, supplied: true } };
      const b = (city.value as Record<string, unknown>).baseline;
      cityBaseline = { city: first.city, keys: new Set(isMapping(b) ? Object.keys(b).filter((k) => b[k] !== undefined) : []) };
      layer = chain.layers.reduce(mergeLayers, city);
    }
  }
  const data = layer.value as Record<string, unknown>;
  const parsed = scenarioSchema.safeParse(finiteCopy(data));
  if (!parsed.success) for (const r of fromZodIssues(scenarioSchema, data, parsed.error.issues)) sink.add(r.path, r.expected, r.found, r.message, r.atKey);
  for (const { position, issue: r } of emptiedUnknownKeys(scenarioSchema, chain.layers, data)) sink.addAt(position, r.path, r.expected, r.found, r.message);

  if (typeof data.name === 'string' && !SAFE_NAME.test(data.name))
    sink.add(['name'], 'a name of letters, digits, _, . and - (it names the output folder)', JSON.stringify(data.name));
  else if (typeof data.name === 'string' && nameTooLong(data.name) !== undefined)
    sink.add(['name'], `a name of at most ${MAX_NAME_BYTES} bytes (it names the output folder; about 66 Chinese characters)`, `${nameTooLong(data.name)} bytes`);
  const years = resolveYears(data.years, sink, cityKnown);
  const baseline = withoutUnfitCityMigrants(resolveBaseline(data.baseline, sink, cityKnown, cityBaseline), originAt(layer.origin, ['baseline', 'migrant_pop']).origin.supplied === true);
  if (years && baseline && cityFacts?.baseYear !== undefined && years.start !== cityFacts.baseYear) {
    // The city's base-year figures are of its base year: read as another start year's, they ran without a word
    // (city: dalian with years.start 2015 projected from Dalian's 2013 figures as if they were 2015's).
    const fromCity = (['resident_pop', 'registered_pop', 'resident_rate', 'registered_rate', 'migrant_pop'] as const).filter(
      (k) => data.baseline !== undefined && isMapping(data.baseline) && data.baseline[k] !== undefined && originAt(layer.origin, ['baseline', k]).origin.supplied === true,
    );
    if (fromCity.length)
      sink.add(['years', 'start'], `city ${first.city}'s base year ${cityFacts.baseYear}`, String(years.start),
        `expected ${first.city}'s base year ${cityFacts.baseYear}, the year of the baseline figures data/areas gives for it (${fromCity.join(', ')}), found ${years.start}: ` +
          `to start in ${years.start}, write ${first.city}'s ${years.start} figures under baseline; else start in ${cityFacts.baseYear}`);
  }

  const variablesRaw = isMapping(data.variables) ? data.variables : {};
  const variableNames = Object.keys(variablesRaw).filter((name) => checkVariableName(name, sink));
  const known = [...PARAMETER_KEYS, ...variableNames, ...BASELINE_SYMBOLS];
  const specs = new Map<string, ValueSpec>();
  const rules = new Map<string, ValueRule>();
  if (baseline)
    for (const [name, value] of Object.entries(baselineSymbolValues(baseline))) {
      specs.set(name, { kind: 'number', value });
      rules.set(name, VARIABLE_RULE);
    }
  const variables: Record<string, ValueSpec> = {};
  for (const name of variableNames) {
    const spec = resolveValue(variablesRaw[name], ['variables', name], VARIABLE_RULE, known, sink);
    if (spec) specs.set(name, (variables[name] = spec));
    rules.set(name, VARIABLE_RULE);
  }
  const parametersRaw = isMapping(data.parameters) ? data.parameters : {};
  const parameters = {} as Record<ParameterKey, ValueSpec>;
  const registeredRateDefinition = data.registered_rate_definition === 'residence' ? 'residence' : 'hukou';
  // Unset, the hukou conversion of a city scenario is uncertain: it draws the law fitted across areas.
  const conversion = conversionLaw(data.uncertainty, { hasCity: typeof data.city === 'string', registeredRateDefinition });
  // Unset, the share of migrants' newborns raised here is uncertain too: the range the 2010 census's children give.
  const newbornStay = newbornStayLaw(data.uncertainty, { hasCity: typeof data.city === 'string' });
  const drawn: Partial<Record<ParameterKey, DistSpec>> = { hukou_conversion_rate: conversion, migrant_newborn_stay: newbornStay };
  const unset = (key: ParameterKey): ValueSpec => {
    const law = drawn[key];
    return law ? { kind: 'dist', spec: law } : { kind: 'number', value: YEARLY_DEFAULTS[PARAMETERS[key].model] };
  };
  for (const key of PARAMETER_KEYS) {
    const rule = scalarRule(key);
    const raw = parametersRaw[key];
    const spec = raw === undefined ? unset(key) : resolveValue(raw, ['parameters', key], rule, known, sink);
    if (spec) specs.set(key, (parameters[key] = spec));
    rules.set(key, rule);
  }
  const settlementGroups = resolveGroups(data.settlement_groups, known, sink);
  const slotPaths = new Map<string, Path>();
  for (const [group, levers] of Object.entries(settlementGroups ?? {}) as [SettlementGroup, Record<GroupLeverName, ValueSpec>][])
    for (const [lever, spec] of Object.entries(levers) as [GroupLeverName, ValueSpec][]) {
      const name = groupSlotName(group, lever);
      specs.set(name, spec);
      rules.set(name, scalarRule(name));
      slotPaths.set(name, ['settlement_groups', group, lever]);
    }
  const pathOf = (n: string): Path => slotPaths.get(n) ?? [n in PARAMETERS ? 'parameters' : 'variables', n];
  const evaluationOrder = orderExpressions(specs, rules, years, pathOf, sink);

  const hazard = resolveHazard(data.migrant_return_hazard, sink);
  const schoolAge = isMapping(data.school_age) ? { min: intOr(data.school_age.min, 6), max: intOr(data.school_age.max, 14) } : { min: 6, max: 14 };
  if (schoolAge.min > schoolAge.max) sink.add(['school_age', 'max'], `an age at least min, ${schoolAge.min}`, String(schoolAge.max));
  const rootDir = root ? dirname(root.path) : '.';
  const sourceOf = (path: Path): string => {
    const { origin } = originAt(layer.origin, path);
    return origin.supplied ? 'data' : relative(rootDir, origin.file.path) || basename(origin.file.path);
  };
  const targets = resolveTargets(data.targets, years ?? {}, (i) => sourceOf(['targets', i]), sink);
  const settlementPlan = resolvePlan(data.settlement_plan, years, sourceOf, sink);

  const unified = cityFacts?.hukouUnified;
  const uncertainty =
    years && baseline
      ? resolveUncertainty(
          data.uncertainty,
          {
            hasCity: typeof data.city === 'string',
            years,
            baseline,
            registeredRateDefinition,
            definitionKnown: cityFacts?.area.registeredRateDefinition !== undefined || (unified !== undefined && unified <= years.start),
            hukouUnified: unified,
          },
          sink,
        )
      : undefined;
  if (sink.issues.length || !years || !baseline) return { issues: sortIssues(sink.issues, chain) };
  const mc = isMapping(data.monte_carlo) ? data.monte_carlo : {};
  const scenario: ResolvedScenario = {
    version: 1,
    name: typeof data.name === 'string' ? data.name : basename(root.path, extname(root.path)),
    files: chain.files.map((f) => f.display),
    ...(typeof data.city === 'string' && { city: data.city }),
    years,
    registeredRateDefinition,
    registeredRateDenominator: data.registered_rate_denominator === 'resident' ? 'resident' : 'registered',
    baseline,
    variables,
    ...(percentVariables(variablesRaw, variables).length && { percentVariables: percentVariables(variablesRaw, variables) }),
    parameters,
    evaluationOrder,
    migrantReturnHazard: hazard,
    migrantSettleMinYears: intOr(data.migrant_settle_min_years, 3),
    settlementMode: SETTLEMENT_MODES.find((m) => m === data.settlement_mode) ?? 'plain',
    ruralToTownForm: data.rural_to_town_form === 'logit' ? 'logit' : 'share',
    urbanHukouToTownFollowsPace: parametersRaw.urban_hukou_to_town_rate === undefined,
    schoolAge,
    parentsPerChild: typeof data.parents_per_child === 'number' ? data.parents_per_child : 1.5,
    ...(settlementGroups && { settlementGroups }),
    ...(settlementPlan.length && { settlementPlan }),
    shocks: resolveShocks(data.shocks),
    uncertainty,
    targets,
    monteCarlo: {
      runs: intOr(mc.runs, 1000),
      seed: intOr(mc.seed, 1),
      sampler: mc.sampler === 'independent' ? 'independent' : 'lhs',
    },
  };
  return { scenario: deepFreeze(scenario), issues: [] };
}

/**
 * The city's migrant figure is a default, not something the scenario said:
 * when it cannot fit the baseline's populations (residents = registered −
 * away + migrants, so registered residents minus away ≤ residents − migrants)
 * it is left out rather than making the scenario fail. Seeds sometimes give
 * figures of different dates or definitions (data/areas flags).
 */
function withoutUnfitCityMigrants(b: BaselineSpec | undefined, fromCity: boolean): BaselineSpec | undefined {
  if (!b || !fromCity || b.migrantPop === undefined) return b;
  const least = b.residentPop - b.registeredPop + (b.awayPop ?? 0);
  if (b.migrantPop <= b.residentPop && (b.awayPop === undefined ? b.migrantPop >= least : Math.abs(b.migrantPop - least) < 1)) return b;
  const { migrantPop: _dropped, ...rest } = b;
  return rest;
}

function checkVariableName(name: string, sink: IssueSink): boolean {
  const path = ['variables', name];
  if (!NAME.test(name)) sink.add(path, 'a name of letters, digits and _ that does not start with a digit', JSON.stringify(name), undefined, true);
  else if (name in PARAMETERS) sink.add(path, 'a name that is not a parameter', name, `\`${name}\` is a parameter: set it under parameters, not variables`, true);
  else if (RESERVED.has(name)) sink.add(path, `a name other than ${[...RESERVED].join(', ')}`, name, `\`${name}\` is reserved in expressions`, true);
  else return true;
  return false;
}

/** Issues in chain order (the scenario first), then by position. */
function sortIssues(issues: ScenarioIssue[], chain: ScenarioChain): ScenarioIssue[] {
  const rank = (file: string): number => {
    const i = chain.files.findIndex((f) => f.display === file);
    return i < 0 ? chain.files.length : i;
  };
  return [...issues].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column);
}

function intOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) ? v : fallback;
}

/**
 * The variables written in percent: a number, or a distribution every quantity of which (mean, sd, min, max, median,
 * …; each of a mixture's means and sds, not its weights) is written as a percentage (`inflow_growth: { dist: normal, mean: 0%, sd: 2% }`), so that their values are shown
 * in percent as the file writes them; an expression is not.
 */
function percentVariables(raw: Record<string, unknown>, resolved: Readonly<Record<string, ValueSpec>>): string[] {
  const percent = (v: unknown) => typeof v === 'string' && /%\s*$/.test(v);
  return Object.keys(resolved).filter((name) => {
    const v = raw[name];
    if (resolved[name].kind === 'expr') return false;
    if (!isMapping(v)) return percent(v);
    // A mixture's weights are shares of the law, not quantities of the variable; its means and sds are lists of them.
    const quantities = Object.entries(v).filter(([k]) => k !== 'dist' && k !== 'weights').flatMap(([, x]) => (Array.isArray(x) ? x : [x]));
    return quantities.length > 0 && quantities.every(percent);
  });
}
