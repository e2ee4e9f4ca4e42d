import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DICTIONARY, columnDoc } from '../../src/io/columnDictionary.ts';
import { columnDictionaryMarkdown } from '../../src/io/columnDictionaryMarkdown.ts';
import { cli } from '../helpers/cli.ts';
import { haveSeeds, seedLines } from '../helpers/seeds.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// Every command that writes Arrow, small, into one folder; then every file read back as a user would.
const out = mkdtempSync(join(tmpdir(), 'urbsim-outputs-'));
const o = (d: string) => join(out, d);
const DALIAN = 'scenarios/dalian.yaml';
// Every run would break down: an expression of a drawn value divides by zero. Such a run stops the command (exit 2)
// instead of writing NaN runs; NaN and Infinity written as nulls are tested on the writers (trajectoriesIpc.test.ts).
const broken = join(writeScenarios({ 'broken.yaml': 'city: dalian\nyears: { start: 2013, end: 2015 }\nvariables: { x: { dist: uniform, min: 0, max: 1 } }\nparameters: { inflow: "20万 / (x - x)" }\n' }), 'broken.yaml');
// Dalian with its base-year figures taken as exact (a city scenario's runs start from figures moved by their errors).
const exact = join(writeScenarios({ 'dalian-exact.yaml': `${readFileSync(DALIAN, 'utf8')}\nuncertainty: { baseline: none }\n` }), 'dalian-exact.yaml');
// Two areas with a figure after their 2013 base year (seed 004 L4931–4933, 001:371; 004 L5988–5990, 001:401) and Luoyang's.
const observed = join(writeScenarios({ 'three.csv': [
  'area,metric,year,from_year,months,value,unit,definition,break,source,snippet,note',
  'huizhou,resident_rate,2013,,,66,%,resident_6month,,004:4933,,',
  'huizhou,resident_rate,2015,,,68.1,%,resident_6month,,001:371,,',
  'jinchang,resident_rate,2013,,,65.6,%,resident_6month,,004:5990,,',
  'jinchang,resident_rate,2015,,,67.96,%,resident_6month,,001:401,,',
  'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,004:4215,,',
  'luoyang,resident_rate,2015,,,52.65,%,resident_6month,,001:529,,',
].join('\n') + '\n' }), 'three.csv');
const COMMANDS: string[][] = [
  ['run', DALIAN, '--runs', '12', '--out', o('dalian')],
  ['run', exact, '--runs', '12', '--out', o('dalian-exact')],
  ['run', exact, '--runs', '12', '--shard', '1/2', '--out', o('shard-1')],
  ['run', exact, '--runs', '12', '--shard', '2/2', '--out', o('shard-2')],
  ['merge', o('shard-1'), o('shard-2'), '--out', o('merged')],
  ['run', 'scenarios/shandong.yaml', '--runs', '4', '--out', o('shandong')],
  ['compare', 'scenarios/dongguan.yaml', 'scenarios/dongguan-schools2x.yaml', '--runs', '10', '--out', o('compare')],
  ['batch', DALIAN, 'scenarios/pilots/geermu.yaml', '--runs', '6', '--out', o('batch')],
  ['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2015', '--runs', '40', '--bootstrap', '20', '--out', o('sensitivity')],
  ['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2015', '--runs', '40', '--shard', '2/2', '--out', o('sensitivity-shard')],
  ['solve', DALIAN, '--lever', 'settle_quota', '--range', '0,10万', '--target', 'registered_rate>=64%@2017', '--probability', '80%', '--runs', '30', '--out', o('solve')],
  ['solve', DALIAN, '--lever', 'local_settle_rate=3%..30%', '--lever', 'migrant_settle_rate=3%..40%', '--target', '1', '--probability', '60%', '--runs', '20', '--grid', '2', '--tolerance', '10%', '--out', o('frontier')],
  ['calibrate', 'scenarios/shijiazhuang-backtest.yaml', '--observed', 'data/observed/observed.csv', '--runs', '100', '--out', o('calibrate')],
  // A scenario with targets: calibrated-targets.arrow (Dalian's 2015 registered rate, 001:427).
  ['calibrate', DALIAN, '--observed', 'data/observed/observed.csv', '--runs', '40', '--out', o('calibrate-targets')],
  ['backtest', 'scenarios/shijiazhuang-backtest.yaml', '--observed', 'data/observed/observed.csv', '--until', '2014', '--runs', '100', '--out', o('backtest')],
  ['backtest', '--cross-validate', observed, '--runs', '20', '--fit-runs', '60', '--out', o('cross-validation')],
];

