import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// README's `npm start` block drifted twice in one session with nothing failing (a refit moved its figures, a new
// line was added to the output): the block is held to what the command prints.
describe("README's npm start block", () => {
  it('is what `npm start` prints (its command from package.json, the output folder elsewhere), but the last line naming the folder', async () => {
    const start: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
    const args = start.replace(/^node src\/cli\/urbsim\.mjs /, '').split(' ');
    const out = args.indexOf('--out');
    args[out + 1] = join(mkdtempSync(join(tmpdir(), 'urbsim-start-')), 'dalian');
    const r = await cli(args);
    expect(r.code, r.err).toBe(0);
    const readme = readFileSync('README.md', 'utf8');
    const from = readme.indexOf('```\n', readme.indexOf('`npm start` prints, for Dalian')) + 4;
    const shown = readme.slice(from, readme.indexOf('```\n', from));
    expect(r.out.replace(/\nwrote [^\n]*\n$/, '')).toBe(shown);
  }, 240_000);
});
