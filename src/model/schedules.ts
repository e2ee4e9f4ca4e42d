import { AGES, SEXES } from './layout.ts';
import { CENSUS_MIGRANT_CHILD_SHARE } from './migrantChildren.ts';
import { standardPyramid } from './standards.ts';

/**
 * Age schedules of migration.
 *
 * The labour component of the Rogers–Castro model migration schedule,
 * `exp(-α(x-μ) - exp(-λ(x-μ)))`, scaled to peak 1. Defaults α = 0.1,
 * λ = 0.4, μ = 17 put the peak near age 19 and halve it by the early 30s,
 * the usual shape of labour migration (Rogers & Castro 1981).
 *
 * @example
 * const p = rogersCastro();  // p[19] === 1, p[40] ≈ 0.18
 */
export function rogersCastro(alpha = 0.1, lambda = 0.4, mu = 17): Float64Array {
  const out = new Float64Array(AGES);
  let max = 0;
  for (let x = 0; x < AGES; x++) {
    out[x] = Math.exp(-alpha * (x - mu) - Math.exp(-lambda * (x - mu)));
    if (out[x] > max) max = out[x];
  }
  for (let x = 0; x < AGES; x++) out[x] /= max;
  return out;
}

/** Migrants aged 60+: the CMDS 2016's 2.8 % (china_reference.csv:541); the census gives no migrant ages. */
export const MIGRANT_OLD_SHARE = 0.028;

/**
 * The age–sex make-up of migrants, `[sex * AGES + age]`, summing to 1:
 * children 0–14 in the census's share ({@link CENSUS_MIGRANT_CHILD_SHARE},
 * 10.7 %), 60+ in the CMDS's ({@link MIGRANT_OLD_SHARE}, 2.8 %), working ages
 * 15–59 the rest (86.5 %). Within the working ages the census pyramid is
 * weighted by the Rogers–Castro labour curve; children and the old follow the
 * census pyramid.
 *
 * @example
 * const m = migrantAgeProfile();
 * // sum over ages 0..14 of both sexes = 0.107
 */
export function migrantAgeProfile(
  shares: { child: number; work: number; old: number } = { child: CENSUS_MIGRANT_CHILD_SHARE, work: 1 - CENSUS_MIGRANT_CHILD_SHARE - MIGRANT_OLD_SHARE, old: MIGRANT_OLD_SHARE },
): Float64Array {
  const pyr = standardPyramid();
  const rc = rogersCastro();
  const out = new Float64Array(SEXES * AGES);
  const groups: [number, number, number][] = [
    [0, 14, shares.child],
    [15, 59, shares.work],
    [60, AGES - 1, shares.old],
  ];
  for (const [lo, hi, share] of groups) {
    let sum = 0;
    for (let s = 0; s < SEXES; s++)
      for (let a = lo; a <= hi; a++) {
        const w = pyr[s * AGES + a] * (lo === 15 ? rc[a] : 1);
        out[s * AGES + a] = w;
        sum += w;
      }
    for (let s = 0; s < SEXES; s++) for (let a = lo; a <= hi; a++) out[s * AGES + a] *= share / sum;
  }
  return out;
}

/**
 * Split a migrant age profile into the adult part (15+) and the child part
 * (0–14), each rescaled to sum to 1: the in-migration step mixes them with
 * the year's accompanying-children share.
 */
export function splitChildren(profile: Float64Array, childMaxAge = 14): { adult: Float64Array; child: Float64Array } {
  const adult = new Float64Array(SEXES * AGES);
  const child = new Float64Array(SEXES * AGES);
  let sa = 0;
  let sc = 0;
  for (let s = 0; s < SEXES; s++)
    for (let a = 0; a < AGES; a++) {
      const v = profile[s * AGES + a];
      if (a <= childMaxAge) { child[s * AGES + a] = v; sc += v; }
      else { adult[s * AGES + a] = v; sa += v; }
    }
  for (let i = 0; i < adult.length; i++) {
    adult[i] = sa > 0 ? adult[i] / sa : 0;
    child[i] = sc > 0 ? child[i] / sc : 0;
  }
  return { adult, child };
}
