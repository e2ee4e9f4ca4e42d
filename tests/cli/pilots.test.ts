import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cityFacts } from '../../src/data/areas.ts';
import { pilotCoverage, pilotCoverageMarkdown } from '../../src/batch/pilotCoverage.ts';
import { pilotScenarioGaps } from '../../src/batch/pilotScenarioYaml.ts';

const dir = 'scenarios/pilots';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const quiet = { out: () => {}, err: () => {} };

describe('generated pilot scenarios', () => {
  const pilots = pilotCoverage();

  it('are exactly what `npm run pilots:generate` writes from data/areas (regenerating gives the same files)', () => {
    // Seed 004 L204-247 lists 64 pilots; each has a file or a reason.
    expect(pilots).toHaveLength(64);
    expect(files).toEqual(pilots.filter((p) => p.yaml).map((p) => `${p.area.id}.yaml`).sort());
    for (const p of pilots) if (p.yaml) expect(readFileSync(join(dir, `${p.area.id}.yaml`), 'utf8'), p.area.id).toBe(p.yaml);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(pilotCoverageMarkdown(pilots));
    // Two calls give the same text (nothing depends on time or order of calls).
    expect(pilotCoverage().map((p) => p.yaml)).toEqual(pilots.map((p) => p.yaml));
  });

  it('account for every pilot without a scenario in data/areas/README.md, with what is missing', () => {
    const readme = readFileSync('data/areas/README.md', 'utf8');
    const missing = pilots.filter((p) => !p.yaml);
    expect(missing.map((p) => p.area.id)).toEqual(['shenzhen_guangming', 'langzhong', 'cangnan_longgang']);
    for (const p of missing) expect(readme).toContain(`| ${p.area.id} (${p.area.nameZh}) |`);
    // Langzhong: 004:9149-9151 gives both rates but no population at all.
    expect(pilotScenarioGaps(cityFacts('langzhong'))).toEqual(['population (no resident, registered or total population in the seed)']);
  });

  it('mark every stand-in baseline figure as an assumption', () => {
    // Yingtan: 004:3689-3693 gives 总人口 114万 and both rates, no resident or registered population.
    const yingtan = pilots.find((p) => p.area.id === 'yingtan')!.yaml!;
    expect(yingtan).toMatch(/resident_pop: 114万 +# 总人口, seed 004 L3691/);
    expect(yingtan).toMatch(/registered_pop: 114万 +# not in the seed/);
    // Shanghai Jinshan: 004:3236-3240, 78万 residents, 53万 registered, 25万 migrants, 49.5 %; no registered rate.
    // Implied: (49.5 % × 78万 − 90 % × 25万) / 53万 = (38.61万 − 22.5万) / 53万 = 30.4 %.
    const jinshan = pilots.find((p) => p.area.id === 'shanghai_jinshan')!.yaml!;
    expect(jinshan).toContain('registered_rate_definition: residence');
    expect(jinshan).toMatch(/registered_rate: 30\.4% +# not in the seed/);
  });

  it('say what a registered population taken equal to the resident one means when no migrant population is given either', () => {
    // Weihai: 004:3854-3856 gives 280.6万 residents and both rates, no registered or migrant population: residents all
    // registered, so no migrant at the base year (the migrants' take-up then settles arrivals only).
    expect(pilots.find((p) => p.area.id === 'weihai')!.yaml).toMatch(
      /registered_pop: 280\.6万 +# not in the seed: assumed equal to the resident population, so no migrants at the base year: give migrant_pop or registered_pop where known\n/,
    );
    // Luoyang: 004:4213 gives 661.5万 residents, 21万 of them from elsewhere: its migrants are given, the note as before.
    const luoyang = pilots.find((p) => p.area.id === 'luoyang')!.yaml!;
    expect(luoyang).toMatch(/registered_pop: 661\.5万 +# not in the seed: assumed equal to the resident population\n/);
    expect(luoyang).toMatch(/migrant_pop: 21万 +# seed 004 L4213/);
  });

  it('all validate without a warning: no pilot rests on an engine default for what drives its rates', async () => {
    let err = '';
    const code = await main(['validate', ...files.map((f) => join(dir, f))], { out: () => {}, err: (s) => { err += s; } });
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('all run (batch of 20 runs each), and a resumed batch skips finished ones and gives the same files', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-pilots-')), 'out');
    expect(await main(['batch', dir, '--runs', '20', '--out', out], quiet)).toBe(0);
    const first = readFileSync(join(out, 'targets.arrow'));
    // Each area's folder is a run folder like urbsim run's: with its pyramid, which meta.json lists.
    expect(JSON.parse(readFileSync(join(out, 'dalian', 'meta.json'), 'utf8')).files).toContain('pyramid.arrow');
    expect(existsSync(join(out, 'dalian', 'pyramid.arrow'))).toBe(true);
    const report = readFileSync(join(out, 'reachability.md'), 'utf8');
    expect(report.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area')).length).toBe(files.length);
    // The report accounts for all 64: the pilots without a scenario are listed with what they lack.
    expect(report).toContain('- langzhong (阆中市): no scenario: missing population');
    expect(files.length + (report.match(/: no scenario: missing /g)?.length ?? 0)).toBe(64);
    let log = '';
    expect(await main(['batch', dir, '--runs', '20', '--out', out], { out: () => {}, err: (s) => { log += s; } })).toBe(0);
    expect(log.match(/up to date, skipped/g)?.length).toBe(files.length);
    expect(readFileSync(join(out, 'targets.arrow')).equals(first)).toBe(true);
  }, 120_000);
});
