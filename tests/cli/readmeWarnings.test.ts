import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// README shows the warnings a scenario of three lines gets ("A file holding only `city: dalian`, `years: { end: 2020 }`
// and `uncertainty: none` prints"), and nothing held them to what urbsim prints. The file is made of the three lines
// README names (read from README, as is the block), written as min.yaml in a temporary folder and validated (validate
// warns as run does, after its `ok`); the warnings name the file as given, so its folder is taken off (what varies).
it("README's warnings for a three-line scenario are what `urbsim validate min.yaml` prints on standard error", async () => {
  const readme = readFileSync('README.md', 'utf8');
  const m = /A file holding only `([^`]+)`,\s+`([^`]+)` and `([^`]+)` prints\n```\n([^]*?\n)```\n/.exec(readme);
  expect(m, "README's sentence 'A file holding only `…`, `…` and `…` prints' and its block").not.toBeNull();
  const [, ...rest] = m!;
  const lines = rest.slice(0, 3);
  const shown = rest[3];
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-readme-min-'));
  const file = join(dir, 'min.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await cli(['validate', file]);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toBe(`${file}: ok\n`);
  expect(r.err.replaceAll(`${dir}/`, '')).toBe(shown);
});
