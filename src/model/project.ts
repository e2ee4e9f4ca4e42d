import { STATE_SIZE } from './layout.ts';
import { METRICS, METRIC_COUNT, type Metric, roundBaseYear, writeIndicators } from './indicators.ts';
import { type ModelParams, stepCount } from './params.ts';
import { step } from './step.ts';
import { measureCapacity } from './capacity.ts';
import { Workspace } from './workspace.ts';

/** A projection's yearly indicators as columns, and optionally the state of every year. */
export interface Projection {
  /** Calendar years, base year first. */
  readonly years: Int32Array;
  /** One column per metric, one value per year; flows are NaN in the base year. */
  readonly columns: Readonly<Record<Metric, Float64Array>>;
  /** The state at the end of each year (base year first), when asked for. */
  readonly states?: readonly Float64Array[];
}

/** What the engine needs to run: a starting state and the parameters of every year. */
export interface ProjectionInput {
  readonly params: ModelParams;
  /** Persons by status × sex × age at the end of the base year (see layout.ts); not modified. */
  readonly initialState: Float64Array;
}

/**
 * Run one deterministic projection from `params.startYear` to `params.endYear`.
 *
 * @example
 * const { state } = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000,
 *   residentRate: 0.685, registeredRate: 0.631 });
 * const p = modelParams({ startYear: 2013, endYear: 2020, inflow: 200_000 });
 * const { years, columns } = project({ params: p, initialState: state });
 * columns.resident_rate[years.length - 1]; // resident rate in 2020
 */
export function project(input: ProjectionInput, options: { keepStates?: boolean } = {}): Projection {
  const n = stepCount(input.params);
  const rows = new Float64Array((n + 1) * METRIC_COUNT);
  const state = Float64Array.from(input.initialState);
  const states: Float64Array[] | undefined = options.keepStates ? [Float64Array.from(state)] : undefined;
  runInto(state, input.params, new Workspace(), rows, states);
  const years = new Int32Array(n + 1);
  for (let y = 0; y <= n; y++) years[y] = input.params.startYear + y;
  const columns = {} as Record<Metric, Float64Array>;
  METRICS.forEach((m, j) => {
    const col = new Float64Array(n + 1);
    for (let y = 0; y <= n; y++) col[y] = rows[y * METRIC_COUNT + j];
    columns[m] = col;
  });
  return { years, columns, states };
}

/**
 * The allocation-free core of {@link project}: steps `state` in place through
 * every year, writing indicator rows (year-major, `METRIC_COUNT` per year) to
 * `rows`. Monte Carlo runners reuse one state, workspace and row buffer per run.
 */
export function runInto(
  state: Float64Array,
  p: ModelParams,
  ws: Workspace,
  rows: Float64Array,
  keepStates?: Float64Array[],
): void {
  if (state.length !== STATE_SIZE) throw new RangeError(`state has ${state.length} cells, expected ${STATE_SIZE}`);
  const def = p.registeredRateDefinition;
  ws.reset();
  const n = stepCount(p);
  measureCapacity(state, p, 0, ws);
  writeIndicators(state, def, null, ws.levers, rows, 0, ws.totals, p.registeredRateDenominator);
  roundBaseYear(rows.subarray(0, METRIC_COUNT));
  for (let y = 0; y < n; y++) {
    step(state, p, y, ws);
    writeIndicators(state, def, ws.flows, ws.levers, rows, (y + 1) * METRIC_COUNT, ws.totals, p.registeredRateDenominator);
    if (keepStates) keepStates.push(Float64Array.from(state));
  }
}
