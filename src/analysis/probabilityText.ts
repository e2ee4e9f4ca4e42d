/**
 * A probability measured over runs (the share of runs meeting a target, an end of its interval) as every table and
 * sentence of solve and its report prints it: in percent to one decimal, so the answer under a table says the figure
 * the table does (it said "P = 70%" under a row of 70.0%). The probability asked is the user's figure and is echoed
 * as given (askedText, src/analysis/askedText.ts: 67%, 81.25%).
 *
 * @example
 * probabilityText(0.7);     // '70.0%'
 * probabilityText(0.80125); // '80.1%'
 */
export const probabilityText = (p: number): string => `${(p * 100).toFixed(1)}%`;
