import { describe, expect, it } from 'vitest';
import type { FrontierRow } from '../../src/report/frontierRows.ts';
import { type FrontierQuestion, type SolveQuestion, frontierFinding, solveFinding } from '../../src/report/solveFindings.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// Expected titles written out by hand from the figures given; the describing titles these replace must not come back.
const DESCRIBING = ['Probability of meeting the target by lever value', '目标达成概率随杠杆取值的变化', 'Lever combinations that meet the target (frontier)', '达成目标所需的政策组合（前沿）'];

const registered2020 = { metric: 'registered_rate', op: '>=', value: 0.725, year: 2020 } as const;
const question: SolveQuestion = {
  lever: 'migrant_settle_rate', targets: [registered2020], probability: 0.8, direction: 'min',
  status: 'found', value: 0.0464, bracket: [0.0437, 0.0464], converged: true, range: { lo: 0.03, hi: 0.3 },
};
const curve = [
  { x: 0.03, probability: 0.1 },
  { x: 0.0437, probability: 0.78 },
  { x: 0.0464, probability: 0.812 },
  { x: 0.3, probability: 0.996 },
];

describe('solveFinding: the title of a single-lever solve gives the answer', () => {
  it('found: the least value needed, with the probability there', () => {
    const en = solveFinding('en', question, curve);
    expect(en).toBe('The 2020 registered target (72.5%) needs migrant_settle_rate ≥ 4.64% for an 80% chance (P 81.2% there)');
    expect(solveFinding('zh', question, curve)).toBe('2020年户籍目标（72.5%）要达到80%的概率，外来人口落户率需不低于4.64%（该值处概率81.2%）');
    expect(DESCRIBING).not.toContain(en);
    // The answer as found, not rounded down to a value that may fall short (46.3 % gave less than 50 % here).
    const q: SolveQuestion = { ...question, probability: 0.5, value: 0.4632, bracket: [0.4575, 0.4632], range: { lo: 0.03, hi: 0.6 } };
    expect(solveFinding('en', q, [{ x: 0.4575, probability: 0.49 }, { x: 0.4632, probability: 0.51 }])).toBe('The 2020 registered target (72.5%) needs migrant_settle_rate ≥ 46.32% for a 50% chance (P 51.0% there)');
  });

  it('a variable the scenario writes in percent is said in percent (urbsim solve --lever inflow_growth said "≥ 0.0321")', () => {
    const q: SolveQuestion = { ...question, lever: 'inflow_growth', probability: 0.6, value: 0.0321384, bracket: [0.0309023, 0.0321384], range: { lo: -0.0618046, hi: 0.0618046 }, scenario: { percentVariables: ['inflow_growth'] } };
    const c = [{ x: 0.0309023, probability: 0.597 }, { x: 0.0321384, probability: 0.6 }];
    // 0.0321384 as a percentage to four significant figures: 3.214 %.
    expect(solveFinding('en', q, c)).toBe('The 2020 registered target (72.5%) needs inflow_growth ≥ 3.214% for a 60% chance (P 60.0% there)');
    expect(solveFinding('en', { ...q, scenario: {} }, c)).toBe('The 2020 registered target (72.5%) needs inflow_growth ≥ 0.0321 for a 60% chance (P 60.0% there)');
  });

  it('found with --direction max (a cut-off): the greatest value that still meets it', () => {
    const q: SolveQuestion = { ...question, lever: 'points_cutoff', probability: 0.5, direction: 'max', value: 106.25, bracket: [106.25, 108.5], range: { lo: 100, hi: 160 } };
    const c = [{ x: 100, probability: 0.9 }, { x: 106.25, probability: 0.515 }, { x: 108.5, probability: 0.47 }, { x: 160, probability: 0 }];
    expect(solveFinding('en', q, c)).toBe('The 2020 registered target (72.5%) needs points_cutoff ≤ 106 for a 50% chance (P 51.5% there)');
    expect(solveFinding('zh', q, c)).toBe('2020年户籍目标（72.5%）要达到50%的概率，积分落户分数线需不高于106（该值处概率51.5%）');
  });

  it('the answer at the end of the range searched is said to be there', () => {
    const q: SolveQuestion = { ...question, value: 0.3, bracket: [0.2973, 0.3] };
    const c = [{ x: 0.03, probability: 0.1 }, { x: 0.2973, probability: 0.79 }, { x: 0.3, probability: 0.803 }];
    expect(solveFinding('en', q, c)).toBe('The 2020 registered target (72.5%) reaches an 80% chance only at the top of the range searched, migrant_settle_rate 30% (P 80.3%)');
    expect(solveFinding('zh', q, c)).toBe('2020年户籍目标（72.5%）只有在外来人口落户率取所试范围的上限30%时才达到80%的概率（80.3%）');
  });

  it('already met at the least demanding end', () => {
    const q: SolveQuestion = { ...question, status: 'always', value: 0.03, bracket: null };
    const c = [{ x: 0.03, probability: 0.92 }, { x: 0.3, probability: 1 }];
    expect(solveFinding('en', q, c)).toBe('The 2020 registered target (72.5%) is met with at least an 80% chance already at the lowest migrant_settle_rate searched, 3% (P 92.0%)');
    expect(solveFinding('zh', q, c)).toBe('外来人口落户率取所试范围的下限3%时，2020年户籍目标（72.5%）的达成概率已达92.0%（要求80%）');
  });

  it('no value reaches it: the best probability seen and where', () => {
    const q: SolveQuestion = { ...question, status: 'unreachable', value: null, bracket: null };
    const c = [{ x: 0.03, probability: 0.05 }, { x: 0.3, probability: 0.62 }];
    expect(solveFinding('en', q, c)).toBe('No migrant_settle_rate in 3%–30% gives the 2020 registered target (72.5%) an 80% chance; the best reaches P 62.0% (at 30%)');
    expect(solveFinding('zh', q, c)).toBe('外来人口落户率在3%–30%内取任何值，2020年户籍目标（72.5%）的达成概率都达不到80%；最高62.0%（取30%时）');
  });

  it('a search that ran out gives the interval the answer lies in; several targets are the joint target', () => {
    const q: SolveQuestion = { ...question, converged: false, value: 0.05, bracket: [0.04, 0.05], targets: [registered2020, { metric: 'resident_rate', op: '>=', value: 0.756, year: 2020 }] };
    const c = [{ x: 0.04, probability: 0.7 }, { x: 0.05, probability: 0.85 }];
    expect(solveFinding('en', q, c)).toBe('The joint target (all 2 together) needs migrant_settle_rate within 4%–5% for an 80% chance (the search stopped before narrowing it)');
    expect(solveFinding('zh', q, c)).toBe('全部2项目标（同时达成）要达到80%的概率，外来人口落户率需在4%–5%之间（搜索未能进一步缩小）');
  });
});

