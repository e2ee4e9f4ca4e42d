import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/renderSvg.ts';
import { targetProbabilityChart } from '../../src/report/targetProbabilityChart.ts';
import { type TargetRow, withWeighed } from '../../src/report/targetRows.ts';

/**
 * Dalian's three targets and the joint row on 40 runs, by hand: met in 32, 10, 20 and 6 runs (80 %, 25 %, 50 %, 15 %),
 * with their Wilson intervals to 4 places.
 */
const row = (target: string, metric: string, year: number | null, value: number | null, met: number, lower: number, upper: number): TargetRow =>
  ({ scenario: 'dalian', target, metric, year, op: '>=', value, met, runs: 40, probability: met / 40, lower, upper });
const ROWS: TargetRow[] = [
  row('resident_rate>=0.714@2017', 'resident_rate', 2017, 0.714, 32, 0.6524, 0.8953),
  row('registered_rate>=0.67@2020', 'registered_rate', 2020, 0.67, 10, 0.1419, 0.3976),
  row('resident_rate>=0.75@2020', 'resident_rate', 2020, 0.75, 20, 0.352, 0.648),
  row('all', '*', null, null, 6, 0.0706, 0.2913),
];

/**
 * A weighed answer for three of them (weighed.json's targets): resident 2017 at 43.12 % on 500 effective runs, resident
 * 2020 at 90 % on 150, the joint row at 20.49 % on 40; none for the registered target.
 */
const ANSWER = {
  figures: [{ area: 'dalian', metric: 'resident_rate', year: 2015 }],
  targets: [
    { id: 'resident_rate>=0.714@2017', probability: 0.4312, lower: 0.3876, upper: 0.4757, effectiveRuns: 500 },
    { id: 'resident_rate>=0.75@2020', probability: 0.9, lower: 0.8, upper: 0.95, effectiveRuns: 150 },
    { id: 'all', probability: 0.2049, lower: 0.1051, upper: 0.3611, effectiveRuns: 40 },
  ],
} as unknown as Parameters<typeof withWeighed>[1];

const svgOf = (rows: readonly TargetRow[], lang: 'en' | 'zh', same = false) => renderSvg((document) => targetProbabilityChart(rows, { lang, document, same }));
const golden = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/charts', name), 'utf8');

/** The marks of a mark group tagged `description`, as elements. */
function group(svg: string, description: string, element: string): Element[] {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  return [...document.querySelectorAll(`g[aria-description="${description}"] > ${element}`)] as unknown as Element[];
}
const num = (e: Element, k: string) => Number(e.getAttribute(k));

describe('targetProbabilityChart without weighed probabilities', () => {
  // The golden files are this chart as drawn before weighed probabilities were (main at 5bff9fa), by the same calls.
  it('is byte for byte the chart it was, in both languages and for a run whose runs are all the same', () => {
    expect(svgOf(ROWS, 'en')).toBe(golden('targets-plain.en.svg'));
    expect(svgOf(ROWS, 'zh')).toBe(golden('targets-plain.zh.svg'));
    expect(svgOf(ROWS.map((r) => ({ ...r, lower: r.probability, upper: r.probability })), 'en', true)).toBe(golden('targets-plain-same.en.svg'));
  });

  it('a member without weighed.json, or whose answer weighs nothing or is every run the same projection: the same bytes', () => {
    const plain = golden('targets-plain.en.svg');
    const a = ANSWER as NonNullable<typeof ANSWER>;
    expect(svgOf(withWeighed(ROWS, undefined), 'en')).toBe(plain);
    expect(svgOf(withWeighed(ROWS, { ...a, figures: [] }), 'en')).toBe(plain);
    expect(svgOf(withWeighed(ROWS, { ...a, identical: true }), 'en')).toBe(plain);
  });

  it("a weighed probability no run gives (JSON's null, read as NaN: no run weighs anything) is none, not '–' with an interval of 0–100 %", () => {
    const a = ANSWER as NonNullable<typeof ANSWER>;
    // weightedProportion's answer where no run weighs anything: probability NaN, lower 0, upper 1, no effective run.
    const none = { ...a, targets: a.targets.map((t) => ({ ...t, probability: NaN, lower: 0, upper: 1, effectiveRuns: 0 })) };
    expect(withWeighed(ROWS, none).map((r) => r.weighed)).toEqual([undefined, undefined, undefined, undefined]);
    // One such target beside weighed ones: that one none, the others as given.
    const one = { ...a, targets: a.targets.map((t, i) => (i === 0 ? { ...t, probability: NaN } : t)) };
    expect(withWeighed(ROWS, one).map((r) => r.weighed?.probability)).toEqual([undefined, undefined, 0.9, 0.2049]);
  });
});

