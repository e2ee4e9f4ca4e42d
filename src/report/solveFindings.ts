import { priced } from '../analysis/effectsText.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { inputValueText } from './inputValueText.ts';
import { type Lang, RATE_KIND, targetName, targetValueText } from './labels.ts';
import { type VariableUses, parameterName } from './parameterNames.ts';
import type { FrontierRow } from './frontierRows.ts';
import { rangeText } from './rangeText.ts';
import { shownInPercent } from './shownInPercent.ts';
import { withNote } from './withNote.ts';
// The probability asked as given (askedText, as solve's header says it), what the runs reached to one decimal (pct).
import { probabilityText as pct } from '../analysis/probabilityText.ts';
import { askedText } from '../analysis/askedText.ts';

// Titles of the solve charts (urbsim solve … --report) that give the answer,
// worked out from what the solve recorded: the lever value (or combination)
// that meets the target(s) with the probability asked, or how far the best
// one falls short.

type Target = { readonly metric: string; readonly op: string; readonly value: number; readonly year: number };

/** What a single-lever solve recorded (its meta.json), as its title needs it. */
export interface SolveQuestion {
  readonly lever: string;
  readonly targets: readonly Target[];
  readonly probability: number;
  readonly direction: 'min' | 'max';
  readonly status: 'found' | 'always' | 'unreachable';
  readonly value: number | null;
  readonly bracket: readonly [number, number] | null;
  readonly converged: boolean;
  readonly range: { readonly lo: number; readonly hi: number };
  /** The scenario solved: its variables written in percent, whose values the title says in percent. */
  readonly scenario?: Pick<ResolvedScenario, 'percentVariables'>;
}

/** What a multi-lever solve recorded (its meta.json), as its title needs it. */
export interface FrontierQuestion {
  readonly levers: readonly { readonly lever: string; readonly lo: number; readonly hi: number; readonly helps: string; readonly role: string }[];
  readonly targets: readonly Target[];
  readonly probability: number;
  readonly status: 'found' | 'always' | 'unreachable';
  /** The scenario solved: whether it sets a 市民化 cost ({@link priced}, as urbsim solve prints it). */
  readonly scenario: Pick<ResolvedScenario, 'parameters' | 'percentVariables'>;
}

const cap = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;
/** "a 50% chance", "an 80% chance". */
const chance = (p: number) => `${/^(8|1[18](?!\d))/.test(askedText(p)) ? 'an' : 'a'} ${askedText(p)} chance`;

/**
 * A lever value as the title gives it: a rate, or a variable the scenario writes in percent (`percentVariables`), in
 * percent to four significant figures (the answer as found, 46.32 %, not a rounded 46.3 % that may fall short), else
 * as its key is written.
 */
function leverValue(lever: string, x: number, percentVariables?: readonly string[]): string {
  return shownInPercent(lever, percentVariables) && Number.isFinite(x) ? `${Number((100 * x).toPrecision(4))}%` : inputValueText(lever, x);
}

/** The target(s) solved for: one rate target by its kind and value, another by its name, several together. */
function targetsText(lang: Lang, targets: readonly Target[]): string {
  const zh = lang === 'zh';
  if (targets.length > 1) return zh ? `全部${targets.length}项目标（同时达成）` : `the joint target (all ${targets.length} together)`;
  const t = targets[0];
  const kind = t.op === '>=' ? RATE_KIND[t.metric] : undefined;
  if (kind) return zh ? `${t.year}年${kind.zh}目标（${targetValueText(t.metric, t.value)}）` : `the ${t.year} ${kind.en} target (${targetValueText(t.metric, t.value)})`;
  return zh ? `目标“${targetName(lang, t)}”` : `the target ${targetName(lang, t)}`;
}

