import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

// scenarios/README.md shows "An example with every key": users copy it, so it must validate and run as printed
// (only `extends:` is pointed at the real scenarios/dalian.yaml, since the copy lives in a temporary folder).
it('the README example with every key validates and runs', async () => {
  const readme = readFileSync('scenarios/README.md', 'utf8');
  const block = /## An example with every key\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, 'yaml block under "An example with every key"').toBeTruthy();
  expect(block).toMatch(/^extends: dalian\.yaml/m);
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-readme-'));
  const file = join(dir, 'example.yaml');
  writeFileSync(file, block!.replace(/^extends: dalian\.yaml/m, `extends: ${JSON.stringify(resolve('scenarios/dalian.yaml'))}`));
  let err = '';
  const io = { out: () => {}, err: (s: string) => { err += s; } };
  expect(await main(['validate', file], io), err).toBe(0);
  const out = join(dir, 'out');
  expect(await main(['run', file, '--runs', '8', '--out', out], io), err).toBe(0);
  expect(existsSync(join(out, 'meta.json'))).toBe(true);
}, 30_000);
