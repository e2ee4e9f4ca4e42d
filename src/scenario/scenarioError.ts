/** One problem in a scenario file. */
export interface ScenarioIssue {
  /** The file that defines the offending key (with `extends`, not necessarily the one run). */
  readonly file: string;
  /** Key path, e.g. `parameters.inflow.sd`; empty for problems of the file as a whole. */
  readonly path: string;
  /** 1-based line and column of the offending key or value. */
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
  /**
   * When `file` is reached through `extends`: the files that extend it, nearest
   * first, ending with the one loaded — the file the user ran may not be the one at fault.
   */
  readonly extendedBy?: readonly string[];
}

/**
 * Every problem found in a scenario and the files it extends, at once.
 * `format()` prints one per line as `file:line:column key.path: message`.
 *
 * @example
 * try { loadScenario(f) } catch (e) { if (e instanceof ScenarioError) console.error(e.format()) }
 * // scenarios/x.yaml:12:5 parameters.inflow.sd: expected a positive number, found -3
 */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in scenario:\n${formatIssues(issues)}`);
  }

  format(): string {
    return formatIssues(this.issues);
  }
}

/**
 * One line per issue, `file:line:column key.path: message`, followed by
 * `(extended by …)` for a file reached through `extends`.
 *
 * @example
 * formatIssues([{ file: 'a.yaml', path: 'years.end', line: 3, column: 8, expected: '', found: '', message: 'expected a year after 2013, found 2010' }]);
 * // 'a.yaml:3:8 years.end: expected a year after 2013, found 2010'
 */
export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues
    .map((i) => `${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}${i.extendedBy?.length ? ` (extended by ${i.extendedBy.join(', which is extended by ')})` : ''}`)
    .join('\n');
}
