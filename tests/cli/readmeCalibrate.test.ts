import { describe, expect, it } from 'vitest';
import { expectShown, printedBy, readmeOutput } from '../helpers/readmeBlock.ts';

// README shows what `urbsim backtest` prints for Shijiazhuang and the targets' table `urbsim calibrate` prints for
// Dalian (an excerpt: `…` for what comes before it); a refit moved such blocks with nothing failing. Each is held to
// what its command prints: the command is the line README shows (read from README, so editing README is what this
// checks), run as the CLI runs it but into a temporary folder; left out, as README leaves it out, are the last line
// (the folder written and the wall time) and standard error (progress).
const COMMANDS = [
  'backtest scenarios/shijiazhuang-backtest.yaml --observed data/observed/observed.csv --until 2014',
  'calibrate scenarios/dalian.yaml --observed data/observed/observed.csv',
];

describe("README's urbsim backtest and calibrate blocks", () => {
  for (const command of COMMANDS) {
    it(`are what \`urbsim ${command}\` prints`, async () => {
      const shown = readmeOutput(command);
      expect(shown.length).toBeGreaterThan(200);
      expectShown((await printedBy(command)).out, shown);
    }, 120_000);
  }
});
