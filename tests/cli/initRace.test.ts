import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initCommand } from '../../src/cli/init.ts';

// What happens while init writes the scenario: initScenario, made to call `during` first (once).
const during: { fn?: () => void } = {};
vi.mock('../../src/batch/initScenario.ts', async (original) => {
  const m = await original<typeof import('../../src/batch/initScenario.ts')>();
  const once = () => {
    const fn = during.fn;
    during.fn = undefined;
    fn?.();
  };
  return { ...m, initScenario: (...a: Parameters<typeof m.initScenario>) => (once(), m.initScenario(...a)) };
});

describe('two urbsim init commands writing one new --out at once', () => {
  it('the one that finds the file made since its check is refused, exit 2, the other\'s file kept; --force replaces it', () => {
    // init checked that --out did not exist, then wrote it by a rename, which replaced a file another init had put
    // there meanwhile: both said 'wrote', one city's file was gone.
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-init-race-'));
    const file = join(dir, 'city.yaml');
    during.fn = () => writeFileSync(file, 'the other command\'s file\n');
    expect(() => initCommand('dalian', { out: file })).toThrow(
      `--out ${file}: the file exists (written meanwhile by another command); give another name, or --force to replace it`,
    );
    expect(readFileSync(file, 'utf8')).toBe('the other command\'s file\n');
    expect(readdirSync(dir)).toEqual(['city.yaml']); // no temporary file left beside it
    during.fn = () => writeFileSync(file, 'again\n');
    initCommand('dalian', { out: file, force: true });
    expect(readFileSync(file, 'utf8')).toMatch(/^city: dalian$/m);
  });
});