const levers: FrontierQuestion['levers'] = [
  { lever: 'local_settle_rate', lo: 0.03, hi: 0.3, helps: 'up', role: 'grid' },
  { lever: 'migrant_settle_rate', lo: 0.03, hi: 0.3, helps: 'up', role: 'solved' },
];
const row = (local: number, migrant: number, probability: number, cost: number, frontier = true): FrontierRow => ({
  values: { local_settle_rate: local, migrant_settle_rate: migrant }, probability, lower: probability - 0.02, upper: probability + 0.02, frontier,
  settledPerYear: 1e5, costGovernment: cost, costEnterprise: 0, costIndividual: 0, evaluation: 1,
});
// B is the cheapest on the frontier; the dot off the frontier is cheaper still but misses the target.
const rows = [row(0.03, 0.12, 0.81, 200e8), row(0.138, 0.08, 0.82, 160e8), row(0.3, 0.046, 0.805, 141e8), row(0.03, 0.1, 0.7, 150e8, false)];
// Dalian's 11万 yuan a person settled (cost_one_off): a cost the scenario sets. Without it (the default 0), none.
const pricing = dalianResolved({ parameters: { cost_one_off: { kind: 'number', value: 110_000 } } });
const unpriced = dalianResolved();
const frontier: FrontierQuestion = { levers, targets: [registered2020], probability: 0.8, status: 'found', scenario: pricing };

