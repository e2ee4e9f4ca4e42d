/** One problem in a scenario file. */
export interface ScenarioIssue {
  readonly file: string;
  /** Key path, e.g. `parameters.inflow.sd`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

/**
 * Every problem found in a scenario, at once. `format()` prints one per line as
 * `file:line:column key.path: message`.
 *
 * @example
 * try { loadScenario(f) } catch (e) { if (e instanceof ScenarioError) console.error(e.format()) }
 */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in scenario`);
  }

  format(): string {
    return this.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path || '(file)'}: ${i.message}`).join('\n');
  }
}