/**
 * The title of a single-lever solve's probability curve: the value of the
 * lever the target(s) need for the probability asked, with the probability
 * there; the answer at the end of the range searched, or already at its
 * least demanding end, said so; no value reaching it said so, with the best
 * probability seen and where.
 *
 * @example
 * solveFinding('en', { lever: 'migrant_settle_rate', targets: [{ metric: 'registered_rate', op: '>=', value: 0.725, year: 2020 }], probability: 0.8,
 *   direction: 'min', status: 'found', value: 0.0464, bracket: [0.0437, 0.0464], converged: true, range: { lo: 0.03, hi: 0.3 } }, curve);
 * // 'The 2020 registered target (72.5%) needs migrant_settle_rate ≥ 4.64% for an 80% chance (P 81.2% there)'
 */
export function solveFinding(lang: Lang, q: SolveQuestion, curve: readonly { x: number; probability: number }[], uses?: VariableUses): string {
  const zh = lang === 'zh';
  const lever = parameterName(lang, q.lever, uses);
  const what = targetsText(lang, q.targets);
  const need = zh ? askedText(q.probability) : chance(q.probability);
  const v = (x: number) => leverValue(q.lever, x, q.scenario?.percentVariables);
  const pAt = (x: number) => curve.find((c) => c.x === x)?.probability;
  const min = q.direction === 'min';
  const at = q.value === null ? undefined : pAt(q.value);
  if (q.status === 'unreachable' || q.value === null || at === undefined) {
    const range = rangeText(lang, v(q.range.lo), v(q.range.hi));
    if (curve.length === 0) return zh ? `${lever}在${range}内不能使${what}达到${need}的概率` : `No ${lever} in ${range} gives ${what} ${need}`;
    // On a tie the end the lever was pushed towards, as the solve names it.
    const best = curve.reduce((a, b) => (b.probability > a.probability || (min && b.probability === a.probability) ? b : a));
    return zh
      ? `${lever}在${range}内取任何值，${what}的达成概率都达不到${need}；最高${pct(best.probability)}（取${v(best.x)}时）`
      : `No ${lever} in ${range} gives ${what} ${need}; the best reaches P ${pct(best.probability)} (at ${v(best.x)})`;
  }
  const end = zh ? (min ? '下限' : '上限') : min ? 'lowest' : 'highest';
  if (q.status === 'always')
    return zh
      ? `${lever}取所试范围的${end}${v(q.value)}时，${what}的达成概率已达${pct(at)}（要求${need}）`
      : `${cap(what)} is met with at least ${need} already at the ${end} ${lever} searched, ${v(q.value)} (P ${pct(at)})`;
  if (!q.converged && q.bracket) {
    const between = rangeText(lang, v(q.bracket[0]), v(q.bracket[1]));
    return zh
      ? `${what}要达到${need}的概率，${lever}需在${between}之间（搜索未能进一步缩小）`
      : `${cap(what)} needs ${lever} within ${between} for ${need} (the search stopped before narrowing it)`;
  }
  if (q.value === (min ? q.range.hi : q.range.lo))
    return zh
      ? `${what}只有在${lever}取所试范围的${min ? '上限' : '下限'}${v(q.value)}时才达到${need}的概率（${pct(at)}）`
      : `${cap(what)} reaches ${need} only at the ${min ? 'top' : 'bottom'} of the range searched, ${lever} ${v(q.value)} (P ${pct(at)})`;
  return zh
    ? `${what}要达到${need}的概率，${lever}需${min ? '不低于' : '不高于'}${v(q.value)}（该值处概率${pct(at)}）`
    : `${cap(what)} needs ${lever} ${min ? '≥' : '≤'} ${v(q.value)} for ${need} (P ${pct(at)} there)`;
}

/**
 * The title of a multi-lever solve's frontier: the combination on the
 * frontier with the least government 市民化 cost (or, where the scenario
 * sets no cost ({@link priced}) or it costs the government nothing all along
 * the frontier, the least demanding value of the solved lever), its value at
 * the end of its range said so; every lever at its least helpful end
 * already meeting the target(s) said so; no combination reaching them said
 * so, with the best probability seen and its combination.
 *
 * @example
 * frontierFinding('en', meta, rows);
 * // 'The 2020 registered target (72.5%) is met with an 80% chance at the least government cost by migrant_settle_rate 4.6% with local_settle_rate 30% (141亿 yuan)'
 */