describe('frontierFinding: the title of a multi-lever solve gives the answer', () => {
  it('found: the combination on the frontier with the least government cost', () => {
    const en = frontierFinding('en', frontier, rows);
    expect(en).toBe('The 2020 registered target (72.5%) is met with an 80% chance at the least government cost by migrant_settle_rate 4.6% with local_settle_rate 30% (141亿 yuan)');
    expect(frontierFinding('zh', frontier, rows)).toBe('2020年户籍目标（72.5%）以80%的概率达成、政府市民化成本最低的组合：外来人口落户率4.6%，本地农业转移人口落户率30%（141亿元）');
    expect(DESCRIBING).not.toContain(en);
  });

  it('the cheapest at the end of the solved lever\'s range is said to be there; two grid levers are both named', () => {
    const three: FrontierQuestion = { ...frontier, levers: [...levers.slice(0, 1), { lever: 'school_places', lo: 1e5, hi: 5e5, helps: 'up', role: 'grid' }, levers[1]] };
    const r = (local: number, places: number, migrant: number, cost: number): FrontierRow => ({ ...row(local, migrant, 0.8, cost), values: { local_settle_rate: local, school_places: places, migrant_settle_rate: migrant } });
    const rs = [r(0.03, 1e5, 0.3, 90e8), r(0.3, 5e5, 0.05, 130e8)];
    expect(frontierFinding('en', three, rs)).toBe('The 2020 registered target (72.5%) is met with an 80% chance at the least government cost by migrant_settle_rate 30% (the end of its range) with local_settle_rate 3% and school_places 10万 (90亿 yuan)');
    expect(frontierFinding('zh', three, rs)).toBe('2020年户籍目标（72.5%）以80%的概率达成、政府市民化成本最低的组合：外来人口落户率30%（其范围的尽头），本地农业转移人口落户率3%、公办义务教育学位10万（90亿元）');
  });

  it('with no cost set: the least demanding value of the solved lever', () => {
    const free = rows.map((r) => ({ ...r, costGovernment: 0 }));
    const notSet = { ...frontier, scenario: unpriced };
    expect(frontierFinding('en', notSet, free)).toBe('The 2020 registered target (72.5%) is met with an 80% chance at the least demanding migrant_settle_rate 4.6% on the frontier with local_settle_rate 30%');
    expect(frontierFinding('zh', notSet, free)).toBe('2020年户籍目标（72.5%）以80%的概率达成，前沿上要求最低的外来人口落户率4.6%，本地农业转移人口落户率30%');
    // A cost set that the government pays nothing of anywhere on the frontier: no cheapest either (as urbsim solve prints it).
    expect(frontierFinding('en', frontier, free)).toBe(frontierFinding('en', notSet, free));
  });

  it("a cost the scenario sets, where a combination on the frontier settles nobody: that one is the cheapest, at 0亿 yuan, not a cost 'not set'", () => {
    // Levers from 0: at local_settle_rate 0 and migrant_settle_rate 0 nobody settles, so 0 × 110,000 = 0 yuan, and
    // the target (a low one) is met all the same; at local_settle_rate 30 % the least migrant_settle_rate, 0, costs 141亿.
    const from0: FrontierQuestion = { ...frontier, levers: levers.map((l) => ({ ...l, lo: 0 })) };
    const rs = [{ ...row(0, 0, 0.81, 0), settledPerYear: 0 }, row(0.3, 0, 0.9, 141e8), row(0.15, 0, 0.79, 70e8, false)];
    expect(frontierFinding('en', from0, rs)).toBe('The 2020 registered target (72.5%) is met with an 80% chance at the least government cost by migrant_settle_rate 0% with local_settle_rate 0% (0亿 yuan)');
    expect(frontierFinding('zh', from0, rs)).toBe('2020年户籍目标（72.5%）以80%的概率达成、政府市民化成本最低的组合：外来人口落户率0%，本地农业转移人口落户率0%（0亿元）');
  });

  it('already met with every lever at its least helpful end', () => {
    const q: FrontierQuestion = { ...frontier, status: 'always' };
    const rs = [row(0.03, 0.03, 0.95, 50e8), row(0.3, 0.3, 1, 300e8, false)];
    expect(frontierFinding('en', q, rs)).toBe('The 2020 registered target (72.5%) is met with at least an 80% chance already with every lever at its least helpful end (local_settle_rate 3%, migrant_settle_rate 3%; P 95.0%)');
    expect(frontierFinding('zh', q, rs)).toBe('各杠杆都取最不利的一端（本地农业转移人口落户率3%、外来人口落户率3%）时，2020年户籍目标（72.5%）的达成概率已达95.0%（要求80%）');
  });

  it('no combination reaches it: the best seen, with its combination', () => {
    const q: FrontierQuestion = { ...frontier, status: 'unreachable' };
    const rs = [row(0.03, 0.03, 0.01, 50e8, false), row(0.3, 0.3, 0.62, 300e8, false), row(0.165, 0.165, 0.3, 150e8, false)];
    expect(frontierFinding('en', q, rs)).toBe('No combination in the ranges gives the 2020 registered target (72.5%) an 80% chance; the best (local_settle_rate 30%, migrant_settle_rate 30%) reaches P 62.0%');
    expect(frontierFinding('zh', q, rs)).toBe('所试范围内没有任何组合能使2020年户籍目标（72.5%）达到80%的概率；最好的组合（本地农业转移人口落户率30%、外来人口落户率30%）为62.0%');
  });
});
