/**
 * The probability asked for, as every line of a solve says it — header, answer, table — to the hundredth of a point it
 * may be given to, no more: '80%', '81.25%' (the answer said 81.3 % under a header of 81.25 %, the table 80.0 % under one
 * of 80 %).
 *
 * @example
 * askedText(0.8); // '80%'
 */
export const askedText = (p: number): string => `${Number((p * 100).toFixed(2))}%`;
