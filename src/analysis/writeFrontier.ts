import { bools, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from '../io/outputFolder.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import { type CommandTimings, commandTimings, metaJson } from '../io/writeRunOutputs.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { TargetSpec } from '../scenario/resolved.ts';
import type { PlanRate } from './solveEffects.ts';
import type { FrontierSolution } from './solveFrontier.ts';
import { effectColumns } from './writeSolve.ts';

/** meta.json of a multi-lever solve: the question, how each lever acts, the answer. */
export interface FrontierMeta {
  readonly toolkit: { readonly name: 'urbsim'; readonly version: string };
  readonly command: 'solve';
  readonly kind: 'frontier';
  readonly scenario: FrontierSolution['scenario'];
  readonly hash: string;
  readonly levers: readonly { readonly lever: string; readonly lo: number; readonly hi: number; readonly from: string; readonly helps: string; readonly role: string; readonly step: number }[];
  readonly targets: readonly TargetSpec[];
  readonly probability: number;
  readonly status: FrontierSolution['status'];
  readonly message: string;
  readonly plan: PlanRate | null;
  readonly runs: number;
  readonly seed: number;
  readonly timings: CommandTimings;
  readonly files: readonly string[];
}

export const FRONTIER_FILES = ['frontier.arrow', 'meta.json'] as const;

/**
 * Write a multi-lever solve into an output folder (open, or a path committed
 * here as a whole): frontier.arrow (every combination
 * run: its lever values, probability with the Wilson interval, whether it
 * is on the frontier, people settled a year, the 市民化 cost split and land
 * quota) and meta.json.
 *
 * @example
 * writeFrontier('out/dalian-solve-local_settle_rate+migrant_settle_rate', solution, { startedAt });
 */
export function writeFrontier(target: string | OutputSink, s: FrontierSolution, info: { startedAt: Date }): FrontierMeta {
  return writeOutputFolder(target, (out) => {
    out.writeFile('frontier.arrow', frontierIpc(s));
    const meta = frontierMeta(s, info);
    out.writeFile('meta.json', metaJson(meta));
    return meta;
  });
}

function frontierIpc(s: FrontierSolution): Uint8Array {
  const e = s.evaluations;
  return documentedIpc('frontier.arrow', {
    evaluation: ints(e.map((p) => p.evaluation)),
    ...Object.fromEntries(s.levers.map((l, i) => [l.lever, floats(e.map((p) => p.values[i]))])),
    probability: floats(e.map((p) => p.probability)),
    lower: floats(e.map((p) => p.lower)),
    upper: floats(e.map((p) => p.upper)),
    met: ints(e.map((p) => p.met)),
    runs: ints(e.map((p) => p.runs)),
    frontier: bools(e.map((p) => s.status !== 'unreachable' && s.frontier.includes(p))),
    ...effectColumns(e.map((p) => p.effects)),
  });
}

function frontierMeta(s: FrontierSolution, info: { startedAt: Date }): FrontierMeta {
  const meta: FrontierMeta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    command: 'solve',
    kind: 'frontier',
    scenario: s.scenario,
    hash: scenarioHash(s.scenario),
    levers: s.levers.map((l) => ({ lever: l.lever, lo: l.range.lo, hi: l.range.hi, from: l.range.from, helps: l.helps, role: l.role, step: l.step })),
    targets: s.targets,
    probability: s.probability,
    status: s.status,
    message: s.message,
    plan: s.plan ?? null,
    runs: s.runs,
    seed: s.seed,
    timings: commandTimings(info.startedAt),
    files: FRONTIER_FILES,
  };
  return meta;
}
