import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { reportCommand } from '../../src/cli/report.ts';

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
    // The title `urbsim report out/dalian` gives the split of the registered gain, which README quotes after the block.
    const [page] = reportCommand(args[out + 1], { format: 'html', lang: 'en' });
    const title = /<section id="gain">\n<h2>([^<]*)<\/h2>/.exec(readFileSync(page, 'utf8'))![1].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));
    expect(readme.replace(/\s+/g, ' ')).toContain(`draws the same split after its chart of targets, titled with the answer — "${title}"`);
  }, 240_000);
});
