import { YEARLY_DEFAULTS } from '../model/params.ts';
import { isMapping } from './isMapping.ts';
import { PARAMETERS, type ParameterKey } from './parameterKeys.ts';
import { readScenarioChain } from './readScenarioChain.ts';
import type { CityFacts } from './cityFacts.ts';
import { cityLayer } from './cityLayer.ts';
import { defaultCityFacts } from './defaultCityFacts.ts';
import type { ResolvedScenario, ValueSpec } from './resolved.ts';
import { parameterRule, showValue } from './valueRule.ts';

/** Something about a valid scenario that makes its answer less than it looks. */
export interface ScenarioWarning {
  /**
   * `certain`: nothing is drawn; `no-inflow`: no migrant ever arrives; `defaults`: what drives the rates rests on engine
   * defaults; `unread`: a variation of a parameter the engine does not read; `placeholder`: a value still marked as
   * `urbsim init`'s placeholder; `cost-split`: a cost of 市民化 split by the engine's default shares, Dalian's;
   * `break-after-end`: a change of count written with years after the end year, missed by the runs that draw them.
   * `break-residence`: a change of count written where the registered rate counts where people live: never drawn.
   */
  readonly kind: 'certain' | 'no-inflow' | 'defaults' | 'unread' | 'placeholder' | 'cost-split' | 'break-after-end' | 'break-residence';
  readonly message: string;
  /** The parameter keys concerned (`defaults`, `no-inflow`, `unread`, `cost-split`). */
  readonly keys: readonly string[];
}

/**
 * The parameters that move the urbanization rates most, for a settlement
 * mode: the inflow, the locals' settlement and moves to town, and the
 * migrants' eligibility and take-up of the mode (src/model/README.md, step 8).
 * A scenario leaving these at the engine's defaults answers a question
 * about the defaults, not about its city.
 *
 * @example
 * driverKeys('points'); // ['inflow', 'local_settle_rate', 'rural_to_town_rate', 'settle_willingness', 'points_cutoff', …]
 */
export function driverKeys(mode: ResolvedScenario['settlementMode']): ParameterKey[] {
  const common: ParameterKey[] = ['inflow', 'local_settle_rate', 'rural_to_town_rate'];
  const byMode: Record<ResolvedScenario['settlementMode'], ParameterKey[]> = {
    plain: ['migrant_settle_rate'],
    closed: [],
    open: ['settle_willingness'],
    conditions: ['settle_willingness', 'cond_residence_years'],
    points: ['settle_willingness', 'points_cutoff', 'points_base', 'points_per_year', 'points_sd'],
  };
  return [...common, ...byMode[mode]];
}

/**
 * What to tell the author of a valid scenario before it runs:
 *
 * - nothing drawn from a distribution and no yearly shocks: every run is the
 *   same, so p10 = p50 = p90 and each target is met in 0 % or 100 % of runs;
 * - an inflow of 0 in every year: no migrant ever arrives;
 * - parameters that drive the rates ({@link driverKeys}) set neither by the
 *   files nor by the city's data: they rest on the engine's defaults;
 * - a cost of 市民化 priced (`cost_one_off`, `cost_recurring`) and split by shares set neither by the files nor by
 *   the city's data: the engine's default, Dalian's split;
 * - year-to-year variation (`uncertainty.process`, `shocks`) of
 *   `urban_hukou_to_town_rate` in a scenario that does not set the rate: its
 *   urban-hukou villagers move at the villagers' share of the pace
 *   (src/model/README.md, step 6), so nothing reads the rate it varies;
 * - a change of count the files write (`uncertainty.registered_break`) with
 *   years after the end year: the runs that draw one (each year with equal
 *   odds) have no change of count within the projection — none of them when
 *   every year is after it. The city's default is not said: its years after
 *   an end are the documented default (src/scenario/uncertaintyDefaults.ts);
 * - a change of count the files write under `registered_rate_definition:
 *   residence`: that rate counts where people live, which a change of the
 *   hukou count does not move, so the change is dropped (resolveUncertainty.ts).
 *
 * `written` is the set of parameter keys the scenario's files (or its city's
 * data) set, e.g. from {@link writtenParameterKeys}; `o.breakWritten`, whether
 * they write a change of count of their own ({@link writesRegisteredBreak}).
 *
 * @example
 * scenarioWarnings(loadScenario('min.yaml'), writtenParameterKeys('min.yaml'));
 * // [{ kind: 'certain', … }, { kind: 'no-inflow', … }, { kind: 'defaults', keys: ['local_settle_rate', …] }]
 */
