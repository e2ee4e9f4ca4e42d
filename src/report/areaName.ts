import type { Lang } from './labels.ts';

/** A run's scenario name and its area (`city:`), with the area's Chinese name when data/areas has it. */
export interface NamedArea {
  readonly name: string;
  readonly city?: string;
  readonly cityZh?: string;
}

/**
 * How a run is named on pages and charts. In Chinese, the area's own name
 * (大连市, 格尔木市…); a variant whose scenario name is not the area's id
 * keeps that name after it, so variants stay apart. In English, the
 * scenario name as written. Works in Node and in the browser.
 *
 * @example
 * areaName('zh', { name: 'dalian', city: 'dalian', cityZh: '大连市' });                    // '大连市'
 * areaName('zh', { name: 'dongguan-cutoff100', city: 'dongguan', cityZh: '东莞市' });      // '东莞市（dongguan-cutoff100）'
 * areaName('en', { name: 'dalian', city: 'dalian', cityZh: '大连市' });                    // 'dalian'
 */
export function areaName(lang: Lang, a: NamedArea): string {
  if (lang !== 'zh' || !a.cityZh) return a.name;
  return a.name === a.city ? a.cityZh : `${a.cityZh}（${a.name}）`;
}

/**
 * A run named among several (a comparison's variants) by {@link areaName};
 * a name not among them as it is.
 *
 * @example
 * nameAmong('zh', [{ name: 'dongguan-cutoff100', city: 'dongguan', cityZh: '东莞市' }], 'dongguan-cutoff100'); // '东莞市（dongguan-cutoff100）'
 */
export function nameAmong(lang: Lang, areas: readonly NamedArea[], name: string): string {
  const a = areas.find((x) => x.name === name);
  return a ? areaName(lang, a) : name;
}

/**
 * Names for runs shown together (the levers page's variants): each by {@link areaName}, and where two of `runs` would
 * read alike — a scenario run on its own and again as a comparison's variant — each of those not in a folder of its
 * own scenario's name with where it is after it (its comparison's or batch's folder, else its own), so that
 * checkboxes, panels, lines and titles keep them apart (a chart keyed by name drew the two as one), the names kept
 * as short as that allows.
 *
 * @example
 * const runs = [{ id: 'dongguan-schools2x', name: 'dongguan-schools2x' }, { id: 'compare-dongguan/dongguan-schools2x', name: 'dongguan-schools2x', compare: 'compare-dongguan' }, { id: 'dalian', name: 'dalian' }];
 * const nameOf = distinctAreaNames('en', runs);
 * runs.map(nameOf); // ['dongguan-schools2x', 'dongguan-schools2x · compare-dongguan', 'dalian']
 */
export function distinctAreaNames<T extends NamedArea & { readonly id: string; readonly compare?: string; readonly batch?: string }>(lang: Lang, runs: readonly T[]): (run: T) => string {
  const seen = new Map<string, number>();
  for (const r of runs) seen.set(areaName(lang, r), (seen.get(areaName(lang, r)) ?? 0) + 1);
  return (run) => {
    const name = areaName(lang, run);
    // Folder ids are unique: of runs named alike, at most one is a folder of its scenario's name at the top.
    return (seen.get(name) ?? 0) > 1 && run.id !== run.name ? `${name} · ${run.compare ?? run.batch ?? run.id}` : name;
  };
}
