import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { expect, it } from 'vitest';

it('runs every test inside the run\'s own temp folder, which the run removes at its end (tempRoot.ts)', () => {
  expect(basename(tmpdir())).toMatch(/^urbsim-tests-/);
  expect(existsSync(tmpdir())).toBe(true);
});