export function scenarioWarnings(s: ResolvedScenario, written: ReadonlySet<string>, o: { breakWritten?: boolean } = {}): ScenarioWarning[] {
  const out: ScenarioWarning[] = [];
  const scalars: ValueSpec[] = [
    ...Object.values(s.variables),
    ...Object.values(s.parameters),
    ...Object.values(s.settlementGroups ?? {}).flatMap((g) => Object.values(g ?? {})),
  ];
  const u = s.uncertainty;
  const noise = Object.keys(s.shocks).length > 0 || (u !== undefined && (Object.keys(u.process).length > 0 || Object.keys(u.baseline).length > 0 || u.registeredBreak !== undefined));
  if (!scalars.some((v) => v.kind === 'dist') && !noise)
    out.push({
      kind: 'certain',
      keys: [],
      message:
        'nothing is uncertain (no parameter or variable is a distribution, no shocks, no uncertainty source: uncertainty: none, or neither city: nor uncertainty: given): every run is the same, so p10 = p50 = p90 and each ' +
        'target is met in 0% or 100% of runs; give what is not known as a range, e.g. inflow: { dist: lognormal, median: 20万, sigma: 0.3 }',
    });
  const inflow = s.parameters.inflow;
  const zeroInflow = (inflow.kind === 'number' && inflow.value === 0) || (inflow.kind === 'dist' && distMax(inflow) === 0);
  // Written as 0, it is meant (a nation has no migrants from elsewhere); left out, it is the engine's default.
  if (zeroInflow && !written.has('inflow'))
    out.push({
      kind: 'no-inflow',
      keys: ['inflow'],
      message: 'inflow is 0, the engine default (the scenario does not set it): no migrant ever arrives, so the migrant stock only shrinks; set parameters.inflow (migrants arriving a year)',
    });
  // Without migrants, now or later, nothing the migrants' keys say can matter.
  const noMigrants = zeroInflow && s.baseline.migrantPop === 0;
  const migrantKey = (k: ParameterKey) => !['inflow', 'local_settle_rate', 'rural_to_town_rate'].includes(k);
  const defaulted = driverKeys(s.settlementMode).filter((k) => !written.has(k) && !(k === 'inflow' && zeroInflow) && !(noMigrants && migrantKey(k)));
  if (defaulted.length)
    out.push({
      kind: 'defaults',
      keys: defaulted,
      message:
        `rests on engine defaults for what drives the rates: ${defaulted.map((k) => `${k} = ${showValue(YEARLY_DEFAULTS[PARAMETERS[k].model], parameterRule(PARAMETERS[k]))}`).join(', ')} ` +
        '(src/model/README.md); set them under parameters, as ranges where the city\'s figure is not known',
    });
  // A cost priced by the scenario, split by shares it leaves to the engine: Dalian's split, printed as the area's.
  const pricedBy = (['cost_one_off', 'cost_recurring'] as const).filter((k) => { const v = s.parameters[k]; return !(v.kind === 'number' && v.value === 0); });
  const shares = (['cost_share_government', 'cost_share_enterprise'] as const).filter((k) => !written.has(k));
  if (pricedBy.length && shares.length)
    out.push({
      kind: 'cost-split',
      keys: shares,
      message:
        `${pricedBy.join(' and ')} ${pricedBy.length > 1 ? 'price' : 'prices'} the cost of 市民化, but its split rests on the engine's default: ` +
        `${shares.map((k) => `${k} = ${showValue(YEARLY_DEFAULTS[PARAMETERS[k].model], parameterRule(PARAMETERS[k]))}`).join(', ')} (individuals the rest), ` +
        "Dalian's split (seed 004 L950), not this area's, and so do the government's, enterprises' and individuals' costs solve and the reports print; " +
        'set them under parameters, as ranges where the split is not known',
    });
  // Ur follow the villagers' pace unless the scenario sets their rate: a variation of the rate is then read by nothing.
  if (s.urbanHukouToTownFollowsPace !== false) {
    const key = 'urban_hukou_to_town_rate';
    const varied = [...(u?.process[key] ? [`uncertainty.process.${key}`] : []), ...(s.shocks[key] ? [`shocks.${key}`] : [])];
    if (varied.length)
      out.push({
        kind: 'unread',
        keys: [key],
        message:
          `${varied.join(' and ')} ${varied.length > 1 ? 'vary' : 'varies'} a rate nothing reads: the scenario does not set parameters.${key}, so urban-hukou villagers ` +
          `move to town at the villagers' share of rural_to_town_rate (src/model/README.md, step 6) and the variation has no effect; ` +
          `set parameters.${key} to give them a rate of their own, or remove it`,
      });
  }
  // Dropped at resolution, as a break written after the end year changes nothing: said as that one is, not left silent.
  if (o.breakWritten && s.registeredRateDefinition === 'residence')
    out.push({
      kind: 'break-residence',
      keys: [],
      message:
        'uncertainty.registered_break: written, but registered_rate_definition is residence: the registered rate counts registered people living in towns, ' +
        'which a change of the hukou count does not move, so the change is not drawn and changes nothing; remove it (registered_break: none), or count by hukou type (registered_rate_definition: hukou)',
    });
  const late = o.breakWritten ? (u?.registeredBreak?.years ?? []).filter((y) => y > s.years.end) : [];
  if (late.length) {
    const years = u!.registeredBreak!.years;
    const span = `give years from ${s.years.start + 1} to ${s.years.end}`;
    out.push({
      kind: 'break-after-end',
      keys: [],
      message:
        late.length === years.length
          ? `uncertainty.registered_break: its year${late.length > 1 ? 's' : ''} ${late.join(', ')} ${late.length > 1 ? 'lie' : 'lies'} after the end year ${s.years.end}, ` +
            `so the change of count never happens within the projection and changes nothing; ${span}, or remove it (registered_break: none)`
          : `uncertainty.registered_break: ${late.length} of its ${years.length} years (${late.join(', ')}) ${late.length > 1 ? 'lie' : 'lies'} after the end year ${s.years.end}: ` +
            `in about ${late.length} of every ${years.length} runs (each year is drawn with equal odds) the change of count happens after ${s.years.end}, not within the projection; ` +
            `${span} if it comes by then`,
    });
  }
  return out;
}

