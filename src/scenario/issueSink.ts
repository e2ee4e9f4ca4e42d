import type { Path, Position } from './origin.ts';
import type { ScenarioIssue } from './scenarioError.ts';

/**
 * Collects problems as the resolver finds them, each located in the file
 * that defines the offending key, so that all of them are reported at once.
 * A second report of the same problem at the same place is dropped.
 *
 * @example
 * const sink = new IssueSink((path, atKey) => locate(origin, path, atKey));
 * sink.add(['years', 'end'], 'a year after 2013', '2010');
 */
export class IssueSink {
  readonly issues: ScenarioIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly where: (path: Path, atKey: boolean) => Position) {}

  add(path: Path, expected: string, found: string, message = `expected ${expected}, found ${found}`, atKey = false): void {
    const key = `${path.join('.')}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push({ ...this.where(path, atKey), path: path.join('.'), expected, found, message });
  }

  /** {@link add} at a position found by the caller (a key no longer in the merged data: src/scenario/emptiedKeys.ts). */
  addAt(at: Position, path: Path, expected: string, found: string, message = `expected ${expected}, found ${found}`): void {
    const key = `${at.file}:${at.line}:${at.column}\u0000${path.join('.')}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push({ ...at, path: path.join('.'), expected, found, message });
  }
}
