/**
 * Inputs already sorted by an index, in groups their intervals do not tell apart: an input joins the group above it
 * while its interval's upper end is not below the group leader's lower end (the leader's, not the previous input's:
 * chains of overlaps would lump the first input with the last); a missing end (NaN) separates nothing. Groups hold
 * positions in `ranked`.
 *
 * @example
 * rankGroups([{ lower: 0.45, upper: 0.55 }, { lower: 0.2, upper: 0.4 }, { lower: 0.15, upper: 0.35 }]); // [[0], [1, 2]]
 */
export function rankGroups(ranked: readonly { readonly lower: number; readonly upper: number }[]): number[][] {
  const groups: number[][] = [];
  ranked.forEach((x, i) => {
    const last = groups.at(-1);
    if (last && !(x.upper < ranked[last[0]].lower)) last.push(i);
    else groups.push([i]);
  });
  return groups;
}

/**
 * The rank each member of the groups reads, in the groups' order: a group of k from rank r "r–(r+k−1)", alone "r".
 *
 * @example
 * rankLabels([[0], [1, 2], [3]]); // ['1', '2–3', '2–3', '4']
 */
export function rankLabels(groups: readonly (readonly unknown[])[]): string[] {
  const labels: string[] = [];
  let at = 1;
  for (const g of groups) {
    for (let k = 0; k < g.length; k++) labels.push(g.length === 1 ? String(at) : `${at}–${at + g.length - 1}`);
    at += g.length;
  }
  return labels;
}

/**
 * {@link rankGroups} and {@link rankLabels} together, labels by position in `ranked`: one rule for
 * `urbsim sensitivity`'s table and its report's.
 *
 * @example
 * sharedRanks([{ lower: 0.45, upper: 0.55 }, { lower: 0.2, upper: 0.4 }, { lower: 0.15, upper: 0.35 }, { lower: 0, upper: 0.1 }]);
 * // { groups: [[0], [1, 2], [3]], labels: ['1', '2–3', '2–3', '4'] }
 */
export function sharedRanks(ranked: readonly { readonly lower: number; readonly upper: number }[]): { groups: number[][]; labels: string[] } {
  const groups = rankGroups(ranked);
  return { groups, labels: rankLabels(groups) };
}
