import { join } from 'node:path';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { leverRange } from '../analysis/leverRange.ts';
import { type LeverSolution, solveLever } from '../analysis/solveLever.ts';
import { curveLine, solveTable } from '../analysis/solveTable.ts';
import { solveTargets } from '../analysis/solveTargets.ts';
import { writeSolve } from '../analysis/writeSolve.ts';
import { PARAMETERS, loadScenario } from '../scenario/api.ts';
import { type QuantityKind, parseQuantity } from '../scenario/quantity.ts';
import { parameterRule } from '../scenario/valueRule.ts';
import { compileChecked } from './compileChecked.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { positiveInt, seedOption } from './options.ts';
import { warnScenario } from './warnScenario.ts';

export interface SolveCommandOptions {
  readonly lever: string;
  readonly target: string;
  readonly probability: string;
  readonly metric?: string;
  readonly year?: string;
  readonly direction?: string;
  readonly range?: string;
  readonly tolerance?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly maxEvaluations?: string;
  readonly out?: string;
}

/**
 * `urbsim solve <scenario> --lever KEY --target T --probability p`: parse
 * the options, run {@link solveLever} (each evaluation reported through
 * `log` as it completes), write solve.arrow and meta.json, and return the
 * text to print. A target no value of the range reaches is an answer (the
 * text says so, exit code 0); bad options, an unknown lever or target, a
 * range outside the lever's bounds throw {@link UsageError} (exit code 2)
 * before anything is run or written.
 *
 * @example
 * const { text } = await solveCommand('scenarios/dalian.yaml', { lever: 'settle_quota', target: 'registered_rate>=64%@2017', probability: '80%', range: '0,10万' });
 */
export async function solveCommand(
  file: string,
  o: SolveCommandOptions,
  log: (line: string) => void = () => {},
): Promise<{ text: string; dir: string; solution: LeverSolution }> {
  const kind: QuantityKind = Object.hasOwn(PARAMETERS, o.lever) ? parameterRule(PARAMETERS[o.lever as keyof typeof PARAMETERS]).kind : 'any';
  const probability = quantityOption('--probability', o.probability, 'rate');
  if (!(probability > 0 && probability <= 1)) throw new UsageError(`--probability: expected a probability above 0 and at most 100%, such as 0.8 or 80%; found "${o.probability}"`);
  const direction = o.direction ?? 'auto';
  if (direction !== 'min' && direction !== 'max' && direction !== 'auto') throw new UsageError(`--direction: expected min, max or auto, found "${direction}"`);
  const range = o.range === undefined ? undefined : rangeOption(o.range, kind);
  const tolerance = o.tolerance === undefined ? undefined : quantityOption('--tolerance', o.tolerance, kind);
  const year = o.year === undefined ? undefined : Number(o.year);
  if (year !== undefined && !Number.isInteger(year)) throw new UsageError(`--year: expected a year such as 2020, found "${o.year}"`);
  const runs = positiveInt('--runs', o.runs, 1_000_000);
  const maxEvaluations = positiveInt('--max-evaluations', o.maxEvaluations, 1000);
  if (maxEvaluations !== undefined && maxEvaluations < 2) throw new UsageError('--max-evaluations: at least 2 (both ends of the range)');
  const seed = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  const scenario = loadScenario(file);
  compileChecked(scenario, file);
  warnScenario(file, scenario, (line) => log(line.trimEnd()));
  const dir = o.out ?? join('out', `${scenario.name}-solve-${o.lever}`);
  checkOutputFolder('--out', dir);
  const startedAt = new Date();
  let solution: LeverSolution;
  try {
    const targets = solveTargets(scenario, o.target, { metric: o.metric, year });
    const units = leverRange(scenario, o.lever, range); // checks the lever and range before anything runs
    solution = await solveLever(scenario, {
      lever: o.lever,
      targets,
      probability,
      direction,
      range,
      tolerance,
      maxEvaluations,
      runs,
      seed,
      workers,
      onEvaluation: (p) => log(`[${p.evaluation}] ${curveLine(o.lever, p, units)}`),
    });
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new UsageError(e.message);
    throw e;
  }
  writeSolve(dir, solution, { startedAt });
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
  return { text: `${solveTable(solution)}\n\nwrote ${dir}/ (solve.arrow, meta.json) in ${seconds} s\n`, dir, solution };
}

function quantityOption(name: string, raw: string, kind: QuantityKind): number {
  const q = parseQuantity(raw, kind);
  if (!q.ok) throw new UsageError(`${name}: ${q.message}`);
  return q.value;
}

/** `lo,hi` in the lever's units, e.g. `0,20万` or `3%,15%`. */
function rangeOption(raw: string, kind: QuantityKind): [number, number] {
  const parts = raw.split(',');
  if (parts.length !== 2) throw new UsageError(`--range: expected LO,HI (e.g. 0,20万 or 3%,15%), found "${raw}"`);
  return [quantityOption('--range', parts[0], kind), quantityOption('--range', parts[1], kind)];
}
