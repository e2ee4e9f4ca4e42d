import { readFileSync } from 'node:fs';

/**
 * What `urbsim fit-defaults` writes to data/observed/fitted-defaults.json
 * (src/analysis/fitDefaults.ts makes it): the year-to-year variation of the
 * urbanization pace, the pooled paces the generated pilots draw from, and
 * each area's own estimates. Paces are on their scale: the logit of a rate,
 * or net migration as a share of residents.
 */
export interface FittedDefaultsFile {
  /** The command that wrote it, for the provenance comments of the files that use it. */
  readonly command: string;
  readonly observed: string;
  readonly process: {
    readonly phi: number;
    readonly stationarySd: number;
    readonly sigma: number;
    readonly pairs: readonly { readonly area: string; readonly years: readonly number[]; readonly lines: readonly string[] }[];
  };
  readonly paces: Readonly<Record<string, FittedPace>>;
  /** The factor the paces' sds are drawn with, chosen by leaving one area out at a time, and the CRPS of each factor tried. */
  readonly spread: { readonly factor: number; readonly scores: readonly { readonly spread: number; readonly crps: number }[] };
  /** Each area's own estimates, for the pilot of that area (absent in files that do not keep them). */
  readonly areas?: readonly { readonly area: string; readonly figures: readonly string[]; readonly estimates: Readonly<Record<string, { readonly estimate: number; readonly se: number; readonly ess?: number } | undefined>> }[];
}

export interface FittedPace {
  /** At least three areas' figures inform it; otherwise the prior is the fit's reference prior. */
  readonly fitted: boolean;
  /** Predictive law for a new area on the pace's scale: center (logit of the median rate, or the mean) and sd. */
  readonly center: number;
  readonly sd: number;
  /** Between-area sd τ (DerSimonian–Laird) and the pooled mean's standard error. */
  readonly tau: number;
  readonly se: number;
  readonly areas: readonly { readonly area: string; readonly estimate: number; readonly se: number }[];
}

const FITTED_URL = new URL('../../data/observed/fitted-defaults.json', import.meta.url);
let cache: FittedDefaultsFile | undefined;

/**
 * data/observed/fitted-defaults.json, read once.
 *
 * @example
 * fittedDefaults().process.sigma; // ≈ 0.37
 */
export function fittedDefaults(): FittedDefaultsFile {
  cache ??= JSON.parse(readFileSync(FITTED_URL, 'utf8')) as FittedDefaultsFile;
  return cache;
}
