import type { Lang } from './labels.ts';

/**
 * `text` with a note in brackets after it, as a title or an axis gives a unit, a value or what a figure rests on:
 * where `text` already ends in brackets of its own (a parameter's Chinese name, 两率差距（常住 − 户籍）, a change
 * said to be within chance), the note goes inside them after a semicolon, not in a second pair straight after
 * (两率差距（常住 − 户籍）（百分点） was printed).
 *
 * @example
 * withNote('zh', '两率差距（常住 − 户籍）', '百分点');       // '两率差距（常住 − 户籍；百分点）'
 * withNote('zh', '外来人口落户率', '+0.73');                // '外来人口落户率（+0.73）'
 * withNote('en', 'gap (resident − registered)', 'points'); // 'gap (resident − registered; points)'
 */
export function withNote(lang: Lang, text: string, note: string): string {
  const [open, close, then] = lang === 'zh' ? ['（', '）', '；'] : [' (', ')', '; '];
  return text.endsWith(close) ? `${text.slice(0, -close.length)}${then}${note}${close}` : `${text}${open}${note}${close}`;
}
