import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areaById, cityFacts, loadAreas, loadFigures } from '../../src/data/areas.ts';
import { FIGURE_FIELDS, GROUP_FIELDS, isKnownField } from '../../src/data/figureFields.ts';
import { parseCsvRecords } from '../../src/data/parseCsv.ts';
import { findNumber, haveSeeds, noSpace, noThousands, seedLines } from '../helpers/seeds.ts';


const dataFile = (name: string) => readFileSync(new URL(`../../data/areas/${name}`, import.meta.url), 'utf8');
// Raw strings, not the loader's numbers: '36.60' must be searched as written.
const figureRows = parseCsvRecords(dataFile('figures.csv'));
const areaRows = parseCsvRecords(dataFile('areas.csv'));

describe('figures.csv against the seed text', () => {
  it.skipIf(!haveSeeds)('every value starts on its cited line and every snippet is nearby', () => {
    const problems: string[] = [];
    for (const r of figureRows) {
      const lines = seedLines(r.seed);
      const n = Number(r.line);
      const here = lines[n - 1] ?? '';
      // The seed wraps every ~30 characters, so a number may run onto the next non-blank line.
      let k = n;
      while (k < lines.length && lines[k].trim() === '') k++;
      const next = lines[k] ?? '';
      const own = noThousands(noSpace(here));
      const joined = noThousands(noSpace(here + next));
      if (findNumber(joined, r.value, own.length) < 0) {
        problems.push(`${r.area_id} ${r.field} ${r.value}: not on ${r.seed}:${n} «${here.trim()}»`);
      }
      const around = noSpace(lines.slice(Math.max(0, n - 2), n + 2).join(''));
      if (!around.includes(noSpace(r.text))) {
        problems.push(`${r.area_id} ${r.field}: text «${r.text}» not near ${r.seed}:${n}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(!haveSeeds)('seed 004 figures lie inside their own pilot section', () => {
    // Section starts come from areas.csv sources; a figure filed under the wrong pilot
    // would fall inside a neighbouring section.
    const starts = areaRows
      .flatMap((a) => a.sources.split(';').map((s) => ({ id: a.id, seed: s.split(':')[0], line: Number(s.split(':')[1]) })))
      .filter((s) => s.seed === '004')
      .sort((x, y) => x.line - y.line);
    const owner = (line: number) => starts.filter((s) => s.line <= line).at(-1)?.id;
    const wrong = figureRows.filter((r) => r.seed === '004' && owner(Number(r.line)) !== r.area_id);
    expect(wrong.map((r) => `${r.area_id} ${r.field} 004:${r.line} → ${owner(Number(r.line))}`)).toEqual([]);
  });

  it.skipIf(!haveSeeds)('other seeds: each figure comes from a seed its area lists, at or after that section start', () => {
    const wrong = figureRows.filter((r) => {
      const area = areaRows.find((a) => a.id === r.area_id);
      const start = area?.sources.split(';').find((s) => s.startsWith(`${r.seed}:`));
      return !start || Number(r.line) < Number(start.split(':')[1]);
    });
    expect(wrong.map((r) => `${r.area_id} ${r.seed}:${r.line}`)).toEqual([]);
  });

  it.skipIf(!haveSeeds)('each area source line exists and each 004 pilot source is that pilot\'s heading', () => {
    for (const a of areaRows) {
      for (const s of a.sources.split(';')) {
        const [seed, line] = s.split(':');
        const text = seedLines(seed)[Number(line) - 1];
        expect(text, `${a.id} ${s}`).toBeDefined();
        if (seed === '004' && a.pilot_group !== '') {
          // Headings name the pilot, e.g. 吉林省吉林市国家新型城镇化综合试点工作方案要点.
          expect(noSpace(text), `${a.id} ${s}`).toContain(a.name_zh);
          expect(noSpace(text)).toContain('国家新型城镇化');
        }
      }
    }
  });
});

describe('figures.csv shape', () => {
  it('has the documented columns', () => {
    expect(Object.keys(figureRows[0])).toEqual(['area_id', 'field', 'year', 'value', 'unit', 'seed', 'line', 'text']);
  });

  it('uses only vocabulary fields', () => {
    expect(figureRows.filter((r) => !isKnownField(r.field)).map((r) => r.field)).toEqual([]);
  });

  it('refers only to known areas', () => {
    const ids = new Set(areaRows.map((a) => a.id));
    expect([...new Set(figureRows.map((r) => r.area_id))].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('writes values as plain digits, years as years, lines as positive integers', () => {
    for (const r of figureRows) {
      expect(r.value, `${r.area_id} ${r.field}`).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(r.year)).toBeGreaterThanOrEqual(1990);
      expect(Number(r.year)).toBeLessThanOrEqual(2030);
      expect(r.line).toMatch(/^[1-9]\d*$/);
      expect(['000', '001', '002', '003', '004']).toContain(r.seed);
      expect(r.unit).not.toBe('');
      expect(r.text.length).toBeGreaterThan(0);
      expect(r.text.length).toBeLessThanOrEqual(40);
    }
  });

  it('keeps every percentage (rates, shares, targets) within 0..100', () => {
    const pct = figureRows.filter((r) => r.unit === '%');
    expect(pct.length).toBeGreaterThan(300);
    for (const r of pct) {
      expect(Number(r.value), `${r.area_id} ${r.field} ${r.year}`).toBeGreaterThanOrEqual(0);
      expect(Number(r.value), `${r.area_id} ${r.field} ${r.year}`).toBeLessThanOrEqual(100);
    }
  });

  it('gives rates in % and population stocks in 万人 or 亿人', () => {
    for (const r of figureRows) {
      if (/_rate$/.test(r.field) || r.field === 'rate_unspecified') expect(r.unit, `${r.area_id} ${r.field}`).toBe('%');
      if (/^(resident|registered|migrant|urban|total)_pop$/.test(r.field)) expect(['万人', '亿人']).toContain(r.unit);
    }
  });

  it('cites each base-year stock and rate target at most once per area and year', () => {
    // Flows (settled_actual, permits, housing) may repeat a year with different periods;
    // the quantities cityFacts reads must not.
    const once = /^(resident_pop|registered_pop|migrant_pop|resident_rate|registered_rate|target_resident_rate|target_registered_rate|settle_target(_local|_nonlocal)?)$/;
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const r of figureRows.filter((x) => once.test(x.field))) {
      const key = `${r.area_id}|${r.field}|${r.year}`;
      if (seen.has(key)) dup.push(`${key} (${seen.get(key)} and ${r.seed}:${r.line})`);
      seen.set(key, `${r.seed}:${r.line}`);
    }
    expect(dup).toEqual([]);
  });
});

describe('areas.csv', () => {
  it('has unique lowercase ascii ids', () => {
    const ids = areaRows.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('has every seed 004 pilot plus the national plan', () => {
    // Seed 004 L204-247: 2 provinces, 3 计划单列市, 7 省会城市, 25 + 25 cities/counties, 2 towns.
    const pilots = areaRows.filter((a) => a.pilot_group !== '');
    expect(pilots).toHaveLength(64);
    const byGroup = Object.fromEntries(['省', '计划单列市', '省会城市', '地级市', '县级市', '建制镇'].map((g) => [g, pilots.filter((p) => p.pilot_group === g).length]));
    expect(byGroup).toEqual({ 省: 2, 计划单列市: 3, 省会城市: 7, 地级市: 25, 县级市: 25, 建制镇: 2 });
    expect(areaById('national')?.level).toBe('nation');
  });

  it.skipIf(!haveSeeds)('names every pilot as it appears in the seed 004 list (L204-247)', () => {
    const list = noSpace(seedLines('004').slice(203, 247).join(''));
    for (const p of areaRows.filter((a) => a.pilot_group !== '')) expect(list, p.id).toContain(p.name_zh);
  });

  it('uses the allowed levels, modes and definitions', () => {
    for (const a of areaRows) {
      expect(['nation', 'province', 'city', 'county', 'district', 'town']).toContain(a.level);
      expect(['open', 'conditions', 'points', 'mixed', 'unspecified']).toContain(a.settlement_mode);
      expect(['', 'hukou', 'residence']).toContain(a.registered_rate_definition);
      expect(a.sources).toMatch(/^\d{3}:\d+(;\d{3}:\d+)*$/);
    }
  });

  it('explains every flag and every registered-rate definition in the notes', () => {
    for (const a of areaRows) {
      for (const flag of a.flags.split(';').filter(Boolean)) {
        expect(flag).toMatch(/^[a-z_]+$/);
        expect(a.notes, `${a.id} ${flag}`).toContain(flag);
      }
      if (a.registered_rate_definition !== '') expect(a.notes, a.id).toMatch(/definition/);
    }
  });

  it('has at least one figure for every area', () => {
    const withFigures = new Set(figureRows.map((r) => r.area_id));
    expect(areaRows.map((a) => a.id).filter((id) => !withFigures.has(id))).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = dataFile('README.md');

  it('lists every vocabulary field and group base', () => {
    for (const f of [...Object.keys(FIGURE_FIELDS), ...Object.keys(GROUP_FIELDS)]) expect(readme, f).toContain(`\`${f}`);
  });

  it('explains every flag used in areas.csv', () => {
    const flags = new Set(areaRows.flatMap((a) => a.flags.split(';').filter(Boolean)));
    for (const f of flags) expect(readme, f).toContain(`\`${f}\``);
  });

  it('states the current row counts', () => {
    expect(readme).toContain(`areas.csv: ${areaRows.length} areas`);
    expect(readme).toContain(`figures.csv: ${figureRows.length} figures`);
  });
});

describe('loader', () => {
  it('reads the same rows as the raw CSV', () => {
    expect(loadAreas()).toHaveLength(areaRows.length);
    expect(loadFigures()).toHaveLength(figureRows.length);
    expect(areaById('yiwu')?.flags).toContain('migrant_gt_resident');
    expect(areaById('yanji')?.registeredRateDefinition).toBe('hukou');
    expect(areaById('dalian')?.registeredRateDefinition).toBeUndefined();
    expect(areaById('nowhere')).toBeUndefined();
  });

  it('cityFacts(dalian) matches seed 004 L887-915 and L948-952', () => {
    const d = cityFacts('dalian');
    expect(d.baseYear).toBe(2013);
    // 004:889-891 "2013 年常住人口 691.8 万人，户籍人口 591.4 万人，常住人口城镇化率 68.5%，户籍人口城镇化率 63.1%"
    expect(d.residentPop).toBe(6_918_000);
    expect(d.registeredPop).toBe(5_914_000);
    expect(d.migrantPop).toBeUndefined();
    expect(d.residentRate).toBe(0.685);
    expect(d.registeredRate).toBe(0.631);
    // 004:905-907 (2017: 71.4% / 67%) and 004:913-915 (2020: 75.6% / 72.5%)
    expect(d.targets).toEqual([
      { year: 2017, metric: 'registered_rate', value: 0.67, seed: '004', line: 907 },
      { year: 2017, metric: 'resident_rate', value: 0.714, seed: '004', line: 907 },
      { year: 2020, metric: 'registered_rate', value: 0.725, seed: '004', line: 915 },
      { year: 2020, metric: 'resident_rate', value: 0.756, seed: '004', line: 913 },
    ]);
    // 004:903-913: 50万 by 2017 (30万 non-local + 20万 local), 120万 by 2020 (70万 + 50万)
    expect(d.settleTargets.map(({ year, persons, kind }) => ({ year, persons, kind }))).toEqual([
      { year: 2017, persons: 200_000, kind: 'local' },
      { year: 2017, persons: 300_000, kind: 'nonlocal' },
      { year: 2017, persons: 500_000, kind: 'total' },
      { year: 2020, persons: 500_000, kind: 'local' },
      { year: 2020, persons: 700_000, kind: 'nonlocal' },
      { year: 2020, persons: 1_200_000, kind: 'total' },
    ]);
    // 004:950-952 "人均成本 11 万元中，政府承担 40%，企业承担 32%，个人承担 28%"
    expect(d.costPerPerson).toBe(110_000);
    expect(d.costShares).toEqual({ government: 0.4, enterprise: 0.32, individual: 0.28 });
    expect(d.figures.every((f) => f.areaId === 'dalian')).toBe(true);
  });

  it('cityFacts converts 元 and 万 units and keeps missing facts absent', () => {
    // 004:1960 "人均成本为 156615 元"
    expect(cityFacts('changsha').costPerPerson).toBe(156_615);
    // 004:4722 "外来常住人口 642.8 万人"
    expect(cityFacts('dongguan').migrantPop).toBe(6_428_000);
    // 001:91 Chongqing 30 / 40 / 30
    expect(cityFacts('chongqing').costShares).toEqual({ government: 0.3, enterprise: 0.4, individual: 0.3 });
    // 001:223 Yicheng 10.15万元
    expect(cityFacts('yicheng').costPerPerson).toBe(101_500);
    // Seed 002 gives Shandong only targets, so there is no base year.
    const sd = cityFacts('shandong');
    expect(sd.baseYear).toBeUndefined();
    expect(sd.residentRate).toBeUndefined();
    // 002:26 "常住人口城镇化率和户籍人口城镇化率分别达到65%和55%以上", "1000万农业转移人口落户城镇"
    expect(sd.targets).toEqual([
      { year: 2020, metric: 'registered_rate', value: 0.55, seed: '002', line: 26 },
      { year: 2020, metric: 'resident_rate', value: 0.65, seed: '002', line: 26 },
    ]);
    expect(sd.settleTargets).toEqual([{ year: 2020, persons: 10_000_000, kind: 'total', seed: '002', line: 26 }]);
    expect(() => cityFacts('atlantis')).toThrow(/unknown area/);
  });

  it('cityFacts sums yearly settlement quotas into the plan, each quota over the years since the one before', () => {
    // 004:9185–9186 "在 2014 年新增 1 万…的基础上，2015 年到 2020 年每年实现 2 万人以上": 1万 + 6 × 2万 by 2020.
    const lz = cityFacts('langzhong').settleTargets.map(({ year, persons, kind }) => ({ year, persons, kind }));
    expect(lz).toEqual([
      { year: 2014, persons: 10_000, kind: 'total' },
      { year: 2020, persons: 130_000, kind: 'total' },
    ]);
    // 004:4800–4802 Dongguan: 20万 per person, 政府成本 16.7万 — the government's share alone; no full split.
    const dg = cityFacts('dongguan');
    expect(dg.costShares).toBeUndefined();
    expect(dg.costShareGovernment?.value).toBeCloseTo(16.7 / 20, 12);
  });

  it('cityFacts picks the earliest year with a full baseline, else the earliest with resident data', () => {
    // Jinjiang: 001:51 gives a 2011 resident rate, older than the full 2013 plan baseline
    // (004:7595-7597: 常住人口 239 万人 … 常住人口城镇化率 62.8%，户籍人口城镇化率 34.3%).
    const j = cityFacts('jinjiang');
    expect(j.baseYear).toBe(2013);
    expect(j.residentPop).toBe(2_390_000);
    expect(j.residentRate).toBe(0.628);
    expect(j.registeredRate).toBe(0.343);
    // Langzhong: 004:9149-9151 gives both 2013 rates but no population: 2013 all the same.
    const l = cityFacts('langzhong');
    expect(l.baseYear).toBe(2013);
    expect(l.residentPop).toBeUndefined();
  });
});
