import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityFacts } from '../../src/data/areas.ts';
import { compileExpression, loadScenario, type ResolvedScenario } from '../../src/scenario/api.ts';

// A generated pilot (scenarios/pilots/<area>.yaml) and the hand-curated scenario of the same area
// (scenarios/<file>.yaml with `city: <area>`) are read from the same seed lines (data/areas). Values that are
// assumptions or fitted may differ between them; a seed figure may not. Both are resolved through the public
// scenario API, so figures the city layer lays under a file (settlement plan, cost) are compared too.

const pilots = 'scenarios/pilots';
const pilotFiles = new Set(readdirSync(pilots).filter((f) => f.endsWith('.yaml')));

type Pair = { curated: string; pilot: string; area: string; c: ResolvedScenario; p: ResolvedScenario };
const pairs: Pair[] = [];
for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.yaml')).sort()) {
  const c = loadScenario(join('scenarios', f));
  // Variants (extends) change a lever on purpose (dongguan-cutoff100: 100 from 2014) and are left out.
  if (!c.city || c.files.length > 1 || !pilotFiles.has(`${c.city}.yaml`)) continue;
  pairs.push({ curated: f, pilot: `${c.city}.yaml`, area: c.city, c, p: loadScenario(join(pilots, `${c.city}.yaml`)) });
}

/** A parameter's value in a given year, when it is a number or depends on the year only; undefined otherwise. */
function valueIn(s: ResolvedScenario, key: string, year: number): number | undefined {
  const v = (s.parameters as Record<string, { kind: string; value?: number; text?: string } | undefined>)[key];
  if (!v) return undefined;
  if (v.kind === 'number') return v.value;
  if (v.kind !== 'expr' || !v.text) return undefined;
  const e = compileExpression(v.text, []);
  return e.yearOnly ? e.fn({ year, t: year - s.years.start }) : undefined;
}

