import { AGES, DURATIONS, SEXES, Status, mu } from '../model/layout.ts';
import { SETTLEMENT_GROUP_FILTERS } from '../model/settlementGroups.ts';

/**
 * The source groups' filters laid out for the kernel, once at load. Every
 * group draws on the rows (status × sex) `Ru Rr Ra Mu[0..10]`. Rows that every
 * group treats alike (`Mu[0..4]`, `Mu[5..10]`, and both sexes of a status
 * unless a group takes one sex only) form a class and share their totals and
 * shares. A class is cut into cells of whole ages at the first and last age of
 * every group drawing on it (Ru of men at 0, 16, 18, 20, 23, 25, 36, 60, 65;
 * Rr of women at 0, 18, 23). A group is then a fixed list of cells, so a
 * year's pools and shares are sums over a few dozen totals instead of passes
 * over single ages.
 *
 * @example
 * GROUP_SEGMENTS.cells.subarray(GROUP_SEGMENTS.cellStart[0], GROUP_SEGMENTS.cellStart[1]); // the cells of the first group
 */
export interface GroupSegments {
  /** Status and sex of each row; local rows (`Ru Rr Ra`) first, a status's men then its women. */
  readonly rowStatus: Int32Array;
  readonly rowSex: Int32Array;
  /** Class of each row; classes of local rows come first. */
  readonly rowClass: Int32Array;
  /** Status of each local class (one status each), −1 for the migrant classes. */
  readonly classStatus: Int32Array;
  readonly classes: number;
  readonly localClasses: number;
  /** Class c's cells are `classCell[c] .. classCell[c + 1] − 1`, in order of age. */
  readonly classCell: Int32Array;
  /** First age of each cell; a cell ends where its class's next begins, the last at AGES. */
  readonly cellFrom: Int32Array;
  /**
   * Every group's cells end to end, group g at `cells[cellStart[g] .. cellStart[g + 1])`, its local classes' first
   * and its migrant classes' from `migrantStart[g]`.
   */
  readonly cells: Int32Array;
  readonly cellStart: Int32Array;
  readonly migrantStart: Int32Array;
  /** Cells of all classes. */
  readonly size: number;
}

function layOut(): GroupSegments {
  const statuses = [Status.Ru, Status.Rr, Status.Ra, ...Array.from({ length: DURATIONS }, (_, d) => mu(d))];
  const rowStatus = Int32Array.from(statuses.flatMap((s) => Array.from({ length: SEXES }, () => s)));
  const rowSex = Int32Array.from(statuses.flatMap(() => Array.from({ length: SEXES }, (_, x) => x)));
  const inGroup = (row: number, g: number): boolean => {
    const f = SETTLEMENT_GROUP_FILTERS[g];
    const s = rowStatus[row];
    const inRow = (f.locals as readonly number[]).includes(s) || (s >= mu(0) && s - mu(0) >= f.migrantMinStay);
    return inRow && (f.sexes as readonly number[]).includes(rowSex[row]);
  };
  const groups = SETTLEMENT_GROUP_FILTERS.map((_, g) => g);
  const groupsOf = (row: number) => groups.filter((g) => inGroup(row, g));
  const classOf = new Map<string, number>();
  const rowClass = new Int32Array(rowStatus.length);
  const classRow: number[] = [];
  for (let row = 0; row < rowStatus.length; row++) {
    // locals never share a class with migrants, so local classes come first like local rows; the sexes of a status
    // share a class unless a group takes one sex only (rows come in pairs: a status, men then women)
    const sex = groupsOf(row).join() === groupsOf(row ^ 1).join() ? 'both' : rowSex[row];
    const key = `${rowStatus[row] < mu(0) ? `local${rowStatus[row]}` : 'migrant'}:${sex}:${groupsOf(row).join()}`;
    if (!classOf.has(key)) {
      classOf.set(key, classRow.length);
      classRow.push(row);
    }
    rowClass[row] = classOf.get(key)!;
  }
  // each class cut at the first and last age of every group drawing on it
  const classCell = new Int32Array(classRow.length + 1);
  const cellFrom: number[] = [];
  classRow.forEach((row, c) => {
    const cuts = new Set<number>([0]);
    for (const g of groupsOf(row)) {
      const f = SETTLEMENT_GROUP_FILTERS[g];
      cuts.add(f.ageMin);
      if (f.ageMax + 1 < AGES) cuts.add(f.ageMax + 1);
    }
    cellFrom.push(...[...cuts].sort((a, b) => a - b));
    classCell[c + 1] = cellFrom.length;
  });
  const cellTo = (i: number, c: number) => (i + 1 === classCell[c + 1] ? AGES : cellFrom[i + 1]);
  const perGroup = groups.map((g) => {
    const f = SETTLEMENT_GROUP_FILTERS[g];
    const list: number[] = [];
    classRow.forEach((row, c) => {
      if (!inGroup(row, g)) return;
      for (let i = classCell[c]; i < classCell[c + 1]; i++) if (cellFrom[i] >= f.ageMin && cellTo(i, c) - 1 <= f.ageMax) list.push(i);
    });
    return Int32Array.from(list);
  });
  const localClasses = classRow.filter((row) => rowStatus[row] < mu(0)).length;
  const cellStart = new Int32Array(groups.length + 1);
  const migrantStart = new Int32Array(groups.length);
  perGroup.forEach((list, g) => {
    cellStart[g + 1] = cellStart[g] + list.length;
    migrantStart[g] = cellStart[g] + list.filter((i) => i < classCell[localClasses]).length;
  });
  const cells = Int32Array.from(perGroup.flatMap((list) => [...list]));
  const classStatus = Int32Array.from(classRow, (row) => (rowStatus[row] < mu(0) ? rowStatus[row] : -1));
  return {
    rowStatus, rowSex, rowClass, classStatus, classes: classRow.length, localClasses, classCell, cellFrom: Int32Array.from(cellFrom),
    cells, cellStart, migrantStart, size: cellFrom.length,
  };
}

export const GROUP_SEGMENTS: GroupSegments = layOut();