export function frontierFinding(lang: Lang, q: FrontierQuestion, rows: readonly FrontierRow[], uses?: VariableUses): string {
  const zh = lang === 'zh';
  const what = targetsText(lang, q.targets);
  const need = zh ? askedText(q.probability) : chance(q.probability);
  const name = (lever: string) => parameterName(lang, lever, uses);
  const acting = q.levers.filter((l) => l.role !== 'fixed');
  const combo = (r: FrontierRow, levers = acting) => levers.map((l) => `${name(l.lever)}${zh ? '' : ' '}${leverValue(l.lever, r.values[l.lever], q.scenario.percentVariables)}`).join(zh ? '、' : ', ');
  const front = rows.filter((r) => r.frontier);
  if (q.status === 'unreachable' || front.length === 0) {
    const best = rows.reduce<FrontierRow | undefined>((a, b) => (!a || b.probability > a.probability ? b : a), undefined);
    const tail = best ? (zh ? `；最好的组合（${combo(best)}）为${pct(best.probability)}` : `; the best (${combo(best)}) reaches P ${pct(best.probability)}`) : '';
    return zh ? `所试范围内没有任何组合能使${what}达到${need}的概率${tail}` : `No combination in the ranges gives ${what} ${need}${tail}`;
  }
  if (q.status === 'always') {
    const [w] = front;
    return zh
      ? `各杠杆都取最不利的一端（${combo(w)}）时，${what}的达成概率已达${pct(w.probability)}（要求${need}）`
      : `${cap(what)} is met with at least ${need} already with every lever at its least helpful end (${combo(w)}; P ${pct(w.probability)})`;
  }
  const solved = q.levers.find((l) => l.role === 'solved')!;
  const grid = acting.filter((l) => l !== solved);
  // As urbsim solve names the cheapest (frontierTable): a cost the scenario sets, not one inferred from the sums; a
  // combination settling nobody then costs 0 yuan and is the cheapest, not a cost left unset.
  const costs = priced(q.scenario, q.levers.map((l) => l.lever)).cost && front.some((r) => r.costGovernment > 0);
  const costed = costs ? front.filter((r) => Number.isFinite(r.costGovernment)) : [];
  // The solved lever's least demanding value: its smallest where more helps, its largest where less does.
  const demand = (r: FrontierRow) => (solved.helps === 'down' ? -1 : 1) * r.values[solved.lever];
  const pick = costed.length
    ? costed.reduce((a, b) => (b.costGovernment < a.costGovernment ? b : a))
    : front.reduce((a, b) => (demand(b) < demand(a) ? b : a));
  const x = pick.values[solved.lever];
  const edge = x === (solved.helps === 'down' ? solved.lo : solved.hi) ? (zh ? '（其范围的尽头）' : ' (the end of its range)') : '';
  const by = `${name(solved.lever)}${zh ? '' : ' '}${leverValue(solved.lever, x, q.scenario.percentVariables)}${edge}`;
  const wth = grid.length ? (zh ? `，${combo(pick, grid)}` : ` with ${combo(pick, grid).replace(/, ([^,]*)$/, ' and $1')}`) : '';
  if (!costed.length)
    return zh
      ? `${what}以${need}的概率达成，前沿上要求最低的${by}${wth}`
      : `${cap(what)} is met with ${need} at the least demanding ${by} on the frontier${wth}`;
  const cost = `${(pick.costGovernment / 1e8).toFixed(0)}${zh ? '亿元' : '亿 yuan'}`;
  return zh
    ? `${what}以${need}的概率达成、政府市民化成本最低的组合：${withNote(lang, `${by}${wth}`, cost)}`
    : `${cap(what)} is met with ${need} at the least government cost by ${withNote(lang, `${by}${wth}`, cost)}`;
}
