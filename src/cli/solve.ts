import { join } from 'node:path';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { leverRangeInBounds } from '../analysis/leverRange.ts';
import { type LeverSolution, solveLever } from '../analysis/solveLever.ts';
import { curveLine, solveTable } from '../analysis/solveTable.ts';
import { solveTargets } from '../analysis/solveTargets.ts';
import { checkTargetOption } from './targetOption.ts';
import { writeSolve } from '../analysis/writeSolve.ts';
import { checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { frontierLine, frontierTable } from '../analysis/frontierTable.ts';
import { type FrontierSolution, solveFrontier } from '../analysis/solveFrontier.ts';
import { writeFrontier } from '../analysis/writeFrontier.ts';
import { loadScenario } from '../scenario/api.ts';
import type { QuantityKind } from '../scenario/quantity.ts';
import { RATE_RULE, percentSignHint } from '../scenario/valueRule.ts';
import { compileChecked } from './compileChecked.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { positiveInt, seedOption, yearOption } from './options.ts';
import { warnScenario } from './warnScenario.ts';
import { checkPercentRange, leverOption, quantityOption, rangeEnd } from './leverOption.ts';
import { leverEndUsage } from './leverEnds.ts';
import { withLeverRanges } from '../analysis/withLeverRanges.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

export interface SolveCommandOptions {
  /** `KEY` or `KEY=LO..HI`, once per lever; two or more ask for a frontier. */
  readonly lever: string | readonly string[];
  readonly target: string;
  readonly probability: string;
  readonly metric?: string;
  readonly year?: string;
  readonly direction?: string;
  readonly range?: string;
  readonly tolerance?: string;
  /** Values per grid lever of a frontier. */
  readonly grid?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly maxEvaluations?: string;
  readonly out?: string;
}

/**
 * `urbsim solve <scenario> --lever KEY[=LO..HI] --target T --probability p`:
 * parse the options; with one lever run {@link solveLever} and write
 * solve.arrow, with several run {@link solveFrontier} and write
 * frontier.arrow (each evaluation reported through `log` as it completes);
 * then meta.json, and return the text to print. A target no value reaches is
 * an answer (the text says so, exit code 0); bad options, an unknown lever
 * or target, a range outside the lever's bounds throw {@link UsageError}
 * (exit code 2) before anything is run or written.
 *
 * @example
 * const { text } = await solveCommand('scenarios/dalian.yaml', { lever: ['local_settle_rate=3%..30%', 'migrant_settle_rate=3%..40%'], target: '1', probability: '80%' });
 */
export async function solveCommand(
  file: string,
  o: SolveCommandOptions,
  log: (line: string) => void = () => {},
): Promise<{ text: string; dir: string; solution: LeverSolution | FrontierSolution }> {
  const levers = (typeof o.lever === 'string' ? [o.lever] : [...o.lever]).map(leverOption);
  // The command's --lever is required, but its default (an empty list, to collect repeats) satisfied commander's check.
  if (levers.length === 0) throw new UsageError('--lever: expected the lever to search, a parameter key or a variable of the scenario with its range (e.g. --lever migrant_settle_rate=0..100%); repeat it for a frontier');
  if (levers.length > 1 && o.range !== undefined) throw new UsageError('--range goes with one --lever; with several, give each its range as --lever NAME=LO..HI');
  if (levers.length > 1 && o.direction !== undefined && o.direction !== 'auto') throw new UsageError('--direction goes with one --lever; with several, each lever\'s direction is found from the runs');
  if (levers.length === 1 && o.grid !== undefined) throw new UsageError('--grid goes with two or more --lever (a frontier)');
  if (levers.length === 1 && o.range !== undefined && levers[0].range !== undefined) throw new UsageError(`--range and --lever ${levers[0].lever}=… both give a range: give one`);
  const solvedKind = levers.at(-1)!.kind;
  const probability = quantityOption('--probability', o.probability, 'rate');
  if (!(probability > 0 && probability <= 1)) throw new UsageError(`--probability: expected a probability above 0 and at most 100%, such as 0.8 or 80%; found "${o.probability}"`);
  const direction = o.direction ?? 'auto';
  if (direction !== 'min' && direction !== 'max' && direction !== 'auto') throw new UsageError(`--direction: expected min, max or auto, found "${direction}"`);
  const range = o.range === undefined ? levers[0].range : rangeOption(o.range, levers[0].kind);
  const tolerance = o.tolerance === undefined ? undefined : quantityOption('--tolerance', o.tolerance, solvedKind);
  // A rate's step written as a plain number (1 for 1 %) reads as 100 % or more: the search stopped at the range's
  // ends and answered one of them.
  const step = tolerance !== undefined && solvedKind === 'rate' ? percentSignHint(RATE_RULE, o.tolerance!.trim(), tolerance, { under: true }) : '';
  if (step) throw new UsageError(`--tolerance: expected a step of the rate under 100%, found ${o.tolerance!.trim()}${step}`);
  const year = o.year === undefined ? undefined : yearOption('--year', o.year);
  checkTargetOption(o.target, { metric: o.metric, year });
  const runs = positiveInt('--runs', o.runs, 1_000_000);
  const grid = positiveInt('--grid', o.grid, 100);
  if (grid !== undefined && grid < 2) throw new UsageError('--grid: at least 2 (both ends of each grid lever)');
  const maxEvaluations = positiveInt('--max-evaluations', o.maxEvaluations, 1000);
  if (maxEvaluations !== undefined && maxEvaluations < 2) throw new UsageError('--max-evaluations: at least 2 (both ends of the range)');
  const seed = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  const scenario = loadScenario(file);
  compileChecked(scenario, file);
  for (const [i, l] of levers.entries()) {
    if (!scenario.percentVariables?.includes(l.lever)) continue;
    if (l.written && l.range) checkPercentRange(`--lever ${l.lever}=${l.written.join('..')}`, l.lever, l.written, l.range);
    if (i === 0 && o.range !== undefined && range) checkPercentRange(`--range ${o.range}`, l.lever, o.range.split(',').map((w) => w.trim()) as [string, string], range);
  }
  checkGivenEnds(scenario, levers, o.range, range);
  const dir = o.out ?? join('out', `${scenario.name}-solve-${levers.map((l) => l.lever).join('+')}`);
  checkOutputFolder('--out', dir);
  checkOutputOf(dir, file, { named: o.out === undefined ? scenario.name : undefined, kind: 'solve' });
  const startedAt = new Date();
  const seconds = () => ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
  try {
    // The lock first: a second solve into the same folder is refused before anything runs.
    return await withOutputFolder(dir, async (out) => {
      const targets = solveTargets(scenario, o.target, { metric: o.metric, year });
      // Every lever and range checked before anything runs (the ends of those given, together, by checkGivenEnds).
      const units = levers.map((l, i) => leverRangeInBounds(scenario, l.lever, i === 0 ? range : l.range));
      warnScenario(file, scenario, (line) => log(line.trimEnd()));
      if (levers.length > 1) {
        const names = levers.map((l, i) => ({ lever: l.lever, range: units[i] }));
        const solution = await solveFrontier(scenario, {
          levers: levers.map((l) => ({ lever: l.lever, range: l.range })),
          targets, probability, grid, tolerance, maxEvaluations, runs, seed, workers,
          onEvaluation: (p) => log(`[${p.evaluation}] ${frontierLine(names, p)}`),
        });
        writeFrontier(out, solution, { startedAt });
        return { text: `${frontierTable(solution)}\n\nwrote ${dir}/ (frontier.arrow, meta.json) in ${seconds()} s\n`, dir, solution };
      }
      const solution = await solveLever(scenario, {
        lever: levers[0].lever, targets, probability, direction, range, tolerance, maxEvaluations, runs, seed, workers,
        onEvaluation: (p) => log(`[${p.evaluation}] ${curveLine(levers[0].lever, p, units[0])}`),
      });
      writeSolve(out, solution, { startedAt });
      return { text: `${solveTable(solution)}\n\nwrote ${dir}/ (solve.arrow, meta.json) in ${seconds()} s\n`, dir, solution };
    }, { command: 'urbsim solve', scenarioFile: file, kind: 'solve' });
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** The ranges given (`--range`, the levers' own), refused where an end or a value inside takes what the lever feeds out of its bounds (LeverEndError), said of the option. */
function checkGivenEnds(s: ResolvedScenario, levers: readonly ReturnType<typeof leverOption>[], rawRange: string | undefined, range: readonly [number, number] | undefined): void {
  const given = levers.flatMap((l, i) => {
    const r = i === 0 ? range : l.range;
    if (!r) return [];
    const byRange = i === 0 && rawRange !== undefined;
    const written = byRange ? (rawRange.split(',').map((w) => w.trim()) as [string, string]) : l.written!;
    return [{ lever: l.lever, lo: r[0], hi: r[1], option: byRange ? `--range ${rawRange}` : `--lever ${l.lever}=${written.join('..')}`, written }];
  });
  try {
    withLeverRanges(s, given);
  } catch (e) {
    const ends = leverEndUsage(e, given);
    if (ends !== e) throw ends;
    if (e instanceof AnalysisInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** `lo,hi` in the lever's units, e.g. `0,20万` or `3%,15%`. */
function rangeOption(raw: string, kind: QuantityKind): [number, number] {
  const parts = raw.split(',');
  if (parts.length !== 2) throw new UsageError(`--range: expected LO,HI (e.g. 0,20万 or 3%,15%), found "${raw}"`);
  return [rangeEnd('--range', parts[0], kind), rangeEnd('--range', parts[1], kind)];
}
