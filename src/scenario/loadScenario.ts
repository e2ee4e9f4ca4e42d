import { basename, extname } from 'node:path';
import type { z } from 'zod';
import { METRICS } from '../model/indicators.ts';
import { DEFAULT_RETURN_HAZARD, YEARLY_DEFAULTS, type SettlementMode } from '../model/params.ts';
import { suggest } from './editDistance.ts';
import { ExpressionError, compileExpression } from './expressions.ts';
import { PARAMETERS, PARAMETER_KEYS, type ParameterKey } from './parameterKeys.ts';
import { describe, quantity } from './quantity.ts';
import { locate, readScenarioFiles, type ScenarioFile } from './readScenarioFiles.ts';
import type { DistSpec, ResolvedScenario, ShockSpec, TargetSpec, ValueSpec } from './resolved.ts';
import { ScenarioError, type ScenarioIssue } from './scenarioError.ts';
import { scenarioSchema, type ScenarioInput } from './scenarioSchema.ts';

type Path = (string | number)[];

/**
 * Every problem of a scenario file (and the files it extends), without throwing.
 *
 * @example
 * validateScenario('scenarios/dalian.yaml'); // []
 */
export function validateScenario(path: string): ScenarioIssue[] {
  try {
    loadScenario(path);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.issues];
    throw e;
  }
}

/**
 * Read, merge, validate and resolve a scenario file into its frozen, fully
 * specified form. All problems are collected and thrown together as a
 * {@link ScenarioError}; nothing is written anywhere.
 *
 * @example
 * const s = loadScenario('scenarios/dalian.yaml');
 * s.parameters.inflow; // { kind: 'dist', spec: { dist: 'lognormal', … } }
 */
export function loadScenario(path: string): ResolvedScenario {
  const { files, merged, issues } = readScenarioFiles(path);
  if (issues.length) throw new ScenarioError(issues);
  let parsed = scenarioSchema.safeParse(merged);
  let unknown: ScenarioIssue[] = [];
  if (!parsed.success && parsed.error.issues.every((i) => i.code === 'unrecognized_keys')) {
    // Unknown keys alone: report them together with every other problem of the rest of the file.
    unknown = structuralIssues(parsed.error.issues, files, merged);
    const pruned = structuredClone(merged);
    for (const i of parsed.error.issues) if (i.code === 'unrecognized_keys') for (const k of i.keys) delete (valueAt(pruned, i.path as Path) as Record<string, unknown>)[k];
    parsed = scenarioSchema.safeParse(pruned);
    if (parsed.success) {
      try {
        resolve(parsed.data, files, path);
        throw new ScenarioError(unknown);
      } catch (e) {
        if (e instanceof ScenarioError) throw new ScenarioError(dedupe([...unknown, ...e.issues.filter((x) => !unknown.includes(x))]));
        throw e;
      }
    }
  }
  if (!parsed.success) throw new ScenarioError(dedupe([...unknown, ...structuralIssues(parsed.error.issues, files, merged)]));
  return resolve(parsed.data, files, path);
}

