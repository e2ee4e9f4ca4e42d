import { describe, expect, it } from 'vitest';
import { fanChart } from '../../src/report/fanChart.ts';
import { renderSvg } from '../../src/report/renderSvg.ts';
import type { SummaryRow } from '../../src/report/summaryRows.ts';
import type { TargetRow } from '../../src/report/targetRows.ts';
import { marks } from './fixtures.ts';

/** A metric's rows 2009–2020, its median rising linearly from `from` to `to` (fractions), its band ±0.3 points. */
const rising = (metric: string, from: number, to: number): SummaryRow[] =>
  Array.from({ length: 12 }, (_, i) => {
    const p50 = from + ((to - from) * i) / 11;
    return { scenario: 'x', year: 2009 + i, metric, n: 100, unlimited: 0, mean: p50, sd: 0.001, p5: p50 - 0.003, p10: p50 - 0.002, p25: p50 - 0.001, p50, p75: p50 + 0.001, p90: p50 + 0.002, p95: p50 + 0.003 };
  });
const target = (metric: string, year: number, value: number): TargetRow => ({ scenario: 'x', target: `${metric}>=${value}@${year}`, metric, year, op: '>=', value, met: 50, runs: 100, probability: 0.5, lower: 0.4, upper: 0.6 });

describe('fan chart: targets of both rates at one year and value', () => {
  // A planner's Yanta: registered ≥ 85 % in 2015, resident and registered ≥ 90 % in 2020. The two 2020 targets drew two
  // diamonds on one spot (the second hiding the first) and two '90.0%' labels, the second pushed beside the resident
  // median (88.4 %) as if it were that median's value.
  const summary = [...rising('resident_rate', 0.85, 0.884), ...rising('registered_rate', 0.785, 0.908)];
  const targets = [target('registered_rate', 2015, 0.85), target('resident_rate', 2020, 0.9), target('registered_rate', 2020, 0.9)];
  const svg = renderSvg((document) => fanChart(summary, targets, { lang: 'en', document }));

  it('are one diamond and one value, in grey, the diamond titled with both', () => {
    expect(marks(svg, 'target', 'path')).toBe(2); // 2015 and the shared 2020
    expect([...svg.matchAll(/<text[^>]*>(\d+\.\d%)<\/text>/g)].map((m) => m[1]).sort()).toEqual(['85.0%', '90.0%']);
    expect(svg).toMatch(/<path stroke="#555555"[^>]*><title>resident urbanization rate ≥ 90\.0% in 2020; registered urbanization rate ≥ 90\.0% in 2020<\/title>/);
    expect(svg).toMatch(/<text fill="#555555"[^>]*>90\.0%<\/text>/);
  });

  it('a target of one rate alone keeps its rate\'s colour', () => {
    expect(svg).toMatch(/<path stroke="#f28e2b"[^>]*><title>registered urbanization rate ≥ 85\.0% in 2015<\/title>/);
  });
});
