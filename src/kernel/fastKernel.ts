import { readFileSync } from 'node:fs';
import { AGES, DURATIONS, SEXES, STATE_SIZE } from '../model/layout.ts';
import { METRIC_COUNT, roundBaseYear } from '../model/indicators.ts';
import { GROUP_SEGMENTS } from './groupSegments.ts';
import { stepCount, type ModelParams } from '../model/params.ts';
import { packParams, paramsLength } from './packParams.ts';
import { SurvivalTables } from './survivalTables.ts';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  stateAddress(): number;
  fixedAddress(): number;
  setLayout(survival: number, segTables: number, segRows: number, classes: number, cells: number): void;
  setRun(params: number, rows: number, steps: number, fertLo: number, fertHi: number, schoolMin: number, schoolMax: number, parents: number, residence: number, residentBase: number): void;
  begin(): void;
  stepYears(from: number, to: number): void;
}

/** Fixed schedules: fertility, departure profile, adult and child arrivals, return hazard. */
const FIXED_LENGTH = 2 * AGES + 2 * SEXES * AGES + DURATIONS;
const SURVIVAL_TABLES = 512;

let compiled: WebAssembly.Module | undefined;
/** The compiled kernel (src/kernel/kernel.wasm, built from assembly/kernel.ts by `npm run kernel`), once per thread. */
function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./kernel.wasm', import.meta.url)));
  return compiled;
}

/**
 * The fast kernel (WebAssembly compiled from assembly/kernel.ts): the same projection as {@link runInto}, held to it
 * by tests/kernel/parity.test.ts. One instance per thread, reused for every run: its memory holds the state, the
 * packed parameters of a run, the indicator rows, and the life tables of the e0 values met so far.
 *
 * @example
 * const k = new FastKernel();
 * const rows = new Float64Array((stepCount(p) + 1) * METRIC_COUNT);
 * k.run(baseline.state, p, rows); // as runInto(Float64Array.from(baseline.state), p, new Workspace(), rows)
 */
export class FastKernel {
  private readonly k: KernelExports;
  private readonly survival: SurvivalTables;
  private readonly stateAt: number;
  private readonly fixedAt: number;
  private readonly dynamicAt: number;
  private paramsAt = 0;
  private rowsAt = 0;
  private capacity = 0;

  constructor() {
    this.k = new WebAssembly.Instance(kernelModule(), {}).exports as unknown as KernelExports;
    const align = (n: number) => Math.ceil(n / 16) * 16;
    this.stateAt = this.k.stateAddress();
    this.fixedAt = this.k.fixedAddress();
    let at = align(this.k.heapBase());
    const survivalAt = at;
    at = align(at + SURVIVAL_TABLES * (AGES + 1) * 8);
    const seg = GROUP_SEGMENTS;
    const tables = [seg.rowStatus, seg.rowSex, seg.rowClass, seg.classStatus, seg.classCell, seg.cellFrom, seg.cellStart, seg.migrantStart, seg.cells];
    const segAt = at;
    at = align(at + tables.reduce((n, t) => n + t.length, 0) * 4);
    this.dynamicAt = at;
    this.ensure(at);
    let o = segAt / 4;
    for (const t of tables) {
      new Int32Array(this.k.memory.buffer).set(t, o);
      o += t.length;
    }
    const widest = Math.max(...seg.classCell.subarray(1).map((c, i) => c - seg.classCell[i]));
    if (seg.size > 1024 || widest > 16 || seg.rowStatus.length > 32)
      throw new RangeError(`source-group cells (${seg.size}, ${widest} in a class) or rows (${seg.rowStatus.length}) exceed the kernel's 1024, 16 and 32`);
    this.k.setLayout(survivalAt, segAt, seg.rowStatus.length, seg.classes, seg.size);
    this.survival = new SurvivalTables(SURVIVAL_TABLES, (slot, values) => this.f64().set(values, survivalAt / 8 + slot * (AGES + 1)));
  }

  /**
   * Run the projection of `p` from `initialState` (not modified), writing the indicator rows (year-major,
   * `METRIC_COUNT` per year) to `rows`; with `keepStates`, push the state of every year, base year first.
   */
  run(initialState: Float64Array, p: ModelParams, rows: Float64Array, keepStates?: Float64Array[]): void {
    const n = stepCount(p);
    const rowsLength = (n + 1) * METRIC_COUNT;
    if (initialState.length !== STATE_SIZE) throw new RangeError(`state has ${initialState.length} cells, expected ${STATE_SIZE}`);
    if (rows.length < rowsLength) throw new RangeError(`rows hold ${rows.length} values, the run writes ${rowsLength}`);
    this.layOutRun(n);
    this.survival.startRun(2 * n);
    const mem = this.f64();
    mem.set(initialState, this.stateAt / 8);
    const { fertLo, fertHi } = packParams(p, mem.subarray(this.paramsAt / 8, this.paramsAt / 8 + paramsLength(n)), mem.subarray(this.fixedAt / 8, this.fixedAt / 8 + FIXED_LENGTH), this.survival);
    this.k.setRun(this.paramsAt, this.rowsAt, n, fertLo, fertHi, p.schoolAgeMin, p.schoolAgeMax, p.parentsPerChild,
      p.registeredRateDefinition === 'residence' ? 1 : 0, p.registeredRateDenominator === 'resident' ? 1 : 0);
    this.k.begin();
    if (keepStates) {
      keepStates.push(this.state());
      for (let y = 0; y < n; y++) {
        this.k.stepYears(y, y + 1);
        keepStates.push(this.state());
      }
    } else this.k.stepYears(0, n);
    rows.set(this.f64().subarray(this.rowsAt / 8, this.rowsAt / 8 + rowsLength));
    roundBaseYear(rows.subarray(0, METRIC_COUNT)); // as runInto: the base year reads the figures as given
  }

  /** A copy of the current state. */
  private state(): Float64Array {
    return this.f64().slice(this.stateAt / 8, this.stateAt / 8 + STATE_SIZE);
  }

  private f64(): Float64Array {
    return new Float64Array(this.k.memory.buffer);
  }

  private layOutRun(n: number): void {
    if (n <= this.capacity) return;
    this.paramsAt = this.dynamicAt;
    this.rowsAt = this.paramsAt + Math.ceil((paramsLength(n) * 8) / 16) * 16;
    this.ensure(this.rowsAt + (n + 1) * METRIC_COUNT * 8);
    this.capacity = n;
  }

  private ensure(bytes: number): void {
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / 65536));
  }
}
