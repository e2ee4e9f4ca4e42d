import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { checkMetric } from '../analysis/checkMetric.ts';
import { UsageError } from './errors.ts';
import type { Shard } from '../montecarlo/runMonteCarlo.ts';
import { shardFromEnv } from '../cluster/shardFromEnv.ts';
import { decimalWhole } from './decimalWhole.ts';

export { decimalWhole } from './decimalWhole.ts';

/** A positive integer option, or a UsageError naming the option and what was found. */
export function positiveInt(name: string, raw: string | undefined, max = 1e9): number | undefined {
  if (raw === undefined) return undefined;
  const v = decimalWhole(raw);
  if (!(v >= 1 && v <= max)) throw new UsageError(`${name}: expected a whole number from 1 to ${max.toLocaleString('en-US')} in decimal digits, found "${raw}"${digitsHint(raw)}`);
  return v;
}

/**
 * What to write for a whole number typed as a planner types it, thousands separators (`--runs 10,000`) or a Chinese
 * input method's full-width digits (`--runs １０００`), said as a scenario's expression says them; '' otherwise.
 *
 * @example
 * digitsHint('10,000'); // ' (written with thousands separators: write 10000)'
 */
export function digitsHint(raw: string): string {
  const half = raw.normalize('NFKC');
  const wide = half !== raw && /[\uff01-\uff5e]/.test(raw);
  const plain = half.trim();
  if (/^\d{1,3}(?:,\d{3})+$/.test(plain)) return ` (written with ${wide ? 'full-width characters and ' : ''}thousands separators: write ${plain.replaceAll(',', '')})`;
  return wide && /^\d+$/.test(plain) ? ` (full-width digits, as a Chinese input method types them: write ${plain})` : '';
}

/** A seed: a whole number from 0 to 2^32 − 1. */
export function seedOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = decimalWhole(raw);
  if (!(v <= 0xffffffff)) throw new UsageError(`--seed: expected a whole number from 0 to 4294967295 in decimal digits, found "${raw}"${digitsHint(raw)}`);
  return v;
}

/** A year option (`--year`, `--until`): four decimal digits. */
export function yearOption(name: string, raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new UsageError(`${name}: expected a year such as 2020, found "${raw}"${digitsHint(raw)}`);
  return Number(raw);
}

/**
 * A metric option (`--metric`): one of urbsim's metrics, or a {@link UsageError} named after the option, with what the
 * word may be a slip for ({@link checkMetric}), before any scenario is read.
 *
 * @example
 * metricOption('--metric', 'registered'); // throws: --metric: unknown metric `registered`, did you mean `registered_rate` or `registered_pop`? (metrics: …)
 */
export function metricOption(name: string, raw: string): string {
  try {
    checkMetric(raw);
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new UsageError(`${name}: ${e.message}`);
    throw e;
  }
  return raw;
}

/** `k/n` with 1 ≤ k ≤ n, or `env`: the shard of a job-array task ({@link shardFromEnv}). */
export function shardOption(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'env') return shardFromEnv();
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count) throw new UsageError(`--shard: expected k/n with 1 ≤ k ≤ n (e.g. 1/2) or env, found "${raw}"`);
  return { index, count };
}
