import { describe, it } from 'vitest';
import { expectShown, printedBy, readmeOutput } from '../helpers/readmeBlock.ts';

// README shows what `urbsim run` prints for Shandong and, an excerpt (`…`), Luoyang's targets (beside npm start's
// Dalian, held in readmeStart.test.ts); a change to the engine moved such blocks with nothing failing (Luoyang's, by
// bce18a2's refit). Each is held to what its command prints: the command is the
// line README shows (read from README, so editing README is what this checks), run as the CLI runs it but into a
// temporary folder; left out, as README leaves it out, are the last line (the folder written and the wall time) and
// standard error (progress).
const COMMANDS = [
  'run scenarios/shandong.yaml --runs 200',
  'run scenarios/pilots/luoyang.yaml',
];

describe("README's urbsim run blocks", () => {
  for (const command of COMMANDS) {
    it(`are what \`urbsim ${command}\` prints`, async () => {
      const shown = readmeOutput(command);
      expectShown((await printedBy(command)).out, shown);
    }, 120_000);
  }
});
