import { describe, expect, it } from 'vitest';
import { rankGroups, rankLabels, sharedRanks } from '../../src/analysis/sharedRanks.ts';

describe('sharedRanks', () => {
  it('groups an input with the one above while its upper end reaches the group leader\'s lower end', () => {
    // 0.35 ≥ 0.20 (b's lower): c joins b; 0.10 < 0.20: d starts its own group. Ranks 1, 2–3, 2–3, 4.
    const r = sharedRanks([{ lower: 0.45, upper: 0.55 }, { lower: 0.2, upper: 0.4 }, { lower: 0.15, upper: 0.35 }, { lower: 0, upper: 0.1 }]);
    expect(r.groups).toEqual([[0], [1, 2], [3]]);
    expect(r.labels).toEqual(['1', '2–3', '2–3', '4']);
  });

  it('against the leader, not the previous input: a chain of overlaps does not lump the first with the last', () => {
    // b reaches a (0.42 ≥ 0.40); c reaches b (0.31 ≥ 0.30) but not a (0.31 < 0.40): a new group at rank 3.
    expect(sharedRanks([{ lower: 0.4, upper: 0.6 }, { lower: 0.3, upper: 0.42 }, { lower: 0.2, upper: 0.31 }]).labels).toEqual(['1–2', '1–2', '3']);
  });

  it('a missing end separates nothing (as the command reads NaN: !(NaN < x))', () => {
    expect(sharedRanks([{ lower: 0.4, upper: 0.6 }, { lower: NaN, upper: NaN }]).labels).toEqual(['1–2', '1–2']);
    expect(sharedRanks([]).labels).toEqual([]);
  });

  it('rankGroups and rankLabels are its two halves; rankLabels reads groups of anything in their order', () => {
    expect(rankGroups([{ lower: 0.45, upper: 0.55 }, { lower: 0.2, upper: 0.4 }, { lower: 0.15, upper: 0.35 }])).toEqual([[0], [1, 2]]);
    // Groups of parameter indices, as sensitivityPrecision keeps them: 5 alone, then 2, 7, 0 together, then 3.
    expect(rankLabels([[5], [2, 7, 0], [3]])).toEqual(['1', '2–4', '2–4', '2–4', '5']);
  });
});
