import { type BaselineDraws, baselineBuilder, baselineDraws } from './baselineDraws.ts';
import { modelParams, type ModelParams } from '../model/params.ts';
import type { SettlementGroup } from '../model/settlementGroups.ts';
import { PARAMETERS, PARAMETER_KEYS, type ParameterKey } from '../scenario/parameterKeys.ts';
import type { DistSpec, ResolvedScenario, ShockSpec, ValueSpec } from '../scenario/resolved.ts';
import { compileTree, type ExpressionTree } from '../scenario/compileTree.ts';
import { groupSlotName, groupSlotOf, type GroupLeverName } from '../scenario/groupLevers.ts';
import { baselineSymbolValues } from '../scenario/baselineSymbols.ts';

/** How one named scalar (a variable or a parameter) gets its value in a run. */
export type Slot =
  | { readonly name: string; readonly kind: 'static'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'dist'; readonly spec: DistSpec; readonly column: number }
  | { readonly name: string; readonly kind: 'expr'; readonly fn: (scope: Record<string, number>) => number; readonly symbols: readonly string[] };

/**
 * A resolved scenario prepared for many runs: the baseline state built once,
 * values that are the same in every run (numbers, expressions of the year
 * only) computed once per year, the rest ordered so that every expression
 * comes after what it reads.
 *
 * @example
 * const c = compileScenario(resolved);
 * c.sampledNames; // ['growth', 'migrant_settle_rate'], the params.arrow columns
 */
export interface CompiledScenario {
  readonly resolved: ResolvedScenario;
  /** The expressions' syntax trees it was compiled from (text → tree): what worker threads compile it again from. */
  readonly trees: Readonly<Record<string, ExpressionTree>>;
  readonly steps: number;
  readonly years: Int32Array;
  readonly baselineState: Float64Array;
  /** With baseline error: the perturbed starting states runs choose from ({@link baselineDraws}); else undefined. */
  readonly baselineStates?: BaselineDraws;
  /** Evaluation order; static slots first. */
  readonly slots: readonly Slot[];
  /**
   * Names of the scalars drawn from distributions, in params.arrow column order: the scenario's, then the change of
   * count's draws ({@link breakDraws}).
   */
  readonly sampledNames: readonly string[];
  /** The law of each sampled scalar, in sampledNames order (what a designed experiment draws them from). */
  readonly sampledSpecs: readonly DistSpec[];
  /** The change of count's draws that are params.arrow columns, with their columns (see {@link breakDraws}). */
  readonly breakColumns: BreakColumns;
  readonly shocks: readonly { readonly key: ParameterKey; readonly spec: ShockSpec }[];
  /** Whether any slot must be evaluated per run and year. */
  readonly hasDynamic: boolean;
}

/**
 * {@link compileScenario} with the expressions' syntax trees given (text →
 * tree), so that worker threads compile without parsing and without loading
 * mathjs.
 *
 * @example
 * compileWithTrees(resolved, expressionTrees(resolved)).sampledNames;
 */
export function compileWithTrees(resolved: ResolvedScenario, trees: Readonly<Record<string, ExpressionTree>>): CompiledScenario {
  const { start, end } = resolved.years;
  const steps = end - start;
  const years = Int32Array.from({ length: steps + 1 }, (_, i) => start + i);
  const build = baselineBuilder(resolved);
  const baselineState = build(resolved.baseline);
  const baselineStates = baselineDraws(resolved, build);

  const specs = scenarioScalars(resolved);
  const known = ['year', 't', ...specs.keys()];

  // Order by dependency (the validator has already rejected cycles); sampled names sorted for a stable column order.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !specs.has(name)) return;
    seen.add(name);
    const s = specs.get(name)!;
    if (s.kind === 'expr') for (const d of s.symbols) visit(d);
    order.push(name);
  };
  for (const name of [...specs.keys()].sort()) visit(name);

  const isStatic = new Map<string, boolean>();
  const slots: Slot[] = [];
  const sampledNames: string[] = [];
  const staticScope: Record<string, number> = {};
  for (const name of order) {
    const s = specs.get(name)!;
    if (s.kind === 'number') {
      isStatic.set(name, true);
      slots.push({ name, kind: 'static', values: new Float64Array(steps).fill(s.value) });
    } else if (s.kind === 'dist') {
      isStatic.set(name, false);
      slots.push({ name, kind: 'dist', spec: s.spec, column: sampledNames.length });
      sampledNames.push(name);
    } else {
      const { fn } = compileTree(trees[s.text], known);
      const stat = s.symbols.every((d) => d === 'year' || d === 't' || d === 'pi' || d === 'e' || isStatic.get(d) === true);
      isStatic.set(name, stat);
      if (stat) {
        const values = new Float64Array(steps);
        for (let y = 0; y < steps; y++) {
          fillStaticScope(staticScope, slots, start, y);
          values[y] = fn(staticScope);
        }
        slots.push({ name, kind: 'static', values });
      } else slots.push({ name, kind: 'expr', fn, symbols: s.symbols });
    }
  }
  slots.sort((a, b) => Number(b.kind === 'static') - Number(a.kind === 'static')); // stable: order kept within groups
  const shocks = (Object.entries(resolved.shocks) as [ParameterKey, ShockSpec][])
    .filter(([, s]) => s !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, spec]) => ({ key, spec }));
  const sampledSpecs: DistSpec[] = sampledNames.map((name) => (slots.find((sl) => sl.name === name) as { spec: DistSpec }).spec);
  const breakColumns: Record<string, number> = {};
  for (const d of breakDraws(resolved)) {
    breakColumns[d.part] = sampledNames.length;
    sampledNames.push(d.name);
    sampledSpecs.push(d.spec);
  }
  return {
    resolved, trees, steps, years, baselineState, ...(baselineStates && { baselineStates }), slots, sampledNames, sampledSpecs,
    breakColumns: breakColumns as BreakColumns, shocks, hasDynamic: slots.some((s) => s.kind === 'expr'),
  };
}

