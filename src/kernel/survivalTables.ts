import { AGES } from '../model/layout.ts';
import { type LifeTableFamily, SurvivalRatios } from '../model/lifeTable.ts';

/**
 * The survival tables of the e0 values met so far, per life-table family, kept in the kernel's memory: a run whose
 * e0 follows the same path as an earlier run's (a trend the same in every run) reuses its tables instead of
 * computing 101 exponentials per sex and year again. Each table is `ratio[0..100]` then the birth survival
 * (SurvivalRatios), filled by the family itself, so the values are the reference's to the bit.
 *
 * @example
 * const tables = new SurvivalTables(512, (slot, values) => memory.set(values, at + slot * 102));
 * tables.startRun(2 * steps);
 * tables.slot(p.lifeTables.F, 79.3); // where the table of e0 = 79.3 is
 */
export class SurvivalTables {
  private readonly bySlot = new Map<LifeTableFamily, Map<number, number>>();
  private used = 0;
  /** Bumped when the tables are forgotten, so that remembered slots are not reused across. */
  private generation = 0;
  private readonly lastPath = new Map<LifeTableFamily, { generation: number; e0: Float64Array; slots: Float64Array }>();
  private readonly scratch = new SurvivalRatios();
  private readonly values = new Float64Array(AGES + 1);

  constructor(private readonly capacity: number, private readonly write: (slot: number, values: Float64Array) => void) {}

  /** Make room for `tables` new tables: when they might not fit, forget every table (none is in use between runs). */
  startRun(tables: number): void {
    if (tables > this.capacity) throw new RangeError(`a run needs up to ${tables} life tables, the kernel holds ${this.capacity}`);
    if (this.used + tables > this.capacity) {
      this.bySlot.clear();
      this.used = 0;
      this.generation++;
    }
  }

  /**
   * The slots of the tables of `family` at each of `e0[0 .. n)` into `out` from `at`: the last run's slots when the
   * e0 path is the same as then (a trend the same in every run), without a look-up per year.
   */
  slots(family: LifeTableFamily, e0: Float64Array, n: number, out: Float64Array, at: number): void {
    let last = this.lastPath.get(family);
    let same = last !== undefined && last.generation === this.generation && last.e0.length === n;
    if (same) for (let y = 0; y < n && same; y++) same = Object.is(last!.e0[y], e0[y]);
    if (!same) {
      last = { generation: this.generation, e0: e0.slice(0, n), slots: new Float64Array(n) };
      for (let y = 0; y < n; y++) last.slots[y] = this.slot(family, e0[y]);
      this.lastPath.set(family, last);
    }
    out.set(last!.slots, at);
  }

  /** The slot of the table of `family` at life expectancy `e0`, filled now if new. */
  slot(family: LifeTableFamily, e0: number): number {
    let known = this.bySlot.get(family);
    if (!known) this.bySlot.set(family, (known = new Map()));
    let slot = known.get(e0);
    if (slot === undefined) {
      slot = this.used++;
      family.fill(e0, this.scratch);
      this.values.set(this.scratch.ratio);
      this.values[AGES] = this.scratch.birthSurvival;
      this.write(slot, this.values);
      known.set(e0, slot);
    }
    return slot;
  }
}