const files: string[] = [];
const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.arrow') ? [join(d, f)] : []));
const read = (...p: string[]): Table => tableFromIPC(readFileSync(join(out, ...p)));

beforeAll(async () => {
  for (const args of COMMANDS) {
    const r = await cli(args);
    expect(r.code, `urbsim ${args.join(' ')}: ${r.err}`).toBe(0);
  }
  files.push(...walk(out));
}, 300_000);

// Arrow JS's names for the types the dictionary promises, written out here rather than taken from the writers.
const ARROW_TYPE = { 'dictionary<utf8>': 'Dictionary<Int32, Utf8>', utf8: 'Utf8', int32: 'Int32', uint32: 'Uint32', float64: 'Float64', bool: 'Bool' } as const;

describe('every Arrow file every command writes, read back with apache-arrow', () => {
  it('writes nothing for a scenario whose runs break down (non-finite inflow): exit 2', async () => {
    const r = await cli(['run', broken, '--runs', '3', '--out', o('broken')]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/broken: run 0: inflow \(expression\) is not finite in 2014/);
    expect(existsSync(o('broken'))).toBe(false);
  });

  it('holds no NaN and no ±Infinity anywhere, not even under a null', () => {
    const bad: string[] = [];
    for (const f of files) {
      const t = tableFromIPC(readFileSync(f));
      for (const field of t.schema.fields) {
        if (String(field.type) !== 'Float64') continue;
        for (const d of t.getChild(field.name)!.data) {
          const raw = d.values as Float64Array;
          for (let i = 0; i < d.length; i++) if (!Number.isFinite(raw[i])) bad.push(`${f} ${field.name} row ${i}: ${raw[i]}`);
        }
      }
    }
    expect(files.length).toBeGreaterThan(30);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('has every column in the column dictionary, with its type, and nulls only where the dictionary allows them', () => {
    const problems: string[] = [];
    for (const f of files) {
      const t = tableFromIPC(readFileSync(f));
      for (const field of t.schema.fields) {
        const doc = columnDoc(basename(f), field.name);
        if (!doc) {
          problems.push(`${f}: ${field.name} is not documented`);
          continue;
        }
        if (String(field.type) !== ARROW_TYPE[doc.type]) problems.push(`${f}: ${field.name} is ${field.type}, documented ${doc.type}`);
        const nulls = t.getChild(field.name)!.nullCount;
        if (nulls > 0 && !doc.nulls) problems.push(`${f}: ${field.name} has ${nulls} nulls, documented never null`);
        if (field.nullable !== (doc.nulls !== undefined)) problems.push(`${f}: ${field.name} nullable ${field.nullable}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('carries unit, description and Chinese label on every column', () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const field of tableFromIPC(readFileSync(f)).schema.fields) {
        const doc = columnDoc(basename(f), field.name)!;
        const m = field.metadata;
        const want = { unit: doc.unit, description: doc.description, label_zh: doc.zh, ...(doc.nulls && { nulls: doc.nulls }) };
        if (JSON.stringify(Object.fromEntries(m)) !== JSON.stringify(want)) problems.push(`${f}: ${field.name} ${JSON.stringify(Object.fromEntries(m))}`);
        if (!/[\u4e00-\u9fff]/.test(m.get('label_zh') ?? '')) problems.push(`${f}: ${field.name} has no Chinese label`);
      }
    }
    expect(problems).toEqual([]);
    // Spot checks written out by hand.
    const reg = read('dalian', 'trajectories.arrow').schema.fields.find((x) => x.name === 'registered_rate')!.metadata;
    expect([reg.get('unit'), reg.get('label_zh')]).toEqual(['fraction (0–1)', '户籍人口城镇化率']);
    const births = read('dalian', 'trajectories.arrow').schema.fields.find((x) => x.name === 'births')!.metadata;
    expect(births.get('unit')).toBe('persons/year');
  });

  it('covers every file of the column dictionary', () => {
    expect(new Set(files.map((f) => basename(f)))).toEqual(new Set(Object.keys(OUTPUT_DICTIONARY)));
  });
});

describe('types: integer counts and seeds, boolean flags', () => {
  it.each([
    ['dalian', 'params.arrow', { run: 'Int32', seed: 'Uint32' }],
    ['dalian', 'summary.arrow', { year: 'Int32', n: 'Int32', unlimited: 'Int32' }],
    ['dalian', 'targets.arrow', { year: 'Int32', met: 'Int32', runs: 'Int32' }],
    ['compare', 'compare.arrow', { n: 'Int32', year: 'Int32', pBeats: 'Float64' }],
    ['solve', 'solve.arrow', { met: 'Int32', runs: 'Int32', evaluation: 'Int32', answer: 'Bool' }],
    ['backtest', 'backtest.arrow', { covered50: 'Bool', covered80: 'Bool', prior_covered50: 'Bool', prior_covered80: 'Bool', line: 'Int32' }],
    ['calibrate', 'points.arrow', { year: 'Int32', from_year: 'Int32', months: 'Int32' }],
    ['calibrate-targets', 'calibrated-targets.arrow', { year: 'Int32', met: 'Int32', runs: 'Int32', effective_runs: 'Float64', calibrated_probability: 'Float64' }],
  ] as const)('%s/%s', (dir, file, types) => {
    const t = read(dir, file);
    for (const [name, type] of Object.entries(types)) expect(String(t.schema.fields.find((f) => f.name === name)?.type), name).toBe(type);
  });

  it("params.migrant_newborn_stay holds each run's draw from the census range, one in each twelfth (lhs)", () => {
    // dalian.yaml does not set it: uniform on [981/(981 + 2,342), 981/(981 + 0.3 · 2,342)] = [0.295, 0.583] to three digits
    const draws = [...read('dalian', 'params.arrow').getChild('migrant_newborn_stay')!.toArray()].map(Number).sort((a, b) => a - b);
    expect(draws).toHaveLength(12);
    const w = (0.583 - 0.295) / 12;
    draws.forEach((d, i) => {
      expect(d, `run ${i}`).toBeGreaterThanOrEqual(0.295 + i * w - 1e-12);
      expect(d, `run ${i}`).toBeLessThanOrEqual(0.295 + (i + 1) * w + 1e-12);
    });
  });

  it('params.seed holds the scenario seed in every row', () => {
    const seed = read('dalian', 'params.arrow').getChild('seed')!;
    expect(new Set(seed.toArray())).toEqual(new Set([20140101])); // monte_carlo.seed of scenarios/dalian.yaml
  });
});

describe('nulls where a value does not apply', () => {
  it('trajectories: flows are null in the base year only; unlimited capacity is null, a set one is not', () => {
    const t = read('dalian', 'trajectories.arrow');
    const year = t.getChild('year')!;
    const births = t.getChild('births')!;
    for (let i = 0; i < t.numRows; i++) expect(births.get(i) === null, `row ${i}`).toBe(year.get(i) === 2013);
    expect(t.getChild('school_places')!.nullCount).toBe(t.numRows); // dalian.yaml sets no school places
    const dongguan = read('compare', 'dongguan', 'trajectories.arrow');
    expect(dongguan.getChild('school_places')!.get(0)).toBe(370_000); // dongguan.yaml: school_places: 37万
    expect(dongguan.getChild('housing_units')!.nullCount).toBe(dongguan.numRows);
  });

  it('summary: no limit counted in `unlimited`, a base-year flow has n = 0; their statistics are null', () => {
    const t = read('dalian', 'summary.arrow');
    const rows = t.toArray().map((r) => r.toJSON());
    const places = rows.filter((r) => r.metric === 'school_places');
    expect(places.map((r) => [r.n, r.unlimited, r.p50, r.mean, r.sd])).toEqual(places.map(() => [0, 12, null, null, null]));
    const births = rows.find((r) => r.metric === 'births' && r.year === 2013)!;
    expect([births.n, births.unlimited, births.mean, births.p95]).toEqual([0, 0, null, null]);
    const later = rows.find((r) => r.metric === 'births' && r.year === 2014)!;
    expect([later.n, typeof later.mean]).toEqual([12, 'number']);
    expect(rows.find((r) => r.metric === 'registered_rate')!.unit).toBe('fraction (0–1)');
  });

  it('targets: the joint row has null metric, year and value', () => {
    const joint = read('dalian', 'targets.arrow').toArray().map((r) => r.toJSON()).find((r) => r.target === 'all')!;
    expect([joint.metric, joint.year, joint.value, joint.op, joint.runs]).toEqual([null, null, null, 'and', 12]);
    const batch = read('batch', 'targets.arrow').toArray().map((r) => r.toJSON()).filter((r) => r.target === 'all');
    expect(batch.map((r) => [r.scenario, r.value])).toEqual([['dalian', null], ['geermu', null]]);
  });

  it('compare: a base-year flow has n = 0 and null statistics; a rate has every run', () => {
    const rows = read('compare', 'compare.arrow').toArray().map((r) => r.toJSON());
    const births = rows.find((r) => r.metric === 'births' && r.year === rows[0].year)!;
    expect([births.n, births.mean, births.sd, births.p50, births.pBeats]).toEqual([0, null, null, null, null]);
    const rate = rows.find((r) => r.metric === 'registered_rate' && r.year === 2020)!;
    expect([rate.variant, rate.reference, rate.n]).toEqual(['dongguan-schools2x', 'dongguan', 10]);
  });

  it('points: a stock has no period and no months; a flow has both', () => {
    const rows = read('calibrate', 'points.arrow').toArray().map((r) => r.toJSON());
    const stock = rows.find((r) => r.metric === 'registered_rate')!;
    expect([stock.from_year, stock.months]).toEqual([null, null]);
    // observed.csv: shijiazhuang settled 2015, a whole year (seed 001 L339)
    const flow = rows.find((r) => r.metric === 'settled' && r.year === 2015)!;
    expect([flow.from_year, flow.months]).toEqual([2015, 12]);
  });
});

describe.skipIf(!haveSeeds)('the base year reproduces the seed\'s figures exactly when they are taken as exact (uncertainty.baseline: none)', () => {
  it('Dalian 2013 (seed 004 L889–891): 691.8万 resident, 591.4万 registered, 68.5 % and 63.1 %', () => {
    const text = seedLines('004').slice(888, 891).join('');
    for (const figure of ['691.8', '591.4', '68.5', '63.1']) expect(text).toContain(figure);
    // Decimal literals, parsed once: the double nearest each figure as written.
    const want = { resident_pop: 6918000, registered_pop: 5914000, resident_rate: 0.685, registered_rate: 0.631, rate_gap: 0.054 };
    for (const dir of ['dalian-exact', 'merged']) {
      const t = read(dir, 'trajectories.arrow');
      const base = t.toArray().map((r) => r.toJSON()).filter((r) => r.year === 2013);
      expect(base).toHaveLength(12);
      for (const r of base) for (const [k, v] of Object.entries(want)) expect(r[k], `${dir} ${k}`).toBe(v);
      const summary = read(dir, 'summary.arrow').toArray().map((r) => r.toJSON()).filter((r) => r.year === 2013);
      for (const [k, v] of Object.entries(want)) expect([summary.find((r) => r.metric === k)!.mean, summary.find((r) => r.metric === k)!.p50], k).toEqual([v, v]);
    }
  });
});

describe('every Arrow writer goes through the documented schema', () => {
  it('no file under src/ but src/io/arrowColumns.ts and src/io/arrowTables.ts makes IPC bytes itself', () => {
    const sources = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? sources(join(d, f)) : /\.(ts|mjs)$/.test(f) ? [join(d, f)] : []));
    const own = ['src/io/arrowColumns.ts', 'src/io/arrowTables.ts'];
    const writers = sources('src').filter((f) => !own.includes(f) && /\b(tableToIPC|RecordBatch(File|Stream)Writer)\b/.test(readFileSync(f, 'utf8')));
    expect(writers, 'write through documentedIpc / trajectoriesSchema, and add the columns to src/io/columnDictionary.ts').toEqual([]);
  });
});

describe('the column dictionary in the docs', () => {
  it('src/io/README.md is the dictionary as printed by npm run docs:columns', () => {
    expect(readFileSync('src/io/README.md', 'utf8'), 'run `npm run docs:columns`').toBe(columnDictionaryMarkdown());
  });
});
