import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

/**
 * The catalogue of bad scenario files: each names the message it must give in
 * its first line (`# expect: <text the message contains>`). `urbsim run` must exit
 * with code 2, print that message with file:line:column, and write no output folder.
 */
const dir = 'tests/fixtures/bad-scenarios';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && readFileSync(join(dir, f), 'utf8').startsWith('# expect:'));

describe('bad scenario catalogue', () => {
  it('has the cases the issue asks for', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  it.each(files)('%s: specific message, exit code 2, no output folder', async (f) => {
    const expected = readFileSync(join(dir, f), 'utf8').split('\n')[0].replace('# expect: ', '');
    const outDir = join(mkdtempSync(join(tmpdir(), 'urbsim-bad-')), 'out');
    const r = await cli(['run', join(dir, f), '--out', outDir, '--runs', '5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(expected);
    expect(r.err).toMatch(/\.yaml:\d+:\d+ /);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(outDir)).toBe(false);
  });
  it('reports several problems of one file at once', async () => {
    const r = await cli(['validate', join(dir, 'several-problems.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(3);
  });
});

describe('command-line input errors', () => {
  it.each([
    [['run', 'scenarios/dalian.yaml', '--runs', '-3'], /--runs: expected a whole number/],
    [['run', 'scenarios/dalian.yaml', '--shard', '3/2'], /--shard: expected k\/n/],
    [['run', 'no/such/file.yaml'], /no such file/],
    [['frobnicate'], /unknown command/],
  ])('%j exits 2 with a message', async (args, msg) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });
  it('validates the shipped scenarios', async () => {
    const r = await cli(['validate', ...readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f))]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
