import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityFacts } from '../../src/data/areas.ts';
import { fittedDefaults } from '../../src/data/fittedDefaults.ts';
import { defaultConversion } from '../../src/scenario/uncertaintyDefaults.ts';
import { informing, pacesOnDefaults, shippedPilotDefaults, stationaryDeparture } from '../../src/batch/pilotDefaults.ts';
import { pilotScenarioYaml } from '../../src/batch/pilotScenarioYaml.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { DEFAULT_RETURN_HAZARD } from '../../src/model/params.ts';

const pilots = 'scenarios/pilots';
const files = readdirSync(pilots).filter((f) => f.endsWith('.yaml')).sort();

describe('generated pilots say where every value comes from', () => {
  it('each parameter and variable line is a seed figure (file and line), fitted (by which command) or an assumption', () => {
    for (const f of files) {
      const text = readFileSync(join(pilots, f), 'utf8');
      const block = /^(variables|parameters):\n((?: {2}\S.*\n)+)/gm;
      for (const m of text.matchAll(block))
        for (const line of m[2].split('\n').filter(Boolean)) expect(line, `${f}: ${line}`).toMatch(/# (seed \d{3} L\d+|fitted: urbsim fit-defaults |assumption|yuan per person made citizen \(市民化\), seed|.*\(from net_migration)/);
    }
  });

  it('agree with the hand-curated scenario of the same area on every seed figure', () => {
    // The curated files name the areas; baseline figures, targets and the points cut-off are seed figures in both.
    // Variants (extends) change a lever on purpose (dongguan-cutoff100: 100 from 2014) and are left out.
    const curated = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    let compared = 0;
    for (const c of curated) {
      const s = loadScenario(join('scenarios', c));
      if (!s.city || !files.includes(`${s.city}.yaml`) || s.files.length > 1) continue;
      const p = loadScenario(join(pilots, `${s.city}.yaml`));
      const facts = cityFacts(s.city);
      compared++;
      // Figures the seeds give for the base year are the same in both (a curated file may add assumptions where the seed is silent).
      expect(s.baseline.residentPop, c).toBe(p.baseline.residentPop);
      expect(s.baseline.residentRate, c).toBe(p.baseline.residentRate);
      expect(s.baseline.registeredRate, c).toBe(p.baseline.registeredRate);
      if (facts.registeredPop !== undefined) expect(s.baseline.registeredPop, c).toBe(p.baseline.registeredPop);
      if (facts.migrantPop !== undefined && s.baseline.migrantPop !== undefined) expect(s.baseline.migrantPop, c).toBe(p.baseline.migrantPop);
      // Every target both set for the same metric and year has the same value.
      for (const t of s.targets) {
        const other = p.targets.find((x) => x.metric === t.metric && x.year === t.year && x.op === t.op);
        if (other) expect(other.value, `${c} ${t.id}`).toBe(t.value);
      }
      // The points cut-off, year by year, where both are in points mode and the seed gives one.
      if (s.settlementMode === 'points' && p.settlementMode === 'points' && facts.figures.some((x) => x.field === 'points_cutoff')) {
        const cutoff = (x: typeof s, year: number) => {
          const v = x.parameters.points_cutoff;
          if (v.kind === 'number') return v.value;
          // "year < 2017 ? 130 : 100", evaluated by hand.
          const m = /year < (\d+) \? (\d+) : (\d+)/.exec(v.kind === 'expr' ? v.text : '')!;
          return year < Number(m[1]) ? Number(m[2]) : Number(m[3]);
        };
        for (let y = s.years.start + 1; y <= Math.min(s.years.end, p.years.end); y++) expect(cutoff(s, y), `${c} ${y}`).toBe(cutoff(p, y));
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5); // dalian, dongguan, jiangsu, qingdao, shijiazhuang-backtest
  });

  it('take an area\'s own figures into its paces where data/observed has some after its base year; the rest rest on the pooled defaults', () => {
    // Anhui: only its 2013 figures (seed 004 L503–505), so every pace is the pooled law.
    expect(pacesOnDefaults(loadScenario(join(pilots, 'anhui.yaml'))).sort()).toEqual(['hukou_conversion_rate', 'local_settle_rate', 'net_migration', 'rural_to_town_rate']);
    // Jinchang: its 2015 resident rate and population (seed 001 L401) inform its urbanization pace and net migration.
    const jinchang = readFileSync(join(pilots, 'jinchang.yaml'), 'utf8');
    expect(jinchang).toMatch(/rural_to_town_rate: .*this area's own figures \(.*resident_rate 2015/);
    expect(pacesOnDefaults(loadScenario(join(pilots, 'jinchang.yaml')))).not.toContain('rural_to_town_rate');
  });

  it('a curated scenario drawing the conversion by default (4 significant digits) is on the pooled law, whatever the 3-digit rounding of its 4-digit value', () => {
    // The pooled conversion at 2.28531 % a year: the default a curated scenario draws is written 2.285 % (0.02285), whose
    // 3-digit rounding is 2.28 (2.285 is 2.28499… in binary) while the law's is 2.29: the same law, rounded twice.
    const shipped = fittedDefaults();
    const pace = shipped.paces.hukou_conversion_rate;
    const file = { ...shipped, spread: { ...shipped.spread, factor: 0.6 }, paces: { ...shipped.paces, hukou_conversion_rate: { ...pace, fitted: true, center: Math.log(0.0228531 / 0.9771469), sd: 0.9628 } } };
    const spec = (median: number, sigma: number) => ({ kind: 'dist' as const, spec: { dist: 'logitnormal' as const, median, sigma } });
    expect(pacesOnDefaults({ parameters: { hukou_conversion_rate: spec(0.02285, 0.5777) }, variables: {} }, file)).toEqual(['hukou_conversion_rate']);
    expect(pacesOnDefaults({ parameters: { hukou_conversion_rate: spec(0.0229, 0.578) }, variables: {} }, file)).toEqual(['hukou_conversion_rate']); // a pilot's 3 digits
    expect(pacesOnDefaults({ parameters: { hukou_conversion_rate: spec(0.0227, 0.578) }, variables: {} }, file)).toEqual([]); // another law
    expect(pacesOnDefaults({ parameters: { hukou_conversion_rate: spec(0.02285, 0.6) }, variables: {} }, file)).toEqual([]);
  });

  it('an area whose file entry conditions its urbanization pace on its figures before the base year draws that law, said so; other paces and areas unchanged', () => {
    const shipped = fittedDefaults();
    const after = { center: Math.log(0.031 / 0.969), sd: 0.15 };
    const history = [{ area: 'luoyang', baseYear: 2013, figures: ['resident_rate 2010 (observed.csv:153)', 'resident_rate 2013 (observed.csv:154)'], gain: 0.0169, gainSd: 0.0015, driftAtCenter: 0.0155, driftSd: 0.0019, before: { center: -3.5, sd: 0.2 }, after }];
    const file = { ...shipped, history };
    const d = shippedPilotDefaults('luoyang', file);
    expect(d.paces.rural_to_town_rate).toMatchObject({ center: after.center, sd: 0.15, own: true });
    expect(d.paces.rural_to_town_rate.note).toMatch(/this area's resident rates before its base year \(resident_rate 2010 \(observed\.csv:153\) → resident_rate 2013/);
    expect(d.paces.net_migration).toEqual(shippedPilotDefaults('luoyang', { ...shipped, history: [] }).paces.net_migration);
    expect(shippedPilotDefaults('anhui', file)).toEqual(shippedPilotDefaults('anhui', { ...shipped, history: [] }));
    // Written into the pilot as a logit-normal of median 3.1 % and sigma 0.15.
    expect(pilotScenarioYaml(cityFacts('luoyang'), { defaults: d })).toMatch(/rural_to_town_rate: \{ dist: logitnormal, median: 3\.1%, sigma: 0\.15 \}/);
  });

  it('a pace too few areas fit: an area with its own estimate draws its own law (likelihood × the reference prior), said so; the others the reference prior', () => {
    // Constructed: the take-up not fitted (2 areas), Shijiazhuang's own law centre logit(2.4 %) = ln(0.024 / 0.976), sd 0.25.
    const shipped = fittedDefaults();
    const center = Math.log(0.024 / 0.976);
    const notFitted = { fitted: false, center: Math.log(0.05 / 0.95), sd: 1.5, tau: NaN, se: NaN, areas: [{ area: 'shijiazhuang', median: center, lower80: -4.2, upper80: -3.3 }, { area: 'luzhou', median: -1.6, lower80: -2.6, upper80: -0.5 }] };
    const area = { area: 'shijiazhuang', baseYear: 2013, figures: ['settled 2015 (observed.csv:215)'], passes: 1, estimates: { local_settle_rate: { median: center, lower80: -4.2, upper80: -3.3, ess: 700, pilot: { center, sd: 0.25 } } } };
    const file = { ...shipped, paces: { ...shipped.paces, local_settle_rate: notFitted }, areas: [area] };
    const own = shippedPilotDefaults('shijiazhuang', file).paces.local_settle_rate;
    expect(own).toMatchObject({ center, sd: 0.25, own: true });
    expect(own.note).toMatch(/^fitted: urbsim fit-defaults .*this area's own figures \(settled 2015 \(observed\.csv:215\)\) under the fit's wide reference prior \(too few areas to pool: 2\)$/);
    // Written into the pilot as a logit-normal of median 2.4 % and sigma 0.25.
    expect(pilotScenarioYaml(cityFacts('shijiazhuang'), { defaults: shippedPilotDefaults('shijiazhuang', file) })).toMatch(/local_settle_rate: \{ dist: logitnormal, median: 2\.4%, sigma: 0\.25 \}/);
    // An area without its own estimate: the reference prior, logit(5 %), sd 1.5, an assumption.
    expect(shippedPilotDefaults('anhui', file).paces.local_settle_rate).toMatchObject({ center: Math.log(0.05 / 0.95), sd: 1.5 });
    expect(shippedPilotDefaults('anhui', file).paces.local_settle_rate.note).toMatch(/^assumption: too few areas to fit \(2\)/);
  });

  it('the shipped Shijiazhuang and Luzhou pilots draw the take-up law the file gives them, their own figures under the reference prior', () => {
    // Written out from the JSON by hand: median = 1 / (1 + e^−center), sigma = sd, three significant digits.
    const json = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
    const sig3 = (x: number) => Number(x.toPrecision(3));
    expect(json.paces.local_settle_rate.fitted).toBe(false);
    for (const a of ['shijiazhuang', 'luzhou']) {
      const law = json.areas.find((x: { area: string }) => x.area === a).estimates.local_settle_rate.pilot;
      const v = loadScenario(join(pilots, `${a}.yaml`)).parameters.local_settle_rate;
      expect(v.kind === 'dist' && v.spec.dist === 'logitnormal' && [sig3(v.spec.median * 100), v.spec.sigma], a).toEqual([sig3(100 / (1 + Math.exp(-law.center))), sig3(law.sd)]);
    }
  });

  it('an area with its own counts of migrants settled draws its migrants\' take-up from the file\'s law, said so; every other area and key as before', () => {
    // Constructed: Dongguan's take-up centre logit(0.7 %) = ln(0.007 / 0.993), sd 0.25; Alaer (plain mode) logit(1.5 %), sd 0.3.
    const shipped = fittedDefaults();
    const center = Math.log(0.007 / 0.993);
    const migrantTakeUp = [
      { area: 'dongguan', key: 'settle_willingness' as const, figures: ['settled_migrants 2015 (observed.csv:66)'], runs: 200, median: center, lower80: center - 0.3, upper80: center + 0.3, pilot: { center, sd: 0.25 } },
      { area: 'alaer', key: 'migrant_settle_rate' as const, figures: ['settled_migrants 2016 (observed.csv:1)'], runs: 200, median: -4.2, lower80: -4.6, upper80: -3.8, pilot: { center: Math.log(0.015 / 0.985), sd: 0.3 } },
    ];
    const file = { ...shipped, migrantTakeUp };
    const without = { ...shipped, migrantTakeUp: [] };
    const d = shippedPilotDefaults('dongguan', file);
    expect(d.migrantTakeUp).toMatchObject({ center, sd: 0.25, own: true });
    expect(d.migrantTakeUp!.note).toMatch(/^fitted: urbsim fit-defaults .*this area's own migrants settled \(settled_migrants 2015 \(observed\.csv:66\), .*under the fit's wide reference prior of a take-up/);
    // The paces are the same with or without the entry; an area without one has none.
    expect(d.paces).toEqual(shippedPilotDefaults('dongguan', without).paces);
    expect(shippedPilotDefaults('huizhou', file)).toEqual(shippedPilotDefaults('huizhou', without));
    expect(shippedPilotDefaults('huizhou', file).migrantTakeUp).toBeUndefined();
    // Written into the pilot as a logit-normal of median 0.7 % and sigma 0.25, with its note; the other lines as without it.
    const yaml = pilotScenarioYaml(cityFacts('dongguan'), { defaults: d })!;
    const plain = pilotScenarioYaml(cityFacts('dongguan'), { defaults: shippedPilotDefaults('dongguan', without) })!;
    expect(yaml).toMatch(/\n {2}settle_willingness: \{ dist: logitnormal, median: 0\.7%, sigma: 0\.25 \}   # fitted: urbsim fit-defaults .*: migrants' yearly take-up\n/);
    expect(plain).toMatch(/\n {2}settle_willingness: \{ dist: uniform, min: 2%, max: 8% \}   # assumption/);
    const differing = yaml.split('\n').filter((line, i) => line !== plain.split('\n')[i]);
    expect(differing).toHaveLength(1);
    // The plain mode's key carries it the same way: 1.5 %, sigma 0.3.
    expect(pilotScenarioYaml(cityFacts('alaer'), { defaults: shippedPilotDefaults('alaer', file) })).toMatch(/\n {2}migrant_settle_rate: \{ dist: logitnormal, median: 1\.5%, sigma: 0\.3 \}   # fitted: /);
  });

  it('the shipped pilots draw the migrants\' take-up the file gives them; every other pilot the uniform 2–8 % assumption', () => {
    // Written out from the JSON by hand: median = 1 / (1 + e^−center), sigma = sd, three significant digits.
    const json = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
    const sig3 = (x: number) => Number(x.toPrecision(3));
    const own = new Map<string, { key: string; pilot: { center: number; sd: number } }>((json.migrantTakeUp ?? []).map((t: { area: string }) => [t.area, t]));
    expect([...own.keys()]).toEqual(['dongguan']); // the one area with a whole-year count of migrants settled after its base year
    for (const f of files) {
      const s = loadScenario(join(pilots, f));
      const t = own.get(s.name);
      const key = s.settlementMode === 'plain' ? 'migrant_settle_rate' : 'settle_willingness';
      const v = s.parameters[key];
      if (t) {
        expect(t.key, f).toBe(key);
        expect(v.kind === 'dist' && v.spec.dist === 'logitnormal' && [sig3(v.spec.median * 100), v.spec.sigma], f).toEqual([sig3(100 / (1 + Math.exp(-t.pilot.center))), sig3(t.pilot.sd)]);
      } else expect(v.kind === 'dist' && v.spec.dist === 'uniform' && [v.spec.min, v.spec.max], f).toEqual([0.02, 0.08]);
    }
  });

  it('a pace\'s note names the area\'s own figures that inform that pace, not every figure of the area\'s fit', () => {
    // Shijiazhuang's fit (data/observed/observed.csv): registered rates 2014 and 2015 (lines 210, 211) → the conversion,
    // its 2015 resident rate (214) → the urbanization pace, its 2015 people settled (215) → the take-up.
    const d = shippedPilotDefaults('shijiazhuang').paces;
    expect(d.hukou_conversion_rate.note).toMatch(/this area's own figures \(registered_rate 2014 \(observed\.csv:210\); registered_rate 2015 \(observed\.csv:211\)\)$/);
    expect(d.rural_to_town_rate.note).toMatch(/this area's own figures \(resident_rate 2015 \(observed\.csv:214\)\)$/);
    expect(d.local_settle_rate.note).toMatch(/this area's own figures \(settled 2015 \(observed\.csv:215\)\) under the fit's wide reference prior/);
    // Luoyang: the urban population of 2014 (163) informs the urbanization pace with the rate (161); the populations
    // (157, 158) net migration.
    const l = shippedPilotDefaults('luoyang').paces;
    expect(l.rural_to_town_rate.note).toContain("this area's own figures (resident_rate 2015 (observed.csv:161); urban_resident_pop 2014 (observed.csv:163))");
    expect(l.net_migration.note).toMatch(/this area's own figures \(resident_pop 2014 \(observed\.csv:157\); resident_pop 2015 \(observed\.csv:158\)\)$/);
    // A list with none informing the pace (a file written before) gives every figure rather than none.
    expect(informing(['registered_rate 2015 (a.csv:1)', 'settled 2015 (a.csv:2)'], 'local_settle_rate')).toBe('settled 2015 (a.csv:2)');
    expect(informing(['registered_rate 2015 (a.csv:1)'], 'net_migration')).toBe('registered_rate 2015 (a.csv:1)');
  });

  it('a file fitted with the logit form of the urbanization pace has its pilots run with it; the shipped form is the engine default otherwise', () => {
    const shipped = fittedDefaults();
    const share = pilotScenarioYaml(cityFacts('luzhou'), { defaults: shippedPilotDefaults('luzhou', shipped) })!;
    const logit = pilotScenarioYaml(cityFacts('luzhou'), { defaults: shippedPilotDefaults('luzhou', { ...shipped, ruralToTownForm: 'logit' }) })!;
    expect(share).not.toMatch(/rural_to_town_form/);
    expect(logit).toMatch(/^rural_to_town_form: logit {3}#/m);
    expect(logit.replace(/^rural_to_town_form: .*\n/m, '')).toBe(share);
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-form-'));
    writeFileSync(join(dir, 'luzhou.yaml'), logit);
    expect(loadScenario(join(dir, 'luzhou.yaml')).ruralToTownForm).toBe('logit');
    rmSync(dir, { recursive: true });
  });

  it('the shipped file holds what fit-defaults writes: pooled paces with their areas, and the fitted year-to-year variation', () => {
    const f = fittedDefaults();
    expect(f.command).toMatch(/^urbsim fit-defaults data\/observed\/observed\.csv/);
    for (const k of ['rural_to_town_rate', 'net_migration', 'hukou_conversion_rate']) {
      expect(f.paces[k].areas.length, k).toBeGreaterThanOrEqual(3);
      expect(f.paces[k].fitted).toBe(true);
    }
    // The take-up is read from people settled alone (the registered rate informs the conversion; the registered
    // population, which local take-up does not move, nothing): two areas, Shijiazhuang's 2015 count (001:339) and Luzhou's
    // derived from 001:497 (12.7万 since 2015 less 5.5万 in Jan–Nov 2016), too few to fit: the reference prior.
    expect(f.paces.local_settle_rate.areas.map((a) => a.area).sort()).toEqual(['luzhou', 'shijiazhuang']);
    expect(f.paces.local_settle_rate.fitted).toBe(false);
    // Resident rates at three dates: Huizhou's and Luzhou's 2010 rates are derived from their stated gains (001:371, 001:497).
    expect(f.process.pairs.map((p) => p.area).sort()).toEqual(['huizhou', 'jinjiang', 'liuzhou', 'luoyang', 'luzhou']);
  });

  it('the year-to-year variation\'s note counts areas (not windows of three rates), for the conversion too (not series)', () => {
    // Constructed: one area with four resident rates (two windows of three), another with three (one window), and one
    // registered series of four dates; written out by hand.
    const shipped = fittedDefaults();
    const pair = (area: string, years: number[]) => ({ area, years, lines: [] });
    const file = {
      ...shipped,
      process: { ...shipped.process, pairs: [pair('a', [2010, 2011, 2012]), pair('a', [2011, 2012, 2013]), pair('b', [2010, 2013, 2015])] },
      registeredProcess: { phi: 0.5, stationarySd: 0.7, sigma: 0.6, argmax: 2, series: [{ area: 'c', years: [2011, 2012, 2013, 2014], lines: [] }, { area: 'd', years: [2010, 2013], lines: [] }, { area: 'd', years: [2015, 2016], lines: [] }] },
    };
    const note = (shippedPilotDefaults(undefined, file).process as { note: string }).note;
    expect(note).toBe(`fitted: ${shipped.command}, 2 areas with three or more resident rates; the conversion's from 2 areas' registered rates of one count at two or more dates (φ assumed)`);
    const single = { ...file, registeredProcess: { ...file.registeredProcess, series: [file.registeredProcess.series[0]] } };
    expect((shippedPilotDefaults(undefined, single).process as { note: string }).note).toContain("; the conversion's from 1 area's registered rates of one count at two or more dates (φ assumed)");
    const { registeredProcess: _, ...withoutRegistered } = file;
    const one = { ...withoutRegistered, process: { ...file.process, pairs: [pair('b', [2010, 2013, 2015])] } };
    expect((shippedPilotDefaults(undefined, one).process as { note: string }).note).toBe(`fitted: ${shipped.command}, 1 area with three or more resident rates (φ assumed)`);
  });

  it('a pooled law with a mixture: a curated scenario\'s default conversion draws the mixture scaled by κ, and is on the pooled law; the normal of its mean and sd is too', () => {
    // Two components: weights 0.7 / 0.3, centres logit 2 % and logit 3 %, sds 0.5 / 1.2; κ 0.6.
    const shipped = fittedDefaults();
    const lg = (p: number) => Math.log(p / (1 - p));
    const centers = [lg(0.02), lg(0.03)];
    const center = 0.7 * centers[0] + 0.3 * centers[1];
    const sd = Math.sqrt(0.7 * 0.25 + 0.3 * 1.44 + 0.7 * (centers[0] - center) ** 2 + 0.3 * (centers[1] - center) ** 2);
    const pace = { fitted: true, center, sd, mix: { weights: [0.7, 0.3], centers, sds: [0.5, 1.2] }, tau: 0, se: 0, areas: [] };
    const file = { ...shipped, spread: { ...shipped.spread, factor: 0.6 }, paces: { ...shipped.paces, hukou_conversion_rate: pace } };
    const d = defaultConversion(file)!;
    // Medians logistic(c + 0.6 (c_j − c)) at 4 digits, sigmas 0.6 × s_j.
    const med = (j: number) => Number((1 / (1 + Math.exp(-(center + 0.6 * (centers[j] - center))))).toPrecision(4));
    expect(d).toEqual({ dist: 'logitnormalmix', weights: [0.7, 0.3], medians: [med(0), med(1)], sigmas: [0.3, 0.72] });
    expect(med(0)).toBeGreaterThan(0.02);
    expect(med(1)).toBeLessThan(0.03);
    const on = (spec: object) => pacesOnDefaults({ parameters: { hukou_conversion_rate: { kind: 'dist', spec } as never }, variables: {} }, file);
    expect(on(d)).toEqual(['hukou_conversion_rate']);
    expect(on({ ...d, sigmas: [0.3, 0.8] })).toEqual([]);
    expect(on({ ...d, weights: [0.6, 0.4] })).toEqual([]);
    // As a curated file wrote it before the mixture: the logit-normal of the law's mean and κ × sd.
    expect(on({ dist: 'logitnormal', median: Number((1 / (1 + Math.exp(-center))).toPrecision(4)), sigma: Number((0.6 * sd).toPrecision(4)) })).toEqual(['hukou_conversion_rate']);
  });

  it('hand-curated scenarios that draw a pace "fitted" draw the law data/observed/fitted-defaults.json gives, as the pilot of the area does', () => {
    // Written out from the JSON by hand: median = 1 / (1 + e^−center), sigma = spread factor × pooled sd, three
    // significant digits (a mixture: each component so, its centre moved towards the law's by κ); an area with its own estimate of the pace would draw the updated law instead, so none may have one.
    const json = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
    const sig3 = (x: number) => Number(x.toPrecision(3));
    let fitted = 0;
    for (const c of readdirSync('scenarios').filter((x) => x.endsWith('.yaml'))) {
      const text = readFileSync(join('scenarios', c), 'utf8');
      const s = loadScenario(join('scenarios', c));
      for (const m of text.matchAll(/^ {2}(rural_to_town_rate|local_settle_rate): .*# fitted: urbsim fit-defaults/gm)) {
        const key = m[1] as 'rural_to_town_rate' | 'local_settle_rate';
        fitted++;
        expect(json.areas.find((a: { area: string }) => a.area === s.city)?.estimates?.[key], `${c}: ${s.city} has its own ${key}`).toBeUndefined();
        const pace = json.paces[key];
        const v = s.parameters[key];
        const k = json.spread.factor;
        if (pace.mix) {
          // The pooled law's mixture (src/analysis/paceLaw.ts), each component's offset from the centre and sd times κ.
          expect(v.kind === 'dist' && v.spec.dist, `${c} ${key}`).toBe('logitnormalmix');
          if (v.kind !== 'dist' || v.spec.dist !== 'logitnormalmix') continue;
          const d = v.spec;
          const total = pace.mix.weights.map(sig3).reduce((a: number, w: number) => a + w, 0);
          pace.mix.weights.forEach((w: number, j: number) => {
            expect(d.weights[j], `${c} ${key} weight ${j}`).toBeCloseTo(sig3(w) / total, 12);
            expect(sig3(d.medians[j] * 100), `${c} ${key} median ${j}`).toBe(sig3(100 / (1 + Math.exp(-(pace.center + k * (pace.mix.centers[j] - pace.center))))));
            expect(d.sigmas[j], `${c} ${key} sigma ${j}`).toBe(sig3(k * pace.mix.sds[j]));
          });
        } else {
          expect(v.kind === 'dist' && v.spec.dist, `${c} ${key}`).toBe('logitnormal');
          if (v.kind !== 'dist' || v.spec.dist !== 'logitnormal') continue;
          expect(sig3(v.spec.median * 100), `${c} ${key} median`).toBe(sig3(100 / (1 + Math.exp(-pace.center))));
          expect(v.spec.sigma, `${c} ${key} sigma`).toBe(sig3(k * pace.sd));
        }
        // …and the generated pilot of the same area, where there is one, draws the same.
        if (files.includes(`${s.city}.yaml`)) expect(loadScenario(join(pilots, `${s.city}.yaml`)).parameters[key], `${c} vs pilots/${s.city}.yaml`).toEqual(v);
      }
    }
    expect(fitted).toBeGreaterThanOrEqual(3); // dalian, dongguan, qingdao: rural_to_town_rate
  });

  it('a hand-curated line that says it draws "the law scenarios/pilots/X.yaml draws" (or is "the generated pilot\'s") draws exactly what that pilot draws', () => {
    // scenarios/dongguan.yaml takes its arrivals and its migrants' take-up from the generated pilot (laws fitted to
    // Dongguan's own 2015 figures, observed.csv:62 and :66): when `npm run defaults:fit` moves them and the pilots are
    // regenerated, the curated copy must move too, or it claims a law it no longer draws.
    let copied = 0;
    for (const c of readdirSync('scenarios').filter((x) => x.endsWith('.yaml'))) {
      const text = readFileSync(join('scenarios', c), 'utf8');
      const s = loadScenario(join('scenarios', c));
      for (const m of text.matchAll(/^ {2}(\w+): .*#.*(the law scenarios\/pilots\/(\w+)\.yaml draws|the generated pilot's)/gm)) {
        const city = m[3] ?? s.city!;
        const p = loadScenario(join(pilots, `${city}.yaml`));
        const at = (x: typeof s) => (m[1] in s.variables ? x.variables : (x.parameters as Readonly<Record<string, unknown>>))[m[1]];
        copied++;
        expect(at(s), `${c} ${m[1]} vs pilots/${city}.yaml`).toEqual(at(p));
      }
    }
    expect(copied).toBeGreaterThanOrEqual(5); // dongguan: net_migration, migrant_return_multiplier, inflow, local_departure_rate, settle_willingness (and rural_to_town_rate)
  });

  it('replace the migrants who leave: 1 / (expected stay) of a stationary stock at the default hazards', () => {
    // Survival S(d) = Π(1 − h); the stationary stock is Σ S(d) with the 10+ class S(10)/h(10); leavers per year = 1 (the inflow).
    const h = DEFAULT_RETURN_HAZARD;
    let s = 1;
    let stock = 0;
    for (let d = 0; d < 10; d++) {
      stock += s;
      s *= 1 - h[d];
    }
    stock += s / h[10];
    expect(stationaryDeparture()).toBeCloseTo(1 / stock, 10);
  });
});
