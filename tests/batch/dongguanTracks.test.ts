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

  it.runIf(haveSeeds)('the cut-off\'s date: the plan\'s points rules cut 130 to 100 (004:4781-4785), the revised points rules were issued at the end of 2015 (001:279), settlements rose in 2016 (001:311)', () => {
    const plan = noSpace(seedLines('004').slice(4780, 4786).join(''));
    expect(plan).toContain('制定积分制入户、条件类入户实施细则');
    expect(plan).toContain('资格分值由130分降至100分');
    const issued = noSpace(seedLines('001')[278]);
    expect(issued).toContain('2015年底修订出台');
    expect(issued).toContain('《东莞市积分制人才入户实施细则》');
    expect(noSpace(seedLines('001')[310])).toContain('2015年新修订的落户政策实施以来，落户人数明显增加');
    // data/areas dates the new value 2016: the first year after the end-2015 issue (a year runs from end t to end t+1).
    expect(cityFacts('dongguan').figures.filter((x) => x.field === 'points_cutoff').map((x) => [x.year, x.value])).toEqual([[2013, 130], [2016, 100]]);
  });

  it('data/areas reads the plan as points; the pilot has the cut-off schedule and no open track', () => {
    const facts = cityFacts('dongguan');
    expect(facts.area.settlementMode).toBe('points');
    const yaml = pilotScenarioYaml(facts)!;
    expect(yaml).not.toMatch(/open_area_share/);
    expect(yaml).toMatch(/^settlement_mode: points/m);
    expect(yaml).toMatch(/points_cutoff: "year < 2016 \? 130 : 100"/);
  });

  it('the shipped file agrees (scenarios/pilots/dongguan.yaml)', () => {
    expect(readFileSync('scenarios/pilots/dongguan.yaml', 'utf8')).not.toMatch(/open_area_share/);
    const s = loadScenario('scenarios/pilots/dongguan.yaml');
    expect(s.settlementMode).toBe('points');
    // Not written: the engine's default, nobody under an open track.
    expect(s.parameters.open_area_share ?? { kind: 'number', value: 0 }).toEqual({ kind: 'number', value: 0 });
  });
});
