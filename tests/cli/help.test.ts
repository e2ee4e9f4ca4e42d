import { expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// `urbsim --help` said report draws "a run or batch folder"; it draws comparisons, sensitivity analyses and solves too
// (README "Charts, reports and notebooks"), which a planner reading the help would not have tried.
it('urbsim --help: report names every kind of folder it draws', async () => {
  const r = await cli(['report', '--help']);
  expect(r.code).toBe(0);
  expect(r.out.replace(/\s+/g, ' ')).toContain('draw a run, batch, compare, sensitivity or solve folder as one HTML page, or SVG/PNG files, labelled in Chinese or English');
  // The argument's own line said so too, after 33b7b4b mended the description above it: 'run folder (urbsim run) or
  // batch folder (urbsim batch)'.
  expect(r.out.replace(/\s+/g, ' ')).toMatch(/ dir +a folder urbsim run, batch, compare, sensitivity or solve wrote /);
});
