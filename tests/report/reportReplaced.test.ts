import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../src/cli/report.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { makeRun, tmp } from './fixtures.ts';

// What runs while the report is drawn: reportHtml, made to call `during` first (once).
const during: { fn?: () => void } = {};
vi.mock('../../src/report/reportHtml.ts', async (original) => {
  const m = await original<typeof import('../../src/report/reportHtml.ts')>();
  const once = () => {
    const fn = during.fn;
    during.fn = undefined;
    fn?.();
  };
  return { ...m, reportHtml: (...a: Parameters<typeof m.reportHtml>) => (once(), m.reportHtml(...a)) };
});

describe('urbsim report DIR while another command replaces DIR', () => {
  it('refuses to commit a report of the runs it read into the folder now holding others, exit 2, nothing written', async () => {
    // DIR holds 40 runs when the report reads it; a run of 30 takes its place while the page is drawn (as
    // `urbsim run --out DIR` swaps its folder in). The page said 模拟次数：40 inside a folder of 30 runs.
    const root = tmp();
    const dir = (await makeRun(join(root, 'run'), { runs: 40 })).dir;
    const other = (await makeRun(join(root, 'other'), { runs: 30 })).dir;
    during.fn = () => {
      renameSync(dir, join(root, 'run.old'));
      renameSync(other, dir);
    };
    try {
      expect(() => reportCommand(dir, { format: 'html', lang: 'zh' })).toThrow(UsageError);
      expect(() => reportCommand(dir, { format: 'html', lang: 'zh' })).not.toThrow(); // drawn anew: of the folder as it is
    } finally {
      during.fn = undefined;
    }
    expect(readFileSync(join(dir, 'report', 'report.zh.html'), 'utf8')).toContain('模拟次数：30');
  });

  it('says which folder and what to do', async () => {
    const root = tmp();
    // A name with a space: the command to run again is quoted for the shell, to be pasted as it is.
    const dir = (await makeRun(join(root, 'my run'), { runs: 40 })).dir;
    const other = (await makeRun(join(root, 'other'), { runs: 30 })).dir;
    during.fn = () => {
      renameSync(dir, join(root, 'run.old'));
      renameSync(other, dir);
    };
    try {
      expect(() => reportCommand(dir, { format: 'html', lang: 'zh' })).toThrow(
        `${dir}: replaced by another urbsim command while its report was drawn (its manifest.json changed); nothing written: run urbsim report '${dir}' again`,
      );
    } finally {
      during.fn = undefined;
    }
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });
});
