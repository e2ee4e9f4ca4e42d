import { existsSync, realpathSync, rmSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../inputError.ts';
import { MANIFEST_FILE, readManifest } from '../io/outputManifest.ts';
import { withOutputFolder } from '../io/outputFolder.ts';
import { shellWord } from '../cli/shellWord.ts';

/**
 * After a batch wrote a file of folder `dir` anew with other contents (`before`, `after`: its SHA-256 before and now)
 * — the batch's combined targets.arrow, or a scenario folder's weighed.json drawn anew from the runs it keeps — the
 * report `urbsim report dir` drew of the old one (`dir/report/`, its manifest's `reportOf` the folder) no longer draws
 * the folder: it is removed, as a run's report goes with the run folder it replaces, and the line returned says so,
 * `drew` what it drew. It stayed, unmarked (a batch re-run with --runs 600 kept the pages of its 500 runs). Removed as
 * urbsim removes an output folder it replaces (under its lock; refused where it holds a file urbsim did not write):
 * then it stays and the line says why. Nothing when the file is the same or there is no such report.
 *
 * @example
 * dropStaleReport('out/pilots', shaBefore, shaAfter);
 * // 'urbsim: note: removed out/pilots/report/: it drew the batch before these runs (urbsim report out/pilots draws it anew)\n'
 */
export async function dropStaleReport(dir: string, before: string | undefined, after: string | undefined, drew = 'the batch before these runs'): Promise<string | undefined> {
  const report = join(dir, 'report');
  const m = existsSync(report) ? readManifest(report) : undefined;
  if (before === undefined || before === after || m?.reportOf === undefined) return undefined;
  const of = resolve(report, m.reportOf);
  if (!existsSync(of) || realpathSync(of) !== realpathSync(dir)) return undefined;
  try {
    // Replaced by an empty report (every check a replaced output folder gets), then that removed.
    await withOutputFolder(report, () => undefined, { mode: 'replace', command: 'urbsim batch', reportOf: dir });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `urbsim: note: ${report}/ draws ${drew} and was kept: ${e.message}\n`;
  }
  rmSync(join(report, MANIFEST_FILE), { force: true });
  rmdirSync(report);
  return `urbsim: note: removed ${report}/: it drew ${drew} (urbsim report ${shellWord(dir)} draws it anew)\n`;
}
