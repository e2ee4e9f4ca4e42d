import type { OwnWeighed } from '../batch/ownFigures.ts';
import { shippedObserved } from '../batch/ownFigures.ts';
import { toRedraw } from '../batch/ownWeighedRedrawn.ts';
import { WEIGHED_FILE, weighedJson, weighedKey } from '../batch/weighedFile.ts';
import { withOutputFolder } from '../io/outputFolder.ts';
import { redrawnRuns } from '../report/batchMarks.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * Keep the weighed answer `urbsim run` (or `urbsim merge`) has just printed in its run folder `dir`, as weighed.json:
 * the file a batch keeps for the same scenario and runs, under the same key, so that `urbsim report` and the targets
 * notebook show the weighed targets and intervals beside the plain ones, and a script reads them, instead of the
 * terminal alone having them. Added to the committed folder (`update`), after its runs; whether it was kept.
 *
 * @example
 * await keepWeighed('out/dalian', 'scenarios/dalian.yaml', scenario, own.weighed, 'urbsim run');
 */
export async function keepWeighed(dir: string, file: string | undefined, s: ResolvedScenario, weighed: OwnWeighed, command: string): Promise<boolean> {
  // Where the batch draws runs again for these figures (laws fitted to some of them, others not: Dongguan's, Huizhou's
  // pilot), its answer is not the one printed, which weighs these runs by the others alone: kept under the batch's key
  // it would be taken for the batch's own.
  if (toRedraw(s, shippedObserved())) return false;
  // The batch's key for these runs: weighed.json is the answer whatever the command that drew it.
  const key = weighedKey(s, shippedObserved(), redrawnRuns(s.monteCarlo.runs));
  if (key === undefined) return false;
  await withOutputFolder(dir, (out) => out.writeFile(WEIGHED_FILE, weighedJson(key, weighed)), { mode: 'update', command, ...(file !== undefined && { scenarioFile: file }) });
  return true;
}
