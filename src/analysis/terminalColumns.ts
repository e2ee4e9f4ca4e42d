/**
 * Terminal columns of a string: CJK characters (万) take two, so a table with 万 in its cells lines up under its
 * headers (padEnd counts 万 as one).
 *
 * @example
 * terminalColumns('200.9万'); // 7
 */
export function terminalColumns(s: string): number {
  return [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
}

/**
 * `s` padded with spaces to `width` terminal columns ({@link terminalColumns}).
 *
 * @example
 * padColumns('+2.2万', 8); // '+2.2万  '
 */
export function padColumns(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - terminalColumns(s)));
}
