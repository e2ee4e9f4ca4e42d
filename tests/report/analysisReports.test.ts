import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.ts';
import { readOutputFolder } from '../../src/report/readOutputFolder.ts';
import { count, hasCjkFont, makeSensitivity, makeSolve, marks, pngSize, read, tmp } from './fixtures.ts';
import { reseal } from '../helpers/reseal.ts';



describe('urbsim report on a sensitivity folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeSensitivity(tmp(), { lever: true });
  }, 60_000);

  it('is read as a sensitivity folder', () => {
    const f = readOutputFolder(dir);
    expect(f.kind).toBe('sensitivity');
    // 2 sampled inputs, the lever and the run's own randomness (the shocks): 3 PRCC rows, 4 first-order, 4 total; the swing of the 3 sampled scalars.
    if (f.kind === 'sensitivity') {
      expect(f.rows).toHaveLength(11);
      expect(f.swing?.map((w) => [w.parameter, w.lever])).toEqual([['inflow', false], ['migrant_settle_rate', false], ['rural_to_town_rate', true]]);
    }
  });

  it('draws the tornado (a total bar, a first-order bar and a whisker per input, the lever starred), the PRCC bars and the swing with the lever\'s values', () => {
    const files = reportCommand(dir, { format: 'svg', lang: 'en', out: join(dir, 'svg') });
    expect(files.map((f) => basename(f))).toEqual(['tornado.en.svg', 'prcc.en.svg', 'swing.en.svg']);
    const tornado = read(files, 'tornado');
    expect(marks(tornado, 'total', 'rect')).toBe(4);
    expect(marks(tornado, 'first', 'rect')).toBe(4);
    expect(marks(tornado, 'interval', 'line')).toBe(4);
    expect(tornado).toContain("each run's own randomness (yearly shocks: inflow)");
    expect(tornado).toContain('rural_to_town_rate ★');
    expect(marks(read(files, 'prcc'), 'prcc', 'rect')).toBe(3);
    const swing = read(files, 'swing');
    expect(marks(swing, 'swing', 'rect')).toBe(3);
    expect(swing).toContain('rural_to_town_rate ★ (policy lever)');
    // the lever's lowest tenth of 24 draws over 1%–5% (2 runs) lies within 1%–1.4%, its highest within 4.6%–5%
    expect(swing).toMatch(/>1\.[0-3]%–1\.[0-4]%</);
    expect(swing).toMatch(/>4\.[6-9]%–(4\.[6-9]|5\.0)%</);
  });

  it('writes an HTML page in Chinese with a ranked row per input', () => {
    const [file] = reportCommand(dir, { format: 'html', lang: 'zh', out: join(dir, 'html') });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('敏感性分析：大连市（dalian-test）');
    expect(html).toContain('常住人口城镇化率，2016年');
    expect(html).toContain('各次模拟自身的随机性（年度冲击：每年迁入人数）'); // inputs by their Chinese names
    expect(html).not.toContain('migrant_settle_rate');
    expect(count(html, 'table tbody tr')).toBe(4);
    expect(count(html, 'section > figure > svg')).toBe(3);
    expect(html).toContain('农民进城率 ★（政策杠杆）');
    expect(html).toContain('总敏感性指数');
    expect(html).toMatch(/<p>一阶指数之和为[\d.]+(：各输入单独约解释指标方差的\d+%，其余来自输入之间的交互作用|(，超过其上限1（抽样误差）)?：看不出输入之间的交互作用)<\/p>\n<table>/);
  });

  it('ranks inputs whose total-index intervals overlap their group leader\'s as one shared rank, as urbsim sensitivity prints them (the page ranked them 1, 2, 3, 4)', () => {
    // A copy whose total indices are set by hand: a 0.50 [0.45, 0.55], b 0.30 [0.20, 0.40], c 0.25 [0.15, 0.35],
    // d 0.05 [0.00, 0.10]. c's upper end 0.35 reaches b's lower end 0.20: b and c share ranks 2–3; d's 0.10 lies below
    // b's 0.20: rank 4. So 1, 2–3, 2–3, 4.
    const copy = join(tmp(), 'ranks');
    cpSync(dir, copy, { recursive: true });
    const t = tableFromIPC(readFileSync(join(copy, 'sensitivity.arrow')));
    const rows = [...t.toArray()].map((r) => r.toJSON() as Record<string, unknown>);
    const inputs = [...new Set(rows.filter((r) => r.index === 'total').map((r) => String(r.parameter)))];
    expect(inputs).toHaveLength(4);
    const set: Record<string, [number, number, number]> = {};
    [[0.5, 0.45, 0.55], [0.3, 0.2, 0.4], [0.25, 0.15, 0.35], [0.05, 0, 0.1]].forEach((v, i) => (set[inputs[i]] = v as [number, number, number]));
    const edited = rows.map((r) => (r.index === 'total' ? { ...r, estimate: set[String(r.parameter)][0], lower: set[String(r.parameter)][1], upper: set[String(r.parameter)][2] } : r));
    const col = (k: string) => edited.map((r) => r[k]);
    writeFileSync(join(copy, 'sensitivity.arrow'), tableToIPC(tableFromArrays({
      metric: col('metric') as string[], year: Int32Array.from(col('year') as number[]), parameter: col('parameter') as string[], index: col('index') as string[],
      estimate: Float64Array.from(col('estimate') as number[]), lower: Float64Array.from(col('lower') as number[]), upper: Float64Array.from(col('upper') as number[]),
      runs: Int32Array.from(col('runs') as number[]),
    }), 'file'));
    reseal(copy);
    const html = readFileSync(reportCommand(copy, { format: 'html', lang: 'en', out: join(copy, 'html') })[0], 'utf8');
    expect([...html.matchAll(/<tr><td class="num">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['1', '2–3', '2–3', '4']);
    expect(html).toContain('A shared rank (&#34;5–6&#34;): the total index&#39;s 95% interval reaches the first of the group&#39;s, so those inputs are not told apart at 24 base rows.');
    // Intervals apart, no shared rank and no note: the fixture as written (its ranks 1 to 4).
    const plain = readFileSync(reportCommand(dir, { format: 'html', lang: 'en', out: join(dir, 'html-ranks') })[0], 'utf8');
    expect(plain).not.toContain('A shared rank');
  });

  it('the English page says the base rows needed with a thousands separator, as `urbsim sensitivity` does (it wrote "about 1620"); the Chinese one without', () => {
    // A copy whose meta.json asks for intervals of ±0.05 and has ±0.20 at 24 base rows: about 1,620 would do (as given here).
    const wide = join(tmp(), 'wide');
    cpSync(dir, wide, { recursive: true });
    const meta = JSON.parse(readFileSync(join(wide, 'meta.json'), 'utf8'));
    writeFileSync(join(wide, 'meta.json'), JSON.stringify({ ...meta, precision: { halfWidth: 0.2, target: 0.05, enough: false, neededRuns: 1620, firstAboveTotal: [] } }));
    reseal(wide);
    const page = (lang: 'en' | 'zh') => readFileSync(reportCommand(wide, { format: 'html', lang, out: join(wide, `html-${lang}`) })[0], 'utf8');
    expect(page('en')).toContain('<p class="warning">Sobol&#39; intervals up to ±0.20, wider than ±0.05: the ranks and small indices are not resolved; about 1,620 base rows would do.</p>');
    expect(page('zh')).toContain('约需 1620 个基础样本行');
  });

  if (!hasCjkFont && !process.env.CI) console.warn(`tests/report/analysisReports.test.ts skips "writes Chinese PNGs at twice the SVG size": no CJK font (apt-get install fonts-noto-cjk); CI=true makes this a failure`);
  it.skipIf(!hasCjkFont && !process.env.CI)('writes Chinese PNGs at twice the SVG size', () => {
    const [svg] = reportCommand(dir, { format: 'svg', lang: 'zh', out: join(dir, 'png') });
    const [png] = reportCommand(dir, { format: 'png', lang: 'zh', out: join(dir, 'png') });
    const width = Number(/^<svg[^>]* width="(\d+)"/.exec(readFileSync(svg, 'utf8'))![1]);
    expect(basename(png)).toBe('tornado.zh.png');
    expect(pngSize(readFileSync(png)).width).toBe(2 * width);
  }, 300_000);
});

