import { METRICS } from '../model/indicators.ts';
import { didYouMeanAll } from './didYouMean.ts';

/**
 * What a message about an unknown metric adds: `, did you mean \`registered_rate\` or \`registered_pop\`?` — every
 * metric the word may be a slip for, the rates first (the figures the toolkit projects, and what `registered` or
 * `resident` alone most likely means) — or '' when none is close.
 *
 * @example
 * metricHint('registered');     // ", did you mean `registered_rate` or `registered_pop`?"
 * metricHint('registred_rate'); // ", did you mean `registered_rate`?"
 * metricHint('gdp');            // ''
 */
export function metricHint(word: string): string {
  const hints = didYouMeanAll(word, METRICS).sort((a, b) => Number(!a.endsWith('_rate')) - Number(!b.endsWith('_rate')));
  if (hints.length === 0) return '';
  const shown = hints.map((h) => `\`${h}\``);
  return `, did you mean ${shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : shown[0]}?`;
}
