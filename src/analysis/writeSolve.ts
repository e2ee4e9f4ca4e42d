import { bools, dictionary, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from '../io/outputFolder.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import { type CommandTimings, commandTimings, metaJson } from '../io/writeRunOutputs.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { TargetSpec } from '../scenario/resolved.ts';
import type { SolveEffects } from './solveEffects.ts';
import type { LeverSolution } from './solveLever.ts';

/** meta.json of a solve folder: the question, the answer and how it was found. */
export interface SolveMeta {
  readonly toolkit: { readonly name: 'urbsim'; readonly version: string };
  readonly command: 'solve';
  readonly scenario: LeverSolution['scenario'];
  readonly hash: string;
  readonly lever: string;
  readonly targets: readonly TargetSpec[];
  readonly probability: number;
  readonly direction: 'min' | 'max';
  readonly trend: LeverSolution['trend'];
  readonly range: { readonly lo: number; readonly hi: number; readonly from: string };
  readonly step: number;
  readonly status: LeverSolution['status'];
  readonly value: number | null;
  readonly bracket: readonly [number, number] | null;
  readonly converged: boolean;
  readonly message: string;
  readonly runs: number;
  readonly seed: number;
  readonly timings: CommandTimings;
  readonly files: readonly string[];
}

export const SOLVE_FILES = ['solve.arrow', 'meta.json'] as const;

/**
 * `solve.arrow`, the probability curve: one row per lever value evaluated,
 * sorted by value — lever (dictionary), x, probability of meeting the
 * target(s) with its 95 % Wilson interval, runs meeting them, runs, the
 * order of evaluation, and whether the row is the answer.
 *
 * @example
 * writeFileAtomic('out/q/solve.arrow', solveIpc(solution));
 */
export function solveIpc(s: LeverSolution): Uint8Array {
  const c = s.curve;
  return documentedIpc('solve.arrow', {
    lever: dictionary(c.map(() => s.lever), 0),
    x: floats(c.map((p) => p.x)),
    probability: floats(c.map((p) => p.probability)),
    lower: floats(c.map((p) => p.lower)),
    upper: floats(c.map((p) => p.upper)),
    met: ints(c.map((p) => p.met)),
    runs: ints(c.map((p) => p.runs)),
    evaluation: ints(c.map((p) => p.evaluation)),
    answer: bools(c.map((p) => p.x === s.value)),
    ...effectColumns(c.map((p) => p.effects)),
  });
}

/**
 * Write a solve into an output folder (open, or a path committed here as a
 * whole): solve.arrow and meta.json (with the answer).
 *
 * @example
 * writeSolve('out/dalian-solve-settle_quota', solution, { startedAt });
 */
export function writeSolve(target: string | OutputSink, s: LeverSolution, info: { startedAt: Date }): SolveMeta {
  return writeOutputFolder(target, (out) => {
    out.writeFile('solve.arrow', solveIpc(s));
    const meta = solveMeta(s, info);
    out.writeFile('meta.json', metaJson(meta));
    return meta;
  });
}

function solveMeta(s: LeverSolution, info: { startedAt: Date }): SolveMeta {
  const meta: SolveMeta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    command: 'solve',
    scenario: s.scenario,
    hash: scenarioHash(s.scenario),
    lever: s.lever,
    targets: s.targets,
    probability: s.probability,
    direction: s.direction,
    trend: s.trend,
    range: { lo: s.range.lo, hi: s.range.hi, from: s.range.from },
    step: s.step,
    status: s.status,
    value: s.value ?? null,
    bracket: s.bracket ?? null,
    converged: s.converged,
    message: s.message,
    runs: s.runs,
    seed: s.seed,
    timings: commandTimings(info.startedAt),
    files: SOLVE_FILES,
  };
  return meta;
}

/**
 * The effect columns of solve.arrow and frontier.arrow: people settled a
 * year (all, locals, others), the 市民化 cost split and the land quota.
 *
 * @example
 * documentedIpc('solve.arrow', { …, ...effectColumns(curve.map((p) => p.effects)) });
 */
export function effectColumns(e: readonly SolveEffects[]) {
  return {
    settled_per_year: floats(e.map((x) => x.settledPerYear)),
    settled_local_per_year: floats(e.map((x) => x.settledLocalPerYear)),
    settled_migrants_per_year: floats(e.map((x) => x.settledMigrantsPerYear)),
    cost_government: floats(e.map((x) => x.costGovernment)),
    cost_enterprise: floats(e.map((x) => x.costEnterprise)),
    cost_individual: floats(e.map((x) => x.costIndividual)),
    land_quota_m2: floats(e.map((x) => x.landQuotaM2)),
  };
}