describe('urbsim report on a solve folder', () => {
  let dir: string;
  let n: number; // lever values evaluated
  beforeAll(async () => {
    dir = await makeSolve(tmp());
    const f = readOutputFolder(dir);
    n = f.kind === 'solve' ? f.curve.length : 0;
  }, 60_000);

  it('draws the probability curve: a dot and an interval per value evaluated, the probability asked, the answer', () => {
    expect(readOutputFolder(dir).kind).toBe('solve');
    expect(n).toBeGreaterThan(2);
    const files = reportCommand(dir, { format: 'svg', lang: 'en', out: join(dir, 'svg') });
    const svg = read(files, 'solve');
    expect(marks(svg, 'probability', 'circle')).toBe(n);
    expect(marks(svg, 'interval', 'line')).toBe(n);
    expect(marks(svg, 'required', 'line')).toBe(1);
    expect(marks(svg, 'answer', 'path')).toBe(1);
    expect(svg).toContain('settle_quota (lever value)');
  });

  it('puts the answer in words and a row per value on the HTML page', () => {
    const [file] = reportCommand(dir, { format: 'html', lang: 'en', out: join(dir, 'html') });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('smallest settle_quota meeting registered_rate ≥ 63.6% in 2015 with probability ≥ 50%');
    // The chart's title gives the answer, not what the chart is.
    expect(html).toMatch(/<h2>The 2015 registered target \(63\.6%\) needs settle_quota ≥ [\d.]+万 for a 50% chance \(P [\d.]+% there\)<\/h2>/);
    expect(count(html, 'table tbody tr')).toBe(n);
    expect(count(html, 'table tbody tr.joint')).toBe(1); // the answer's row stands out
  });

  it('in Chinese: the probability asked as the title gives it, the one reached as the answer\'s table row gives it', () => {
    // The answer said '概率不低于50.0%' under a title asking for 50% (solve's --probability 0.5).
    const [file] = reportCommand(dir, { format: 'html', lang: 'zh', out: join(dir, 'zh') });
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<h2>[^<]*要达到50%的概率[^<]*<\/h2>/);
    expect(html).toContain('概率不低于50%的最小');
    const row = /<tr class="joint"><td class="num">[^<]*<\/td><td class="num">(\d+\.\d%)<\/td>/.exec(html)![1];
    expect(html).toContain(`（该值处概率${row}）</h2>`);
    expect(html).toContain(`（概率${row}，95%置信区间`);
  });
});

