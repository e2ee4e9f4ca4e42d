import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cityFacts, loadAreas } from '../data/areas.ts';
import { pilotScenarioYaml } from './pilotScenarioYaml.ts';

/**
 * `npm run pilots:generate`: write scenarios/pilots/<id>.yaml for every pilot
 * area of seed 004 whose data give a baseline and targets; list the others.
 * Re-running gives the same files.
 */
const dir = 'scenarios/pilots';
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) rmSync(join(dir, f));
const skipped: string[] = [];
let written = 0;
for (const a of loadAreas()) {
  if (!a.pilotGroup && a.level !== 'province') continue;
  if (!a.sources.includes('004')) continue;
  const yaml = pilotScenarioYaml(cityFacts(a.id));
  if (!yaml) { skipped.push(a.id); continue; }
  writeFileSync(join(dir, `${a.id}.yaml`), yaml);
  written++;
}
console.log(`wrote ${written} pilot scenarios to ${dir}/; no baseline or targets in the data for ${skipped.length}: ${skipped.join(', ')}`);