function structuralIssues(zodIssues: readonly z.core.$ZodIssue[], files: ScenarioFile[], merged: Record<string, unknown>): ScenarioIssue[] {
  {
    const out: ScenarioIssue[] = [];
    for (const i of zodIssues) {
      const p = i.path.map((x) => (typeof x === 'symbol' ? String(x) : x)) as Path;
      if (i.code === 'unrecognized_keys') {
        for (const k of i.keys) {
          const known = knownKeys(p);
          const hint = suggest(k, known);
          const pos = locate(files, [...p, k], true);
          out.push({ ...pos, path: [...p, k].join('.'), expected: `one of ${known.join(', ')}`, found: k, message: `unknown key "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
        }
        continue;
      }
      const pos = locate(files, p);
      const found = describe(valueAt(merged, p));
      const expected = i.code === 'invalid_union' ? 'a number, a quantity or expression string, or a distribution' : i.message.replace(/^Invalid input: /, '');
      const message = valueAt(merged, p) === undefined ? `missing: ${expected}` : `expected ${expected}, found ${found}`;
      out.push({ ...pos, path: p.join('.'), expected, found, message });
    }
    return out;
  }
}

function resolve(input: ScenarioInput, files: ScenarioFile[], path: string): ResolvedScenario {
  const issues: ScenarioIssue[] = [];
  const fail = (p: Path, expected: string, found: unknown, message?: string): void => {
    const pos = locate(files, p);
    const f = typeof found === 'string' ? found : describe(found);
    issues.push({ ...pos, path: p.join('.'), expected, found: f, message: message ?? `expected ${expected}, found ${f}` });
  };
  const num = (p: Path, raw: unknown, kind: 'rate' | 'persons' | 'number', lo = -Infinity, hi = Infinity): number => {
    const q = quantity(raw, kind);
    if ('error' in q) {
      fail(p, q.error.replace(/, found .*/, ''), raw, `expected ${q.error}`);
      return NaN;
    }
    if (q.value < lo || q.value > hi) {
      const show = kind === 'rate' ? `${(q.value * 100).toPrecision(4)}%` : String(q.value);
      fail(p, `a value from ${kind === 'rate' ? `${lo * 100}% to ${hi * 100}%` : `${lo} to ${hi}`}`, show, `expected a value from ${kind === 'rate' ? `${lo * 100}% to ${hi * 100}%` : `${lo} to ${hi}`}, found ${show}`);
    }
    return q.value;
  };

  const { start, end } = input.years;
  if (end <= start) fail(['years', 'end'], `a year after start ${start}`, String(end));

  const b = input.baseline;
  const baseline = {
    residentPop: num(['baseline', 'resident_pop'], b.resident_pop, 'persons', 1),
    registeredPop: num(['baseline', 'registered_pop'], b.registered_pop, 'persons', 1),
    residentRate: num(['baseline', 'resident_rate'], b.resident_rate, 'rate', 0, 1),
    registeredRate: num(['baseline', 'registered_rate'], b.registered_rate, 'rate', 0, 1),
    ...(b.migrant_pop !== undefined ? { migrantPop: num(['baseline', 'migrant_pop'], b.migrant_pop, 'persons', 0) } : {}),
    ...(b.away_pop !== undefined ? { awayPop: num(['baseline', 'away_pop'], b.away_pop, 'persons', 0) } : {}),
    ...(b.assume
      ? {
          assume: {
            ...(b.assume.migrant_urban_share !== undefined ? { migrantUrbanShare: num(['baseline', 'assume', 'migrant_urban_share'], b.assume.migrant_urban_share, 'rate', 0, 1) } : {}),
            ...(b.assume.urban_hukou_rural_share !== undefined ? { urbanHukouRuralShare: num(['baseline', 'assume', 'urban_hukou_rural_share'], b.assume.urban_hukou_rural_share, 'rate', 0, 1) } : {}),
            ...(b.assume.urban_hukou_share_of_urban_locals !== undefined ? { urbanHukouShareOfUrbanLocals: num(['baseline', 'assume', 'urban_hukou_share_of_urban_locals'], b.assume.urban_hukou_share_of_urban_locals, 'rate', 0, 1) } : {}),
          },
        }
      : {}),
  };

  const variableNames = Object.keys(input.variables ?? {});
  for (const v of variableNames) {
    if ((PARAMETER_KEYS as string[]).includes(v) || ['year', 't', 'pi', 'e'].includes(v) || !/^[A-Za-z_]\w*$/.test(v))
      fail(['variables', v], 'a new name (letters, digits, _) that is not a parameter, year, t, pi or e', v);
  }
  const known = ['year', 't', ...PARAMETER_KEYS, ...variableNames];
  const spec = (p: Path, raw: unknown, kind: 'rate' | 'persons' | 'number', lo: number, hi: number): ValueSpec => {
    if (typeof raw === 'number' || (typeof raw === 'string' && !('error' in quantity(raw, kind)))) return { kind: 'number', value: num(p, raw, kind, lo, hi) };
    if (typeof raw === 'string') {
      if (/^\s*[+-]?\d+(\.\d+)?\s*(%|万|亿)/.test(raw)) {
        num(p, raw, kind, lo, hi); // reports the wrong unit
        return { kind: 'number', value: NaN };
      }
      try {
        const c = compileExpression(raw, known);
        return { kind: 'expr', text: raw, symbols: c.symbols };
      } catch (e) {
        if (e instanceof ExpressionError) fail(p, 'a number, a quantity or an allowed expression', raw, e.message);
        else throw e;
        return { kind: 'number', value: NaN };
      }
    }
    return { kind: 'dist', spec: distSpec(p, raw as Record<string, unknown>, kind, lo, hi) };
  };
  const distSpec = (p: Path, d: Record<string, unknown>, kind: 'rate' | 'persons' | 'number', lo: number, hi: number): DistSpec => {
    const q = (k: string, l = -Infinity, h = Infinity) => (d[k] === undefined ? undefined : num([...p, k], d[k], kind === 'persons' ? 'persons' : kind === 'rate' ? 'rate' : 'number', l, h));
    const bounded = (support: [number, number], lower?: number, upper?: number) => {
      const a = Math.max(support[0], lower ?? -Infinity);
      const z = Math.min(support[1], upper ?? Infinity);
      if (a < lo || z > hi) fail(p, `a distribution inside ${kind === 'rate' ? `${lo * 100}%–${hi * 100}%` : `${lo}–${hi}`} (truncate with lower/upper)`, `support ${a}..${z}`);
    };
    switch (d.dist) {
      case 'normal': {
        const mean = q('mean')!, sd = q('sd')!, lower = q('lower'), upper = q('upper');
        if (!Number.isNaN(sd) && !(sd > 0)) fail([...p, 'sd'], 'a positive number', String(sd));
        bounded([-Infinity, Infinity], lower, upper);
        return { dist: 'normal', mean, sd, ...(lower !== undefined ? { lower } : {}), ...(upper !== undefined ? { upper } : {}) };
      }
      case 'lognormal': {
        const median = q('median')!, sigma = num([...p, 'sigma'], d.sigma, 'number'), lower = q('lower'), upper = q('upper');
        if (!Number.isNaN(median) && !(median > 0)) fail([...p, 'median'], 'a positive number', String(median));
        if (!Number.isNaN(sigma) && !(sigma > 0)) fail([...p, 'sigma'], 'a positive number', String(sigma));
        bounded([0, Infinity], lower, upper);
        return { dist: 'lognormal', median, sigma, ...(lower !== undefined ? { lower } : {}), ...(upper !== undefined ? { upper } : {}) };
      }
      case 'uniform': {
        const min = q('min')!, max = q('max')!;
        if (!(min < max)) fail([...p, 'max'], `a value above min ${min}`, String(max));
        bounded([min, max]);
        return { dist: 'uniform', min, max };
      }
      case 'triangular': {
        const min = q('min')!, mode = q('mode')!, max = q('max')!;
        if (!(min <= mode && mode <= max && min < max)) fail([...p, 'mode'], 'min ≤ mode ≤ max with min < max', `${min}, ${mode}, ${max}`);
        bounded([min, max]);
        return { dist: 'triangular', min, mode, max };
      }
      case 'beta': {
        const alpha = num([...p, 'alpha'], d.alpha, 'number'), beta = num([...p, 'beta'], d.beta, 'number');
        const min = q('min') ?? 0, max = q('max') ?? 1;
        if (!Number.isNaN(alpha) && !(alpha > 0)) fail([...p, 'alpha'], 'a positive number', String(alpha));
        if (!Number.isNaN(beta) && !(beta > 0)) fail([...p, 'beta'], 'a positive number', String(beta));
        if (!(min < max)) fail([...p, 'max'], `a value above min ${min}`, String(max));
        bounded([min, max]);
        return { dist: 'beta', alpha, beta, min, max };
      }
      default: {
        const values = (d.values as unknown[]).map((v, i) => num([...p, 'values', i], v, kind, lo, hi));
        const weights = d.weights ? (d.weights as unknown[]).map((v, i) => num([...p, 'weights', i], v, 'number', 0)) : values.map(() => 1);
        if (weights.length !== values.length) fail([...p, 'weights'], `${values.length} weights, one per value`, `${weights.length}`);
        if (!(weights.reduce((a, w) => a + w, 0) > 0)) fail([...p, 'weights'], 'weights summing to more than 0', weights.join(', '));
        return { dist: 'choice', values, weights };
      }
    }
  };

  const variables: Record<string, ValueSpec> = {};
  for (const [k, v] of Object.entries(input.variables ?? {})) variables[k] = spec(['variables', k], v, 'rate', -Infinity, Infinity); // helpers may be percentages
  const parameters = {} as Record<ParameterKey, ValueSpec>;
  for (const k of PARAMETER_KEYS) {
    const info = PARAMETERS[k];
    const raw = input.parameters?.[k];
    const kind = info.unit === 'rate' ? 'rate' : info.unit === 'persons' ? 'persons' : 'number';
    parameters[k] = raw === undefined ? { kind: 'number', value: YEARLY_DEFAULTS[info.model] } : spec(['parameters', k], raw, kind, info.min, info.max);
  }

  // Cycles between expressions.
  const deps = new Map<string, readonly string[]>();
  for (const [k, v] of [...Object.entries(variables), ...Object.entries(parameters)]) deps.set(k, v.kind === 'expr' ? v.symbols : []);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (n: string): void => {
    if (state.get(n) === 2 || !deps.has(n)) return;
    if (state.get(n) === 1) {
      const cycle = [...stack.slice(stack.indexOf(n)), n];
      const key = [...cycle].sort().join();
      if (!reported.has(key)) {
        reported.add(key);
        const where: Path = n in variables ? ['variables', n] : ['parameters', n];
        fail(where, 'expressions without a cycle', cycle.join(' → '), `cycle between expressions: ${cycle.join(' → ')}`);
      }
      return;
    }
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n)!) visit(d);
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) visit(n);

  let hazard = DEFAULT_RETURN_HAZARD;
  if (input.migrant_return_hazard !== undefined) {
    const h = input.migrant_return_hazard;
    hazard = Array.isArray(h) ? h.map((v, i) => num(['migrant_return_hazard', i], v, 'rate', 0, 1)) : new Array(11).fill(num(['migrant_return_hazard'], h, 'rate', 0, 1));
  }
  const shocks: Partial<Record<ParameterKey, ShockSpec>> = {};
  for (const [k, v] of Object.entries(input.shocks ?? {})) {
    if (!(PARAMETER_KEYS as string[]).includes(k)) {
      const hint = suggest(k, PARAMETER_KEYS);
      fail(['shocks', k], 'a parameter name', k, `unknown parameter "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    } else shocks[k as ParameterKey] = { type: 'ar1', phi: v.ar1.phi, sigma: v.ar1.sigma };
  }
  const targets: TargetSpec[] = (input.targets ?? []).map((t, i) => {
    if (!(METRICS as readonly string[]).includes(t.metric)) {
      const hint = suggest(t.metric, METRICS);
      fail(['targets', i, 'metric'], 'an indicator name', t.metric, `unknown metric "${t.metric}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    if (t.year <= start || t.year > end) fail(['targets', i, 'year'], `a year from ${start + 1} to ${end}`, String(t.year));
    const isRate = t.metric.endsWith('_rate') || t.metric.endsWith('_share') || t.metric === 'rate_gap';
    const value = num(['targets', i, 'value'], t.value, isRate ? 'rate' : 'persons', isRate ? -1 : 0, isRate ? 1 : Infinity);
    return { id: `${t.metric}${t.op}${Number(value.toPrecision(6))}@${t.year}`, metric: t.metric, year: t.year, op: t.op, value, source: t.source ?? path };
  });
  const settlementPlan = (input.settlement_plan ?? []).map((s, i) => ({
    year: s.year,
    persons: num(['settlement_plan', i, 'persons'], s.persons, 'persons', 0),
    kind: s.kind,
    ...(s.source ? { source: s.source } : {}),
  }));
  const schoolAge = input.school_age ?? { min: 6, max: 14 };
  if (schoolAge.min > schoolAge.max) fail(['school_age', 'max'], `an age ≥ min ${schoolAge.min}`, String(schoolAge.max));
  if (issues.length) throw new ScenarioError(dedupe(issues));

  const resolved: ResolvedScenario = {
    version: 1,
    name: input.name ?? basename(path, extname(path)),
    files: files.map((f) => f.file),
    ...(input.city ? { city: input.city } : {}),
    years: { start, end },
    registeredRateDefinition: input.registered_rate_definition ?? 'hukou',
    baseline,
    variables,
    parameters,
    migrantReturnHazard: hazard,
    migrantSettleMinYears: input.migrant_settle_min_years ?? 3,
    settlementMode: (input.settlement_mode ?? 'plain') as SettlementMode,
    schoolAge,
    parentsPerChild: input.parents_per_child ?? 1.5,
    shocks,
    targets,
    settlementPlan,
    monteCarlo: { runs: input.monte_carlo?.runs ?? 1000, seed: input.monte_carlo?.seed ?? 1, sampler: input.monte_carlo?.sampler ?? 'lhs' },
  };
  return deepFreeze(resolved);
}

function knownKeys(path: Path): string[] {
  let shape: unknown = scenarioSchema;
  for (const seg of path) {
    const s = shape as { shape?: Record<string, unknown>; def?: { innerType?: unknown; valueType?: unknown; element?: unknown } };
    const unwrap = (x: unknown): unknown => {
      let y = x as { def?: { innerType?: unknown; type?: string } };
      while (y?.def?.innerType) y = y.def.innerType as typeof y;
      return y;
    };
    const cur = unwrap(s) as { shape?: Record<string, unknown>; def?: { valueType?: unknown; element?: unknown } };
    if (typeof seg === 'number') shape = unwrap(cur.def?.element);
    else shape = cur.shape ? unwrap(cur.shape[seg]) : unwrap(cur.def?.valueType);
  }
  const final = shape as { shape?: Record<string, unknown>; def?: { options?: { shape?: Record<string, unknown> }[] } } | undefined;
  if (final?.shape) return Object.keys(final.shape);
  const opts = final?.def?.options?.flatMap((o) => Object.keys(o.shape ?? {})) ?? [];
  return [...new Set(opts)];
}

function valueAt(v: unknown, path: Path): unknown {
  let cur = v;
  for (const seg of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}:${i.line}:${i.column}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
