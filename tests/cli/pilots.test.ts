import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cityFacts, loadAreas } from '../../src/data/areas.ts';
import { pilotScenarioYaml } from '../../src/batch/pilotScenarioYaml.ts';

const dir = 'scenarios/pilots';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const quiet = { out: () => {}, err: () => {} };

describe('generated pilot scenarios', () => {
  it('are up to date with data/areas (regenerating gives the same text)', () => {
    for (const a of loadAreas()) {
      const yaml = pilotScenarioYaml(cityFacts(a.id));
      if (!yaml || !existsSync(join(dir, `${a.id}.yaml`))) continue;
      expect(readFileSync(join(dir, `${a.id}.yaml`), 'utf8')).toBe(yaml);
    }
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it('all validate', async () => {
    let err = '';
    const code = await main(['validate', ...files.map((f) => join(dir, f))], { out: () => {}, err: (s) => { err += s; } });
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('all run (batch of 20 runs each), and a resumed batch skips finished ones and gives the same files', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-pilots-')), 'out');
    expect(await main(['batch', dir, '--runs', '20', '--out', out], quiet)).toBe(0);
    const first = readFileSync(join(out, 'targets.arrow'));
    const report = readFileSync(join(out, 'reachability.md'), 'utf8');
    expect(report.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area')).length).toBe(files.length);
    let log = '';
    expect(await main(['batch', dir, '--runs', '20', '--out', out], { out: () => {}, err: (s) => { log += s; } })).toBe(0);
    expect(log.match(/up to date, skipped/g)?.length).toBe(files.length);
    expect(readFileSync(join(out, 'targets.arrow')).equals(first)).toBe(true);
  }, 120_000);
});
