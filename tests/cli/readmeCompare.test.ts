import { describe, it } from 'vitest';
import { expectShown, printedBy, readmeOutput } from '../helpers/readmeBlock.ts';

// README shows what `urbsim compare` prints for Dongguan's levers; a change to the engine moved the block with
// nothing failing. It is held to what the command prints: the command is the line README shows (read from README, so
// editing README is what this checks), run as the CLI runs it but into a temporary folder; left out, as README leaves
// it out, are the last line (the folders written) and standard error (progress).
const COMMAND = 'compare scenarios/dongguan.yaml scenarios/dongguan-cutoff100.yaml scenarios/dongguan-schools2x.yaml --runs 500 --workers 2';

describe("README's urbsim compare block", () => {
  it(`is what \`urbsim ${COMMAND}\` prints`, async () => {
    const shown = readmeOutput(COMMAND);
    expectShown((await printedBy(COMMAND)).out, shown);
  }, 120_000);
});
