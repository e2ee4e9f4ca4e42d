import { AGES, MAX_AGE } from './layout.ts';

/**
 * A Brass relational logit model life table family for one sex: every
 * member is `logit l(x) = α + logit l_s(x)` of a standard `l_s`, and the
 * member with a given life expectancy at birth is found by inverting an
 * e0(α) grid. Inversion costs a binary search, so a run can change e0 every
 * year without a root-finder in the kernel. A grid point is computed the
 * first time a search visits it (a search visits 13 of 6,001): building the
 * whole grid of both sexes took ~80 ms of every command's start-up.
 *
 * @example
 * const fam = new LifeTableFamily(standardMx);
 * const lt = new SurvivalRatios();
 * fam.fill(77.4, lt);          // lt.e0 ≈ 77.4, lt.ratio[30] = L(31)/L(30)
 */
export class LifeTableFamily {
  static readonly ALPHA_MIN = -3;
  static readonly ALPHA_MAX = 3;
  static readonly GRID = 6001;

  /** logit of the standard l(x), x = 0..AGES (l(AGES) closes the open interval). */
  readonly stdLogit: Float64Array;
  /** Standard death rate of the open interval 100+. */
  readonly stdOpenMx: number;
  /** e0 of the member at grid point i (α = {@link alphaAt}(i)); NaN until a search first needs it. */
  private readonly e0Grid = new Float64Array(LifeTableFamily.GRID).fill(NaN);
  private readonly scratch = new SurvivalRatios();

  /** @param singleMx death rates by single year of age 0..100 (100 = 100+) of the standard */
  constructor(singleMx: ArrayLike<number>) {
    const l = new Float64Array(AGES + 1);
    l[0] = 1;
    for (let x = 0; x < AGES; x++) l[x + 1] = l[x] * Math.exp(-singleMx[x]);
    this.stdLogit = new Float64Array(AGES + 1);
    for (let x = 1; x <= AGES; x++) this.stdLogit[x] = 0.5 * Math.log((1 - l[x]) / l[x]);
    this.stdOpenMx = singleMx[MAX_AGE];
  }

  /** α of grid point i. */
  private alphaAt(i: number): number {
    return LifeTableFamily.ALPHA_MIN + i * ((LifeTableFamily.ALPHA_MAX - LifeTableFamily.ALPHA_MIN) / (LifeTableFamily.GRID - 1));
  }

  /** e0 of grid point i, computed on first use. */
  private e0At(i: number): number {
    let e0 = this.e0Grid[i];
    if (e0 !== e0) {
      this.fillAlpha(this.alphaAt(i), this.scratch);
      e0 = this.e0Grid[i] = this.scratch.e0;
    }
    return e0;
  }

  /** Lowest and highest e0 the family can express. */
  get e0Range(): [number, number] {
    return [this.e0At(LifeTableFamily.GRID - 1), this.e0At(0)];
  }

  /** Fill `out` with the member whose e0 is `e0` (clamped to the family's range). */
  fill(e0: number, out: SurvivalRatios): void {
    // e0 decreases as α rises.
    let lo = 0;
    let hi = LifeTableFamily.GRID - 1;
    if (!(e0 < this.e0At(0))) return this.fillAlpha(this.alphaAt(0), out);
    if (!(e0 > this.e0At(hi))) return this.fillAlpha(this.alphaAt(hi), out);
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.e0At(mid) > e0) lo = mid;
      else hi = mid;
    }
    const eLo = this.e0At(lo);
    const aLo = this.alphaAt(lo);
    this.fillAlpha(aLo + ((eLo - e0) / (eLo - this.e0At(hi))) * (this.alphaAt(hi) - aLo), out);
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
