// The fast kernel: the projection of src/model (equations in src/model/README.md) as AssemblyScript, compiled to
// src/kernel/kernel.wasm. It is held to the TypeScript reference by tests/kernel/parity.test.ts (every lever
// combination, ≤ 1e-12 relative per cell per year); where the two differ, the reference is right.
//
// Only arithmetic on the state lives here. Whatever depends on the parameters alone — the life table of each year
// (cached by e0), the eligible shares of the settlement policy, the source groups' wanted shares — is computed by
// the caller (src/kernel/packParams.ts) and read from memory. Order of flows, sums and operations follows the
// reference, so that most results agree to the last bit; the persons of each status are the exception, kept up to
// date by the flows instead of summed from the whole state each year (`totals`), which agree to rounding.
//
// Memory (byte addresses given by the caller through setLayout): the state (persons by status × sex × age, the
// layout of src/model/layout.ts), the packed parameters of one run, the indicator rows it writes, the survival
// tables, and the source groups' segment tables (src/kernel/groupSegments.ts).

const AGES = 101;
const MAX_AGE = 100;
const SEXES = 2;
const DURATIONS = 11;
const STATUS_SIZE = 202; // SEXES * AGES
const UU = 0;
const UR = 1;
const UA = 2;
const RU = 3;
const RR = 4;
const RA = 5;
const MU0 = 6;
const MR0 = 17;
const STATUSES = 28;
const GROUPS = 10;

// Yearly parameters, key-major (`key · steps + y`), in the order of KERNEL_YEARLY in packParams.ts.
const TFR_U = 0;
const TFR_R = 1;
const TFR_M = 2;
const SRB = 3;
const RETURN_MULT = 4;
const DEPARTURE = 5;
const AWAY_RETURN = 6;
const AWAY_URBAN = 7;
const HUKOU_EXIT = 8;
const INFLOW = 9;
const CHILD_SHARE = 10;
const URBAN_SHARE = 11;
const RURAL_TO_TOWN = 12;
const URBAN_TO_TOWN = 13;
const RECLASS_SHARE = 14;
const RECLASS_PERSONS = 15;
const RECLASS_HUKOU = 16;
const LOCAL_SETTLE = 17;
const SETTLE_QUOTA = 18;
const LAND_KEPT = 19;
const LAND_MULT = 20;
const RENTAL_SHARE = 21;
const PERMIT_SCHOOL = 22;
const PERMIT_HOUSING = 23;
const SCHOOL_PLACES = 24;
const PUBLIC_ACCESS = 25;
const CHILD_SHORT_EL = 26;
const RETURN_SHORT_EL = 27;
const HOUSING_UNITS = 28;
const HOUSING_APPLY = 29;
const HOUSEHOLD_SIZE = 30;
const HOUSING_INFLOW_EL = 31;
const COST_ONE_OFF = 32;
const COST_RECURRING = 33;
const COST_GOV = 34;
const COST_ENT = 35;
const LAND_PER_SETTLED = 36;
const TRANSFER_SETTLED = 37;
const TRANSFER_RESIDENT = 38;
const HUKOU_CONVERSION = 39;
const HUKOU_RELABEL = 40;
const HUKOU_RELABEL_VILLAGE = 41;
const NEWBORN_STAY = 42;
/**
 * Per year: the survival table of each sex (index), whether any source group is on, whether the urbanization pace
 * has the logit form and whether urban-hukou villagers follow it (localMoves.ts), then the policy's shares.
 */
const SURV_M = 43;
const SURV_F = 44;
const ANY_GROUP = 45;
const PACE_LOGIT = 46;
const URBAN_FOLLOWS_PACE = 47;
const YEARLY = 48;
// then DURATIONS values per year of the settlement policy's shares before caps (`YEARLY · steps + y · 11 + d`),
// then per group and year its wanted share and its target (`… + (g · steps + y) · 2`).

// Flows and levers, in the order of Flow and Lever (src/model/workspace.ts).
const F_BIRTHS = 0;
const F_DEATHS = 1;
const F_IN = 2;
const F_OUT = 3;
const F_SETTLED_LOCAL = 4;
const F_SETTLED_MIGRANTS = 5;
const F_RECLASSIFIED = 6;
const F_CONVERTED = 7;
const F_RELABELLED = 8;
const F_GROUP = 9;
const FLOWS = 19;
const L_SCHOOL_DEMAND = 0;
const L_SCHOOL_PLACES = 1;
const L_SCHOOL_SHORTAGE = 2;
const L_PUBLIC_SHARE = 3;
const L_HOUSING_DEMAND = 4;
const L_HOUSING_UNITS = 5;
const L_HOUSING_SHORTAGE = 6;
const L_COST_GOV = 7;
const L_COST_ENT = 8;
const L_COST_IND = 9;
const L_LAND = 10;
const L_TRANSFER = 11;
const LEVERS = 12;
const COST_LEVERS = 7;
const METRICS = 43;
const FIRST_FLOW_METRIC = 10;
const FIRST_LEVER_METRIC = 29;
const M_SETTLED = 41;
const M_NEW_MIGRANTS = 42;

// Fixed-size working memory, at addresses known when compiling (so that loops address them from a constant).
const STATE_SIZE = STATUSES * STATUS_SIZE;
const STATE = memory.data(STATE_SIZE * 8, 16);
/** Fertility schedule (AGES), departure profile (AGES), adult and child arrivals (2 · AGES each), return hazard (DURATIONS). */
const FIXED_SIZE = 6 * AGES + DURATIONS;
const FERT = memory.data(FIXED_SIZE * 8, 16);
const births = memory.data(STATUSES * 8);
const share = memory.data(DURATIONS * 8);
const factor = memory.data(DURATIONS * AGES * 8);
const flows = memory.data(FLOWS * 8);
const levers = memory.data(LEVERS * 8);
/**
 * Persons of each status, kept up to date by the flows as they move people (summed from the state only when a run
 * begins), so that capacity and the indicators need no pass over the whole state each year. The reference sums the
 * state instead: the two agree to rounding (tests/kernel/parity.test.ts).
 */
const totals = memory.data(STATUSES * 8);
const MAX_SEGMENT_CELLS = 1024;
const segLeft = memory.data(MAX_SEGMENT_CELLS * 8);
const segSettling = memory.data(MAX_SEGMENT_CELLS * 8);
const segKept = memory.data(MAX_SEGMENT_CELLS * 8);
const ones = memory.data(AGES * 8);

// Layout, set once by the caller.
let PARAMS: usize = 0;
let ROWS: usize = 0;
let SURV: usize = 0; // survival tables, each AGES ratios then birth survival
let steps: i32 = 0;
let fertLo: i32 = 0;
let fertHi: i32 = 0;
let schoolLo: i32 = 6;
let schoolHi: i32 = 14;
let parentsPerChild: f64 = 1.5;
let residenceDefinition: bool = false;
let residentDenominator: bool = false;
// Source groups' segments (groupSegments.ts), i32 tables.
let segRows: i32 = 0;
let rowStatus: usize = 0;
let rowSex: usize = 0;
let rowClass: usize = 0;
let classStatus: usize = 0;
let classes: i32 = 0;
/** Class c's cells are `classCell[c] .. classCell[c + 1] − 1`, in order of age: cell i from age `cellFrom[i]` to the next cell's first (the last to AGES). */
let classCell: usize = 0;
let cellFrom: usize = 0;
let cellCount: i32 = 0;
let cells: usize = 0;
let cellStart: usize = 0;
let migrantStart: usize = 0;

// Per-run memory (Workspace).
let schoolShortageRatio: f64 = 0;
let housingSlackRatio: f64 = 0;
let unitsOccupied: f64 = 0;
let settledCumulative: f64 = 0;
let ruralMigrants: f64 = NaN;
let settleScale: f64 = 1;
/** Whether the school cap left every age factor at 1 (then the factors need not be reset or read). */
let factorOnes = true;

/** Where the caller put things (byte addresses). */
export function setLayout(survivalTables: usize, segTables: usize, nSegRows: i32, nClasses: i32, nCells: i32): void {
  SURV = survivalTables;
  segRows = nSegRows;
  classes = nClasses;
  cellCount = nCells;
  rowStatus = segTables;
  rowSex = rowStatus + (<usize>nSegRows << 2);
  rowClass = rowSex + (<usize>nSegRows << 2);
  classStatus = rowClass + (<usize>nSegRows << 2);
  classCell = classStatus + (<usize>nClasses << 2);
  cellFrom = classCell + (<usize>(nClasses + 1) << 2);
  cellStart = cellFrom + (<usize>nCells << 2);
  migrantStart = cellStart + (<usize>(GROUPS + 1) << 2);
  cells = migrantStart + (<usize>GROUPS << 2);
  for (let a = 0; a < AGES; a++) store<f64>(ones + (<usize>a << 3), 1);
}

/** The run's settings that are not yearly arrays. */
export function setRun(params: usize, rows: usize, nSteps: i32, lo: i32, hi: i32, schoolMin: i32, schoolMax: i32, parents: f64, residence: bool, residentBase: bool): void {
  PARAMS = params;
  ROWS = rows;
  steps = nSteps;
  fertLo = lo;
  fertHi = hi;
  schoolLo = schoolMin;
  schoolHi = schoolMax;
  parentsPerChild = parents;
  residenceDefinition = residence;
  residentDenominator = residentBase;
}

// ---- memory helpers ----------------------------------------------------------------------------------------------

