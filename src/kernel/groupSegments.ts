import { AGES, DURATIONS, SEXES, Status, mu } from '../model/layout.ts';
import { SETTLEMENT_GROUP_FILTERS } from '../model/settlementGroups.ts';

/**
 * The source groups' filters laid out for the kernel, once at load. Every
 * group draws on the rows (status × sex) `Ru Rr Ra Mu[0..10]`, and within a
 * row on whole age segments, cut at every group's first and last age
 * (0, 16, 18, 20, 23, 25, 36, 60, 65, 101). Rows that every group treats
 * alike (same sex, same groups: `Mu[0..4]` of one sex, `Mu[5..10]` of one
 * sex) form a class and share their segment totals and shares. A group is
 * then a fixed list of (class, segment) cells, so a year's pools and shares
 * are sums over a few dozen totals instead of passes over single ages.
 *
 * @example
 * GROUP_SEGMENTS.cells.subarray(GROUP_SEGMENTS.cellStart[0], GROUP_SEGMENTS.cellStart[1]); // (class · segments + segment) of every cell of the first group
 */
export interface GroupSegments {
  /** Status and sex of each row; local rows (`Ru Rr Ra`) first. */
  readonly rowStatus: Int32Array;
  readonly rowSex: Int32Array;
  /** Class of each row; classes of local rows come first. */
  readonly rowClass: Int32Array;
  /** Status of each local class (one row each), −1 for the migrant classes. */
  readonly classStatus: Int32Array;
  readonly classes: number;
  readonly localClasses: number;
  /** Segment k covers ages `bounds[k] .. bounds[k + 1] − 1`. */
  readonly bounds: Int32Array;
  readonly segments: number;
  /**
   * Every group's cells (`class · segments + segment`) end to end, group g at
   * `cells[cellStart[g] .. cellStart[g + 1])`, its local classes first and its
   * migrant classes from `migrantStart[g]`.
   */
  readonly cells: Int32Array;
  readonly cellStart: Int32Array;
  readonly migrantStart: Int32Array;
  /** classes × segments. */
  readonly size: number;
}

function layOut(): GroupSegments {
  const statuses = [Status.Ru, Status.Rr, Status.Ra, ...Array.from({ length: DURATIONS }, (_, d) => mu(d))];
  const rowStatus = Int32Array.from(statuses.flatMap((s) => Array.from({ length: SEXES }, () => s)));
  const rowSex = Int32Array.from(statuses.flatMap(() => Array.from({ length: SEXES }, (_, x) => x)));
  const cuts = new Set<number>([0, AGES]);
  for (const f of SETTLEMENT_GROUP_FILTERS) cuts.add(f.ageMin).add(Math.min(f.ageMax + 1, AGES));
  const bounds = Int32Array.from([...cuts].sort((a, b) => a - b));
  const segments = bounds.length - 1;
  const inGroup = (row: number, g: number): boolean => {
    const f = SETTLEMENT_GROUP_FILTERS[g];
    const s = rowStatus[row];
    const inRow = (f.locals as readonly number[]).includes(s) || (s >= mu(0) && s - mu(0) >= f.migrantMinStay);
    return inRow && (f.sexes as readonly number[]).includes(rowSex[row]);
  };
  const groups = SETTLEMENT_GROUP_FILTERS.map((_, g) => g);
  const classOf = new Map<string, number>();
  const rowClass = new Int32Array(rowStatus.length);
  const classRow: number[] = [];
  for (let row = 0; row < rowStatus.length; row++) {
    // locals never share a class with migrants, so local classes come first like local rows
    const key = `${rowStatus[row] < mu(0) ? `local${rowStatus[row]}` : 'migrant'}:${rowSex[row]}:${groups.filter((g) => inGroup(row, g)).join(',')}`;
    if (!classOf.has(key)) {
      classOf.set(key, classRow.length);
      classRow.push(row);
    }
    rowClass[row] = classOf.get(key)!;
  }
  const perGroup = groups.map((g) => {
    const list: number[] = [];
    classRow.forEach((row, c) => {
      if (!inGroup(row, g)) return;
      const f = SETTLEMENT_GROUP_FILTERS[g];
      for (let k = 0; k < segments; k++) if (bounds[k] >= f.ageMin && bounds[k + 1] - 1 <= f.ageMax) list.push(c * segments + k);
    });
    return Int32Array.from(list);
  });
  const localClasses = classRow.filter((row) => rowStatus[row] < mu(0)).length;
  const cellStart = new Int32Array(groups.length + 1);
  const migrantStart = new Int32Array(groups.length);
  perGroup.forEach((list, g) => {
    cellStart[g + 1] = cellStart[g] + list.length;
    migrantStart[g] = cellStart[g] + list.filter((i) => i < localClasses * segments).length;
  });
  const cells = Int32Array.from(perGroup.flatMap((list) => [...list]));
  const classStatus = Int32Array.from(classRow, (row) => (rowStatus[row] < mu(0) ? rowStatus[row] : -1));
  return { rowStatus, rowSex, rowClass, classStatus, classes: classRow.length, localClasses, bounds, segments, cells, cellStart, migrantStart, size: classRow.length * segments };
}

export const GROUP_SEGMENTS: GroupSegments = layOut();