/**
 * Whether a scenario file or a file it extends writes a change of count of its own (`uncertainty.registered_break` a
 * mapping, with its years), not the city's default. False when the files cannot be read: the loader reports that.
 *
 * @example
 * writesRegisteredBreak('scenarios/dalian.yaml'); // false: Dalian's default
 */
export function writesRegisteredBreak(path: string): boolean {
  const { merged, issues } = readScenarioChain(path);
  const value = merged.value as Record<string, unknown>;
  return issues.length === 0 && isMapping(value) && isMapping(value.uncertainty) && isMapping(value.uncertainty.registered_break);
}

function distMax(v: Extract<ValueSpec, { kind: 'dist' }>): number {
  const d = v.spec;
  if (d.dist === 'choice') return Math.max(...d.values);
  if (d.dist === 'normal' || d.dist === 'lognormal') return d.upper ?? Infinity;
  if (d.dist === 'logitnormal' || d.dist === 'logitnormalmix') return 1;
  if (d.dist === 'normalmix') return Infinity;
  return d.max;
}

/**
 * The parameter keys a scenario file and the files it extends write, and those its city's data set (cost keys only:
 * `cost_one_off`, `cost_share_government`, `cost_share_enterprise`; none that {@link driverKeys} lists; src/scenario/cityLayer.ts).
 * Empty when the files cannot be read: the loader reports that.
 *
 * @example
 * writtenParameterKeys('scenarios/dalian.yaml').has('inflow'); // true
 * writtenParameterKeys('scenarios/pilots/dalian.yaml').has('cost_share_government'); // true: Dalian's data split the cost
 */
export function writtenParameterKeys(path: string): Set<string> {
  const { merged, issues } = readScenarioChain(path);
  const value = merged.value as Record<string, unknown>;
  if (issues.length || !isMapping(value)) return new Set();
  const keys = new Set(isMapping(value.parameters) ? Object.keys(value.parameters) : []);
  if (typeof value.city === 'string') {
    let facts: CityFacts | undefined;
    try {
      facts = defaultCityFacts(value.city);
    } catch {
      facts = undefined; // an unknown city: the loader says so
    }
    const layer = facts ? cityLayer(facts, {}).parameters : undefined;
    if (isMapping(layer)) for (const k of Object.keys(layer)) keys.add(k);
  }
  return keys;
}