@inline function S(i: i32): f64 { return load<f64>(STATE + (<usize>i << 3)); }
@inline function setS(i: i32, v: f64): void { store<f64>(STATE + (<usize>i << 3), v); }
@inline function addS(i: i32, v: f64): void { const p = STATE + (<usize>i << 3); store<f64>(p, load<f64>(p) + v); }
@inline function at(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline function put(base: usize, i: i32, v: f64): void { store<f64>(base + (<usize>i << 3), v); }
@inline function add(base: usize, i: i32, v: f64): void { const p = base + (<usize>i << 3); store<f64>(p, load<f64>(p) + v); }
@inline function addT(s: i32, v: f64): void { add(totals, s, v); }
@inline function I(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
@inline function P(key: i32, y: i32): f64 { return load<f64>(PARAMS + (<usize>(key * steps + y) << 3)); }
@inline function row(status: i32, sex: i32): i32 { return (status * SEXES + sex) * AGES; }
@inline function clamp01(x: f64): f64 { return x > 0 ? (x < 1 ? x : 1) : 0; }
@inline function nonNeg(x: f64): f64 { return x > 0 ? x : 0; }
@inline function fixed(i: i32): f64 { return at(FERT, i); }
const DEPARTURE_PROFILE = AGES;
const ADULT = 2 * AGES;
const CHILD = 4 * AGES;
const HAZARD = 6 * AGES;

// Two neighbouring cells are one f64x2 vector: lane 0 is what the reference's first accumulator (s0) sees, lane 1
// its second (s1), so sums in vectors add the same numbers in the same order as the reference's two accumulators.
@inline function V(i: i32): v128 { return v128.load(STATE + (<usize>i << 3)); }
@inline function setV(i: i32, v: v128): void { v128.store(STATE + (<usize>i << 3), v); }
@inline function vat(base: usize, i: i32): v128 { return v128.load(base + (<usize>i << 3)); }
@inline function lanes(v: v128): f64 { return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1); }
const ZERO = f64x2(0, 0);

/** Sum of `state[from..to)` in two interleaved accumulators (layout.ts rangeSum). */
function rangeSum(from: i32, to: i32): f64 {
  let acc = ZERO;
  let i = from;
  for (; i + 1 < to; i += 2) acc = f64x2.add(acc, V(i));
  let s0 = f64x2.extract_lane(acc, 0);
  if (i < to) s0 += S(i);
  return s0 + f64x2.extract_lane(acc, 1);
}

/**
 * Totals of four consecutive statuses from status `s` into `out`, in one loop: four independent chains of
 * additions instead of one, each in the reference's order (rangeSum).
 */
function statusTotals4(s: i32, out: usize): void {
  const a = s * STATUS_SIZE;
  let t0 = ZERO;
  let t1 = ZERO;
  let t2 = ZERO;
  let t3 = ZERO;
  for (let i = a; i < a + STATUS_SIZE; i += 2) {
    t0 = f64x2.add(t0, V(i));
    t1 = f64x2.add(t1, V(i + STATUS_SIZE));
    t2 = f64x2.add(t2, V(i + 2 * STATUS_SIZE));
    t3 = f64x2.add(t3, V(i + 3 * STATUS_SIZE));
  }
  put(out, 0, lanes(t0));
  put(out, 1, lanes(t1));
  put(out, 2, lanes(t2));
  put(out, 3, lanes(t3));
}


/**
 * ages() of statuses s0..s3 into `out[0..3]`, in one loop: four independent chains of additions instead of one,
 * each in the reference's order. A negative status gives 0.
 */
function ages4(s0: i32, s1: i32, s2: i32, s3: i32, lo: i32, hi: i32, out: usize): void {
  let v0: f64 = 0;
  let v1: f64 = 0;
  let v2: f64 = 0;
  let v3: f64 = 0;
  const o0 = row(s0, 0), o1 = row(s1, 0), o2 = row(s2, 0), o3 = row(max<i32>(s3, 0), 0);
  for (let x = 0; x < SEXES; x++)
    for (let a = lo + x * AGES; a <= hi + x * AGES; a++) {
      v0 += S(o0 + a);
      v1 += S(o1 + a);
      v2 += S(o2 + a);
      v3 += S(o3 + a);
    }
  put(out, 0, v0);
  put(out, 1, v1);
  put(out, 2, v2);
  put(out, 3, s3 < 0 ? 0 : v3);
}

/** ages() of `Mu[0..10]` (from status MU0) or `Mr[0..10]` (MR0) into `out[0..10]`. */
function agesByDuration(first: i32, lo: i32, hi: i32, out: usize): void {
  ages4(first, first + 1, first + 2, first + 3, lo, hi, out);
  ages4(first + 4, first + 5, first + 6, first + 7, lo, hi, out + 32);
  ages4(first + 8, first + 9, first + 10, -1, lo, hi, out + 64);
}

/** ages() of the local residents' statuses Uu, Ur, Ru, Rr, added in that order. */
function localAges(lo: i32, hi: i32): f64 {
  ages4(UU, UR, RU, RR, lo, hi, scratch4);
  let v: f64 = 0;
  for (let j = 0; j < 4; j++) v += at(scratch4, j);
  return v;
}

const scratch4 = memory.data(4 * 8, 16);
const kidsMu = memory.data(12 * 8, 16);
const kidsMr = memory.data(12 * 8, 16);
const adultsMu = memory.data(12 * 8, 16);

/** Move share r of `length` cells from `from` to as many from `to` (localMoves.ts shift); the persons moved. */
function shift(from: i32, to: i32, r: f64, length: i32): f64 {
  const gap = to - from;
  const end = from + length;
  const rv = f64x2.splat(r);
  let moved = ZERO;
  let i = from;
  for (; i + 1 < end; i += 2) {
    const v = V(i);
    const m = f64x2.mul(v, rv);
    setV(i, f64x2.sub(v, m));
    setV(i + gap, f64x2.add(V(i + gap), m));
    moved = f64x2.add(moved, m);
  }
  let last: f64 = 0;
  if (i < end) {
    const v = S(i);
    last = v * r;
    setS(i, v - last);
    addS(i + gap, last);
  }
  return lanes(moved) + last;
}

/**
 * Two shifts of `length` cells over rows that do not overlap (`from1 → to1` at r1, `from2 → to2` at r2) in one loop:
 * two independent chains of additions instead of one, each the sum shift() returns, which go to `movedPair`.
 */
function shift2(from1: i32, to1: i32, r1: f64, from2: i32, to2: i32, r2: f64, length: i32): void {
  const gap1 = to1 - from1;
  const gap2 = to2 - from2;
  const d = from2 - from1;
  const end = from1 + length;
  const rv1 = f64x2.splat(r1);
  const rv2 = f64x2.splat(r2);
  let moved1 = ZERO;
  let moved2 = ZERO;
  let i = from1;
  for (; i + 1 < end; i += 2) {
    const v1 = V(i);
    const v2 = V(i + d);
    const m1 = f64x2.mul(v1, rv1);
    const m2 = f64x2.mul(v2, rv2);
    setV(i, f64x2.sub(v1, m1));
    setV(i + d, f64x2.sub(v2, m2));
    setV(i + gap1, f64x2.add(V(i + gap1), m1));
    setV(i + d + gap2, f64x2.add(V(i + d + gap2), m2));
    moved1 = f64x2.add(moved1, m1);
    moved2 = f64x2.add(moved2, m2);
  }
  let last1: f64 = 0;
  let last2: f64 = 0;
  if (i < end) {
    const v1 = S(i);
    const v2 = S(i + d);
    last1 = v1 * r1;
    last2 = v2 * r2;
    setS(i, v1 - last1);
    setS(i + d, v2 - last2);
    addS(i + gap1, last1);
    addS(i + d + gap2, last2);
  }
  put(movedPair, 0, lanes(moved1) + last1);
  put(movedPair, 1, lanes(moved2) + last2);
}

const movedPair = memory.data(2 * 8, 16);

/**
 * Move share r of status `from1`'s rows (both sexes) to status `to1`'s and of `from2`'s to `to2`'s (rows that do not
 * overlap, in one loop: shift2), and the persons moved from one total to the other.
 */
function shiftStatus2(from1: i32, to1: i32, from2: i32, to2: i32, r: f64): void {
  shift2(row(from1, 0), row(to1, 0), r, row(from2, 0), row(to2, 0), r, STATUS_SIZE);
  moveTotals2(from1, to1, from2, to2);
}

/** The status totals of the last shift2: what `movedPair` holds, from `from1` to `to1` and from `from2` to `to2`. */
function moveTotals2(from1: i32, to1: i32, from2: i32, to2: i32): void {
  addT(from1, -at(movedPair, 0));
  addT(to1, at(movedPair, 0));
  addT(from2, -at(movedPair, 1));
  addT(to2, at(movedPair, 1));
}

// ---- 1. survival and 2. births -----------------------------------------------------------------------------------

@inline function tfr(y: i32, s: i32): f64 {
  return s < 3 ? P(TFR_U, y) : s < 6 ? P(TFR_R, y) : P(TFR_M, y);
}

const exposure = memory.data(STATUSES * 8, 16);

/**
 * Fertile exposure of the women of every status (births.ts fertileExposure), `tfr · Σ schedule(a) · women(a)`, into
 * `exposure`: eight statuses a loop, two to a vector (a lane each), each lane a running sum in the reference's order.
 */
function fertileExposures(y: i32): void {
  for (let s = 0; s < STATUSES; s += 8) {
    const o = STATE + (<usize>row(s, 1) << 3);
    const four = s + 4 < STATUSES; // 28 statuses: the last loop takes four
    let e0 = ZERO;
    let e1 = ZERO;
    let e2 = ZERO;
    let e3 = ZERO;
    for (let a = fertLo; a <= fertHi; a++) {
      const f = f64x2.splat(fixed(a));
      const p = o + (<usize>a << 3);
      e0 = f64x2.add(e0, f64x2.mul(f, v128.load64_lane(p + STATUS_SIZE * 8, v128.load64_splat(p), 1)));
      e1 = f64x2.add(e1, f64x2.mul(f, v128.load64_lane(p + 3 * STATUS_SIZE * 8, v128.load64_splat(p + 2 * STATUS_SIZE * 8), 1)));
      if (four) {
        e2 = f64x2.add(e2, f64x2.mul(f, v128.load64_lane(p + 5 * STATUS_SIZE * 8, v128.load64_splat(p + 4 * STATUS_SIZE * 8), 1)));
        e3 = f64x2.add(e3, f64x2.mul(f, v128.load64_lane(p + 7 * STATUS_SIZE * 8, v128.load64_splat(p + 6 * STATUS_SIZE * 8), 1)));
      }
    }
    putExposure(y, s, e0);
    putExposure(y, s + 2, e1);
    if (four) {
      putExposure(y, s + 4, e2);
      putExposure(y, s + 6, e3);
    }
  }
}

@inline function putExposure(y: i32, s: i32, e: v128): void {
  put(exposure, s, tfr(y, s) * f64x2.extract_lane(e, 0));
  put(exposure, s + 1, tfr(y, s + 1) * f64x2.extract_lane(e, 1));
}

function survivalTable(y: i32, sex: i32): usize {
  return SURV + <usize>(<i32>P(sex == 0 ? SURV_M : SURV_F, y)) * ((AGES + 1) << 3);
}

/**
 * Survive four age rows in place (survival.ts), `o0`, `o0 + AGES` (tables r0, r1), `o2`, `o2 + AGES` (r0, r1), in one
 * loop: four independent chains of additions instead of one. Each row's totals before and after are summed as in
 * the reference's two accumulators (lane 1 = its `before0`/`after0`, lane 0 its `before1`/`after1`); deaths of each
 * row, before − after, go to `out`.
 */
function surviveRows(o0: i32, o2: i32, r0: usize, r1: usize, out: usize): void {
  const o1 = o0 + AGES;
  const o3 = o2 + AGES;
  const open0 = (S(o0 + 99) + S(o0 + 100)) * at(r0, 99);
  const open1 = (S(o1 + 99) + S(o1 + 100)) * at(r1, 99);
  const open2 = (S(o2 + 99) + S(o2 + 100)) * at(r0, 99);
  const open3 = (S(o3 + 99) + S(o3 + 100)) * at(r1, 99);
  let b0 = f64x2(0, S(o0 + 99) + S(o0 + 100));
  let b1 = f64x2(0, S(o1 + 99) + S(o1 + 100));
  let b2 = f64x2(0, S(o2 + 99) + S(o2 + 100));
  let b3 = f64x2(0, S(o3 + 99) + S(o3 + 100));
  let a0 = f64x2(0, open0);
  let a1 = f64x2(0, open1);
  let a2 = f64x2(0, open2);
  let a3 = f64x2(0, open3);
  // descending pairs: cells (a − 2, a − 1) become (a − 1, a); what a pair overwrites was read before
  for (let a = MAX_AGE - 1; a >= 2; a -= 2) {
    const q0 = vat(r0, a - 2);
    const q1 = vat(r1, a - 2);
    const v0 = V(o0 + a - 2);
    const v1 = V(o1 + a - 2);
    const v2 = V(o2 + a - 2);
    const v3 = V(o3 + a - 2);
    const k0 = f64x2.mul(v0, q0);
    const k1 = f64x2.mul(v1, q1);
    const k2 = f64x2.mul(v2, q0);
    const k3 = f64x2.mul(v3, q1);
    setV(o0 + a - 1, k0);
    setV(o1 + a - 1, k1);
    setV(o2 + a - 1, k2);
    setV(o3 + a - 1, k3);
    b0 = f64x2.add(b0, v0);
    b1 = f64x2.add(b1, v1);
    b2 = f64x2.add(b2, v2);
    b3 = f64x2.add(b3, v3);
    a0 = f64x2.add(a0, k0);
    a1 = f64x2.add(a1, k1);
    a2 = f64x2.add(a2, k2);
    a3 = f64x2.add(a3, k3);
  }
  put(out, 0, lastAge(o0, at(r0, 0), b0, a0, open0, 0));
  put(out, 1, lastAge(o1, at(r1, 0), b1, a1, open1, 1));
  put(out, 2, lastAge(o2, at(r0, 0), b2, a2, open2, 2));
  put(out, 3, lastAge(o3, at(r1, 0), b3, a3, open3, 3));
}

/** Age 0 → 1 and the open group of a surviving row; its deaths. Its persons after go to `rowAfter[j]`. */
@inline function lastAge(o: i32, r: f64, before: v128, after: v128, open: f64, j: i32): f64 {
  const v = S(o);
  const kept = v * r;
  setS(o + 1, kept);
  setS(o + MAX_AGE, open);
  setS(o, 0);
  const before0 = f64x2.extract_lane(before, 1) + v;
  const after0 = f64x2.extract_lane(after, 1) + kept;
  const left = after0 + f64x2.extract_lane(after, 0);
  put(rowAfter, j, left);
  return before0 + f64x2.extract_lane(before, 0) - left;
}

const rowDeaths = memory.data(4 * 8, 16);
const rowAfter = memory.data(4 * 8, 16);

function survival(y: i32): void {
  let deaths: f64 = 0;
  const rM = survivalTable(y, 0);
  const rF = survivalTable(y, 1);
  for (let s = 0; s < STATUSES; s += 2) {
    surviveRows(row(s, 0), row(s + 1, 0), rM, rF, rowDeaths);
    for (let j = 0; j < 4; j++) deaths += at(rowDeaths, j);
    put(totals, s, at(rowAfter, 0) + at(rowAfter, 1));
    put(totals, s + 1, at(rowAfter, 2) + at(rowAfter, 3));
  }
  add(flows, F_DEATHS, deaths);
}

function applyBirths(y: i32): void {
  const srb = P(SRB, y);
  const maleShare = srb / (1 + srb);
  const survM = at(survivalTable(y, 0), AGES);
  const survF = at(survivalTable(y, 1), AGES);
  const stay = clamp01(P(NEWBORN_STAY, y));
  let total: f64 = 0;
  let infantDeaths: f64 = 0;
  let sentAway: f64 = 0;
  fertileExposures(y);
  for (let s = 0; s < STATUSES; s++) {
    const b = at(births, s) + 0.5 * at(exposure, s);
    put(births, s, b);
    if (b == 0) continue;
    const m = b * maleShare;
    const f = b - m;
    const keep = s >= MU0 ? stay : 1;
    addS(row(s, 0), m * survM * keep);
    addS(row(s, 1), f * survF * keep);
    addT(s, m * survM * keep + f * survF * keep);
    total += b;
    infantDeaths += m * (1 - survM) + f * (1 - survF);
    sentAway += (m * survM + f * survF) * (1 - keep);
  }
  add(flows, F_BIRTHS, total);
  add(flows, F_DEATHS, infantDeaths);
  add(flows, F_OUT, sentAway);
}

// ---- 3. duration, 4. out-migration, 5. in-migration, 6. local moves, 7. reclassification ---------------------

/** This year's departure rate of locals by age. */
const departure = memory.data((AGES + 1) * 8, 16);
/** Per years of stay d, what out-migration adds to the year's out-migrants (4 rows) and to the rural migrants left (2 rows). */
const leftOut = memory.data(DURATIONS * 4 * 8, 16);
const leftRural = memory.data(DURATIONS * 2 * 8, 16);

/** Age 100 of a row migrants leave at hazard h, written `gap` cells on; the row's total before they left. */
@inline function leaveLast(o: i32, gap: i32, acc: v128, h: f64): f64 {
  const last = S(o + MAX_AGE);
  setS(o + gap + MAX_AGE, last - last * h);
  return (f64x2.extract_lane(acc, 0) + last) + f64x2.extract_lane(acc, 1);
}

/**
 * Migrants leave (outMigration.ts) and complete a year of stay (duration.ts) in one pass: `M*[d]` after its
 * departures is written straight to `M*[d + 1]`, from d = 10 down so that each row is read before it is
 * overwritten; 10+ is done in place and absorbs 9 (`M[10+] + M[9]`, duration.ts's order), and `M*[0]` is emptied
 * for the year's arrivals. The same values as the two steps one after the other; the counts are summed by d
 * ascending, as there.
 */
function migrantsLeaveAndAge(y: i32): f64 {
  const mult = P(RETURN_MULT, y) * (1 + nonNeg(P(RETURN_SHORT_EL, y)) * schoolShortageRatio);
  for (let d = DURATIONS - 1; d >= 0; d--) {
    const h = clamp01(fixed(HAZARD + d) * mult);
    const u0 = row(MU0 + d, 0);
    const u1 = u0 + AGES;
    const r0 = row(MR0 + d, 0);
    const r1 = r0 + AGES;
    // rows 10+ and 9 stay where they are; 9 is added to 10+ below, before row 8 moves into it
    const gap = d >= DURATIONS - 2 ? 0 : STATUS_SIZE;
    if (h == 0) {
      put(leftRural, 2 * d, rangeSum(r0, r1 + AGES));
      put(leftRural, 2 * d + 1, 0);
      for (let j = 0; j < 4; j++) put(leftOut, d * 4 + j, 0);
      if (gap != 0) {
        memory.copy(STATE + (<usize>(u0 + gap) << 3), STATE + (<usize>u0 << 3), <usize>STATUS_SIZE << 3);
        memory.copy(STATE + (<usize>(r0 + gap) << 3), STATE + (<usize>r0 << 3), <usize>STATUS_SIZE << 3);
      }
    } else {
      // Mu[d] and Mr[d], both sexes, in one loop; each row summed as in the reference (two accumulators, age 100 into the first)
      const hv = f64x2.splat(h);
      let su0 = ZERO;
      let su1 = ZERO;
      let sr0 = ZERO;
      let sr1 = ZERO;
      for (let a = 0; a + 1 < AGES; a += 2) {
        const vu0 = V(u0 + a);
        const vu1 = V(u1 + a);
        const vr0 = V(r0 + a);
        const vr1 = V(r1 + a);
        su0 = f64x2.add(su0, vu0);
        su1 = f64x2.add(su1, vu1);
        sr0 = f64x2.add(sr0, vr0);
        sr1 = f64x2.add(sr1, vr1);
        setV(u0 + gap + a, f64x2.sub(vu0, f64x2.mul(vu0, hv)));
        setV(u1 + gap + a, f64x2.sub(vu1, f64x2.mul(vu1, hv)));
        setV(r0 + gap + a, f64x2.sub(vr0, f64x2.mul(vr0, hv)));
        setV(r1 + gap + a, f64x2.sub(vr1, f64x2.mul(vr1, hv)));
      }
      const tu0 = leaveLast(u0, gap, su0, h);
      const tu1 = leaveLast(u1, gap, su1, h);
      const t0 = leaveLast(r0, gap, sr0, h);
      const t1 = leaveLast(r1, gap, sr1, h);
      put(leftOut, d * 4, h * tu0);
      put(leftOut, d * 4 + 1, h * tu1);
      put(leftOut, d * 4 + 2, h * t0);
      put(leftOut, d * 4 + 3, h * t1);
      put(leftRural, 2 * d, t0 - h * t0);
      put(leftRural, 2 * d + 1, t1 - h * t1);
      put(totals, MU0 + d, (tu0 - h * tu0) + (tu1 - h * tu1));
      put(totals, MR0 + d, (t0 - h * t0) + (t1 - h * t1));
    }
    if (d == DURATIONS - 2)
      for (let block = 0; block < 2; block++) {
        const below = row(block == 0 ? MU0 + d : MR0 + d, 0);
        for (let i = below; i < below + STATUS_SIZE; i++) addS(i + STATUS_SIZE, S(i));
      }
  }
  for (let block = 0; block < 2; block++) {
    const s0 = block == 0 ? MU0 : MR0;
    memory.fill(STATE + (<usize>row(s0, 0) << 3), 0, <usize>STATUS_SIZE << 3);
    addT(s0 + DURATIONS - 1, at(totals, s0 + DURATIONS - 2));
    for (let d = DURATIONS - 2; d > 0; d--) put(totals, s0 + d, at(totals, s0 + d - 1));
    put(totals, s0, 0);
  }
  let out: f64 = 0;
  let ruralLeft: f64 = 0;
  for (let d = 0; d < DURATIONS; d++) {
    for (let j = 0; j < 4; j++) out += at(leftOut, d * 4 + j);
    ruralLeft += at(leftRural, 2 * d);
    ruralLeft += at(leftRural, 2 * d + 1);
  }
  ruralMigrants = ruralLeft;
  return out;
}

function outMigration(y: i32): void {
  let out = migrantsLeaveAndAge(y);

  const dep = P(DEPARTURE, y);
  let ret = clamp01(P(AWAY_RETURN, y));
  let exit = clamp01(P(HUKOU_EXIT, y));
  if (ret + exit > 1) {
    const k = 1 / (ret + exit);
    ret *= k;
    exit *= k;
  }
  const stay = clamp01(1 - ret - exit);
  const up = clamp01(P(AWAY_URBAN, y));
  for (let a = 0; a < AGES; a++) put(departure, a, clamp01(dep * fixed(DEPARTURE_PROFILE + a)));
  const stayV = f64x2.splat(stay);
  const retV = f64x2.splat(ret);
  const upV = f64x2.splat(up);
  const downV = f64x2.splat(1 - up);
  // the locals' rows after, summed for their totals
  let nUu = ZERO, nUr = ZERO, nUa = ZERO, nRu = ZERO, nRr = ZERO, nRa = ZERO;
  let lUu: f64 = 0, lUr: f64 = 0, lUa: f64 = 0, lRu: f64 = 0, lRr: f64 = 0, lRa: f64 = 0;
  for (let x = 0; x < SEXES; x++) {
    const uu = row(UU, x), ur = row(UR, x), ua = row(UA, x);
    const ru = row(RU, x), rr = row(RR, x), ra = row(RA, x);
    let a = 0;
    for (; a + 1 < AGES; a += 2) {
      const r = vat(departure, a);
      const dUu = f64x2.mul(V(uu + a), r), dUr = f64x2.mul(V(ur + a), r);
      const dRu = f64x2.mul(V(ru + a), r), dRr = f64x2.mul(V(rr + a), r);
      const wa = V(ua + a);
      const stayU = f64x2.mul(wa, stayV), backU = f64x2.mul(wa, retV);
      const exitU = f64x2.sub(f64x2.sub(wa, stayU), backU);
      const wr = V(ra + a);
      const stayR = f64x2.mul(wr, stayV), backR = f64x2.mul(wr, retV);
      const exitR = f64x2.sub(f64x2.sub(wr, stayR), backR);
      const vUu = f64x2.add(V(uu + a), f64x2.sub(backU, dUu));
      const vUr = f64x2.sub(V(ur + a), dUr);
      const vUa = f64x2.add(f64x2.add(stayU, dUu), dUr);
      const vRu = f64x2.add(V(ru + a), f64x2.sub(f64x2.mul(backR, upV), dRu));
      const vRr = f64x2.add(V(rr + a), f64x2.sub(f64x2.mul(backR, downV), dRr));
      const vRa = f64x2.add(f64x2.add(stayR, dRu), dRr);
      setV(uu + a, vUu);
      setV(ur + a, vUr);
      setV(ua + a, vUa);
      setV(ru + a, vRu);
      setV(rr + a, vRr);
      setV(ra + a, vRa);
      nUu = f64x2.add(nUu, vUu);
      nUr = f64x2.add(nUr, vUr);
      nUa = f64x2.add(nUa, vUa);
      nRu = f64x2.add(nRu, vRu);
      nRr = f64x2.add(nRr, vRr);
      nRa = f64x2.add(nRa, vRa);
      const e = f64x2.add(exitU, exitR);
      out += f64x2.extract_lane(e, 0);
      out += f64x2.extract_lane(e, 1);
    }
    for (; a < AGES; a++) {
      const r = at(departure, a);
      const dUu = S(uu + a) * r, dUr = S(ur + a) * r;
      const dRu = S(ru + a) * r, dRr = S(rr + a) * r;
      const wa = S(ua + a);
      const stayU = wa * stay, backU = wa * ret, exitU = wa - stayU - backU;
      const wr = S(ra + a);
      const stayR = wr * stay, backR = wr * ret, exitR = wr - stayR - backR;
      addS(uu + a, backU - dUu);
      addS(ur + a, -dUr);
      setS(ua + a, stayU + dUu + dUr);
      addS(ru + a, backR * up - dRu);
      addS(rr + a, backR * (1 - up) - dRr);
      setS(ra + a, stayR + dRu + dRr);
      out += exitU + exitR;
      lUu += S(uu + a);
      lUr += S(ur + a);
      lUa += S(ua + a);
      lRu += S(ru + a);
      lRr += S(rr + a);
      lRa += S(ra + a);
    }
  }
  put(totals, UU, lanes(nUu) + lUu);
  put(totals, UR, lanes(nUr) + lUr);
  put(totals, UA, lanes(nUa) + lUa);
  put(totals, RU, lanes(nRu) + lRu);
  put(totals, RR, lanes(nRr) + lRr);
  put(totals, RA, lanes(nRa) + lRa);
  add(flows, F_OUT, out);
}

function inMigration(y: i32): void {
  const n = nonNeg(P(INFLOW, y) * (1 + P(HOUSING_INFLOW_EL, y) * housingSlackRatio));
  if (n == 0) return;
  const k = clamp01(P(CHILD_SHARE, y) * (1 - nonNeg(P(CHILD_SHORT_EL, y)) * schoolShortageRatio));
  const u = clamp01(P(URBAN_SHARE, y));
  let added: f64 = 0;
  let urban: f64 = 0;
  let rural: f64 = 0;
  for (let x = 0; x < SEXES; x++) {
    const ou = row(MU0, x);
    const or = row(MR0, x);
    for (let a = 0; a < AGES; a++) {
      const i = x * AGES + a;
      const v = n * ((1 - k) * fixed(ADULT + i) + k * fixed(CHILD + i));
      const vu = v * u;
      addS(ou + a, vu);
      addS(or + a, v - vu);
      added += v;
      urban += vu;
      rural += v - vu;
    }
  }
  addT(MU0, urban);
  addT(MR0, rural);
  add(flows, F_IN, added);
  ruralMigrants += rural;
}

function localMoves(y: i32): void {
  const pace = clamp01(P(RURAL_TO_TOWN, y));
  const rRural = P(PACE_LOGIT, y) != 0 && pace != 0 ? logitPaceShare(pace, residentRateNow()) : pace;
  // urban-hukou villagers move at the villagers' share (one share, whatever the hukou), or at their own rate
  const rUrban = P(URBAN_FOLLOWS_PACE, y) != 0 ? rRural : clamp01(P(URBAN_TO_TOWN, y));
  for (let x = 0; x < SEXES; x++) {
    if (rRural != 0 && rUrban != 0) {
      // Rr → Ru and Ur → Uu touch different rows: one loop
      shift2(row(RR, x), row(RU, x), rRural, row(UR, x), row(UU, x), rUrban, AGES);
      moveTotals2(RR, RU, UR, UU);
      continue;
    }
    if (rRural != 0) {
      const m = shift(row(RR, x), row(RU, x), rRural, AGES);
      addT(RR, -m);
      addT(RU, m);
    }
    if (rUrban != 0) {
      const m = shift(row(UR, x), row(UU, x), rUrban, AGES);
      addT(UR, -m);
      addT(UU, m);
    }
  }
}

/** localMoves.ts logitPaceShare: the share of rural residents that raises the logit of the resident rate by the pace. */
function logitPaceShare(pace: f64, rate: f64): f64 {
  const g = Math.exp(pace);
  return clamp01((rate * (g - 1)) / (1 - rate + rate * g));
}

/** The resident rate of the state as it stands, from the statuses' totals (NaN without residents). */
function residentRateNow(): f64 {
  let urban = at(totals, UU) + at(totals, RU);
  let residents = at(totals, UU) + at(totals, UR) + at(totals, RU) + at(totals, RR);
  for (let d = 0; d < DURATIONS; d++) {
    urban += at(totals, MU0 + d);
    residents += at(totals, MU0 + d) + at(totals, MR0 + d);
  }
  return urban / residents;
}

function reclassification(y: i32): void {
  const rho = clamp01(P(RECLASS_SHARE, y));
  const persons = nonNeg(P(RECLASS_PERSONS, y));
  const mrFrom = row(MR0, 0);
  const mrTo = row(MR0 + DURATIONS - 1, 1) + AGES;
  const carried = ruralMigrants;
  ruralMigrants = NaN;
  if (rho == 0 && persons == 0) return;
  const migrants = isNaN(carried) ? rangeSum(mrFrom, mrTo) : carried;
  const rural = at(totals, UR) + at(totals, RR) + migrants;
  if (rural == 0) return;
  const sh = clamp01(rho + persons / rural);
  const h = clamp01(P(RECLASS_HUKOU, y));
  // cell by cell as one shift of every Mr row; two statuses a loop (Mr[10] with Ur → Uu)
  for (let d = 0; d < DURATIONS - 1; d += 2) shiftStatus2(MR0 + d, MU0 + d, MR0 + d + 1, MU0 + d + 1, sh);
  shiftStatus2(MR0 + DURATIONS - 1, MU0 + DURATIONS - 1, UR, UU, sh);
  // both sexes' Rr rows in one run of pairs of cells (202 cells, Ru and Uu the same distance on for either sex); the
  // cells' values as the reference's, the persons moved summed in two lanes (the totals: the same to rounding)
  const rr = row(RR, 0);
  const toRu = row(RU, 0) - rr;
  const toUu = row(UU, 0) - rr;
  const shv = f64x2.splat(sh);
  const hv = f64x2.splat(h);
  let fromRr = ZERO;
  let toHukouTotal = ZERO;
  for (let i = rr; i < rr + STATUS_SIZE; i += 2) {
    const w = V(i);
    const v = f64x2.mul(w, shv);
    const toHukou = f64x2.mul(v, hv);
    setV(i, f64x2.sub(w, v));
    setV(i + toRu, f64x2.add(V(i + toRu), f64x2.sub(v, toHukou)));
    setV(i + toUu, f64x2.add(V(i + toUu), toHukou));
    fromRr = f64x2.add(fromRr, v);
    toHukouTotal = f64x2.add(toHukouTotal, toHukou);
  }
  const moved = lanes(fromRr);
  const toHukouSum = lanes(toHukouTotal);
  addT(RR, -moved);
  addT(RU, moved - toHukouSum);
  addT(UU, toHukouSum);
  add(flows, F_RECLASSIFIED, sh * rural);
}

/**
 * Step 7b (flows/hukouConversion.ts): rural-hukou locals get urban hukou where they live, `Rr→Ur`, `Ru→Uu`; then in a
 * year the registry changes its definition a share of the rural-hukou town dwellers left is counted urban, `Ru→Uu`,
 * and a share of the villagers left, `Rr→Ur`. Counts the persons converted and relabelled.
 */
function hukouConversion(y: i32): void {
  const c = clamp01(P(HUKOU_CONVERSION, y));
  const b = clamp01(P(HUKOU_RELABEL, y));
  const v = clamp01(P(HUKOU_RELABEL_VILLAGE, y));
  if (c == 0 && b == 0 && v == 0) return;
  let converted: f64 = 0;
  let relabelled: f64 = 0;
  for (let x = 0; x < SEXES; x++) {
    // a shift at rate 0 moves no one and returns 0: skipped (the relabelling's rate is 0 but in one year)
    let r: f64 = 0;
    let u: f64 = 0;
    if (c != 0) {
      // Rr → Ur and Ru → Uu touch different rows: one loop
      shift2(row(RR, x), row(UR, x), c, row(RU, x), row(UU, x), c, AGES);
      r = at(movedPair, 0);
      u = at(movedPair, 1);
      converted += r + u;
    }
    const rv = v != 0 ? shift(row(RR, x), row(UR, x), v, AGES) : 0;
    r += rv;
    addT(RR, -r);
    addT(UR, r);
    const ub = b != 0 ? shift(row(RU, x), row(UU, x), b, AGES) : 0;
    u += ub;
    addT(RU, -u);
    addT(UU, u);
    relabelled += rv + ub;
  }
  add(flows, F_CONVERTED, converted);
  add(flows, F_RELABELLED, relabelled);
}

// ---- 8. settlement policy, 8b. source groups, settlement ---------------------------------------------------------

function schoolCap(y: i32): void {
  const places = P(SCHOOL_PLACES, y);
  if (!(places < Infinity)) return;
  const lo = schoolLo;
  const hi = schoolHi;
  const local = localAges(lo, hi);
  const free = max<f64>(0, places - local);
  // the children who would settle are at most the shares times every migrant (totals, kept up to date): when even
  // that fits, the cap does not bind and the children need not be counted (with a margin for the totals' rounding)
  let most: f64 = 0;
  for (let d = 0; d < DURATIONS; d++) most += at(share, d) * at(totals, MU0 + d);
  if (most * (1 + 1e-9) <= free) return;
  agesByDuration(MU0, lo, hi, kidsMu);
  let settlingKids: f64 = 0;
  for (let d = 0; d < DURATIONS; d++) settlingKids += at(share, d) * at(kidsMu, d);
  if (settlingKids <= free) return;
  const f = free / settlingKids;
  agesByDuration(MU0, 25, 49, adultsMu);
  for (let d = 0; d < DURATIONS; d++) {
    const sh = at(share, d);
    if (!(sh > 0)) continue;
    const kids = sh * at(kidsMu, d);
    const adults = sh * at(adultsMu, d);
    const parentsHeld = min<f64>(adults, (1 - f) * kids * nonNeg(parentsPerChild));
    const g = adults > 0 ? 1 - parentsHeld / adults : 1;
    for (let a = lo; a <= hi; a++) put(factor, d * AGES + a, f);
    for (let a = 25; a <= 49; a++) put(factor, d * AGES + a, g);
    factorOnes = false;
  }
}

function settlingMigrants(): f64 {
  let total: f64 = 0;
  for (let d = 0; d < DURATIONS; d++) {
    const sh = at(share, d);
    if (!(sh > 0)) continue;
    const f = d * AGES;
    const shv = f64x2.splat(sh);
    const oM = row(MU0 + d, 0);
    const oF = oM + AGES;
    let tM = ZERO;
    let tF = ZERO;
    if (factorOnes)
      for (let a = 0; a + 1 < AGES; a += 2) {
        tM = f64x2.add(tM, f64x2.mul(V(oM + a), shv)); // sh · 1 is sh: the same products
        tF = f64x2.add(tF, f64x2.mul(V(oF + a), shv));
      }
    else
      for (let a = 0; a + 1 < AGES; a += 2) {
        const w = f64x2.mul(shv, vat(factor, f + a));
        tM = f64x2.add(tM, f64x2.mul(V(oM + a), w));
        tF = f64x2.add(tF, f64x2.mul(V(oF + a), w));
      }
    const wLast = sh * at(factor, f + MAX_AGE);
    total += (f64x2.extract_lane(tM, 0) + S(oM + MAX_AGE) * wLast) + f64x2.extract_lane(tM, 1);
    total += (f64x2.extract_lane(tF, 0) + S(oF + MAX_AGE) * wLast) + f64x2.extract_lane(tF, 1);
  }
  return total;
}

/**
 * settlingBySegment (settlementPolicy.ts): per cell (class, age segment) of the source groups, every person of the
 * rows the groups draw on (`segLeft`) and the migrants the policy's shares would settle (`segSettling`); returns the
 * latter's total. The statuses whose rows fall in the same classes (Mu[0..4], Mu[5..10]) are summed together cell by
 * cell, the two sexes of a status in one loop (two independent chains) where they share a class (in pairs of ages
 * from each cell's first: the reference's sums to rounding).
 */
function settlingBySegment(): f64 {
  memory.fill(segLeft, 0, <usize>cellCount << 3);
  memory.fill(segSettling, 0, <usize>cellCount << 3);
  let total: f64 = 0;
  let r = 0;
  while (r < segRows) {
    // rows come in pairs: a status, men then women
    const cM = I(rowClass, r);
    const cF = I(rowClass, r + 1);
    let end = r + 2;
    while (end < segRows && I(rowClass, end) == cM && I(rowClass, end + 1) == cF) end += 2;
    if (cM == cF) total += classSums(r, end, cM, 0, 1);
    else {
      total += classSumsOneSex(r, end, cM, 0);
      total += classSumsOneSex(r, end, cF, 1);
    }
    r = end;
  }
  return total;
}

/**
 * Persons of each row in each cell of its class (16 a row; where the class holds both sexes, the men's row holds
 * both), as classSums found them where no age factor is in play: settlement's counts are taken from them.
 */
const rowCells = memory.data(32 * 16 * 8, 16);

/**
 * The cells of class c summed over the rows of sexes x0 and x1 of the statuses of rows `r .. end`, into `segLeft`
 * and `segSettling`; the latter's total. With every age factor 1 a status's settling persons in a cell are its share
 * of the cell's persons (the reference multiplies age by age: the same to rounding).
 */
function classSums(r: i32, end: i32, c: i32, x0: i32, x1: i32): f64 {
  return classSumsOf(r, end, c, x0, x1, true);
}

/** classSums of a class that holds one sex, x0: the other sex's terms (no one) left out, the same sums. */
function classSumsOneSex(r: i32, end: i32, c: i32, x0: i32): f64 {
  return classSumsOf(r, end, c, x0, x0, false);
}

/**
 * classSumsOf of two statuses of a class holding both sexes (rows q, q + 1 and q + 2, q + 3), every age factor 1: the
 * same sums, the first status's added to a cell's before the second's.
 */
function classSums2(q: i32, first: i32, last: i32): void {
  const s1 = I(rowStatus, q);
  const s2 = I(rowStatus, q + 2);
  const o1 = row(s1, 0);
  const o2 = row(s2, 0);
  const sh1 = s1 >= MU0 ? at(share, s1 - MU0) : 0;
  const sh2 = s2 >= MU0 ? at(share, s2 - MU0) : 0;
  const cells1 = rowCells + (<usize>(q << 4) << 3);
  const cells2 = rowCells + (<usize>((q + 2) << 4) << 3);
  for (let i = first; i <= last; i++) {
    let a = I(cellFrom, i);
    const to = i == last ? AGES : I(cellFrom, i + 1);
    let m1 = ZERO;
    let f1 = ZERO;
    let m2 = ZERO;
    let f2 = ZERO;
    let lastM1: f64 = 0;
    let lastF1: f64 = 0;
    let lastM2: f64 = 0;
    let lastF2: f64 = 0;
    for (; a + 1 < to; a += 2) {
      m1 = f64x2.add(m1, V(o1 + a));
      f1 = f64x2.add(f1, V(o1 + AGES + a));
      m2 = f64x2.add(m2, V(o2 + a));
      f2 = f64x2.add(f2, V(o2 + AGES + a));
    }
    if (a < to) {
      lastM1 = S(o1 + a);
      lastF1 = S(o1 + AGES + a);
      lastM2 = S(o2 + a);
      lastF2 = S(o2 + AGES + a);
    }
    const persons1 = (lanes(m1) + lastM1) + (lanes(f1) + lastF1);
    const persons2 = (lanes(m2) + lastM2) + (lanes(f2) + lastF2);
    put(segLeft, i, (at(segLeft, i) + persons1) + persons2);
    if (sh1 > 0) put(segSettling, i, at(segSettling, i) + persons1 * sh1);
    if (sh2 > 0) put(segSettling, i, at(segSettling, i) + persons2 * sh2);
    put(cells1, i - first, persons1);
    put(cells2, i - first, persons2);
  }
}

@inline function classSumsOf(r: i32, end: i32, c: i32, x0: i32, x1: i32, both: bool): f64 {
  // statuses outer, cells inner (each status's rows set up once, its cells read in a run of ages); a cell's sums
  // gather in segLeft/segSettling in the order of the statuses, as before
  const first = I(classCell, c);
  const last = I(classCell, c + 1) - 1;
  for (let q = r; q < end; q += 2) {
    const s = I(rowStatus, q);
    const oM = row(s, x0);
    const oF = row(s, x1);
    const sh = s >= MU0 ? at(share, s - MU0) : 0;
    const cells = rowCells + (<usize>((q + (both ? 0 : x0)) << 4) << 3);
    if (both && q + 2 < end && factorOnes) {
      // two statuses a loop (their rows in one pass over the cells), each cell's sums added status after status
      classSums2(q, first, last);
      q += 2;
      continue;
    }
    if (!(sh > 0) || factorOnes) {
      for (let i = first; i <= last; i++) {
        let a = I(cellFrom, i);
        const to = i == last ? AGES : I(cellFrom, i + 1);
        let sumM = ZERO;
        let sumF = ZERO;
        let lastM: f64 = 0;
        let lastF: f64 = 0;
        for (; a + 1 < to; a += 2) {
          sumM = f64x2.add(sumM, V(oM + a));
          if (both) sumF = f64x2.add(sumF, V(oF + a));
        }
        if (a < to) {
          lastM = S(oM + a);
          if (both) lastF = S(oF + a);
        }
        const persons = (lanes(sumM) + lastM) + (lanes(sumF) + lastF);
        put(segLeft, i, at(segLeft, i) + persons);
        if (sh > 0) put(segSettling, i, at(segSettling, i) + persons * sh);
        put(cells, i - first, persons);
      }
      continue;
    }
    const shv = f64x2.splat(sh);
    const f = (s - MU0) * AGES;
    for (let i = first; i <= last; i++) {
      let a = I(cellFrom, i);
      const to = i == last ? AGES : I(cellFrom, i + 1);
      let sumM = ZERO;
      let sumF = ZERO;
      let setM = ZERO;
      let setF = ZERO;
      let lastM: f64 = 0;
      let lastF: f64 = 0;
      for (; a + 1 < to; a += 2) {
        const qv = f64x2.mul(shv, vat(factor, f + a));
        const wM = V(oM + a);
        sumM = f64x2.add(sumM, wM);
        setM = f64x2.add(setM, f64x2.mul(wM, qv));
        if (both) {
          const wF = V(oF + a);
          sumF = f64x2.add(sumF, wF);
          setF = f64x2.add(setF, f64x2.mul(wF, qv));
        }
      }
      let lastSet: f64 = 0;
      if (a < to) {
        const qs = sh * at(factor, f + a);
        lastM = S(oM + a);
        if (both) lastF = S(oF + a);
        lastSet = lastM * qs + lastF * qs;
      }
      put(segLeft, i, at(segLeft, i) + ((lanes(sumM) + lastM) + (lanes(sumF) + lastF)));
      put(segSettling, i, at(segSettling, i) + ((lanes(setM) + lanes(setF)) + lastSet));
    }
  }
  let total: f64 = 0;
  for (let i = first; i <= last; i++) total += at(segSettling, i);
  return total;
}

function settlementPolicy(y: i32): void {
  const base = PARAMS + (<usize>(YEARLY * steps + y * DURATIONS) << 3);
  memory.copy(share, base, DURATIONS << 3);
  if (!factorOnes) {
    for (let i = 0; i < DURATIONS * AGES; i++) put(factor, i, 1);
    factorOnes = true;
  }
  schoolCap(y);
  settleScale = 1;
  const planned = P(ANY_GROUP, y) != 0 ? settlingBySegment() : settlingMigrants();
  if (!(planned > 0)) return;
  // renting households settle only into free units, one each; the others are not held back by the rental cap
  const hs = P(HOUSEHOLD_SIZE, y);
  const size = hs > 0 ? hs : 1;
  const renting = clamp01(P(RENTAL_SHARE, y)) * planned;
  const room = max<f64>(0, nonNeg(P(HOUSING_UNITS, y)) - unitsOccupied) * size;
  let renters = renting;
  let settling = planned;
  if (renting > room) {
    renters = room;
    settling = planned - (renting - room);
  }
  // the quota takes renters and the others in proportion
  const quota = nonNeg(P(SETTLE_QUOTA, y));
  if (settling > quota) {
    renters *= quota / settling;
    settling = quota;
  }
  const scale = settling < planned ? settling / planned : 1;
  if (scale < 1) for (let d = 0; d < DURATIONS; d++) put(share, d, at(share, d) * scale);
  settleScale = scale;
  unitsOccupied += renters / size;
}

@inline function groupLever(g: i32, y: i32, k: i32): f64 {
  return load<f64>(PARAMS + (<usize>(YEARLY * steps + steps * DURATIONS + (g * steps + y) * 2 + k) << 3));
}

function groupSettlement(y: i32): void {
  for (let i = 0; i < cellCount; i++) put(segKept, i, 1);
  let local: f64 = 0;
  let migrants: f64 = 0;
  for (let g = 0; g < GROUPS; g++) {
    const want = groupLever(g, y, 0);
    const target = groupLever(g, y, 1);
    if (!(want > 0) || !(target > 0)) continue;
    const from = I(cellStart, g);
    const split = I(migrantStart, g);
    const to = I(cellStart, g + 1);
    // the pool of locals and of migrants in two sums, so that the persons settled from each are r times it (the
    // reference sums r times each cell: the same to rounding) and the cells are updated with no running sum
    let poolLocal: f64 = 0;
    let poolMigrants: f64 = 0;
    for (let j = from; j < split; j++) poolLocal += at(segLeft, I(cells, j));
    for (let j = split; j < to; j++) poolMigrants += at(segLeft, I(cells, j));
    const pool = poolLocal + poolMigrants;
    const r = want * pool > target ? target / pool : want;
    if (!(r > 0)) continue;
    const keep = 1 - r;
    for (let j = from; j < to; j++) {
      const i = I(cells, j);
      put(segLeft, i, at(segLeft, i) - at(segLeft, i) * r);
      put(segKept, i, at(segKept, i) * keep);
    }
    const fromLocal = poolLocal * r;
    const fromMigrants = poolMigrants * r;
    add(flows, F_GROUP + g, fromLocal + fromMigrants);
    local += fromLocal;
    migrants += fromMigrants;
  }
  add(flows, F_SETTLED_LOCAL, local);
  add(flows, F_SETTLED_MIGRANTS, migrants);
}

/** Share that stays after the groups, by class and age (the segment's share at each of its ages). */
const keepByAge = memory.data(MAX_SEGMENT_CELLS * 12 * 8, 16);
const movedBySex = memory.data(2 * 8, 16);

/**
 * Settle both sexes' rows of a status (settlement.ts settleRow), from `oM` and `oM + AGES`, into `Uu` (`toUu` cells
 * on): the general share `sh · fac[f + cell]` of each cell. Each row's count goes to `movedBySex`, its ages summed in
 * pairs from age 0 (as the reference).
 */
function settleRows(oM: i32, toUu: i32, sh: f64, fac: usize, f: i32): void {
  const oF = oM + AGES;
  const shv = f64x2.splat(sh);
  let movedM = ZERO;
  let movedF = ZERO;
  let a = 0;
  if (fac == ones)
    for (; a + 1 < AGES; a += 2) {
      const vM = f64x2.mul(V(oM + a), shv); // sh · 1 is sh: the same products
      const vF = f64x2.mul(V(oF + a), shv);
      setV(oM + a, f64x2.sub(V(oM + a), vM));
      setV(oF + a, f64x2.sub(V(oF + a), vF));
      setV(oM + a + toUu, f64x2.add(V(oM + a + toUu), vM));
      setV(oF + a + toUu, f64x2.add(V(oF + a + toUu), vF));
      movedM = f64x2.add(movedM, vM);
      movedF = f64x2.add(movedF, vF);
    }
  else
    for (; a + 1 < AGES; a += 2) {
      const q = f64x2.mul(shv, vat(fac, f + a));
      const vM = f64x2.mul(V(oM + a), q);
      const vF = f64x2.mul(V(oF + a), q);
      setV(oM + a, f64x2.sub(V(oM + a), vM));
      setV(oF + a, f64x2.sub(V(oF + a), vF));
      setV(oM + a + toUu, f64x2.add(V(oM + a + toUu), vM));
      setV(oF + a + toUu, f64x2.add(V(oF + a + toUu), vF));
      movedM = f64x2.add(movedM, vM);
      movedF = f64x2.add(movedF, vF);
    }
  const q = sh * at(fac, f + a);
  put(movedBySex, 0, (f64x2.extract_lane(movedM, 0) + settleLast(oM + a, toUu, q)) + f64x2.extract_lane(movedM, 1));
  put(movedBySex, 1, (f64x2.extract_lane(movedF, 0) + settleLast(oF + a, toUu, q)) + f64x2.extract_lane(movedF, 1));
  rowToUu = at(movedBySex, 0) + at(movedBySex, 1);
}

/**
 * settleRows with the source groups on: of each cell the general share, and of what stays the share `1 − keep` (by
 * age, from `keepM` and `keepF`; the groups' segments are whole ages) go to `Uu`, in one write (the reference adds the
 * two one after the other: the same to rounding). The general share's count goes to `movedBySex`, everyone moved to
 * `rowToUu`.
 */
function settleRowsWithGroups(oM: i32, toUu: i32, sh: f64, fac: usize, f: i32, keepM: usize, keepF: usize): void {
  const oF = oM + AGES;
  const shv = f64x2.splat(sh);
  let movedM = ZERO;
  let movedF = ZERO;
  let gone = ZERO;
  let a = 0;
  if (sh == 0)
    // only the groups move anyone: the same values as below with a general share of 0
    for (; a + 1 < AGES; a += 2) {
      const wM = V(oM + a);
      const wF = V(oF + a);
      const keptM = f64x2.mul(wM, vat(keepM, a));
      const keptF = f64x2.mul(wF, vat(keepF, a));
      const goneM = f64x2.sub(wM, keptM);
      const goneF = f64x2.sub(wF, keptF);
      setV(oM + a, keptM);
      setV(oF + a, keptF);
      setV(oM + a + toUu, f64x2.add(V(oM + a + toUu), goneM));
      setV(oF + a + toUu, f64x2.add(V(oF + a + toUu), goneF));
      gone = f64x2.add(gone, f64x2.add(goneM, goneF));
    }
  else for (; a + 1 < AGES; a += 2) {
    const q = f64x2.mul(shv, vat(fac, f + a));
    const wM = V(oM + a);
    const wF = V(oF + a);
    const vM = f64x2.mul(wM, q);
    const vF = f64x2.mul(wF, q);
    const keptM = f64x2.mul(f64x2.sub(wM, vM), vat(keepM, a));
    const keptF = f64x2.mul(f64x2.sub(wF, vF), vat(keepF, a));
    const goneM = f64x2.sub(wM, keptM);
    const goneF = f64x2.sub(wF, keptF);
    setV(oM + a, keptM);
    setV(oF + a, keptF);
    setV(oM + a + toUu, f64x2.add(V(oM + a + toUu), goneM));
    setV(oF + a + toUu, f64x2.add(V(oF + a + toUu), goneF));
    movedM = f64x2.add(movedM, vM);
    movedF = f64x2.add(movedF, vF);
    gone = f64x2.add(gone, f64x2.add(goneM, goneF));
  }
  const q = sh * at(fac, f + a);
  const wM = S(oM + a);
  const wF = S(oF + a);
  put(movedBySex, 0, (f64x2.extract_lane(movedM, 0) + settleLastWithGroups(oM + a, toUu, q, at(keepM, a))) + f64x2.extract_lane(movedM, 1));
  put(movedBySex, 1, (f64x2.extract_lane(movedF, 0) + settleLastWithGroups(oF + a, toUu, q, at(keepF, a))) + f64x2.extract_lane(movedF, 1));
  rowToUu = lanes(gone) + ((wM - S(oM + a)) + (wF - S(oF + a)));
}

/**
 * settleRowsWithGroups where every age's general share is `sh` (no age factor): the rows written, not counted (the
 * counts come from the cells' persons, cellPersons). Two statuses at a time (settleRowsByCells2) where they come
 * one after the other.
 */
function settleRowsByCells(oM: i32, sh: f64, keepM: usize, keepF: usize): void {
  const toUu = row(UU, 0) - oM;
  const oF = oM + AGES;
  const left = f64x2.splat(1 - sh); // w · (1 − sh) for w − w · sh: the same to rounding, one operation fewer
  let a = 0;
  for (; a + 1 < AGES; a += 2) {
    const wM = V(oM + a);
    const wF = V(oF + a);
    const keptM = f64x2.mul(f64x2.mul(wM, left), vat(keepM, a));
    const keptF = f64x2.mul(f64x2.mul(wF, left), vat(keepF, a));
    setV(oM + a, keptM);
    setV(oF + a, keptF);
    setV(oM + a + toUu, f64x2.add(V(oM + a + toUu), f64x2.sub(wM, keptM)));
    setV(oF + a + toUu, f64x2.add(V(oF + a + toUu), f64x2.sub(wF, keptF)));
  }
  settleLastOfRows(oM, a, sh, keepM, keepF);
}

/**
 * settleRowsByCells of two statuses (rows from `o1` and `o2`), in one loop: `Uu` read and written once for both, the
 * second's persons added after the first's (the same sums as one status after the other).
 */
function settleRowsByCells2(o1: i32, sh1: f64, keepM1: usize, keepF1: usize, o2: i32, sh2: f64, keepM2: usize, keepF2: usize): void {
  const uM = row(UU, 0);
  const uF = uM + AGES;
  const left1 = f64x2.splat(1 - sh1);
  const left2 = f64x2.splat(1 - sh2);
  let a = 0;
  for (; a + 1 < AGES; a += 2) {
    const w1M = V(o1 + a);
    const w1F = V(o1 + AGES + a);
    const w2M = V(o2 + a);
    const w2F = V(o2 + AGES + a);
    const k1M = f64x2.mul(f64x2.mul(w1M, left1), vat(keepM1, a));
    const k1F = f64x2.mul(f64x2.mul(w1F, left1), vat(keepF1, a));
    const k2M = f64x2.mul(f64x2.mul(w2M, left2), vat(keepM2, a));
    const k2F = f64x2.mul(f64x2.mul(w2F, left2), vat(keepF2, a));
    setV(o1 + a, k1M);
    setV(o1 + AGES + a, k1F);
    setV(o2 + a, k2M);
    setV(o2 + AGES + a, k2F);
    setV(uM + a, f64x2.add(f64x2.add(V(uM + a), f64x2.sub(w1M, k1M)), f64x2.sub(w2M, k2M)));
    setV(uF + a, f64x2.add(f64x2.add(V(uF + a), f64x2.sub(w1F, k1F)), f64x2.sub(w2F, k2F)));
  }
  settleLastOfRows(o1, a, sh1, keepM1, keepF1);
  settleLastOfRows(o2, a, sh2, keepM2, keepF2);
}

/**
 * settleRowsByCells2 where each status's two sexes keep the same share by age (classes holding both sexes), `keep1`
 * and `keep2`: each status's `(1 − sh) · keep` once a pair of ages, for both sexes (`w · ((1 − sh) · keep)` for
 * `(w · (1 − sh)) · keep`: the same to rounding).
 */
function settleRowsByCells2Alike(o1: i32, sh1: f64, keep1: usize, o2: i32, sh2: f64, keep2: usize): void {
  const uM = row(UU, 0);
  const uF = uM + AGES;
  const left1 = f64x2.splat(1 - sh1);
  const left2 = f64x2.splat(1 - sh2);
  let a = 0;
  for (; a + 1 < AGES; a += 2) {
    const m1 = f64x2.mul(left1, vat(keep1, a));
    const m2 = f64x2.mul(left2, vat(keep2, a));
    const w1M = V(o1 + a);
    const w1F = V(o1 + AGES + a);
    const w2M = V(o2 + a);
    const w2F = V(o2 + AGES + a);
    const k1M = f64x2.mul(w1M, m1);
    const k1F = f64x2.mul(w1F, m1);
    const k2M = f64x2.mul(w2M, m2);
    const k2F = f64x2.mul(w2F, m2);
    setV(o1 + a, k1M);
    setV(o1 + AGES + a, k1F);
    setV(o2 + a, k2M);
    setV(o2 + AGES + a, k2F);
    setV(uM + a, f64x2.add(f64x2.add(V(uM + a), f64x2.sub(w1M, k1M)), f64x2.sub(w2M, k2M)));
    setV(uF + a, f64x2.add(f64x2.add(V(uF + a), f64x2.sub(w1F, k1F)), f64x2.sub(w2F, k2F)));
  }
  settleLastOfRows(o1, a, sh1, keep1, keep1);
  settleLastOfRows(o2, a, sh2, keep2, keep2);
}

/** A status settleRowsByCells is still to write (its rows' first cell; −1: none), with its share and keep by age. */
let pendingRows: i32 = -1;
let pendingShare: f64 = 0;
let pendingKeepM: usize = 0;
let pendingKeepF: usize = 0;

/** settleRowsByCells of a status, written with the next status's that comes (or when flushPending is called). */
function settleRowsByCellsLater(o: i32, sh: f64, keepM: usize, keepF: usize): void {
  if (pendingRows < 0) {
    pendingRows = o;
    pendingShare = sh;
    pendingKeepM = keepM;
    pendingKeepF = keepF;
    return;
  }
  if (pendingKeepM == pendingKeepF && keepM == keepF) settleRowsByCells2Alike(pendingRows, pendingShare, pendingKeepM, o, sh, keepM);
  else settleRowsByCells2(pendingRows, pendingShare, pendingKeepM, pendingKeepF, o, sh, keepM, keepF);
  pendingRows = -1;
}

/** Write the status settleRowsByCellsLater left, before anything else adds to `Uu`. */
function flushPending(): void {
  if (pendingRows < 0) return;
  settleRowsByCells(pendingRows, pendingShare, pendingKeepM, pendingKeepF);
  pendingRows = -1;
}

/** Persons of row r in the cells of class c (rowCells); what they keep after a general share sh and the groups to `keptOfCells`. */
function cellPersons(r: i32, c: i32, sh: f64): f64 {
  const first = I(classCell, c);
  let persons: f64 = 0;
  let kept: f64 = 0;
  for (let i = first; i < I(classCell, c + 1); i++) {
    const v = at(rowCells, (r << 4) + i - first);
    persons += v;
    kept += (v - v * sh) * at(segKept, i);
  }
  keptOfCells = kept;
  return persons;
}

let keptOfCells: f64 = 0;

/** Of the rows settled last, everyone moved to `Uu`. */
let rowToUu: f64 = 0;

/** Age 100 of settleRows; the persons of the general share. */
@inline function settleLast(i: i32, toUu: i32, q: f64): f64 {
  const w = S(i);
  const v = w * q;
  setS(i, w - v);
  addS(i + toUu, v);
  return v;
}

/** Age `a` (100, after the pairs of ages) of a status's two rows from `o`, as settleRowsByCells writes them. */
@inline function settleLastOfRows(o: i32, a: i32, sh: f64, keepM: usize, keepF: usize): void {
  const toUu = row(UU, 0) - o;
  settleLastWithGroups(o + a, toUu, sh, at(keepM, a));
  settleLastWithGroups(o + AGES + a, toUu, sh, at(keepF, a));
}

/** Age 100 of settleRowsWithGroups; the persons of the general share. */
@inline function settleLastWithGroups(i: i32, toUu: i32, q: f64, keep: f64): f64 {
  const w = S(i);
  const v = w * q;
  const kept = (w - v) * keep;
  setS(i, kept);
  addS(i + toUu, w - kept);
  return v;
}

/** Whether the source groups move anyone of a class this year (a segment's keep below 1). */
const classMoves = memory.data(MAX_SEGMENT_CELLS * 4, 16);

function settlement(y: i32): void {
  const boost = P(LAND_KEPT, y) >= 0.5 ? nonNeg(P(LAND_MULT, y)) : 1;
  const rLocal = clamp01(P(LOCAL_SETTLE, y) * boost);
  const groups = P(ANY_GROUP, y) != 0;
  if (groups) {
    // the groups' pools: what the general settlement leaves (settlement.ts groupPools)
    for (let c = 0; c < classes; c++)
      for (let i = I(classCell, c); i < I(classCell, c + 1); i++)
        put(segLeft, i, at(segLeft, i) - (I(classStatus, c) == RU ? at(segLeft, i) * rLocal : at(segSettling, i) * settleScale));
    groupSettlement(y);
    for (let c = 0; c < classes; c++) {
      // pairs of ages from each segment's first: a pair running past a segment's end is overwritten by the next
      // segment (the last ends at AGES, inside the class's AGES + 1 values)
      const o = keepByAge + (<usize>(c * (AGES + 1)) << 3);
      let moves = false;
      const last = I(classCell, c + 1) - 1;
      for (let i = I(classCell, c); i <= last; i++) {
        const keep = at(segKept, i);
        if (keep != 1) moves = true;
        const kv = f64x2.splat(keep);
        const to = i == last ? AGES : I(cellFrom, i + 1);
        for (let a = I(cellFrom, i); a < to; a += 2) v128.store(o + (<usize>a << 3), kv);
      }
      store<i32>(classMoves + (<usize>c << 2), moves ? 1 : 0);
    }
  }
  let local: f64 = 0;
  let migrants: f64 = 0;
  for (let r = 0; r < segRows; r += 2) {
    const s = I(rowStatus, r); // rows come in pairs: a status, men then women
    const d = s - MU0;
    const sh = d >= 0 ? at(share, d) : s == RU ? rLocal : 0;
    const cM = I(rowClass, r);
    const cF = I(rowClass, r + 1);
    const grouped = groups && (I(classMoves, cM) != 0 || I(classMoves, cF) != 0);
    if (!grouped && !(sh > 0)) continue;
    const o = row(s, 0);
    const fac = d >= 0 && !factorOnes ? factor : ones; // with no school cap every factor is 1
    const f = fac == factor ? d * AGES : 0;
    const keepM = keepByAge + (<usize>(cM * (AGES + 1)) << 3);
    const keepF = keepByAge + (<usize>(cF * (AGES + 1)) << 3);
    if (grouped && fac == ones) {
      // every age's share the same: the counts from the cells' persons (rowCells), the rows written alone
      settleRowsByCellsLater(o, sh, keepM, keepF);
      let persons = cellPersons(r, cM, sh);
      let kept = keptOfCells;
      if (cF != cM) {
        persons += cellPersons(r + 1, cF, sh);
        kept += keptOfCells;
      }
      put(movedBySex, 0, persons * sh);
      put(movedBySex, 1, 0);
      rowToUu = persons - kept;
    } else {
      flushPending();
      if (grouped) settleRowsWithGroups(o, row(UU, 0) - o, sh, fac, f, keepM, keepF);
      else settleRows(o, row(UU, 0) - o, sh, fac, f);
    }
    const toUu = rowToUu;
    addT(s, -toUu);
    addT(UU, toUu);
    if (d >= 0) {
      migrants += at(movedBySex, 0);
      migrants += at(movedBySex, 1);
    } else {
      local += at(movedBySex, 0);
      local += at(movedBySex, 1);
    }
  }
  flushPending();
  add(flows, F_SETTLED_LOCAL, local);
  add(flows, F_SETTLED_MIGRANTS, migrants);
}

// ---- 9. capacity, 10. cost, indicators ---------------------------------------------------------------------------

function measureCapacity(y: i32): void {
  const lo = schoolLo;
  const hi = schoolHi;
  const localKids = localAges(lo, hi);
  agesByDuration(MU0, lo, hi, kidsMu);
  agesByDuration(MR0, lo, hi, kidsMr);
  let migrantKids: f64 = 0;
  let permittedKids: f64 = 0;
  let permittedMigrants: f64 = 0;
  const permitSchool = P(PERMIT_SCHOOL, y);
  const permitHousing = P(PERMIT_HOUSING, y);
  for (let d = 0; d < DURATIONS; d++) {
    const kids = at(kidsMu, d) + at(kidsMr, d);
    migrantKids += kids;
    if (<f64>d >= permitSchool) permittedKids += kids;
    if (<f64>d >= permitHousing) permittedMigrants += at(totals, MU0 + d) + at(totals, MR0 + d);
  }
  const places = nonNeg(P(SCHOOL_PLACES, y));
  const wanting = permittedKids * clamp01(P(PUBLIC_ACCESS, y));
  const localSeated = min<f64>(localKids, places);
  const migrantSeated = min<f64>(wanting, places - localSeated);
  const demand = localKids + wanting;
  const shortage = max<f64>(0, demand - places);
  put(levers, L_SCHOOL_DEMAND, demand);
  put(levers, L_SCHOOL_PLACES, places);
  put(levers, L_SCHOOL_SHORTAGE, shortage);
  put(levers, L_PUBLIC_SHARE, migrantKids > 0 ? migrantSeated / migrantKids : NaN);
  schoolShortageRatio = demand > 0 ? shortage / demand : 0;

  const units = nonNeg(P(HOUSING_UNITS, y));
  const hs = P(HOUSEHOLD_SIZE, y);
  const size = hs > 0 ? hs : 1;
  const hDemand = (permittedMigrants * clamp01(P(HOUSING_APPLY, y))) / size + unitsOccupied;
  put(levers, L_HOUSING_DEMAND, hDemand);
  put(levers, L_HOUSING_UNITS, units);
  put(levers, L_HOUSING_SHORTAGE, max<f64>(0, hDemand - units));
  const slack = hDemand > 0 ? (units - hDemand) / hDemand : units > 0 ? 1 : 0;
  housingSlackRatio = slack > 1 ? 1 : slack < -1 ? -1 : slack;
}

function accountCost(y: i32): void {
  const settled = at(flows, F_SETTLED_LOCAL) + at(flows, F_SETTLED_MIGRANTS);
  const cost = settled * nonNeg(P(COST_ONE_OFF, y)) + settledCumulative * nonNeg(P(COST_RECURRING, y));
  const gov = clamp01(P(COST_GOV, y));
  const ent = min<f64>(clamp01(P(COST_ENT, y)), 1 - gov);
  put(levers, L_COST_GOV, cost * gov);
  put(levers, L_COST_ENT, cost * ent);
  put(levers, L_COST_IND, cost * (1 - gov - ent));
  put(levers, L_LAND, settled * nonNeg(P(LAND_PER_SETTLED, y)));
  const perResident = nonNeg(P(TRANSFER_RESIDENT, y));
  let residents: f64 = 0;
  if (perResident > 0) for (let s = 0; s < STATUSES; s++) if (s != UA && s != RA) residents += at(totals, s);
  put(levers, L_TRANSFER, settled * nonNeg(P(TRANSFER_SETTLED, y)) + residents * perResident);
  settledCumulative += settled;
}

function writeIndicators(yearRow: i32, withFlows: bool): void {
  const out = ROWS + (<usize>(yearRow * METRICS) << 3);
  const uu = at(totals, UU), ur = at(totals, UR), ua = at(totals, UA);
  const ru = at(totals, RU), rr = at(totals, RR), ra = at(totals, RA);
  let mUrban: f64 = 0;
  let mRural: f64 = 0;
  for (let d = 0; d < DURATIONS; d++) {
    mUrban += at(totals, MU0 + d);
    mRural += at(totals, MR0 + d);
  }
  const migrants = mUrban + mRural;
  const residents = uu + ur + ru + rr + migrants;
  const registered = uu + ur + ua + ru + rr + ra;
  const urbanResidents = uu + ru + mUrban;
  // over the residents, only registered persons living here count: the rate stays a share
  const urbanRegistered = residenceDefinition ? uu + ru : residentDenominator ? uu + ur : uu + ur + ua;
  const residentRate = residents > 0 ? urbanResidents / residents : NaN;
  const base = residentDenominator ? residents : registered;
  const registeredRate = base > 0 ? urbanRegistered / base : NaN;
  put(out, 0, residents);
  put(out, 1, registered);
  put(out, 2, urbanResidents);
  put(out, 3, urbanRegistered);
  put(out, 4, residentRate);
  put(out, 5, registeredRate);
  put(out, 6, residentRate - registeredRate);
  put(out, 7, ua + ra);
  put(out, 8, migrants);
  put(out, 9, residents + ua + ra);
  for (let f = 0; f < FLOWS; f++) put(out, FIRST_FLOW_METRIC + f, withFlows ? at(flows, f) : NaN);
  for (let l = 0; l < LEVERS; l++) put(out, FIRST_LEVER_METRIC + l, withFlows || l < COST_LEVERS ? at(levers, l) : NaN);
  put(out, M_SETTLED, withFlows ? at(flows, F_SETTLED_LOCAL) + at(flows, F_SETTLED_MIGRANTS) : NaN);
  put(out, M_NEW_MIGRANTS, at(totals, MU0) + at(totals, MR0));
}

// ---- a run -------------------------------------------------------------------------------------------------------

/** Clear the run's memory and write the base year's indicators (project.ts runInto, before the first step). */
export function begin(): void {
  schoolShortageRatio = 0;
  housingSlackRatio = 0;
  unitsOccupied = 0;
  settledCumulative = 0;
  ruralMigrants = NaN;
  for (let i = 0; i < DURATIONS * AGES; i++) put(factor, i, 1);
  factorOnes = true;
  for (let s = 0; s < STATUSES; s += 4) statusTotals4(s, totals + (<usize>s << 3));
  measureCapacity(0);
  writeIndicators(0, false);
}

/** Step years `from ≤ y < to` (step.ts), writing the indicators of year y + 1 after each. */
export function stepYears(from: i32, to: i32): void {
  for (let y = from; y < to; y++) {
    memory.fill(flows, 0, FLOWS << 3);
    fertileExposures(y);
    for (let s = 0; s < STATUSES; s++) put(births, s, 0.5 * at(exposure, s));
    survival(y);
    applyBirths(y);
    outMigration(y); // and duration (step 4)
    inMigration(y);
    localMoves(y);
    reclassification(y);
    hukouConversion(y);
    settlementPolicy(y);
    settlement(y);
    measureCapacity(y);
    accountCost(y);
    writeIndicators(y + 1, true);
  }
}

/** Where the state is (STATE_SIZE values). */
export function stateAddress(): usize {
  return STATE;
}

/** Where the fixed schedules go (FIXED_SIZE values). */
export function fixedAddress(): usize {
  return FERT;
}

/** Where free memory starts: the caller lays out its regions from here. */
export function heapBase(): usize {
  return __heap_base;
}
