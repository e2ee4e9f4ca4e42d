import { type AreaRecord, cityFacts, loadAreas } from '../data/areas.ts';
import { pilotScenarioGaps, pilotScenarioYaml } from './pilotScenarioYaml.ts';
import type { UncoveredArea } from './reachability.ts';

/** One pilot area of seed 004 and its generated scenario, or what its data lack. */
export type PilotCoverage = {
  readonly area: AreaRecord;
  /** The scenario text, when the data allow one. */
  readonly yaml?: string;
  /** What the data lack; empty when there is a scenario. */
  readonly gaps: readonly string[];
};

/**
 * Every pilot area of seed 004 (2 provinces and 62 cities, counties and
 * towns, in data/areas order) with its generated scenario or the figures its
 * data lack, so a report can account for all 64.
 *
 * @example
 * pilotCoverage().filter((p) => !p.yaml).map((p) => `${p.area.id}: ${p.gaps.join('; ')}`);
 */
export function pilotCoverage(): PilotCoverage[] {
  return loadAreas()
    .filter((a) => a.pilotGroup !== '' && a.sources.includes('004'))
    .map((area) => {
      const f = cityFacts(area.id);
      const yaml = pilotScenarioYaml(f);
      return yaml ? { area, yaml, gaps: [] } : { area, gaps: pilotScenarioGaps(f) };
    });
}

/**
 * When a batch is a run over the seed 004 pilots (at least half of those
 * with a scenario are among its areas), the pilots whose data allow no
 * scenario, so its reports account for all 64. A batch of a few cities that
 * happen to be pilots is not a pilot report: none then.
 *
 * @example
 * uncoveredPilots(rows.map((r) => r.city)).map((u) => u.id); // ['shenzhen_guangming', 'langzhong', 'cangnan_longgang']
 */
export function uncoveredPilots(cities: readonly (string | undefined)[]): UncoveredArea[] {
  const pilots = pilotCoverage();
  const present = new Set(cities);
  const withScenario = pilots.filter((p) => p.yaml);
  if (2 * withScenario.filter((p) => present.has(p.area.id)).length < withScenario.length) return [];
  return pilots.filter((p) => !p.yaml).map((p) => ({ id: p.area.id, name: p.area.nameZh, gaps: p.gaps }));
}

/**
 * The coverage table of scenarios/pilots/README.md: each pilot, its scenario
 * file or what is missing, and which baseline figures are assumptions.
 *
 * @example
 * pilotCoverageMarkdown(pilotCoverage());
 */
export function pilotCoverageMarkdown(pilots: readonly PilotCoverage[]): string {
  const withYaml = pilots.filter((p) => p.yaml);
  const out = [
    '# Generated pilot scenarios',
    '',
    `Written by \`npm run pilots:generate\` (src/batch/generatePilots.ts) from data/areas — do not edit by hand.`,
    `${withYaml.length} of the ${pilots.length} pilot areas of seed 004 have a scenario; ${pilots.length - withYaml.length} have none because their`,
    'data lack a figure that cannot be assumed without making up the plan. "assumed" lists the baseline figures',
    'that are not in the seed (each is also commented in its file). A population stand-in sets the size of the',
    'flows; a registered population taken equal to the resident one also means no migrants and nobody away at the start.',
    '',
    '| pilot | 试点 | group | scenario | assumed / missing |',
    '|---|---|---|---|---|',
  ];
  for (const p of pilots) {
    const assumed = p.yaml ? assumptionsOf(p.yaml) : [];
    const cell = p.yaml ? (assumed.length ? `assumed: ${assumed.join('; ')}` : '–') : `**no scenario: missing ${p.gaps.join('; ')}**`;
    out.push(`| ${p.area.id} | ${p.area.nameZh} | ${p.area.pilotGroup} | ${p.yaml ? `[${p.area.id}.yaml](${p.area.id}.yaml)` : '–'} | ${cell} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Baseline keys whose comment says they are not seed figures. */
function assumptionsOf(yaml: string): string[] {
  return yaml
    .split('\n')
    .filter((l) => /^ {2}(resident_pop|registered_pop|registered_rate):.*# (not in the seed|总人口)/.test(l))
    .map((l) => l.trim().split(':')[0] + (l.includes('总人口') ? ' = 总人口' : ''));
}
