import { describe, expect, it } from 'vitest';
import { expectShown, printedBy, readmeOutput } from '../helpers/readmeBlock.ts';

// README shows what `urbsim sensitivity` prints for Dalian and, with two levers, Dongguan; a change to the engine
// moved them with nothing failing. Each block is held to what its command prints: the command is the line README
// shows (read from README, so editing README is what this checks), run as the CLI runs it but into a temporary
// folder; left out, as README leaves it out, are the last line (the folder written and the wall time) and standard
// error's progress lines. Without --runs the passes' notes (`sensitivity: N base rows: …`, standard error) come before
// the table, and README shows them there.
const COMMANDS = [
  'sensitivity scenarios/dalian.yaml --metric registered_rate --year 2020 --runs 1000 --workers 2',
  'sensitivity scenarios/dongguan.yaml --metric registered_rate --year 2020 --lever points_cutoff=100..160 --lever school_places=30万..60万 --workers 2',
];

describe("README's urbsim sensitivity blocks", () => {
  for (const command of COMMANDS) {
    it(`are what \`urbsim ${command}\` prints`, async () => {
      const shown = readmeOutput(command);
      const { out, err } = await printedBy(command);
      const passes = err.split('\n').filter((l) => l.startsWith('sensitivity: ')).map((l) => `${l}\n`).join('');
      expect(passes === '', 'passes noted exactly when --runs is not given').toBe(command.includes('--runs'));
      expectShown(passes + out, shown);
    }, 180_000);
  }
});
