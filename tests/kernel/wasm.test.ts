import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/kernel/kernel.wasm', () => {
  it('is what `npm run kernel` builds from src/kernel/assembly/kernel.ts today', () => {
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.kernel;
    const [command, ...args] = script.split(' ');
    expect(command).toBe('asc');
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-kernel-')), 'kernel.wasm');
    const o = args.indexOf('-o');
    args[o + 1] = out;
    execFileSync(process.execPath, ['node_modules/assemblyscript/bin/asc.js', ...args], { stdio: 'pipe' });
    // A difference means the checked-in binary is stale: run `npm run kernel` and commit src/kernel/kernel.wasm.
    expect(readFileSync(out).equals(readFileSync('src/kernel/kernel.wasm'))).toBe(true);
  }, 120_000);
});
