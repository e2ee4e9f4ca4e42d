import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cityFacts } from '../../src/data/areas.ts';
import { pilotScenarioYaml } from '../../src/batch/pilotScenarioYaml.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { haveSeeds, noSpace, seedLines } from '../helpers/seeds.ts';

// Dongguan settles migrants through talent and points channels only: no county towns, no track open to any legal
// resident. A generated pilot that gave part of its migrants an open track (`open_area_share`, the reading of
// `mixed` as "points in the core, open elsewhere") would contradict the seed.
describe('Dongguan\'s generated pilot: points, no open track', () => {
  it.runIf(haveSeeds)('the seeds: no counties (004:4718), three talent tracks (001:279), ten talent conditions (004:4787)', () => {
    expect(noSpace(seedLines('004')[4717])).toContain('不设县');
    const tracks = noSpace(seedLines('001')[278]);
    expect(tracks).toContain('“条件准入”+“积分入户”+“企业自评”三轨并行');
    expect(tracks).toContain('人才');
    expect(noSpace(seedLines('004')[4786])).toContain('中级以上职称等十种条');
  });

  it('data/areas reads the plan as points; the pilot has the cut-off schedule and no open track', () => {
    const facts = cityFacts('dongguan');
    expect(facts.area.settlementMode).toBe('points');
    const yaml = pilotScenarioYaml(facts)!;
    expect(yaml).not.toMatch(/open_area_share/);
    expect(yaml).toMatch(/^settlement_mode: points/m);
    expect(yaml).toMatch(/points_cutoff: "year < 2017 \? 130 : 100"/);
  });

  it('the shipped file agrees (scenarios/pilots/dongguan.yaml)', () => {
    expect(readFileSync('scenarios/pilots/dongguan.yaml', 'utf8')).not.toMatch(/open_area_share/);
    const s = loadScenario('scenarios/pilots/dongguan.yaml');
    expect(s.settlementMode).toBe('points');
    // Not written: the engine's default, nobody under an open track.
    expect(s.parameters.open_area_share ?? { kind: 'number', value: 0 }).toEqual({ kind: 'number', value: 0 });
  });
});