/** The change of count's parts a run draws: its year, b (`share`) and v (`village_share`). */
export type BreakPart = 'year' | 'share' | 'village_share';
/** The params.arrow column of each part drawn (absent: not drawn, or fixed). */
export type BreakColumns = Readonly<Partial<Record<BreakPart, number>>>;

/**
 * The change of count's draws (uncertainty.registered_break) that vary from run to run, as sampled scalars of their
 * own, after the scenario's: `uncertainty.registered_break.year` when there are several years (equal odds),
 * `uncertainty.registered_break.share` (b, uniform) and `uncertainty.registered_break.village_share` (v, uniform) when
 * their ranges are not a point. None when no year of the break falls within the projection (it would change nothing).
 * A plain run draws them from its own stream (`break`); a designed experiment gives them like any sampled scalar.
 *
 * @example
 * breakDraws(dalian).map((d) => d.name); // ['uncertainty.registered_break.year', 'uncertainty.registered_break.share', 'uncertainty.registered_break.village_share']
 */
export function breakDraws(resolved: ResolvedScenario): { readonly part: BreakPart; readonly name: string; readonly spec: DistSpec }[] {
  const b = resolved.uncertainty?.registeredBreak;
  const { start, end } = resolved.years;
  if (!b || !b.years.some((y) => y > start && y <= end)) return [];
  const name = (part: BreakPart) => `${BREAK_COLUMN_PREFIX}${part}`;
  return [
    ...(b.years.length > 1 ? [{ part: 'year' as const, name: name('year'), spec: { dist: 'choice', values: [...b.years], weights: b.years.map(() => 1) } as DistSpec }] : []),
    ...(b.share.max > b.share.min ? [{ part: 'share' as const, name: name('share'), spec: { dist: 'uniform', min: b.share.min, max: b.share.max } as DistSpec }] : []),
    ...(b.villageShare.max > b.villageShare.min
      ? [{ part: 'village_share' as const, name: name('village_share'), spec: { dist: 'uniform', min: b.villageShare.min, max: b.villageShare.max } as DistSpec }]
      : []),
  ];
}

/** What the names of the change of count's params.arrow columns start with. */
export const BREAK_COLUMN_PREFIX = 'uncertainty.registered_break.';

/**
 * Every named scalar of a resolved scenario: the base-year figures
 * expressions may read (`baseline_resident_pop`, …), its variables, its parameters
 * and the levers of the source groups it switches on
 * (`settlement_groups.<group>.<lever>`).
 *
 * @example
 * scenarioScalars(resolved).get('inflow'); // { kind: 'dist', … }
 */
export function scenarioScalars(resolved: ResolvedScenario): Map<string, ValueSpec> {
  const specs = new Map<string, ValueSpec>();
  for (const [k, value] of Object.entries(baselineSymbolValues(resolved.baseline))) specs.set(k, { kind: 'number', value });
  for (const [k, v] of Object.entries(resolved.variables)) specs.set(k, v);
  for (const k of PARAMETER_KEYS) specs.set(k, resolved.parameters[k]);
  for (const [g, levers] of Object.entries(resolved.settlementGroups ?? {}) as [SettlementGroup, Record<GroupLeverName, ValueSpec>][])
    for (const [lever, spec] of Object.entries(levers) as [GroupLeverName, ValueSpec][]) specs.set(groupSlotName(g, lever), spec);
  return specs;
}

/**
 * The yearly ModelParams array a scalar of the scenario writes to: a
 * parameter's, a source group lever's, or null for a helper variable.
 *
 * @example
 * modelArrayOf(params, 'inflow') === params.inflow; // true
 */
export function modelArrayOf(params: ModelParams, name: string): Float64Array | null {
  if (Object.hasOwn(PARAMETERS, name)) return params[PARAMETERS[name as ParameterKey].model] as Float64Array;
  const slot = groupSlotOf(name);
  return slot ? params.settlementGroups[slot.group][slot.lever] : null;
}

/** Scope of year step y: the projected year is `start + y + 1`. */
function fillStaticScope(scope: Record<string, number>, slots: readonly Slot[], start: number, y: number): void {
  scope.year = start + y + 1;
  scope.t = y + 1;
  for (const s of slots) if (s.kind === 'static') scope[s.name] = s.values[y];
}

/** A fresh, reusable ModelParams for a compiled scenario (its yearly arrays are overwritten per run). */
export function emptyModelParams(c: CompiledScenario): ModelParams {
  const r = c.resolved;
  return modelParams({
    startYear: r.years.start,
    endYear: r.years.end,
    registeredRateDefinition: r.registeredRateDefinition,
    registeredRateDenominator: r.registeredRateDenominator,
    migrantReturnHazard: Float64Array.from(r.migrantReturnHazard),
    migrantSettleMinYears: r.migrantSettleMinYears,
    settlementMode: r.settlementMode,
    ruralToTownForm: r.ruralToTownForm,
    urbanHukouToTownFollowsPace: r.urbanHukouToTownFollowsPace ?? true,
    schoolAgeMin: r.schoolAge.min,
    schoolAgeMax: r.schoolAge.max,
    parentsPerChild: r.parentsPerChild,
  });
}

