import { AGES, MAX_AGE } from './layout.ts';

/** What a family finds its members from: enough to make the same family in another thread without building it. */
export interface LifeTableFamilyData {
  readonly stdLogit: Float64Array;
  readonly stdOpenMx: number;
  readonly alphaGrid: Float64Array;
  readonly e0Grid: Float64Array;
}

/**
 * A Brass relational logit model life table family for one sex: every
 * member is `logit l(x) = α + logit l_s(x)` of a standard `l_s`, and the
 * member with a given life expectancy at birth is found by inverting a
 * precomputed e0(α) grid. Inversion costs a binary search, so a run can
 * change e0 every year without a root-finder in the kernel.
 *
 * @example
 * const fam = new LifeTableFamily(standardMx);
 * const lt = new SurvivalRatios();
 * fam.fill(77.4, lt);          // lt.e0 ≈ 77.4, lt.ratio[30] = L(31)/L(30)
 */
export class LifeTableFamily {
  /** logit of the standard l(x), x = 0..AGES (l(AGES) closes the open interval). */
  readonly stdLogit: Float64Array;
  /** Standard death rate of the open interval 100+. */
  readonly stdOpenMx: number;
  private readonly alphaGrid: Float64Array;
  private readonly e0Grid: Float64Array;
  private readonly scratch = new SurvivalRatios();

  static readonly ALPHA_MIN = -3;
  static readonly ALPHA_MAX = 3;
  static readonly GRID = 6001;

  /**
   * @param singleMx death rates by single year of age 0..100 (100 = 100+) of the standard; or another family's
   * {@link data}, which makes the same family without computing its grid again.
   */
  constructor(singleMx: ArrayLike<number> | LifeTableFamilyData) {
    if ('e0Grid' in singleMx) {
      ({ stdLogit: this.stdLogit, stdOpenMx: this.stdOpenMx, alphaGrid: this.alphaGrid, e0Grid: this.e0Grid } = singleMx);
      return;
    }
    const l = new Float64Array(AGES + 1);
    l[0] = 1;
    for (let x = 0; x < AGES; x++) l[x + 1] = l[x] * Math.exp(-singleMx[x]);
    this.stdLogit = new Float64Array(AGES + 1);
    for (let x = 1; x <= AGES; x++) this.stdLogit[x] = 0.5 * Math.log((1 - l[x]) / l[x]);
    this.stdOpenMx = singleMx[MAX_AGE];
    this.alphaGrid = new Float64Array(LifeTableFamily.GRID);
    this.e0Grid = new Float64Array(LifeTableFamily.GRID);
    const step = (LifeTableFamily.ALPHA_MAX - LifeTableFamily.ALPHA_MIN) / (LifeTableFamily.GRID - 1);
    for (let i = 0; i < LifeTableFamily.GRID; i++) {
      const a = LifeTableFamily.ALPHA_MIN + i * step;
      this.alphaGrid[i] = a;
      this.fillAlpha(a, this.scratch);
      this.e0Grid[i] = this.scratch.e0;
    }
  }

  /** What the family is made of, to make it again elsewhere (`new LifeTableFamily(family.data)`). */
  get data(): LifeTableFamilyData {
    return { stdLogit: this.stdLogit, stdOpenMx: this.stdOpenMx, alphaGrid: this.alphaGrid, e0Grid: this.e0Grid };
  }

  /** Lowest and highest e0 the family can express. */
  get e0Range(): [number, number] {
    return [this.e0Grid[this.e0Grid.length - 1], this.e0Grid[0]];
  }

  /** Fill `out` with the member whose e0 is `e0` (clamped to the family's range). */
  fill(e0: number, out: SurvivalRatios): void {
    // e0 decreases as α rises.
    const g = this.e0Grid;
    let lo = 0;
    let hi = g.length - 1;
    if (!(e0 < g[0])) return this.fillAlpha(this.alphaGrid[0], out);
    if (!(e0 > g[hi])) return this.fillAlpha(this.alphaGrid[hi], out);
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (g[mid] > e0) lo = mid;
      else hi = mid;
    }
    const w = (g[lo] - e0) / (g[lo] - g[hi]);
    this.fillAlpha(this.alphaGrid[lo] + w * (this.alphaGrid[hi] - this.alphaGrid[lo]), out);
  }

  /** Fill `out` with the member of level α. */
  fillAlpha(alpha: number, out: SurvivalRatios): void {
    const l = out.l;
    const L = out.L;
    l[0] = 1;
    for (let x = 1; x <= AGES; x++) l[x] = 1 / (1 + Math.exp(2 * (alpha + this.stdLogit[x])));
    // Infant deaths fall early in the first year: Coale–Demeny-like a0 = 0.1.
    L[0] = l[1] + 0.1 * (l[0] - l[1]);
    for (let x = 1; x < MAX_AGE; x++) L[x] = 0.5 * (l[x] + l[x + 1]);
    // Open interval: scale the standard 100+ rate by the member's hazard ratio at 99.
    const q99 = 1 - l[MAX_AGE] / l[MAX_AGE - 1];
    const q99s = 1 - 1 / (1 + Math.exp(2 * this.stdLogit[MAX_AGE])) / (1 / (1 + Math.exp(2 * this.stdLogit[MAX_AGE - 1])));
    const openMx = this.stdOpenMx * (q99s > 0 ? q99 / q99s : 1);
    L[MAX_AGE] = l[MAX_AGE] / openMx;
    let T = 0;
    for (let x = 0; x < AGES; x++) T += L[x];
    out.e0 = T;
    out.birthSurvival = L[0];
    for (let x = 0; x < MAX_AGE - 1; x++) out.ratio[x] = L[x + 1] / L[x];
    // Ages 99 and 100+ merge into 100+: T(100)/T(99).
    const openRatio = L[MAX_AGE] / (L[MAX_AGE - 1] + L[MAX_AGE]);
    out.ratio[MAX_AGE - 1] = openRatio;
    out.ratio[MAX_AGE] = openRatio;
  }
}

/**
 * The survival quantities the projection uses, for one sex and one year.
 * `ratio[x]` carries people aged x at the start of a year to age x+1 at its
 * end (`L(x+1)/L(x)`); ratio[99] = ratio[100] = `T(100)/T(99)` for the open
 * age group; `birthSurvival` = `L(0)/l(0)` carries births of the year to age 0.
 */
export class SurvivalRatios {
  readonly l = new Float64Array(AGES + 1);
  readonly L = new Float64Array(AGES);
  readonly ratio = new Float64Array(AGES);
  birthSurvival = 1;
  e0 = 0;
}
