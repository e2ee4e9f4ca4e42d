import { isRate } from '../report/labels.ts';
import { UsageError } from './errors.ts';

/** A comparison a target does not take, and the one it most likely meant. */
const MEANT: Readonly<Record<string, string | undefined>> = { '>': '>=', '=>': '>=', '≥': '>=', '<': '<=', '=<': '<=', '≤': '<=', '=': undefined };

/**
 * Refuse a `--target` of `urbsim solve` whose shape is wrong before the scenario is read (the solve's own parser says
 * what a target may be, and checks its metric, year and value): with `--metric` and `--year`, a value that is missing
 * (`''`, `>= `: it was an internal error, exit 1, or 'found ">="'), that has a comparison other than >= or <= (`>`), or
 * that is a whole target (`>=72.5%@2020`); without them, a whole target comparing with `>` (or `<`, `=`) or with no
 * value before its year. {@link UsageError}, exit code 2, saying what was found and what to write.
 *
 * @example
 * checkTargetOption('>= ', { metric: 'registered_rate', year: 2020 });
 * // UsageError: --target ">= ": expected the target's value after >= (with --metric registered_rate --year 2020), e.g. >=72.5%; found nothing
 * checkTargetOption('registered_rate>72.5%@2020', {});
 * // UsageError: --target "registered_rate>72.5%@2020" (did you mean registered_rate>=72.5%@2020?): a target compares with >= or <=, found >
 */
export function checkTargetOption(raw: string, o: { metric?: string; year?: number | string }): void {
  const text = raw.normalize('NFKC').trim();
  const example = (metric: string, op: string) => `${op}${isRate(metric) ? '72.5%' : '120万'}`;
  if (o.metric !== undefined && o.year !== undefined) {
    const [, op, value] = /^(>=|<=|=>|=<|≥|≤|>|<|=)?\s*(.*)$/s.exec(text)!;
    const given = `(with --metric ${o.metric} --year ${o.year})`;
    if (op !== undefined && op !== '>=' && op !== '<=') {
      const meant = MEANT[op];
      throw new UsageError(
        `--target "${raw}"${meant !== undefined && value ? ` (did you mean ${meant}${value}?)` : ''}: a target compares with >= or <=, found ${op}` +
          (value ? '' : `; expected the target's value after >= or <= ${given}, e.g. ${example(o.metric, '>=')}`),
      );
    }
    if (value === '')
      throw new UsageError(
        `--target "${raw}": expected the target's value${op ? ` after ${op}` : ''} ${given}, ` +
          `e.g. ${op ? example(o.metric, op) : `${example(o.metric, '')} or ${example(o.metric, '<=')}`}; found nothing`,
      );
    // ＞＝ and ％ as a Chinese input method types them: taken for the value ('expected a rate …, found "＞＝72.5％"').
    if (text !== raw.trim())
      throw new UsageError(`--target "${raw}" (did you mean ${text}?): write the comparison and the % in plain ASCII (>=, <=, %)`);
    if (value.includes('@'))
      throw new UsageError(`--target "${raw}": with --metric and --year, give the value alone (e.g. ${example(o.metric, op ?? '>=')}); a whole target, metric>=value@year, goes without them`);
    return;
  }
  if (o.metric !== undefined || o.year !== undefined) return; // the solve says they go together
  // => and =< before = alone: 'registered_rate=>72.5%@2020' read as '=' then '>72.5%' said 'found =', meaning nothing.
  const whole = /^([a-z0-9_]+)\s*(>=|<=|=>|=<|>|<|=)\s*(.*?)\s*@\s*(\d+)$/.exec(text);
  if (!whole) return;
  const [, metric, op, value, year] = whole;
  if (op !== '>=' && op !== '<=') {
    const meant = MEANT[op];
    throw new UsageError(`--target "${raw}"${meant !== undefined && value ? ` (did you mean ${metric}${meant}${value}@${year}?)` : ''}: a target compares with >= or <=, found ${op}`);
  }
  if (value === '')
    throw new UsageError(`--target "${raw}": expected the target's value between ${op} and @${year}, e.g. ${metric}${example(metric, op)}@${year}; found nothing`);
}
