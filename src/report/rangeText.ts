import type { Lang } from './labels.ts';

/**
 * A figure as printed, its minus sign a true minus (−, U+2212), not a hyphen.
 *
 * @example
 * minus('-0.761'); // '−0.761'
 */
export const minus = (figure: string): string => figure.replace(/^-/, '−');

/**
 * A range of two figures as printed. Between unsigned figures an en dash
 * ("3%–30%"); when either carries a sign a dash would read as a minus, so
 * the range is written in words, with true minus signs: "−0.761 to −0.676",
 * in Chinese "−0.761 至 −0.676".
 *
 * @example
 * rangeText('en', '0.12', '0.34');     // '0.12–0.34'
 * rangeText('en', '-0.761', '-0.676'); // '−0.761 to −0.676'
 * rangeText('zh', '-0.10', '+0.05');   // '−0.10 至 +0.05'
 */
export function rangeText(lang: Lang, lo: string, hi: string): string {
  const [a, b] = [minus(lo), minus(hi)];
  if (!/^[−+]/.test(a) && !/^[−+]/.test(b)) return `${a}–${b}`;
  return `${a} ${lang === 'zh' ? '至' : 'to'} ${b}`;
}

/**
 * Text in brackets as the page's language writes them: full-width in Chinese.
 *
 * @example
 * inParens('en', '52.8%–67.0%'); // '(52.8%–67.0%)'
 * inParens('zh', '52.8%–67.0%'); // '（52.8%–67.0%）'
 */
export const inParens = (lang: Lang, s: string): string => (lang === 'zh' ? `（${s}）` : `(${s})`);
