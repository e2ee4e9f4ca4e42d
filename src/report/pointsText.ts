/**
 * A change of a rate (a fraction) in percentage points, one decimal, signed with a true minus: how `urbsim run` prints
 * the registered gain's parts, and the report and the notebook beside it. `0.0` where it rounds to nothing (neither
 * `+0.0` nor `−0.0`, which would claim a direction the figure does not have); `–` where there is no figure.
 *
 * @example
 * pointsText(0.0423);  // '+4.2'
 * pointsText(-0.003);  // '−0.3'
 * pointsText(0.0004);  // '0.0'
 * pointsText(NaN);     // '–'
 */
export function pointsText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const t = Math.abs(v * 100).toFixed(1);
  return t === '0.0' ? '0.0' : `${v > 0 ? '+' : '−'}${t}`;
}
