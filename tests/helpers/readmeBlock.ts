import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli } from './cli.ts';

/**
 * The output README shows for a command: the first fenced block after the ```sh block whose one line is
 * `node src/cli/urbsim.mjs <command>` (that line must stand in README once, alone in its block; README may say what
 * the output is between the two, but the next block must be a plain ``` one, not another command's or a file's). Read
 * from README at each call, so that editing README is what a test holding the block checks.
 *
 * @example
 * readmeOutput('run scenarios/shandong.yaml --runs 200') // 'shandong: 200 runs, seed 20160909\n…'
 */
export function readmeOutput(command: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const shell = '```sh\nnode src/cli/urbsim.mjs ' + command + '\n```\n';
  const at = readme.indexOf(shell);
  if (at < 0) throw new Error(`README.md has no \`\`\`sh block holding only the line: node src/cli/urbsim.mjs ${command}`);
  if (readme.indexOf(shell, at + 1) >= 0) throw new Error(`README.md shows the command twice: ${command}`);
  const open = readme.indexOf('\n```', at + shell.length - 1) + 1;
  if (!readme.startsWith('```\n', open)) throw new Error(`README.md: the block after the command ${command} is not its output (a plain \`\`\` block)`);
  const body = open + 4;
  return readme.slice(body, readme.indexOf('\n```\n', body - 1) + 1);
}

/**
 * Expect what a command printed to be what README shows. A block with lines `…` shows an excerpt: the runs of lines
 * between them must each stand in the output as they are, in that order, the first at the output's start unless the
 * block opens with `…`, the last at its end unless the block closes with `…`; a block without `…` is the whole output.
 */
export function expectShown(printed: string, shown: string): void {
  const lines = shown.replace(/\n$/, '').split('\n');
  if (!lines.includes('…')) {
    expect(printed).toBe(shown);
    return;
  }
  const out = printed.replace(/\n$/, '').split('\n');
  const parts: string[][] = [[]];
  for (const l of lines) if (l === '…') parts.push([]); else parts.at(-1)!.push(l);
  let pos = 0;
  parts.forEach((part, i) => {
    if (part.length === 0) return;
    const anchoredStart = i === 0;
    const anchoredEnd = i === parts.length - 1;
    let at = anchoredEnd ? out.length - part.length : anchoredStart ? 0 : out.indexOf(part[0], pos);
    if (at < pos) at = -1;
    // On a miss, compare with what stands where the part was looked for, so the failure shows the two side by side.
    const found = at < 0 ? out.slice(pos, pos + part.length) : out.slice(at, at + part.length);
    expect(found.join('\n'), `README's lines ${part[0].slice(0, 60)}… in the output, in README's order`).toBe(part.join('\n'));
    pos = at + part.length;
  });
}

/**
 * Run a command README shows (the words after `node src/cli/urbsim.mjs`, split at spaces) as the CLI runs it, with
 * `--out` added to a temporary folder so that tests running at once neither write into out/ nor meet each other's
 * folders there. Gives standard output less its last line, `wrote <folder> … in <wall time>`, which names the folder
 * and the time taken (what legitimately varies, and what README leaves out), and standard error.
 */
export async function printedBy(command: string): Promise<{ out: string; err: string }> {
  const r = await cli([...command.split(' '), '--out', join(mkdtempSync(join(tmpdir(), 'urbsim-readme-')), 'out')]);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(/\nwrote [^\n]*\n$/);
  return { out: r.out.replace(/\nwrote [^\n]*\n$/, ''), err: r.err };
}