/** The parameters a pilot's generator wrote as seed figures (comment "seed NNN Lnnn"). */
function pilotSeedParameters(pilot: string): string[] {
  const text = readFileSync(join(pilots, pilot), 'utf8');
  const block = /^parameters:\n((?: {2}\S.*\n)+)/m.exec(text);
  if (!block) return [];
  return block[1]
    .split('\n')
    .filter((l) => /#.*seed \d{3} L\d+/.test(l) && !/not (in|a) (the )?seed/.test(l))
    .map((l) => /^ {2}([a-z_]+):/.exec(l)![1]);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('a generated pilot and the curated scenario of the same area agree on every seed figure', () => {
  it('finds the areas that have both', () => {
    expect(pairs.map((x) => x.area).sort()).toEqual(expect.arrayContaining(['dalian', 'dongguan', 'jiangsu', 'qingdao', 'shijiazhuang']));
  });

  it.each(pairs.map((x) => [x.curated, x] as const))('%s', (_name, { curated, pilot, area, c, p }) => {
    const facts = cityFacts(area);
    const disagreements: string[] = [];
    const check = (what: string, a: number | undefined, b: number | undefined, seed?: number) => {
      if (a === undefined || b === undefined) return;
      if (!close(a, b)) disagreements.push(`${what}: curated ${a}, pilot ${b}`);
      if (seed !== undefined && !close(a, seed)) disagreements.push(`${what}: curated ${a}, data/areas ${seed}`);
      if (seed !== undefined && !close(b, seed)) disagreements.push(`${what}: pilot ${b}, data/areas ${seed}`);
    };

    // Base-year figures data/areas holds: both files start from them (a figure the seed does not give may be an assumption).
    if (c.years.start === facts.baseYear && p.years.start === facts.baseYear) {
      check('baseline resident_pop', c.baseline.residentPop, p.baseline.residentPop, facts.residentPop);
      check('baseline resident_rate', c.baseline.residentRate, p.baseline.residentRate, facts.residentRate);
      check('baseline registered_rate', c.baseline.registeredRate, p.baseline.registeredRate, facts.registeredRate);
      if (facts.registeredPop !== undefined) check('baseline registered_pop', c.baseline.registeredPop, p.baseline.registeredPop, facts.registeredPop);
      if (facts.migrantPop !== undefined) check('baseline migrant_pop', c.baseline.migrantPop, p.baseline.migrantPop, facts.migrantPop);
    } else disagreements.push(`base year: curated ${c.years.start}, pilot ${p.years.start}, data/areas ${facts.baseYear}`);
    if (facts.area.registeredRateDenominator && c.registeredRateDenominator !== p.registeredRateDenominator)
      disagreements.push(`registered_rate_denominator: curated ${c.registeredRateDenominator}, pilot ${p.registeredRateDenominator}, data/areas ${facts.area.registeredRateDenominator}`);

    // Targets: each seed target inside both horizons is in both files, with the seed's value.
    const last = Math.min(c.years.end, p.years.end);
    for (const t of facts.targets.filter((x) => x.year <= last)) {
      const find = (s: ResolvedScenario) => s.targets.find((x) => x.metric === t.metric && x.year === t.year && x.op === '>=');
      const [a, b] = [find(c), find(p)];
      if (!a || !b) disagreements.push(`target ${t.metric} ${t.year} (seed ${t.seed} L${t.line}): ${!a ? 'missing in curated' : ''}${!a && !b ? ', ' : ''}${!b ? 'missing in pilot' : ''}`);
      check(`target ${t.metric} ${t.year}`, a?.value, b?.value, t.value);
    }
    // Any other target both set for the same metric, year and sense.
    for (const a of c.targets) {
      const b = p.targets.find((x) => x.metric === a.metric && x.year === a.year && x.op === a.op);
      if (b && !facts.targets.some((t) => t.metric === a.metric && t.year === a.year)) check(`target ${a.id}`, a.value, b.value);
    }

    // Settlement plan: rows of the same year and kind carry the same persons; seed rows carry the seed's figure.
    const plan = (s: ResolvedScenario) => s.settlementPlan ?? [];
    for (const a of plan(c)) {
      const b = plan(p).find((x) => x.year === a.year && x.kind === a.kind);
      const seed = facts.settleTargets.find((x) => x.year === a.year && x.kind === a.kind);
      check(`settlement plan ${a.kind} ${a.year}`, a.persons, b?.persons ?? (seed && a.persons), seed?.persons);
    }
    for (const b of plan(p)) {
      const seed = facts.settleTargets.find((x) => x.year === b.year && x.kind === b.kind);
      if (seed) check(`settlement plan ${b.kind} ${b.year} (pilot)`, b.persons, b.persons, seed.persons);
    }

    // Dated policy values and priced figures, year by year over both horizons: the points cut-off (when both are
    // in points mode), the cost of 市民化 and its shares, and every parameter the generator wrote as a seed figure.
    const seeded = new Set(pilotSeedParameters(pilot));
    if (facts.figures.some((x) => x.field === 'points_cutoff') && c.settlementMode === 'points' && p.settlementMode === 'points') seeded.add('points_cutoff');
    if (facts.costPerPerson !== undefined) seeded.add('cost_one_off');
    if (facts.costShares) ['cost_share_government', 'cost_share_enterprise'].forEach((k) => seeded.add(k));
    if (facts.costShareGovernment) seeded.add('cost_share_government');
    for (const key of seeded)
      for (let y = Math.max(c.years.start, p.years.start) + 1; y <= last; y++) {
        const [a, b] = [valueIn(c, key, y), valueIn(p, key, y)];
        if (a === undefined || b === undefined) disagreements.push(`${key} ${y}: not a dated figure in ${a === undefined ? 'curated' : 'pilot'}`);
        else if (!close(a, b)) disagreements.push(`${key} ${y}: curated ${a}, pilot ${b}`);
      }
    // The dated cut-off itself: each points_cutoff figure holds from its year on (in the pilot, which both now match).
    const cutoffs = facts.figures.filter((x) => x.field === 'points_cutoff').sort((x, y) => x.year - y.year);
    if (cutoffs.length && p.settlementMode === 'points')
      for (let y = p.years.start + 1; y <= p.years.end; y++) {
        const rule = [...cutoffs].reverse().find((x) => x.year <= y) ?? cutoffs[0];
        const v = valueIn(p, 'points_cutoff', y);
        if (v !== rule.value) disagreements.push(`points_cutoff ${y}: pilot ${v}, seed ${rule.seed} L${rule.line} ${rule.value}`);
      }

    expect(disagreements, `${curated} vs pilots/${pilot}`).toEqual([]);
  });
});

// Seed figures written out by hand from the seed lines (data/areas/figures.csv holds each line's text), so a file
// that drops one, or a generator that reads it wrong, fails here whatever the code computes.
describe('seed figures a pilot plan gives are in the generated pilot and the curated scenario alike', () => {
  const figureText = (area: string, line: number) =>
    readFileSync('data/areas/figures.csv', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${area},`) && l.includes(`,004,${line},`));
  const plan = (s: ResolvedScenario, year: number, kind: string) => s.settlementPlan?.find((x) => x.year === year && x.kind === kind)?.persons;
  const pilot = (area: string) => loadScenario(join(pilots, `${area}.yaml`));

  it('Dongguan: 20万 per person made citizen (004 L4800), 16.7万 of it the government\'s (004 L4802)', () => {
    expect(figureText('dongguan', 4800).join()).toContain('每人 20 万元');
    expect(figureText('dongguan', 4802).join()).toContain('政府成本 16.7 万元');
    for (const s of [loadScenario('scenarios/dongguan.yaml'), pilot('dongguan')]) {
      const cost = valueIn(s, 'cost_one_off', 2015)!;
      expect(cost, s.name).toBe(200_000);
      expect(cost * valueIn(s, 'cost_share_government', 2015)!, s.name).toBeCloseTo(167_000, 6);
      // The other 3.3万 is not split by the seed: enterprises take at most all of it, never a share the government already has.
      const ent = s.parameters.cost_share_enterprise;
      expect(ent.kind === 'dist' && ent.spec.dist === 'uniform' && [ent.spec.min, ent.spec.max], s.name).toEqual([0, 0.165]);
    }
  });

  it('Qingdao: 10万 transferred a year (004 L1097), at least half from outside (L1058), 3.5万 units built 2014–2016 (L1105)', () => {
    expect(figureText('qingdao', 1097).join()).toContain('每年转移 10 万人');
    expect(figureText('qingdao', 1105).join()).toContain('3.5 万套');
    for (const s of [loadScenario('scenarios/qingdao.yaml'), pilot('qingdao')]) {
      expect(plan(s, 2020, 'total'), s.name).toBe(7 * 100_000); // 2014–2020
      expect(plan(s, 2020, 'nonlocal'), s.name).toBe(350_000);
      // Built evenly over the three years: 3.5万 / 3 a year, then held.
      expect([2014, 2015, 2016, 2017, 2020].map((y) => valueIn(s, 'housing_units', y)), s.name).toEqual([35_000 / 3, 70_000 / 3, 35_000, 35_000, 35_000].map((x) => expect.closeTo(x, 6)));
    }
  });

  it('Qujing: at least 16万 settled a year (004 L5882), 112万 over 2014–2020', () => {
    expect(figureText('qujing', 5882).join()).toContain('不低于 16 万人');
    expect(plan(pilot('qujing'), 2020, 'total')).toBe(1_120_000);
  });

  it('Yuncheng (Heze): 1万 a year to 2017 (004 L7954), and the 6万 the plan states for 2020 (L7958) rather than 7 × 1万', () => {
    expect(figureText('heze_yuncheng', 7954).join()).toContain('每年实现 1 万');
    expect(figureText('heze_yuncheng', 7958).join()).toContain('实现 6 万');
    const s = pilot('heze_yuncheng');
    expect(plan(s, 2017, 'total')).toBe(40_000);
    expect(plan(s, 2020, 'total')).toBe(60_000);
  });

  it('Jinchang: 3万 units or more built by 2020 (004 L6035)', () => {
    expect(figureText('jinchang', 6035).join()).toContain('3 万套');
    expect(valueIn(pilot('jinchang'), 'housing_units', 2020)).toBeCloseTo(30_000, 6);
  });
});
