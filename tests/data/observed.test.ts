import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAreas } from '../../src/data/areas.ts';
import { parseCsvRecords } from '../../src/data/parseCsv.ts';
import { DEFINITION_NAMES } from '../../src/io/observedDefinitions.ts';
import { readObserved } from '../../src/io/readObserved.ts';
import { findNumber, haveSeeds, noSpace, noThousands, seedLines } from '../helpers/seeds.ts';

const FILE = new URL('../../data/observed/observed.csv', import.meta.url).pathname;
const README = readFileSync(new URL('../../data/observed/README.md', import.meta.url), 'utf8');
const rows = parseCsvRecords(readFileSync(FILE, 'utf8'));

/** `value` as a whole number in `hay` (no digit glued before or after), first digit before `limit`. */
const hasNumber = (hay: string, value: string, limit = hay.length) => findNumber(hay, value, limit) >= 0;

/** A decimal written with at most two decimals, in hundredths (exact integer arithmetic: 46.08 − 7.28 is 3880). */
const hundredths = (v: string) => {
  const [whole, frac = ''] = v.split('.');
  if (frac.length > 2) throw new Error(`${v}: more than two decimals`);
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};

/** The operands and value of a note that starts `derived: a − b`, or undefined. */
const derivation = (note: string) => {
  const m = /^derived: (\d+(?:\.\d+)?) − (\d+(?:\.\d+)?) \(/.exec(note);
  return m ? { a: m[1], b: m[2], value: hundredths(m[1]) - hundredths(m[2]) } : undefined;
};

describe('data/observed/observed.csv against the seeds', () => {
  it.skipIf(!haveSeeds)('every value starts on its cited seed line, inside a verbatim snippet found there', () => {
    const problems: string[] = [];
    for (const r of rows) {
      const m = /^(\d{3}):(\d+)$/.exec(r.source);
      if (!m) {
        problems.push(`${r.area} ${r.metric} ${r.year}: source ${r.source} is not seed:line`);
        continue;
      }
      const lines = seedLines(m[1]);
      const n = Number(m[2]);
      // Seed 004 wraps every ~30 characters, so a number may run onto the next non-blank line.
      let k = n;
      while (k < lines.length && lines[k].trim() === '') k++;
      const own = noThousands(noSpace(lines[n - 1] ?? ''));
      const joined = noThousands(noSpace((lines[n - 1] ?? '') + (lines[k] ?? '')));
      const around = noSpace(lines.slice(Math.max(0, n - 2), n + 2).join(''));
      if (!around.includes(noSpace(r.snippet))) problems.push(`${r.area} ${r.metric} ${r.year}: snippet «${r.snippet}» not near ${r.source}`);
      // A derived figure (data/observed/README.md, "Derived figures") is not written in the seed: its operands are,
      // on its line and in its snippet, and the arithmetic its note starts with gives its value exactly.
      const derived = derivation(r.note);
      if (r.note.startsWith('derived') && !derived) problems.push(`${r.area} ${r.metric} ${r.year}: note «${r.note}» does not start "derived: a − b"`);
      for (const v of derived ? [derived.a, derived.b] : [r.value]) {
        if (!hasNumber(joined, v, own.length)) problems.push(`${r.area} ${r.metric} ${r.year} ${v}: not on ${r.source}`);
        if (!hasNumber(noThousands(noSpace(r.snippet)), v)) problems.push(`${r.area} ${r.metric} ${r.year}: ${v} not in its snippet`);
      }
      if (derived && derived.value !== hundredths(r.value)) problems.push(`${r.area} ${r.metric} ${r.year}: ${r.note.split(' (')[0]} is not ${r.value}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('data/observed/observed.csv', () => {
  const points = readObserved(FILE, { areas: loadAreas().map((a) => a.id) });

  it('reads without a problem, every row with a seed source and a snippet', () => {
    expect(points).toHaveLength(rows.length);
    for (const r of rows) {
      expect(r.source, `${r.area} ${r.metric} ${r.year}`).toMatch(/^00[0-4]:\d+$/);
      expect(r.snippet.length, `${r.area} ${r.metric} ${r.year}`).toBeGreaterThan(0);
    }
  });

  it('converts units exactly (seed 004 L889-891: Dalian 691.8万, 63.1%)', () => {
    const dalian = points.filter((p) => p.area === 'dalian');
    expect(dalian.find((p) => p.metric === 'resident_pop' && p.year === 2013)?.value).toBe(6_918_000);
    expect(dalian.find((p) => p.metric === 'registered_rate' && p.year === 2013)?.value).toBe(0.631);
    // 001:427: 71.2% at the end of 2015, same (unstated) definition, so no break.
    expect(dalian.find((p) => p.metric === 'registered_rate' && p.year === 2015)).toMatchObject({ value: 0.712, segment: 0 });
  });

  it('marks the breaks the seeds show (Luzhou 001:497 vs 004:5546), and none where they do not (Yicheng 001:201)', () => {
    // 001:497: 30.53 % in 2015, 12.26 points above 2010 (18.27 %); 004:5546: 35.87 % in 2013 — another count between two of 001's.
    const luzhou = points.filter((p) => p.area === 'luzhou' && p.metric === 'registered_rate').map((p) => [p.year, p.value, p.segment]);
    expect(luzhou).toEqual([[2010, 0.1827, 0], [2013, 0.3587, 1], [2015, 0.3053, 2]]);
    // 2015 on the 2013 figure's count (25.9万 / 56.8万, 004:8721-8723): 001 does not say it changed.
    const yicheng = points.filter((p) => p.area === 'yicheng' && p.metric === 'resident_rate').map((p) => [p.year, p.definition, p.segment]);
    expect(yicheng).toEqual([[2013, 'resident_over_registered', 0], [2015, 'resident_over_registered', 0]]);
  });

  it('keeps a derived figure as the year it describes (001:529: 674.3万 at the end of 2015, 6.5万 more than a year before)', () => {
    const luoyang = points.filter((p) => p.area === 'luoyang' && p.metric === 'resident_pop').map((p) => [p.year, p.value]);
    expect(luoyang).toEqual([[2013, 6_615_000], [2014, 6_678_000], [2015, 6_743_000]]);
    // 001:497: 12.7万 since 2015, of which 5.5万 in Jan–Nov 2016: 7.2万 in the whole of 2015.
    expect(points.find((p) => p.area === 'luzhou' && p.metric === 'settled' && p.fromYear === 2015 && p.year === 2015)).toMatchObject({ value: 72_000, months: undefined });
  });

  it('keeps the registry counts with their periods (001:311 Dongguan, 001:339 Shijiazhuang)', () => {
    const dg = points.filter((p) => p.area === 'dongguan' && p.metric === 'settled_migrants').map((p) => [p.fromYear, p.year, p.months, p.value]);
    // 2011–2014: 49484 over 十二五 less the whole of 2015's 17865, both on 001:311 (derived).
    expect(dg).toEqual([[2011, 2014, undefined, 31619], [2011, 2015, undefined, 49484], [2015, 2015, undefined, 17865], [2016, 2016, 9, 33655]]);
    expect(points.find((p) => p.area === 'shijiazhuang' && p.metric === 'settled' && p.year === 2015)?.value).toBe(39103);
  });

  it('documents every definition and states the row count in its README', () => {
    for (const d of DEFINITION_NAMES) expect(README, d).toContain(`\`${d}\``);
    expect(README).toContain(`${rows.length} figures`);
  });
});
