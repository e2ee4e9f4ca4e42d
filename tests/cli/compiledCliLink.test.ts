import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';

// Two first builds into the temp folder's cache at once (a non-root user's run and batch after a source change): each
// links node_modules there, and the second found the link made and failed (EEXIST), its command with it. Here another
// process links it just before this one does, every time.
const raced = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    symlinkSync: (...args: Parameters<typeof fs.symlinkSync>) => {
      try {
        fs.symlinkSync(...args); // the other process's
        raced.count++;
      } catch {
        // made already
      }
      return fs.symlinkSync(...args);
    },
  };
});

const given = process.env.URBSIM_BUILD_CACHE;
afterEach(() => {
  if (given === undefined) delete process.env.URBSIM_BUILD_CACHE;
  else process.env.URBSIM_BUILD_CACHE = given;
});

it('a build in a cache outside node_modules whose link another build makes at the same time: built, linked once', async () => {
  const base = mkdtempSync(join(tmpdir(), 'urbsim-linked-'));
  try {
    process.env.URBSIM_BUILD_CACHE = join(base, 'cache');
    const { compiledCli } = await import('../../src/cli/compiledCli.mjs');
    const dir = await compiledCli();
    expect(dir.startsWith(join(base, 'cache', 'build-'))).toBe(true);
    expect(raced.count).toBe(1);
    expect(readlinkSync(join(base, 'cache', 'node_modules'))).toBe(join(resolve('.'), 'node_modules'));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}, 120_000);
