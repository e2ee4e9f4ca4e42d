import { normalCdf } from '../model/normalCdf.ts';
import type { IssueSink } from './issueSink.ts';
import type { Path } from './origin.ts';
import { readConstant } from './readConstant.ts';
import type { DistSpec } from './resolved.ts';
import { WEIGHT_RULE, openMax, rangeText, showValue, type ValueRule } from './valueRule.ts';

/** Below this probability a truncation interval is empty for practical purposes. */
const MIN_MASS = 1e-9;

/**
 * Check a distribution written in a scenario and give its resolved form,
 * every quantity a plain number. Location parameters (mean, median, min,
 * mode, max, lower, upper, values) follow the key's rule (units and bounds);
 * spreads must be positive; for rates the whole support must stay in [0, 1]
 * (a normal needs `lower`/`upper` inside), for person counts above 0.
 * Weights of a choice default to equal and are normalized to sum to 1; so are a mixture's (`logitnormalmix`,
 * `normalmix`), which must have one median or mean and one sigma or sd per weight.
 *
 * @example
 * resolveDistribution({ dist: 'uniform', min: '4%', max: '8%' }, path, RATE_RULE, sink);
 * // { dist: 'uniform', min: 0.04, max: 0.08 }
 */
export function resolveDistribution(raw: Record<string, unknown>, path: Path, rule: ValueRule, sink: IssueSink): DistSpec | undefined {
  const before = sink.issues.length;
  const at = (key: string): Path => [...path, key];
  // What is drawn must be finite even where a constant may be .inf (no limit); a truncation bound may be .inf (none).
  const finite: ValueRule = { ...rule, unlimited: false };
  const loc = (key: string): number | undefined => readConstant(raw[key], at(key), finite, sink);
  const bound = (key: string): number | undefined => readConstant(raw[key], at(key), finite, sink, { infinite: true });
  const spread = (key: string, kind: ValueRule['kind']): number | undefined =>
    readConstant(raw[key], at(key), { kind, min: -Infinity, max: Infinity, support: 'none', noun: 'a number' }, sink, { positive: true });
  const ok = (): boolean => sink.issues.length === before;
  const order = (lowKey: string, low: number | undefined, highKey: string, high: number | undefined, strict = true): void => {
    if (low !== undefined && high !== undefined && (strict ? !(low < high) : !(low <= high)))
      sink.add(at(highKey), `a value ${strict ? 'above' : 'at least'} ${lowKey} ${showValue(low, rule)}`, showValue(high, rule));
  };
  const supportCheck = (name: string, low: number, high: number): void => {
    const needLow = rule.support !== 'none' && low < rule.min;
    const needHigh = rule.support === 'both' && high > rule.max;
    if (!needLow && !needHigh) return;
    const beyond = [needLow ? `below ${showValue(rule.min, rule)}` : '', needHigh ? `above ${showValue(rule.max, rule)}` : ''].filter(Boolean).join(' and ');
    const fix = name === 'normal' || name === 'lognormal' ? ` (truncate it with ${[needLow ? 'lower' : '', needHigh ? 'upper' : ''].filter(Boolean).join(' and ')})` : '';
    // A count's ceiling is not what a draw below 0 is about: "a number of persons ≥ 0", as before it had one.
    sink.add(path, `a distribution of ${rangeText(rule, rule.min, needHigh ? rule.max : openMax(rule))}${fix}`, `a ${name} that can go ${beyond}`);
  };
  // A count's draws must stay under its ceiling too (20亿: mostPersons.ts). A normal's or lognormal's tail has no end,
  // so what is refused is a tail holding more than MIN_MASS of the draws above it (a lognormal of median 20万 and
  // sigma 0.3 holds about 3e-207; of median 10亿 and sigma 0.3, 1.0 %; of median 20万 and sigma 100, 46 %).
  const ceilingCheck = (name: string, cdf: (x: number) => number, lower: number | undefined, upper: number | undefined, fix: string): void => {
    if (rule.kind !== 'persons' || rule.shownMax === undefined || (upper !== undefined && upper <= rule.max)) return;
    const share = (1 - cdf(rule.max)) / massOf(cdf, lower, upper);
    if (!(share > MIN_MASS)) return;
    const found = `a ${name} with ${+(share * 100).toPrecision(2)}% of its draws above ${rule.shownMax.replace(/ \(.*\)$/, '')}`;
    sink.add(path, `a distribution of ${rangeText(rule)}`, found, `expected a distribution of ${rangeText(rule)}, found ${found}: ${fix}`);
  };

  switch (raw.dist) {
    case 'normal': {
      const mean = loc('mean'), sd = spread('sd', rule.kind), lower = bound('lower'), upper = bound('upper');
      order('lower', lower, 'upper', upper);
      if (!ok() || mean === undefined || sd === undefined) return undefined;
      supportCheck('normal', lower ?? -Infinity, upper ?? Infinity);
      if (massOf((x) => normalCdf((x - mean) / sd), lower, upper) < MIN_MASS) emptyTruncation(sink, path, rule, lower, upper);
      else ceilingCheck('normal', (x) => normalCdf((x - mean) / sd), lower, upper, 'truncate it with upper, or narrow its sd');
      return ok() ? { dist: 'normal', mean, sd, ...(lower !== undefined && { lower }), ...(upper !== undefined && { upper }) } : undefined;
    }
    case 'lognormal': {
      const median = loc('median'), sigma = spread('sigma', 'number'), lower = bound('lower'), upper = bound('upper');
      if (median !== undefined && !(median > 0)) sink.add(at('median'), 'a positive number', showValue(median, rule));
      order('lower', lower, 'upper', upper);
      if (!ok() || median === undefined || sigma === undefined) return undefined;
      supportCheck('lognormal', lower ?? 0, upper ?? Infinity);
      const cdf = (x: number): number => (x <= 0 ? 0 : normalCdf((Math.log(x) - Math.log(median)) / sigma));
      if (massOf(cdf, lower, upper) < MIN_MASS) emptyTruncation(sink, path, rule, lower, upper);
      else ceilingCheck('lognormal', cdf, lower, upper, 'truncate it with upper, or narrow its sigma');
      return ok() ? { dist: 'lognormal', median, sigma, ...(lower !== undefined && { lower }), ...(upper !== undefined && { upper }) } : undefined;
    }
    case 'logitnormal': {
      if (rule.kind !== 'rate' && rule.kind !== 'any') {
        sink.add(at('dist'), `a distribution for ${rule.noun} (logitnormal is for rates)`, 'logitnormal');
        return undefined;
      }
      const median = loc('median'), sigma = spread('sigma', 'number');
      if (median !== undefined && !(median > 0 && median < 1)) sink.add(at('median'), 'a rate strictly between 0% and 100%', showValue(median, rule));
      if (!ok() || median === undefined || sigma === undefined) return undefined;
      supportCheck('logitnormal', 0, 1);
      return ok() ? { dist: 'logitnormal', median, sigma } : undefined;
    }
    case 'logitnormalmix':
    case 'normalmix': {
      const logit = raw.dist === 'logitnormalmix';
      if (logit && rule.kind !== 'rate' && rule.kind !== 'any') {
        sink.add(at('dist'), `a distribution for ${rule.noun} (logitnormalmix is for rates)`, 'logitnormalmix');
        return undefined;
      }
      const [locKey, spreadKey] = logit ? ['medians', 'sigmas'] : ['means', 'sds'];
      if (!Array.isArray(raw.weights) || !Array.isArray(raw[locKey]) || !Array.isArray(raw[spreadKey])) return undefined;
      const weights = raw.weights.map((w, i) => readConstant(w, [...path, 'weights', i], WEIGHT_RULE, sink));
      const locs = (raw[locKey] as unknown[]).map((v, i) => readConstant(v, [...path, locKey, i], finite, sink));
      const spreadRule: ValueRule = { kind: logit ? 'number' : rule.kind, min: -Infinity, max: Infinity, support: 'none', noun: 'a number' };
      const spreads = (raw[spreadKey] as unknown[]).map((v, i) => readConstant(v, [...path, spreadKey, i], spreadRule, sink, { positive: true }));
      if (locs.length !== weights.length) sink.add(at(locKey), `${weights.length} ${locKey}, one per weight`, `${locs.length}`);
      if (spreads.length !== weights.length) sink.add(at(spreadKey), `${weights.length} ${spreadKey}, one per weight`, `${spreads.length}`);
      // An empty list is the schema's to report ("at least 1"); summing it would add a line ending in nothing.
      if (ok() && weights.length > 0 && !(weights.reduce<number>((a, w) => a + (w ?? 0), 0) > 0)) sink.add(at('weights'), 'weights summing to more than 0', weights.join(', '));
      if (logit) locs.forEach((m, i) => m !== undefined && !(m > 0 && m < 1) && sink.add([...path, locKey, i], 'a rate strictly between 0% and 100%', showValue(m, rule)));
      if (!ok()) return undefined;
      supportCheck(raw.dist as string, logit ? 0 : -Infinity, logit ? 1 : Infinity);
      if (!ok()) return undefined;
      const total = weights.reduce<number>((a, w) => a + w!, 0);
      const w = weights.map((x) => x! / total);
      return logit
        ? { dist: 'logitnormalmix', weights: w, medians: locs as number[], sigmas: spreads as number[] }
        : { dist: 'normalmix', weights: w, means: locs as number[], sds: spreads as number[] };
    }
    case 'uniform': {
      const min = loc('min'), max = loc('max');
      order('min', min, 'max', max);
      return ok() && min !== undefined && max !== undefined ? { dist: 'uniform', min, max } : undefined;
    }
    case 'triangular': {
      const min = loc('min'), mode = loc('mode'), max = loc('max');
      order('min', min, 'max', max);
      if (ok()) {
        order('min', min, 'mode', mode, false);
        order('mode', mode, 'max', max, false);
      }
      return ok() && min !== undefined && mode !== undefined && max !== undefined ? { dist: 'triangular', min, mode, max } : undefined;
    }
    case 'beta': {
      const alpha = spread('alpha', 'number'), beta = spread('beta', 'number');
      const min = raw.min === undefined ? 0 : loc('min'), max = raw.max === undefined ? 1 : loc('max');
      order('min', min, 'max', max);
      if (!ok() || alpha === undefined || beta === undefined || min === undefined || max === undefined) return undefined;
      supportCheck('beta', min, max);
      return ok() ? { dist: 'beta', alpha, beta, min, max } : undefined;
    }
    case 'choice': {
      if (!Array.isArray(raw.values)) return undefined;
      const values = raw.values.map((v, i) => readConstant(v, [...path, 'values', i], rule, sink));
      const weights = Array.isArray(raw.weights) ? raw.weights.map((w, i) => readConstant(w, [...path, 'weights', i], WEIGHT_RULE, sink)) : values.map(() => 1);
      if (Array.isArray(raw.weights) && weights.length !== values.length)
        sink.add(at('weights'), `${values.length} weights, one per value`, `${weights.length}`);
      else if (ok() && weights.length > 0 && !(weights.reduce<number>((a, w) => a + (w ?? 0), 0) > 0)) sink.add(at('weights'), 'weights summing to more than 0', weights.join(', '));
      if (!ok()) return undefined;
      const total = weights.reduce<number>((a, w) => a + w!, 0);
      return { dist: 'choice', values: values as number[], weights: weights.map((w) => w! / total) };
    }
    default:
      return undefined;
  }
}

/** Probability between lower and upper under a distribution function. */
function massOf(cdf: (x: number) => number, lower: number | undefined, upper: number | undefined): number {
  return (upper === undefined ? 1 : cdf(upper)) - (lower === undefined ? 0 : cdf(lower));
}

function emptyTruncation(sink: IssueSink, path: Path, rule: ValueRule, lower: number | undefined, upper: number | undefined): void {
  const interval = `[${lower === undefined ? '−∞' : showValue(lower, rule)}, ${upper === undefined ? '∞' : showValue(upper, rule)}]`;
  sink.add(path, 'lower/upper bounds that keep some of the distribution', `${interval}, which holds almost none of it`);
}