describe('targetProbabilityChart of a member answered weighed (weighed.json)', () => {
  const rows = withWeighed(ROWS, ANSWER);
  const en = svgOf(rows, 'en');

  it("draws an outlined bar under each weighed target's plain bar, as long as its probability, in the plain bar's colour", () => {
    // Plotted in the order plans list targets: resident 2017, resident 2020, registered 2020, all.
    const plain = group(en, 'probability', 'rect');
    const weighed = group(en, 'weighed-probability', 'rect');
    expect(plain).toHaveLength(4);
    expect(weighed).toHaveLength(3);
    const [p17, p20, , pAll] = plain;
    const pairs = [[p17, weighed[0], 0.4312 / 0.8], [p20, weighed[1], 0.9 / 0.5], [pAll, weighed[2], 0.2049 / 0.15]] as const;
    for (const [p, w, ratio] of pairs) {
      // Both from 0: the widths stand as the probabilities, 43.12 % to 80 %, 90 % to 50 %, 20.49 % to 15 %.
      expect(num(w, 'x')).toBeCloseTo(num(p, 'x'), 6);
      expect(num(w, 'width') / num(p, 'width')).toBeCloseTo(ratio, 3);
      // Just under it, as tall, both within the target's row of 44 px.
      expect(num(w, 'height')).toBeCloseTo(num(p, 'height'), 6);
      expect(num(w, 'y')).toBeGreaterThan(num(p, 'y') + num(p, 'height'));
      expect(num(w, 'y') + num(w, 'height') - num(p, 'y')).toBeLessThan(44);
      expect(w.parentElement?.getAttribute('fill')).toBe('white');
      expect(w.getAttribute('stroke')).toBe(p.getAttribute('fill'));
    }
    expect(weighed[0].getAttribute('stroke')).toBe('#4e79a7'); // the resident rate's blue
    expect(weighed[2].getAttribute('stroke')).toBe('#777777'); // the joint row's grey
  });

  it('gives each its 95 % interval as a whisker and its percentage, whole percent under 100 effective runs; words for the target not weighed', () => {
    const whiskers = group(en, 'weighed-probability-interval', 'line');
    expect(whiskers).toHaveLength(3);
    const bars = group(en, 'weighed-probability', 'rect');
    // The x scale from the bar: 43.12 % is the bar's width, so 38.76 %–47.57 % stand at these x.
    const at = (p: number) => num(bars[0], 'x') + (num(bars[0], 'width') * p) / 0.4312;
    expect(num(whiskers[0], 'x1')).toBeCloseTo(at(0.3876), 1);
    expect(num(whiskers[0], 'x2')).toBeCloseTo(at(0.4757), 1);
    // 0.4312 on 500 runs: 43.1%; 0.9 on 150: 90.0%; 0.2049 on 40: 20% (rough).
    expect(group(en, 'weighed-probability-label', 'text').map((t) => t.textContent)).toEqual(['43.1%', '90.0%', '20%']);
    // The registered target, which the answer does not weigh, says so in its row's lower half (it was a bare '–').
    expect(group(en, 'weighed-none', 'text').map((t) => t.textContent)).toEqual(['no weighed probability: weighed.json gives none']);
    expect(group(svgOf(rows, 'zh'), 'weighed-none', 'text').map((t) => t.textContent)).toEqual(['无加权概率：weighed.json 未给出']);
    // The plain percentages are as before: 80.0%, 50.0%, 25.0%, 15.0%.
    expect(group(en, 'probability-label', 'text').map((t) => t.textContent)).toEqual(['80.0%', '50.0%', '25.0%', '15.0%']);
  });

  it('says which bar is which in a legend, in the report words of both languages; the weighed tooltip gives its interval', () => {
    expect(group(en, 'swatch-label', 'text').map((t) => t.textContent)).toEqual(['plain: every run counting once', 'weighed by its own figures']);
    const zh = svgOf(rows, 'zh');
    expect(group(zh, 'swatch-label', 'text').map((t) => t.textContent)).toEqual(['未加权：每次模拟同等计数', '按本地实际数据加权']);
    expect(group(en, 'weighed-probability', 'rect')[0].querySelector('title')?.textContent).toBe('resident urbanization rate ≥ 71.4% in 2017: weighed by its own figures 43.1% (38.8%–47.6%)');
    expect(group(zh, 'weighed-probability', 'rect')[2].querySelector('title')?.textContent).toBe('全部目标同时达成：按本地实际数据加权 20%（11%–36%）');
  });
});
