/**
 * Read a number written the way the seeds write them: `68.5%` → 0.685 (rates
 * only), `691.8万` → 6,918,000 and `1.2亿` → 120,000,000 (persons only),
 * plain numbers as they are. Returns an error text instead of throwing, so
 * the validator can report every problem at once.
 *
 * @example
 * quantity('691.8万', 'persons'); // { value: 6918000 }
 */
export function quantity(raw: unknown, kind: 'rate' | 'persons' | 'number'): { value: number } | { error: string } {
  if (typeof raw === 'number') return Number.isFinite(raw) || raw === Infinity ? { value: raw } : { error: `a finite number, found ${raw}` };
  if (typeof raw !== 'string') return { error: `a number, found ${describe(raw)}` };
  const s = raw.trim();
  const m = /^([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(%|万人|万|亿人|亿|人)?$/i.exec(s);
  if (!m) return { error: `a number${kind === 'rate' ? ' or a percentage like 68.5%' : kind === 'persons' ? ' or a count like 691.8万' : ''}, found "${raw}"` };
  const v = Number(m[1]);
  const unit = m[2];
  if (!unit) return { value: v };
  if (unit === '%') return kind === 'rate' ? { value: v / 100 } : { error: `a ${kind === 'persons' ? 'count of persons' : 'number'} (a percentage makes no sense here), found "${raw}"` };
  if (kind !== 'persons') return { error: `a ${kind === 'rate' ? 'rate' : 'number'} (万/亿 counts make no sense here), found "${raw}"` };
  return { value: unit.startsWith('万') ? v * 1e4 : unit.startsWith('亿') ? v * 1e8 : v };
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}