describe('urbsim report on a solve over a variable the scenario writes in percent', () => {
  it('gives its values in percent in the HTML table and answer, as the title does (the table said 0.0018 under a title saying 0.18%)', async () => {
    const dir = await makeSolve(tmp(), { percentVariable: true });
    const f = readOutputFolder(dir);
    // The search (seed 42) finds the grid value 0.0018 (step 0.0006 over 0–6 %): 0.18 %.
    expect(f.kind === 'solve' && f.meta.value).toBeCloseTo(0.0018, 12);
    const html = (lang: 'en' | 'zh') => readFileSync(reportCommand(dir, { format: 'html', lang, out: join(dir, lang) })[0], 'utf8');
    const en = html('en');
    expect(en).toMatch(/<h2>[^<]*needs inflow_growth ≥ 0\.18% for a 50% chance/);
    expect(en).toContain('<tr class="joint"><td class="num">0.18%</td>');
    const cells = [...en.matchAll(/<tr[^>]*><td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toContain('6%'); // the top of the range, 0.06
    expect(cells.filter((c) => !c.endsWith('%'))).toEqual([]);
    const zh = html('zh');
    expect(zh).toContain('<tr class="joint"><td class="num">0.18%</td>');
    expect(zh).toMatch(/的最小inflow_growth（[^）]*）：0\.18%（概率/);
  }, 60_000);
});

describe('urbsim report on a solve whose values are no round numbers', () => {
  it('gives them in its table to the digits urbsim solve printed and the title gives (it gave six: 0.183992% under a title saying 0.184%)', async () => {
    // Searched over 0–0.0613307 in steps of 0.000613307: the answer 3 steps up, 0.001839921 = 0.1839921 %, to four
    // significant figures 0.1840 %.
    const dir = await makeSolve(tmp(), { percentVariable: true, hi: 0.0613307 });
    const f = readOutputFolder(dir);
    expect(f.kind === 'solve' && f.meta.value).toBeCloseTo(0.001839921, 12);
    const html = readFileSync(reportCommand(dir, { format: 'html', lang: 'en', out: join(dir, 'en') })[0], 'utf8');
    expect(html).toContain('<tr class="joint"><td class="num">0.184%</td>');
    expect(html).toMatch(/<h2>[^<]*needs inflow_growth ≥ 0\.184% for a 50% chance/);
    expect(html).toContain('smallest inflow_growth meeting resident_rate ≥ 69.8% in 2015 with probability ≥ 50%: 0.184% (');
    // 6.13307 % (the top of the range) to four significant figures: 6.133 %.
    expect(html).toContain('<td class="num">6.133%</td>');
  }, 60_000);
});

describe('urbsim report on a solve of a quota searched from 1', () => {
  it('gives its values whole, as urbsim solve says them (12,001 read 12,000 to four figures)', async () => {
    // From 1 in steps of 1,000 (1 % of the range, whole): 1, 1,001, 2,001, … — none a round number.
    const dir = await makeSolve(tmp(), { quotas: [1, 100_000] });
    const f = readOutputFolder(dir);
    if (f.kind !== 'solve') throw new Error('not a solve folder');
    const html = readFileSync(reportCommand(dir, { format: 'html', lang: 'en', out: join(dir, 'en') })[0], 'utf8');
    const cells = [...html.matchAll(/<tr[^>]*><td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(f.curve.map((c) => c.x.toLocaleString('en')));
    expect(cells.some((c) => /[1-9]$/.test(c))).toBe(true); // values that end in 1, which four figures would have cut
    expect(html).toContain(`<tr class="joint"><td class="num">${f.meta.value!.toLocaleString('en')}</td>`);
  }, 60_000);
});

describe('urbsim report on a sensitivity folder with a lever that does not act', () => {
  it('draws no swing bar for it (the other inputs\' draws alone, drawn as its effect); the tornado keeps it at 0', async () => {
    // points_cutoff in the fixture's plain mode: its total index 0, as urbsim sensitivity notes.
    const dir = await makeSensitivity(tmp(), { idleLever: true });
    const f = readOutputFolder(dir);
    expect(f.kind === 'sensitivity' && f.swing?.some((w) => w.parameter === 'points_cutoff')).toBe(true);
    expect(f.kind === 'sensitivity' && f.rows.find((r) => r.parameter === 'points_cutoff' && r.index === 'total')?.estimate).toBe(0);
    const files = reportCommand(dir, { format: 'svg', lang: 'en', out: join(dir, 'svg') });
    expect(read(files, 'swing')).not.toContain('points_cutoff');
    expect(read(files, 'swing')).toContain('migrant_settle_rate');
    expect(read(files, 'tornado')).toContain('points_cutoff');
  }, 60_000);
});

describe('urbsim report on a sensitivity folder whose scenario has its own variable', () => {
  it('names the variable as its file does, with what it feeds in Chinese, in the table, the charts and their titles', async () => {
    const dir = await makeSensitivity(tmp(), { variable: true }); // inflow = 200000 · (1 + inflow_growth)^t
    const name = 'inflow_growth（情景变量，用于每年迁入人数）';
    const [html] = reportCommand(dir, { format: 'html', lang: 'zh', out: join(dir, 'html') });
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`<td>${name}</td>`);
    expect(page).not.toContain('情景变量 inflow_growth');
    for (const svg of reportCommand(dir, { format: 'svg', lang: 'zh', out: join(dir, 'svg') })) expect(readFileSync(svg, 'utf8'), svg).toContain(name);
    const [en] = reportCommand(dir, { format: 'html', lang: 'en', out: join(dir, 'en') });
    expect(readFileSync(en, 'utf8')).toContain('<td>inflow_growth</td>');
  }, 60_000);
});
