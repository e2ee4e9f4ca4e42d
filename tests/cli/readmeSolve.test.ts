import { describe, expect, it } from 'vitest';
import { expectShown, printedBy, readmeOutput } from '../helpers/readmeBlock.ts';

// README shows what `urbsim solve` prints for Dalian and Dongguan; a change to the engine moved such blocks with
// nothing failing (they were re-run by hand when someone noticed). Each block is held to what its command prints:
// the command is the line README shows (read from README, so editing README is what this checks), run as the CLI
// runs it but into a temporary folder; left out, as README leaves it out, are the last line (the folder written and
// the wall time) and standard error (each value's P as it is run). The Dongguan frontier is an excerpt (`…`).
const COMMANDS = [
  'solve scenarios/dalian.yaml --lever migrant_settle_rate --range 3%,40% --target 1 --probability 80%',
  'solve scenarios/dalian.yaml --lever migrant_settle_rate=0..100% --target registered_rate@2020 --probability 80% --workers 2',
  'solve scenarios/dalian.yaml --lever local_settle_rate=0..100% --lever migrant_settle_rate=0..100% --target registered_rate@2020 --probability 80% --workers 2',
  'solve scenarios/dongguan.yaml --lever points_cutoff=60..130 --lever settle_willingness=1%..20% --target registered_rate@2020 --probability 80% --workers 2',
];

describe("README's urbsim solve blocks", () => {
  for (const command of COMMANDS) {
    it(`are what \`urbsim ${command}\` prints`, async () => {
      const shown = readmeOutput(command);
      expect(shown).toMatch(/^(…|dalian|dongguan)/);
      expectShown((await printedBy(command)).out, shown);
    }, 120_000);
  }
});
